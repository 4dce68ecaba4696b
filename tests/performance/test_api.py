"""The JSON API's reads: objectives, KPIs and values, narrowed to the caller's units."""

import pytest

from magistrat.performance.services import kpis

pytestmark = pytest.mark.django_db


@pytest.fixture
def valued(manual_kpi, owner, last_month):
    kpis.value_record(kpi=manual_kpi, by=owner, period_start=last_month[0], value=84)
    return manual_kpi


def _get(client, user, path):
    client.force_login(user)
    return client.get(path, HTTP_HOST="localhost")


def test_lists_for_the_quality_manager(client, quality, valued, unit_objective, office_objective, last_month):
    objectives = _get(client, quality, "/api/v1/performance/objectives").json()
    assert {o["title"] for o in objectives["items"]} == {"Satisfied residents", "Timely tax decisions"}
    [kpi] = _get(client, quality, "/api/v1/performance/kpis").json()["items"]
    assert (kpi["name"], kpi["unit"], kpi["source"]) == ("Decisions on time", "FN", "manual")
    [value] = _get(client, quality, f"/api/v1/performance/values?kpi={valued.pk}").json()["items"]
    assert value == {
        "id": value["id"],
        "kpi": valued.pk,
        "period_start": last_month[0].isoformat(),
        "period_end": last_month[1].isoformat(),
        "value": 84.0,
        "sample": None,
        "low": None,
        "high": None,
        "computed": False,
        "light": "red",
    }


def test_a_unit_head_sees_only_their_units(client, sa_head, fn_head, valued):
    assert _get(client, sa_head.user, "/api/v1/performance/kpis").json()["items"] == []
    assert _get(client, sa_head.user, f"/api/v1/performance/values?kpi={valued.pk}").status_code == 404
    assert len(_get(client, fn_head.user, "/api/v1/performance/values").json()["items"]) == 1


def test_without_the_permission_or_signed_out(client, clerk, valued):
    assert client.get("/api/v1/performance/kpis", HTTP_HOST="localhost").status_code == 401
    assert _get(client, clerk.user, "/api/v1/performance/kpis").status_code == 403
    assert _get(client, clerk.user, "/api/v1/performance/values?kpi=0").status_code in {403, 422}
