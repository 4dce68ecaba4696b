from django.urls import path

import magistrat.core.converters  # noqa: F401 - <id:…> and <year:…> (bounded: out of range is a 404)
from magistrat.competence.views import assessments, framework, gaps, orders, people, preparatory

app_name = "competence"
urlpatterns = [
    path("", assessments.overview, name="overview"),
    path("mine/", assessments.mine, name="mine"),
    path("due/export/", assessments.due_export, name="due_export"),
    path("start/<id:staff_pk>/", assessments.assessment_start, name="assessment_start"),
    path("assessments/<id:pk>/", assessments.assessment_detail, name="assessment_detail"),
    path("assessments/<id:pk>/marks/", assessments.assessment_marks, name="assessment_marks"),
    path("assessments/<id:pk>/pdf/", assessments.assessment_pdf, name="assessment_pdf"),
    path("assessments/<id:pk>/do/<slug:action>/", assessments.assessment_action, name="assessment_action"),
    path(
        "assessments/<id:pk>/respond/<slug:action>/",
        assessments.assessment_respond,
        name="assessment_respond",
    ),
    path("orders/", orders.order_list, name="order_list"),
    path("orders/new/", orders.order_create, name="order_create"),
    path("orders/<id:version>/", orders.order_detail, name="order_detail"),
    path("framework/", framework.framework, name="framework"),
    path("framework/new/", framework.competence_create, name="competence_create"),
    path("framework/<id:pk>/", framework.competence_edit, name="competence_edit"),
    path("positions/", framework.positions, name="positions"),
    path("positions/<id:pk>/", framework.position_detail, name="position_detail"),
    path("gaps/", gaps.office, name="gaps"),
    path("gaps/units/<id:pk>/", gaps.unit, name="gaps_unit"),
    path("gaps/export/", gaps.export, name="gaps_export"),
    path("as-of/", gaps.as_of, name="as_of"),
    path("people/me/", people.my_profile, name="my_profile"),
    path("people/<id:pk>/", people.profile, name="profile"),
    path("people/<id:pk>/record/", people.level_record, name="level_record"),
    path("preparatory/", preparatory.preparatory_list, name="preparatory_list"),
    path("preparatory/new/", preparatory.preparatory_create, name="preparatory_create"),
    path("preparatory/<id:pk>/", preparatory.preparatory_detail, name="preparatory_detail"),
    path("preparatory/<id:pk>/do/<slug:action>/", preparatory.preparatory_action, name="preparatory_action"),
]
