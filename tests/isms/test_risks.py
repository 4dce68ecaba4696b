"""Risk assessments: ratings on the assessment's matrix, history, treatment plan, owner sign-off."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from magistrat.core.attention import attention_for
from magistrat.core.exceptions import ServiceError
from magistrat.isms.models import RiskMatrix, RiskScenario, TreatmentTask
from magistrat.isms.selectors import heat_maps
from magistrat.isms.services import risks as services
from tests.isms.conftest import make_control, make_risk

pytestmark = pytest.mark.django_db


def test_levels_come_from_the_assessments_matrix(assessment, owner):
    risk = make_risk(assessment, owner, ratings=(5, 5, 3, 3, 1, 2))
    assert risk.code == "R-2026-0001"
    assert risk.level("inherent")["id"] == "critical" and risk.level("residual")["id"] == "low"
    assert risk.residual_acceptable and risk.inherent_rank > risk.current_rank > risk.residual_rank


def test_matrix_in_force_is_kept_with_the_assessment(assessment, owner, matrix):
    risk = make_risk(assessment, owner, ratings=(5, 5, 3, 3, 1, 2))
    definition = dict(matrix.definition)
    RiskMatrix.objects.filter(pk=matrix.pk).update(definition=definition | {"acceptance": "critical"})
    risk.refresh_from_db()
    assert risk.assessment.matrix_definition["acceptance"] == "medium"
    assert risk.level("inherent")["acceptable"] is False


@pytest.mark.parametrize("ratings", [(6, 1, 1, 1, 1, 1), (1, 1, 0, 1, 1, 1), (1, 1, 1, 1, 1, 9)])
def test_ratings_out_of_the_matrix_are_refused(assessment, owner, ratings):
    with pytest.raises(ServiceError, match="from 1 to 5"):
        make_risk(assessment, owner, ratings=ratings)
    assert RiskScenario.objects.count() == 0


def test_three_by_three_matrix_refuses_four(owner):
    small = RiskMatrix.objects.get(code="multiplicative-3x3")
    assessment = services.assessment_create(
        title="Mała ocena", scope="x", assessed_on=date(2026, 5, 4), participants="x", matrix=small
    )
    with pytest.raises(ServiceError, match="from 1 to 3"):
        make_risk(assessment, owner, ratings=(4, 1, 1, 1, 1, 1))
    risk = make_risk(assessment, owner, ratings=(3, 3, 2, 2, 1, 2))
    assert risk.level("inherent")["id"] == "high"


def test_changes_need_a_reason_and_build_the_history(assessment, owner, officer):
    risk = make_risk(assessment, owner)
    risk.residual_likelihood = 1
    with pytest.raises(ServiceError, match="why"):
        services.risk_save(scenario=risk, by=officer)
    services.risk_save(scenario=risk, by=officer, reason="Wdrożono segmentację")
    risk.refresh_from_db()
    assert risk.revision == 2
    history = list(risk.revisions.order_by("revision"))
    assert [r.data["residual"]["likelihood"] for r in history] == [2, 1]
    assert history[1].reason == "Wdrożono segmentację" and history[1].recorded_by == officer
    services.risk_save(scenario=risk, by=officer, reason="Bez zmian")  # nothing changed: no revision
    assert risk.revisions.count() == 2


def test_only_the_risk_owner_signs_off(assessment, owner, officer):
    risk = make_risk(assessment, owner)
    later = timezone.localdate() + timedelta(days=365)
    with pytest.raises(ServiceError, match="Only the risk owner"):
        services.risk_sign_off(scenario=risk, user=officer, justification="OK", expires_on=later)
    with pytest.raises(ServiceError):
        services.risk_sign_off(scenario=risk, user=owner, justification="  ", expires_on=later)
    with pytest.raises(ServiceError):
        services.risk_sign_off(scenario=risk, user=owner, justification="OK", expires_on=timezone.localdate())
    assert risk.sign_offs.count() == 0
    sign_off = services.risk_sign_off(
        scenario=risk, user=owner, justification="Ryzyko akceptowalne", expires_on=later
    )
    assert sign_off.snapshot["residual"]["level"] == risk.level("residual")["id"]
    assert risk.valid_sign_off() == sign_off


def test_a_change_to_the_risk_or_its_plan_voids_the_sign_off(assessment, owner, officer):
    risk = make_risk(assessment, owner)
    later = timezone.localdate() + timedelta(days=365)
    services.risk_sign_off(scenario=risk, user=owner, justification="OK", expires_on=later)
    services.task_save(
        task=TreatmentTask(scenario=risk, title="Segmentacja sieci", owner=officer, due_on=later), by=officer
    )
    risk.refresh_from_db()
    assert risk.revision == 2 and risk.valid_sign_off() is None
    voided = risk.sign_offs.get()
    assert voided.invalidated_at is not None and "revision 2" in voided.invalidated_reason
    assert voided.snapshot["tasks"] == []  # the snapshot shows what the owner accepted
    services.risk_sign_off(scenario=risk, user=owner, justification="Plan OK", expires_on=later)
    risk.threat = "Ransomware i phishing"
    services.risk_save(scenario=risk, by=officer, reason="Nowe zagrożenie")
    risk.refresh_from_db()
    assert risk.valid_sign_off() is None


def test_expired_sign_off_is_not_valid(assessment, owner):
    risk = make_risk(assessment, owner)
    services.risk_sign_off(
        scenario=risk, user=owner, justification="OK", expires_on=timezone.localdate() + timedelta(days=1)
    )
    assert risk.valid_sign_off(today=timezone.localdate() + timedelta(days=2)) is None


def test_heat_maps_count_inherent_and_residual(assessment, owner, officer, matrix):
    make_risk(assessment, owner, ratings=(5, 5, 3, 3, 2, 2))
    make_risk(assessment, owner, ratings=(5, 5, 2, 2, 1, 1))
    make_risk(assessment, officer, ratings=(4, 3, 2, 2, 2, 2))
    inherent, residual = heat_maps(user=officer, matrix=matrix)
    cells = {(lk, im): n for _label, row in inherent.rows for lk, im, n, _level in row}
    assert cells[(5, 5)] == 2 and cells[(4, 3)] == 1 and inherent.total == 3
    cells = {(lk, im): n for _label, row in residual.rows for lk, im, n, _level in row}
    assert cells[(2, 2)] == 2 and cells[(1, 1)] == 1
    # An owner without the register's role sees only their risks.
    inherent, _residual = heat_maps(user=owner, matrix=matrix)
    assert inherent.total == 2


def test_overdue_tasks_reach_the_home_page(assessment, owner, officer, client):
    risk = make_risk(assessment, owner)
    task = TreatmentTask.objects.create(
        scenario=risk,
        title="Szkolenie phishingowe",
        owner=owner,
        due_on=timezone.localdate() - timedelta(days=2),
    )
    titles = [item.title for item in attention_for(owner)]
    assert any("Szkolenie phishingowe" in t for t in titles)
    assert any(f"Sign off risk {risk.code}" in t for t in titles)
    assert any("Szkolenie phishingowe" in t for t in (i.title for i in attention_for(officer)))
    client.force_login(owner)
    assert "Szkolenie phishingowe" in client.get(reverse("core:home")).content.decode()
    client.post(reverse("isms:task_done", args=[task.pk]), {"note": "Zrobione"})
    task.refresh_from_db()
    assert task.done_at is not None


def test_sign_off_page_refuses_someone_else(client, assessment, owner, other_user, officer_client):
    risk = make_risk(assessment, owner)
    data = {"justification": "OK", "expires_on": (timezone.localdate() + timedelta(days=30)).isoformat()}
    response = officer_client.post(reverse("isms:risk_sign_off", args=[risk.pk]), data)
    assert response.status_code == 400 and risk.sign_offs.count() == 0
    client.force_login(other_user)
    assert client.post(reverse("isms:risk_sign_off", args=[risk.pk]), data).status_code == 404
    client.force_login(owner)
    assert client.get(reverse("isms:risk_detail", args=[risk.pk])).status_code == 200
    assert client.post(reverse("isms:risk_sign_off", args=[risk.pk]), data).status_code == 302
    assert risk.valid_sign_off() is not None


def test_risk_pages_and_permissions(client, officer_client, assessment, owner, matrix, leader, clerk):
    risk = make_risk(assessment, owner)
    control = make_control(owner)
    for name, args in [
        ("isms:overview", []),
        ("isms:risk_list", []),
        ("isms:heatmap", []),
        ("isms:assessment_list", []),
        ("isms:assessment_detail", [assessment.pk]),
        ("isms:risk_detail", [risk.pk]),
        ("isms:risk_edit", [risk.pk]),
        ("isms:task_create", [risk.pk]),
        ("isms:risk_create", [assessment.pk]),
    ]:
        assert officer_client.get(reverse(name, args=args)).status_code == 200, name
    assert officer_client.get(reverse("isms:risk_list") + "?residual=2-2").status_code == 200
    response = officer_client.get(reverse("isms:risk_export") + "?format=xlsx")
    assert response.status_code == 200
    client.force_login(leader)
    assert client.get(reverse("isms:risk_list")).status_code == 200
    assert client.get(reverse("isms:risk_edit", args=[risk.pk])).status_code == 403
    client.force_login(clerk.user)
    assert client.get(reverse("isms:risk_list")).status_code == 403
    assert client.get(reverse("isms:risk_detail", args=[risk.pk])).status_code == 404
    assert client.get(reverse("isms:control_detail", args=[control.pk])).status_code == 404


def test_risk_form_offers_the_matrix_scale_and_saves(officer_client, assessment, owner):
    control = make_control(owner)
    data = {
        "title": "Awaria zasilania",
        "threat": "Przerwa w dostawie energii",
        "vulnerability": "Brak UPS",
        "inherent_likelihood": 3,
        "inherent_impact": 4,
        "current_likelihood": 3,
        "current_impact": 3,
        "residual_likelihood": 6,
        "residual_impact": 2,
        "treatment": "modify",
        "owner": owner.pk,
        "controls": [control.pk],
    }
    response = officer_client.post(reverse("isms:risk_create", args=[assessment.pk]), data)
    assert response.status_code == 400 and RiskScenario.objects.count() == 0
    data["residual_likelihood"] = 2
    response = officer_client.post(reverse("isms:risk_create", args=[assessment.pk]), data)
    risk = RiskScenario.objects.get()
    assert response.status_code == 302 and list(risk.controls.all()) == [control]
