"""The kiosk: a full-screen rating page for a tablet at a desk or hall exit, working offline.

The page and its assets are cached by a service worker (scope /kiosk/); ratings are queued in
IndexedDB with a client-generated id and sent when the network is there, so none is lost and a
resend is stored once (see feedback.services.responses_submit).
"""

from django.shortcuts import render
from django.views.decorators.cache import never_cache


@never_cache
def kiosk(request):
    return render(request, "feedback/kiosk.html")


@never_cache
def service_worker(request):
    response = render(request, "feedback/kiosk-sw.js", content_type="application/javascript")
    response["Service-Worker-Allowed"] = "/kiosk/"
    return response
