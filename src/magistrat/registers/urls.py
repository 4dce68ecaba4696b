from django.urls import path

import magistrat.core.converters  # noqa: F401 - <id:…> and <year:…> (bounded: out of range is a 404)
from magistrat.registers import public
from magistrat.registers.views import complaints, info_requests, petitions

app_name = "registers"
urlpatterns = [
    path("complaints/", complaints.complaint_list, name="complaint_list"),
    path("complaints/new/", complaints.complaint_register, name="complaint_register"),
    path("complaints/export/", complaints.complaint_export, name="complaint_export"),
    path("complaints/<id:pk>/", complaints.complaint_detail, name="complaint_detail"),
    path("complaints/<id:pk>/<slug:action>/", complaints.complaint_action, name="complaint_action"),
    path("requests/", info_requests.request_list, name="request_list"),
    path("requests/new/", info_requests.request_register, name="request_register"),
    path("requests/export/", info_requests.request_export, name="request_export"),
    path("requests/statistics/", info_requests.request_statistics, name="request_statistics"),
    path("requests/<id:pk>/", info_requests.request_detail, name="request_detail"),
    path(
        "requests/<id:pk>/documents/<id:document_pk>/",
        info_requests.request_document,
        name="request_document",
    ),
    path("requests/<id:pk>/<slug:action>/", info_requests.request_action, name="request_action"),
    path("petitions/", petitions.petition_list, name="petition_list"),
    path("petitions/new/", petitions.petition_register, name="petition_register"),
    path("petitions/summary/<year:year>/", petitions.petition_summary, name="petition_summary"),
    path("petitions/<id:pk>/", petitions.petition_detail, name="petition_detail"),
    path("petitions/<id:pk>/<slug:action>/", petitions.petition_action, name="petition_action"),
]

public_urlpatterns = (
    [
        path("", public.submit, name="submit"),
        path("wyslano/", public.submitted, name="submitted"),
        path("status/", public.status, name="status"),
        path("statystyki/", public.statistics, name="statistics"),
    ],
    "registers_public",
)

request_public_urlpatterns = (
    [
        path("", public.request_submit, name="submit"),
        path("wyslano/", public.request_submitted, name="submitted"),
    ],
    "requests_public",
)
