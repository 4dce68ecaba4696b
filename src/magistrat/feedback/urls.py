from django.urls import path

import magistrat.core.converters  # noqa: F401 - <id:…> and <year:…> (bounded: out of range is a 404)
from magistrat.feedback import public
from magistrat.feedback.views import dashboard, points, ratings, reports, surveys

app_name = "feedback"
urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("targets/", dashboard.targets, name="targets"),
    path("mine/", dashboard.my_ratings, name="my_ratings"),
    path("points/", points.point_list, name="point_list"),
    path("points/new/", points.point_edit, name="point_create"),
    path("points/<str:code>/", points.point_detail, name="point_detail"),
    path("points/<str:code>/edit/", points.point_edit, name="point_edit"),
    path("points/<str:code>/sheet.pdf", points.point_sheet, name="point_sheet"),
    path("report.pdf", reports.monthly_report, name="monthly_report"),
    path("points/<str:code>/devices/", points.device_issue, name="device_issue"),
    path("points/<str:code>/pair/", points.device_pair, name="device_pair"),
    path("points/<str:code>/devices/<id:pk>/revoke/", points.device_revoke, name="device_revoke"),
    path("surveys/", surveys.survey_list, name="survey_list"),
    path("surveys/<slug:slug>/", surveys.survey_detail, name="survey_detail"),
    path("surveys/<slug:slug>/edit/", surveys.survey_edit, name="survey_edit"),
    path("ratings/", ratings.response_list, name="response_list"),
    path("ratings/export/", ratings.response_export, name="response_export"),
    path("ratings/<id:pk>/exclude/", ratings.response_exclude, name="response_exclude"),
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
