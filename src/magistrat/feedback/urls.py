from django.urls import path

import magistrat.core.converters  # noqa: F401 - <id:…> and <year:…> (bounded: out of range is a 404)
from magistrat.feedback import public, views

app_name = "feedback"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("targets/", views.targets, name="targets"),
    path("mine/", views.my_ratings, name="my_ratings"),
    path("points/", views.point_list, name="point_list"),
    path("points/new/", views.point_edit, name="point_create"),
    path("points/<str:code>/", views.point_detail, name="point_detail"),
    path("points/<str:code>/edit/", views.point_edit, name="point_edit"),
    path("points/<str:code>/sheet.pdf", views.point_sheet, name="point_sheet"),
    path("report.pdf", views.monthly_report, name="monthly_report"),
    path("points/<str:code>/devices/", views.device_issue, name="device_issue"),
    path("points/<str:code>/pair/", views.device_pair, name="device_pair"),
    path("points/<str:code>/devices/<id:pk>/revoke/", views.device_revoke, name="device_revoke"),
    path("surveys/", views.survey_list, name="survey_list"),
    path("surveys/<slug:slug>/", views.survey_detail, name="survey_detail"),
    path("surveys/<slug:slug>/edit/", views.survey_edit, name="survey_edit"),
    path("ratings/", views.response_list, name="response_list"),
    path("ratings/export/", views.response_export, name="response_export"),
    path("ratings/<id:pk>/exclude/", views.response_exclude, name="response_exclude"),
]

public_urlpatterns = (
    [
        path("usluga/<slug:slug>/", public.rate_service, name="rate_service"),
        path("usluga/<slug:slug>/dziekujemy/", public.thanks, name="thanks_service"),
        path("<str:code>/", public.rate, name="rate"),
        path("<str:code>/dziekujemy/", public.thanks, name="thanks"),
    ],
    "feedback_public",
)
