from django.urls import path

import magistrat.core.converters  # noqa: F401 - <id:…> and <year:…> (bounded: out of range is a 404)
from magistrat.quality.views import actions, documents, nonconformities, registers

app_name = "quality"
urlpatterns = [
    path("actions/mine/", actions.action_mine, name="action_mine"),
    path("actions/", actions.action_list, name="action_list"),
    path("actions/new/", actions.action_create, name="action_create"),
    path("actions/export/", actions.action_export, name="action_export"),
    path("actions/<id:pk>/", actions.action_detail, name="action_detail"),
    path("actions/<id:pk>/done/", actions.action_done, name="action_done"),
    path("actions/<id:pk>/cancel/", actions.action_cancel, name="action_cancel"),
    path("nonconformities/", nonconformities.nc_list, name="nc_list"),
    path("nonconformities/export/", nonconformities.nc_export, name="nc_export"),
    path("nonconformities/raise/", nonconformities.nc_raise, name="nc_raise"),
    path("nonconformities/report/", nonconformities.nc_report, name="nc_report"),
    path("nonconformities/<id:pk>/", nonconformities.nc_detail, name="nc_detail"),
    path("nonconformities/<id:pk>/analysis/", nonconformities.nc_analyse, name="nc_analyse"),
    path("nonconformities/<id:pk>/actions/new/", nonconformities.nc_action_add, name="nc_action_add"),
    path("nonconformities/<id:pk>/<slug:step>/", nonconformities.nc_step, name="nc_step"),
    path("documents/", documents.document_list, name="document_list"),
    path("documents/export/", documents.document_export, name="document_export"),
    path("documents/new/", documents.document_create, name="document_create"),
    path("documents/mine/", documents.document_mine, name="document_mine"),
    path("documents/acknowledgements/", documents.ack_status, name="ack_status"),
    path("documents/acknowledgements/export/", documents.ack_export, name="ack_export"),
    path("documents/<id:pk>/", documents.document_detail, name="document_detail"),
    path("documents/<id:pk>/versions/new/", documents.version_create, name="version_create"),
    path("documents/<id:pk>/distribution/", documents.distribution_add, name="distribution_add"),
    path("documents/<id:pk>/reviewed/", documents.document_reviewed, name="document_reviewed"),
    path("documents/distribution/<id:pk>/remove/", documents.distribution_remove, name="distribution_remove"),
    path("documents/versions/<id:pk>/file/", documents.version_download, name="version_download"),
    path(
        "documents/versions/<id:pk>/acknowledge/", documents.version_acknowledge, name="version_acknowledge"
    ),
    path("documents/versions/<id:pk>/<slug:step>/", documents.version_step, name="version_step"),
    path("orders/", registers.order_list, name="order_list"),
    path("orders/new/", registers.order_create, name="order_create"),
    path("orders/<id:pk>/", registers.order_detail, name="order_detail"),
    path("orders/<id:pk>/file/", registers.order_download, name="order_download"),
    path("external/", registers.external_list, name="external_list"),
    path("external/new/", registers.external_create, name="external_create"),
    path("external/<id:pk>/edit/", registers.external_edit, name="external_edit"),
]
