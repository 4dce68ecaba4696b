from django.urls import path

from magistrat.registers import public, views

app_name = "registers"
urlpatterns = [
    path("complaints/", views.complaint_list, name="complaint_list"),
    path("complaints/new/", views.complaint_register, name="complaint_register"),
    path("complaints/export/", views.complaint_export, name="complaint_export"),
    path("complaints/<int:pk>/", views.complaint_detail, name="complaint_detail"),
    path("complaints/<int:pk>/<slug:action>/", views.complaint_action, name="complaint_action"),
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
