from django.urls import path

from magistrat.isms import views

app_name = "isms"
urlpatterns = [
    path("reference/", views.reference_home, name="reference_home"),
    path("reference/<slug:code>/<str:version>/", views.catalogue_detail, name="catalogue_detail"),
    path("matrices/<slug:code>/<int:version>/", views.matrix_detail, name="matrix_detail"),
]
