from django.urls import path

from magistrat.services import public, views

app_name = "services"
urlpatterns = [
    path("", views.service_list, name="service_list"),
    path("new/", views.service_edit, name="service_create"),
    path("<slug:slug>/edit/", views.service_edit, name="service_edit"),
    path("<slug:slug>/history/", views.service_history, name="service_history"),
]

public_urlpatterns = (
    [
        path("", public.catalogue, name="catalogue"),
        path("<slug:slug>/", public.card, name="card"),
    ],
    "services_public",
)
