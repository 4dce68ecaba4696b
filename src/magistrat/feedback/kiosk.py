"""The kiosk: a full-screen rating page for a tablet at a desk or hall exit, working offline.

The page and its assets are cached by a service worker (scope /kiosk/); ratings are queued in
IndexedDB with a client-generated id and sent when the network is there, so none is lost and a
resend is stored once (see feedback.services.ratings.responses_submit).

The first tap on a face is the rating: it is queued on the tablet at once, the reasons ticked
amend the queued rating, and it is sent when the resident presses Send or when the screen has
been left alone for `idle` seconds; then the screen starts afresh for the next resident.

A tablet is paired with a service point by opening the one-time link staff show
(`/kiosk/?pair=<code>`, also as a QR code) or typing its code: `pair` exchanges the code for
the device token, which the page keeps in localStorage.
"""

import json

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from magistrat.core.exceptions import ServiceError
from magistrat.core.middleware import client_ip
from magistrat.core.permissions import public
from magistrat.core.ratelimit import allow
from magistrat.feedback import policy
from magistrat.feedback.services import devices

# Seconds without a touch after which a started rating is sent and the screen starts afresh: long
# enough to tick reasons, short enough that the next resident never finds the previous one's screen.
IDLE_SECONDS = getattr(settings, "MAGISTRAT_KIOSK_IDLE_SECONDS", 30)
IDLE_RANGE = (1, 600)
# Reasons in feedback/data/policy.yaml.
PAIR_ATTEMPTS, PAIR_WINDOW_SECONDS = policy.value("pair_attempts"), policy.value("pair_window_seconds")


@public
@never_cache
def kiosk(request):
    # `?idle=<seconds>` sets a shorter or longer timeout for one tablet (and for tests).
    try:
        idle = min(max(int(request.GET.get("idle", "")), IDLE_RANGE[0]), IDLE_RANGE[1])
    except ValueError:
        idle = IDLE_SECONDS
    return render(request, "feedback/kiosk.html", {"idle_seconds": idle})


@public
@never_cache
def service_worker(request):
    response = render(request, "feedback/kiosk-sw.js", content_type="application/javascript")
    response["Service-Worker-Allowed"] = "/kiosk/"
    return response


@public
@csrf_exempt  # a tablet without a session; only a valid, unused, unexpired code does anything
@require_POST
@never_cache
def pair(request):
    """Exchange a pairing code for a device token: {"code": "ABCD-EFGH"} → {"token": …}."""
    if not allow(
        f"kiosk-pair:{client_ip(request) or ''}", limit=PAIR_ATTEMPTS, window_seconds=PAIR_WINDOW_SECONDS
    ):
        return JsonResponse({"detail": _("Too many attempts. Wait a few minutes and try again.")}, status=429)
    try:
        code = json.loads(request.body or b"{}").get("code")
    except (ValueError, AttributeError):
        code = None
    if not isinstance(code, str) or not code.strip() or len(code) > 40:
        return JsonResponse({"detail": _("Enter the pairing code shown by staff.")}, status=400)
    try:
        device, token = devices.kiosk_pair(code=code)
    except ServiceError as exc:
        return JsonResponse({"detail": str(exc.message)}, status=400)
    return JsonResponse(
        {"token": token, "point": device.point.code, "point_name": device.point.name, "device": device.name},
        status=201,
    )
