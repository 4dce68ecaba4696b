"""The risk and opportunity register (ISO 9001 6.1, management control): rated with the shared
matrix engine, changed with a reason, treated by actions in the one action register, closed only
with its actions finished."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from magistrat.core.exceptions import ServiceError
from magistrat.core.models import AuditEntry
from magistrat.core.riskmatrix import default_matrix, level_of
from magistrat.quality.models import Action, QualityRisk
from magistrat.quality.risk_selectors import RiskFilters, risk_heat_maps, risk_list
from magistrat.quality.services import actions as action_services
from magistrat.quality.services import risks as services
from tests.factories import StaffFactory, grant


@pytest.fixture
def make_risk(quality, units, owner, today):
    def make(**extra):
        values = {
            "kind": "risk",
            "title": "Too few clerks in the registry office in summer",
            "area": "service",
            "concerns": "Registering residence",
            "unit": units["FN"],
            "owner": owner,
            "likelihood": 4,
            "impact": 4,
            "response": "reduce",
            "review_on": today + timedelta(days=90),
        } | extra
        return services.risk_create(by=quality, **values)

    return make


def test_a_record_is_rated_with_the_default_matrix_kept_with_it(make_risk):
    risk = make_risk()
    matrix = default_matrix()
    assert risk.matrix_code == matrix["code"] and risk.matrix_definition == matrix
    assert risk.level_id == level_of(matrix, 4, 4)["id"] and not risk.acceptable
    entry = AuditEntry.objects.filter(action="quality.risk.created").get()
    assert entry.data["rating"].startswith("4×4")


def test_a_rating_outside_the_matrix_is_refused_and_nothing_saved(make_risk):
    with pytest.raises(ServiceError):
        make_risk(likelihood=6)
    assert not QualityRisk.objects.exists()


def test_a_change_needs_a_reason_and_keeps_the_levels_before_and_after(make_risk, quality):
    risk = make_risk()
    with pytest.raises(ServiceError):
        services.risk_change(by=quality, risk=risk, reason=" ", likelihood=2, impact=2)
    services.risk_change(by=quality, risk=risk, reason="Two clerks hired.", likelihood=2, impact=2)
    risk.refresh_from_db()
    assert (risk.likelihood, risk.impact, risk.acceptable) == (2, 2, True)
    entry = AuditEntry.objects.filter(action="quality.risk.changed").get()
    assert entry.data["rating_before"].startswith("4×4") and entry.data["rating"].startswith("2×2")


def test_actions_go_to_the_one_register_and_closing_waits_for_them(make_risk, quality, owner, monday):
    risk = make_risk()
    action = services.risk_action_add(
        by=quality, risk=risk, title="Hire a seasonal clerk", owner=owner, unit=risk.unit, due_on=monday
    )
    assert Action.objects.of(risk).get() == action and action.origin_label == str(risk)
    with pytest.raises(ServiceError):
        services.risk_close(by=quality, risk=risk, reason="Treated.")
    action_services.action_done(action=action, by=owner)
    with pytest.raises(ServiceError):
        services.risk_close(by=quality, risk=risk, reason="")
    services.risk_close(by=quality, risk=risk, reason="Treated.")
    risk.refresh_from_db()
    assert risk.state == "closed"
    with pytest.raises(ServiceError):
        services.risk_change(by=quality, risk=risk, reason="x", likelihood=1, impact=1)


def test_the_owner_reads_but_only_the_quality_manager_manages(make_risk, owner, units, today):
    risk = make_risk()
    with pytest.raises(PermissionDenied):
        services.risk_change(by=owner, risk=risk, reason="Mine", likelihood=1, impact=1)
    other_head = grant(StaffFactory(unit=units["SA"]).user, "unit_head", unit=units["SA"])
    fn_head = grant(StaffFactory(unit=units["FN"]).user, "unit_head", unit=units["FN"])
    assert list(risk_list(user=owner)) == [risk]
    assert list(risk_list(user=fn_head)) == [risk]
    assert list(risk_list(user=other_head)) == []


def test_heat_maps_count_open_risks_and_opportunities_apart(make_risk):
    make_risk()
    make_risk(kind="opportunity", title="Online booking of visits", likelihood=3, impact=5)
    risks, opportunities = risk_heat_maps(user=QualityRisk.objects.first().owner)
    assert (risks.stage, risks.total, opportunities.total) == ("risk", 1, 1)
    counts = {(lk, im): n for _label, cells in risks.rows for lk, im, n, _level in cells if n}
    assert counts == {(4, 4): 1}


def test_the_list_filters_by_cell_and_exports_labels(client, make_risk, quality):
    make_risk()
    make_risk(title="Paper archive flooded", likelihood=1, impact=5)
    assert [r.title for r in risk_list(user=quality, filters=RiskFilters(cell=(1, 5)))] == [
        "Paper archive flooded"
    ]
    client.force_login(quality)
    page = client.get(reverse("quality:risk_list"), {"cell": "4-4", "kind": "risk"})
    assert page.status_code == 200 and "Too few clerks" in page.content.decode()
    assert "Paper archive" not in page.content.decode()
    export = client.get(reverse("quality:risk_export"), {"format": "csv"})
    text = export.content.decode("utf-8-sig")
    assert "service to residents" in text and ";" in text.splitlines()[0]


def test_the_pages_record_change_and_refuse_bad_input(client, quality, units, owner, today):
    client.force_login(quality)
    data = {
        "kind": "opportunity",
        "title": "E-delivery of decisions",
        "area": "process",
        "concerns": "Issuing decisions",
        "unit": units["FN"].pk,
        "owner": owner.pk,
        "likelihood": 3,
        "impact": 4,
        "response": "reduce",
        "review_on": (today + timedelta(days=60)).isoformat(),
    }
    assert client.post(reverse("quality:risk_create"), data | {"likelihood": 9}).status_code == 400
    response = client.post(reverse("quality:risk_create"), data)
    risk = QualityRisk.objects.get()
    assert response.status_code == 302
    change = client.post(reverse("quality:risk_change", args=[risk.pk]), data | {"impact": 2})
    assert change.status_code == 400  # no reason given
    client.post(
        reverse("quality:risk_change", args=[risk.pk]), data | {"impact": 2, "reason": "Law changed."}
    )
    risk.refresh_from_db()
    assert risk.impact == 2 and risk.kind == "opportunity"
    detail = client.get(reverse("quality:risk_detail", args=[risk.pk]))
    assert "E-delivery of decisions" in detail.content.decode()
