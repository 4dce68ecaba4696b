from django.urls import path

import magistrat.core.converters  # noqa: F401 - <id:…> and <year:…> (bounded: out of range is a 404)
from magistrat.audits.views import audits, findings, programme

app_name = "audits"
urlpatterns = [
    path("", programme.programme_list, name="programme_list"),
    path("programme/new/", programme.programme_create, name="programme_create"),
    path("programme/<year:year>/", programme.programme, name="programme"),
    path("programme/<year:year>/entries/", programme.entry_add, name="entry_add"),
    path("programme/<year:year>/entries/<id:pk>/remove/", programme.entry_remove, name="entry_remove"),
    path("programme/<year:year>/approve/", programme.programme_approve, name="programme_approve"),
    path("programme/<year:year>/plan/", audits.audit_plan, name="audit_plan"),
    path("auditors/", programme.auditor_list, name="auditor_list"),
    path("auditors/new/", programme.auditor_create, name="auditor_create"),
    path("auditors/<id:pk>/", programme.auditor_detail, name="auditor_detail"),
    path("mine/", findings.my_audits, name="my_audits"),
    path("acknowledge/", findings.to_acknowledge, name="to_acknowledge"),
    path("findings/", findings.finding_list, name="finding_list"),
    path("findings/export/", findings.finding_export, name="finding_export"),
    path("findings/<id:pk>/", audits.finding_detail, name="finding_detail"),
    path("findings/<id:pk>/edit/", audits.finding_edit, name="finding_edit"),
    path("checklist/<id:pk>/", audits.checklist_answer, name="checklist_answer"),
    path("<id:pk>/", audits.audit_detail, name="audit_detail"),
    path("<id:pk>/team/", audits.audit_team, name="audit_team"),
    path("<id:pk>/start/", audits.audit_start, name="audit_start"),
    path("<id:pk>/findings/new/", audits.finding_add, name="finding_add"),
    path("<id:pk>/report/", audits.audit_report, name="audit_report"),
    path("<id:pk>/acknowledge/", audits.audit_acknowledge, name="audit_acknowledge"),
    path("<id:pk>/close/", audits.audit_close, name="audit_close"),
    path("<id:pk>/report.pdf", audits.audit_pdf, name="audit_pdf"),
]
