from django.urls import path

import magistrat.core.converters  # noqa: F401 - <id:…> and <year:…> (bounded: out of range is a 404)
from magistrat.registers import public, views

app_name = "registers"
urlpatterns = [
    path("complaints/", views.complaint_list, name="complaint_list"),
    path("complaints/new/", views.complaint_register, name="complaint_register"),
    path("complaints/export/", views.complaint_export, name="complaint_export"),
    path("complaints/<id:pk>/", views.complaint_detail, name="complaint_detail"),
    path("complaints/<id:pk>/<slug:action>/", views.complaint_action, name="complaint_action"),
    path("requests/", views.request_list, name="request_list"),
    path("requests/new/", views.request_register, name="request_register"),
    path("requests/export/", views.request_export, name="request_export"),
    path("requests/statistics/", views.request_statistics, name="request_statistics"),
    path("requests/<id:pk>/", views.request_detail, name="request_detail"),
    path("requests/<id:pk>/documents/<id:document_pk>/", views.request_document, name="request_document"),
    path("requests/<id:pk>/<slug:action>/", views.request_action, name="request_action"),
    path("petitions/", views.petition_list, name="petition_list"),
    path("petitions/new/", views.petition_register, name="petition_register"),
    path("petitions/summary/<year:year>/", views.petition_summary, name="petition_summary"),
    path("petitions/<id:pk>/", views.petition_detail, name="petition_detail"),
    path("petitions/<id:pk>/<slug:action>/", views.petition_action, name="petition_action"),
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
