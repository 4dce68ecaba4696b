from django.urls import path

import magistrat.core.converters  # noqa: F401 - <id:…> and <year:…> (bounded: out of range is a 404)
from magistrat.org import views

app_name = "org"
urlpatterns = [
    path("units/", views.unit_list, name="unit_list"),
    path("units/new/", views.unit_edit, name="unit_create"),
    path("units/<str:code>/", views.unit_detail, name="unit_detail"),
    path("units/<str:code>/edit/", views.unit_edit, name="unit_edit"),
    path("units/<str:code>/head/", views.unit_set_head, name="unit_set_head"),
    path("staff/", views.staff_list, name="staff_list"),
    path("staff/new/", views.staff_edit, name="staff_create"),
    path("staff/import/", views.staff_import, name="staff_import"),
    path(
        "staff/import/template/<slug:kind>/<slug:fmt>/",
        views.staff_import_template,
        name="staff_import_template",
    ),
    path("staff/export/", views.staff_export, name="staff_export"),
    path("staff/<id:pk>/", views.staff_detail, name="staff_detail"),
    path("staff/<id:pk>/edit/", views.staff_edit, name="staff_edit"),
    path("staff/<id:pk>/active/", views.staff_set_active, name="staff_set_active"),
    path("staff/<id:pk>/security/", views.staff_security, name="staff_security"),
    path("staff/<id:pk>/roles/", views.role_grant, name="role_grant"),
    path("staff/<id:pk>/roles/<id:assignment_id>/revoke/", views.role_revoke, name="role_revoke"),
    path("positions/", views.position_list, name="position_list"),
    path("positions/<id:pk>/", views.position_list, name="position_edit"),
    path("office/", views.office_edit, name="office_edit"),
    path("office/filing-symbols/", views.filing_symbols_edit, name="filing_symbols_edit"),
    path("intake/", views.intake_edit, name="intake_edit"),
    path("roles/", views.role_list, name="role_list"),
]
