from django.conf import settings
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path
from django.views.i18n import set_language

from magistrat.api.urls import api
from magistrat.bip import public as bip_public
from magistrat.bip.urls import public_urlpatterns as public_bulletin
from magistrat.core.permissions import public
from magistrat.feedback import kiosk
from magistrat.feedback import public as feedback_public
from magistrat.feedback.urls import public_urlpatterns as public_rating
from magistrat.registers.urls import public_urlpatterns as public_complaints
from magistrat.registers.urls import request_public_urlpatterns as public_requests
from magistrat.services.urls import public_urlpatterns as public_services

admin.site.site_header = "Magistrat"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include("magistrat.core.urls")),
    path("robots.txt", bip_public.robots_txt, name="robots_txt"),
    path("sitemap.xml", bip_public.sitemap_index, name="sitemap_index"),
    path("org/", include("magistrat.org.urls")),
    path("registers/", include("magistrat.registers.urls")),
    path("skargi-i-wnioski/", include(public_complaints)),
    path("informacja-publiczna/", include(public_requests)),
    path("feedback/", include("magistrat.feedback.urls")),
    path("ocena/", include(public_rating)),
    path("catalogue/", include("magistrat.services.urls")),
    path("uslugi/", include(public_services)),
    path("isms/", include("magistrat.isms.urls")),
    path("bulletin/", include("magistrat.bip.urls")),
    path("bip/", include(public_bulletin)),
    path("quality/", include("magistrat.quality.urls")),
    path("competence/", include("magistrat.competence.urls")),
    path("performance/", include("magistrat.performance.urls")),
    path("audits/", include("magistrat.audits.urls")),
    path("comms/", include("magistrat.comms.urls")),
    path("aktualnosci/", include("magistrat.comms.public_urls")),
    path("ankieta/<str:token>/", feedback_public.post_case_survey, name="feedback_survey"),
    path("kiosk/", kiosk.kiosk, name="kiosk"),
    path("kiosk/sw.js", kiosk.service_worker, name="kiosk_sw"),
    path("kiosk/pair/", kiosk.pair, name="kiosk_pair"),
    path("api/v1/", api.urls),
    path("i18n/setlang/", public(set_language), name="set_language"),
    path("django-admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
