"""The competence addresses' parameters for tests/demo_office/test_url_permissions.py, from the
small demo office."""


def objects(world) -> dict[str, tuple[dict, object]]:
    from magistrat.competence.models import Assessment, AssessmentOrder, Competence, PreparatoryService
    from magistrat.org.models import Membership, Position

    def first(**lookup) -> Assessment:
        found = Assessment.objects.filter(**lookup).order_by("pk").first()
        assert found is not None, f"The small demo office has no assessment matching {lookup}"
        return found

    made = first(state=Assessment.State.DELIVERED)
    draft = first(state=Assessment.State.DRAFT)
    appealed = first(state=Assessment.State.APPEALED)
    order = AssessmentOrder.objects.order_by("version").first()
    assert order is not None
    return {
        "competence:assessment_start": ({"staff_pk": made.employee_id}, None),
        "competence:assessment_detail": ({"pk": made.pk}, made),
        "competence:assessment_pdf": ({"pk": made.pk}, made),
        "competence:assessment_marks": ({"pk": draft.pk}, draft),
        "competence:assessment_action": ({"pk": appealed.pk, "action": "decide"}, appealed),
        "competence:assessment_respond": ({"pk": made.pk, "action": "appeal"}, made),
        "competence:order_detail": ({"version": order.version}, None),
        **_model(Competence, Membership, Position, PreparatoryService),
        **_trainings(),
    }


def _model(Competence, Membership, Position, PreparatoryService) -> dict[str, tuple[dict, object]]:
    """The competence model's and the preparatory service's addresses (the demo's records)."""
    competence = Competence.objects.order_by("pk").first()
    position = Position.objects.filter(competence_requirements__isnull=False).order_by("pk").first()
    service = PreparatoryService.objects.filter(result="").order_by("pk").first()
    assert competence and position and service, "The small demo office has no competence model"
    # A person's profile belongs to their primary unit: the membership carries it.
    membership = Membership.objects.filter(is_primary=True, unit__parent__isnull=False).order_by("pk").first()
    assert membership is not None
    return {
        "competence:competence_edit": ({"pk": competence.pk}, None),
        "competence:position_detail": ({"pk": position.pk}, None),
        "competence:gaps_unit": ({"pk": membership.unit_id}, membership.unit),
        "competence:profile": ({"pk": membership.staff_id}, membership),
        "competence:level_record": ({"pk": membership.staff_id}, membership),
        "competence:preparatory_detail": ({"pk": service.pk}, service),
        "competence:preparatory_action": ({"pk": service.pk, "action": "exam"}, service),
    }


def _trainings() -> dict[str, tuple[dict, object]]:
    """The trainings' addresses: a training of the catalogue (no unit: office-wide), an enrolment
    with a certificate (the person's unit), a need and its year's plan (HR acts on them)."""
    from magistrat.competence.models import Certificate, Training, TrainingNeed

    certificate = Certificate.objects.select_related("enrolment").order_by("pk").first()
    course = Training.objects.filter(enrolments__isnull=False, cancelled=False).order_by("pk").first()
    need = TrainingNeed.objects.select_related("plan").order_by("pk").first()
    assert certificate and course and need, "The small demo office has no trainings"
    enrolment = certificate.enrolment
    return {
        "competence:training_detail": ({"pk": course.pk}, None),
        "competence:training_enrol": ({"pk": course.pk}, None),
        "competence:training_cancel": ({"pk": course.pk}, None),
        "competence:enrolment_detail": ({"pk": enrolment.pk}, enrolment),
        # the participant's step: others are refused by the service with a message, not a 403
        "competence:enrolment_action": ({"pk": enrolment.pk, "action": "reaction"}, enrolment),
        "competence:certificate_download": ({"pk": certificate.pk}, certificate),
        "competence:need_update": ({"pk": need.pk}, None),
        "competence:plan": ({"year": need.plan.year}, None),
        "competence:plan_action": ({"year": need.plan.year, "action": "budget"}, None),
    }
