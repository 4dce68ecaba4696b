from django.urls import path

import magistrat.core.converters  # noqa: F401 - <id:…> and <year:…> (bounded: out of range is a 404)
from magistrat.isms.views import assets, controls, gdpr, incidents, overview, reference, risks, soa

app_name = "isms"
urlpatterns = [
    path("", overview.overview, name="overview"),
    path("mine/", overview.mine, name="mine"),
    path("reference/", reference.reference_home, name="reference_home"),
    path("reference/<slug:code>/<str:version>/", reference.catalogue_detail, name="catalogue_detail"),
    path("matrices/<slug:code>/<id:version>/", reference.matrix_detail, name="matrix_detail"),
    # Assets
    path("assets/", assets.asset_list, name="asset_list"),
    path("assets/new/", assets.asset_edit, name="asset_create"),
    path("assets/import/", assets.asset_import, name="asset_import"),
    path("assets/export/", assets.asset_export, name="asset_export"),
    path("assets/<id:pk>/", assets.asset_detail, name="asset_detail"),
    path("assets/<id:pk>/edit/", assets.asset_edit, name="asset_edit"),
    path("assets/<id:pk>/review/", assets.asset_review, name="asset_review"),
    # Risks
    path("assessments/", risks.assessment_list, name="assessment_list"),
    path("assessments/new/", risks.assessment_create, name="assessment_create"),
    path("assessments/<id:pk>/", risks.assessment_detail, name="assessment_detail"),
    path("assessments/<id:assessment_pk>/risks/new/", risks.risk_edit, name="risk_create"),
    path("risks/", risks.risk_list, name="risk_list"),
    path("risks/export/", risks.risk_export, name="risk_export"),
    path("risks/heatmap/", risks.heatmap, name="heatmap"),
    path("risks/<id:pk>/", risks.risk_detail, name="risk_detail"),
    path("risks/<id:pk>/edit/", risks.risk_edit, name="risk_edit"),
    path("risks/<id:pk>/sign-off/", risks.risk_sign_off, name="risk_sign_off"),
    path("risks/<id:risk_pk>/tasks/new/", risks.task_edit, name="task_create"),
    path("tasks/<id:pk>/edit/", risks.task_edit, name="task_edit"),
    path("tasks/<id:pk>/done/", risks.task_done, name="task_done"),
    # Controls and evidence
    path("controls/", controls.control_list, name="control_list"),
    path("controls/new/", controls.control_edit, name="control_create"),
    path("controls/<id:pk>/", controls.control_detail, name="control_detail"),
    path("controls/<id:pk>/edit/", controls.control_edit, name="control_edit"),
    path("controls/<id:pk>/evidence/new/", controls.evidence_create, name="evidence_create"),
    path("controls/<id:pk>/checks/new/", controls.check_create, name="check_create"),
    path("evidence/<id:pk>/upload/", controls.evidence_upload, name="evidence_upload"),
    path("evidence/files/<id:pk>/", controls.evidence_download, name="evidence_download"),
    path("checks/<id:pk>/result/", controls.check_result, name="check_result"),
    # Statement of Applicability
    path("soa/", soa.soa_list, name="soa_list"),
    path("soa/generate/", soa.soa_generate, name="soa_generate"),
    path("soa/<id:number>/", soa.soa_detail, name="soa_detail"),
    path("soa/<id:number>/entries/<id:pk>/", soa.soa_entry, name="soa_entry"),
    path("soa/<id:number>/export.<str:fmt>", soa.soa_export, name="soa_export"),
    path("soa/<id:number>/<slug:action>/", soa.soa_action, name="soa_action"),
    # Incidents and breaches
    path("incidents/", incidents.incident_list, name="incident_list"),
    path("incidents/new/", incidents.incident_edit, name="incident_create"),
    path("incidents/<id:pk>/", incidents.incident_detail, name="incident_detail"),
    path("incidents/<id:pk>/edit/", incidents.incident_edit, name="incident_edit"),
    path(
        "incidents/<id:pk>/reports/<slug:kind>/",
        incidents.incident_report_draft,
        name="incident_report_draft",
    ),
    path("incidents/<id:pk>/<slug:action>/", incidents.incident_action, name="incident_action"),
    path("incident-actions/<id:pk>/done/", incidents.incident_action_done, name="incident_action_done"),
    path("breaches/", incidents.breach_register, name="breach_register"),
    # GDPR
    path("gdpr/activities/", gdpr.activity_list, name="activity_list"),
    path("gdpr/activities/new/", gdpr.activity_edit, name="activity_create"),
    path("gdpr/activities/<id:pk>/", gdpr.activity_detail, name="activity_detail"),
    path("gdpr/activities/<id:pk>/edit/", gdpr.activity_edit, name="activity_edit"),
    path("gdpr/requests/", gdpr.dsr_list, name="dsr_list"),
    path("gdpr/requests/new/", gdpr.dsr_register, name="dsr_register"),
    path("gdpr/requests/<id:pk>/", gdpr.dsr_detail, name="dsr_detail"),
    path("gdpr/requests/<id:pk>/<slug:action>/", gdpr.dsr_action, name="dsr_action"),
]
