from django.urls import path

import magistrat.core.converters  # noqa: F401 - <id:…> and <year:…> (bounded: out of range is a 404)
from magistrat.performance.views import kpis, objectives

app_name = "performance"
urlpatterns = [
    path("", objectives.objective_tree, name="objective_tree"),
    path("objectives/new/", objectives.objective_create, name="objective_create"),
    path("objectives/<id:pk>/", objectives.objective_detail, name="objective_detail"),
    path("objectives/<id:pk>/edit/", objectives.objective_edit, name="objective_edit"),
    path("objectives/<id:pk>/kpis/new/", kpis.kpi_create, name="kpi_create"),
    path("kpis/", kpis.kpi_list, name="kpi_list"),
    path("kpis/export/", kpis.kpi_export, name="kpi_export"),
    path("kpis/<id:pk>/", kpis.kpi_detail, name="kpi_detail"),
    path("kpis/<id:pk>/edit/", kpis.kpi_edit, name="kpi_edit"),
    path("kpis/<id:pk>/values/new/", kpis.value_record, name="value_record"),
    path("kpis/<id:pk>/method/", kpis.method_change, name="method_change"),
    path("kpis/<id:pk>/recompute/", kpis.kpi_recompute, name="kpi_recompute"),
    path("values/<id:pk>/comment/", kpis.value_comment, name="value_comment"),
]
