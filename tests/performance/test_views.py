"""The pages: the objectives tree with lights, a KPI with its SVG chart (target, bands, the break
where the method changed) and the same values in a table, value entry with and without htmx,
comments, changes of method, recomputing, the KPI list's filters and exports, home-page attention."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from magistrat.core.attention import attention_for
from magistrat.core.models import AuditEntry
from magistrat.performance.models import KpiValue, MethodChange, Objective, ValueComment
from magistrat.performance.periods import last_ended, periods_between
from magistrat.performance.services import kpis
from tests.conftest import verified_login

pytestmark = pytest.mark.django_db


@pytest.fixture
def series(manual_kpi, owner, today):
    """Six monthly values, a change of method before the fourth, a comment on the last."""
    _start, last = last_ended(today, "monthly")
    periods = periods_between(last - timedelta(days=170), last, "monthly")[-6:]
    values = [
        kpis.value_record(kpi=manual_kpi, by=owner, period_start=start, value=v)
        for (start, _end), v in zip(periods, [80, 86, 90, 96, 97, 84], strict=True)
    ]
    kpis.method_change_record(
        kpi=manual_kpi, by=owner, effective_from=periods[3][0], description="Counted from the EZD system"
    )
    kpis.value_comment(value=values[-1], by=owner, text="Sick leave in the section.")
    return values


def test_the_tree_shows_office_and_unit_objectives_with_lights(client, quality, unit_objective, series):
    verified_login(client, quality)
    page = client.get(reverse("performance:objective_tree")).content.decode()
    assert "Satisfied residents" in page and "Timely tax decisions" in page
    assert page.index("Satisfied residents") < page.index("Timely tax decisions")  # unit objective under it
    assert "light-red" in page and "Decisions on time" in page  # latest value 84 < red threshold 85


def test_the_kpi_page_draws_the_chart_with_its_break_and_the_table(client, fn_head, manual_kpi, series):
    verified_login(client, fn_head.user)
    response = client.get(reverse("performance:kpi_detail", args=[manual_kpi.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    svg = page[page.index("<svg") : page.index("</svg>")]
    assert 'role="img"' in svg and "<title" in svg and "<desc" in svg
    assert 'data-testid="kpi-target"' in svg and "band-red" in svg and "band-green" in svg
    assert svg.count('data-testid="method-break"') == 1 and "method changed" in svg
    assert svg.count("<polyline") == 2  # the line breaks at the change of method
    table = page[page.index('data-testid="kpi-table"') :]
    table = table[: table.index("</table>")]
    assert table.count('<th scope="row">') == 6 and "Counted from the EZD system" in table
    assert table.index("86") < table.index("Counted from the EZD system") < table.index("96")
    assert "Sick leave in the section." in page


def test_an_empty_kpi_page_has_no_chart(client, quality, manual_kpi):
    verified_login(client, quality)
    page = client.get(reverse("performance:kpi_detail", args=[manual_kpi.pk])).content.decode()
    assert "<svg" not in page and "No values yet." in page


def test_the_owner_enters_a_value_without_a_role(client, owner, manual_kpi, last_month):
    verified_login(client, owner)
    url = reverse("performance:value_record", args=[manual_kpi.pk])
    assert client.get(url).status_code == 200
    fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in fragment and 'id="value-form"' in fragment
    response = client.post(
        url, {"period_start": last_month[0].isoformat(), "value": "91,5".replace(",", ".")}
    )
    assert response.status_code == 302
    assert KpiValue.objects.get().value == 91.5


def test_a_value_out_of_range_is_shown_on_the_form_and_not_saved(
    client, owner, manual_kpi, last_month, today
):
    verified_login(client, owner)
    url = reverse("performance:value_record", args=[manual_kpi.pk])
    response = client.post(url, {"period_start": last_month[0].isoformat(), "value": "150"})
    assert response.status_code == 400 and "between 0 and 100" in response.content.decode()
    response = client.post(url, {"period_start": today.replace(day=1).isoformat(), "value": "50"})
    assert response.status_code == 400  # the running month is not offered
    response = client.post(url, {"period_start": last_month[0].isoformat(), "value": "abc"})
    assert response.status_code == 400
    assert KpiValue.objects.count() == 0


def test_comments_and_method_changes_from_the_pages(client, owner, fn_head, manual_kpi, series, today):
    verified_login(client, fn_head.user)
    url = reverse("performance:value_comment", args=[series[0].pk])
    assert client.post(url, {"text": "Why so low?"}).status_code == 302
    assert client.post(url, {"text": "bad\x01"}).status_code == 302
    assert ValueComment.objects.filter(value=series[0]).count() == 1
    verified_login(client, owner)
    url = reverse("performance:method_change", args=[manual_kpi.pk])
    assert (
        client.post(url, {"effective_from": today.isoformat(), "description": "New survey scale"}).status_code
        == 302
    )
    assert client.post(url, {"effective_from": today.isoformat(), "description": "Again"}).status_code == 400
    assert MethodChange.objects.count() == 2


def test_the_quality_manager_recomputes_a_computed_kpi(client, quality, make_kpi, office_objective):
    kpi = make_kpi(
        office_objective,
        name="Incidents",
        source="isms.incidents",
        direction="lower",
        target=0,
        amber_threshold=1,
        red_threshold=3,
    )
    verified_login(client, quality)
    assert client.post(reverse("performance:kpi_recompute", args=[kpi.pk])).status_code == 302
    assert KpiValue.objects.filter(kpi=kpi).count() >= 12
    assert AuditEntry.objects.filter(action="performance.kpi.values_computed").count() == 1


def test_the_quality_manager_defines_objectives_and_kpis_on_pages(client, quality, owner, units, today):
    verified_login(client, quality)
    data = {
        "title": "Shorter queues",
        "level": "unit",
        "unit": units["FN"].pk,
        "owner": owner.pk,
        "year_from": today.year,
        "year_to": today.year,
    }
    response = client.post(reverse("performance:objective_create"), data)
    assert response.status_code == 302
    objective = Objective.objects.get(title="Shorter queues")
    response = client.post(reverse("performance:objective_create"), data | {"year_to": today.year - 1})
    assert response.status_code == 400 and Objective.objects.count() == 1
    kpi_data = {
        "name": "Waiting time",
        "source": "manual",
        "unit_of_measure": "min",
        "direction": "lower",
        "target": "10",
        "amber_threshold": "10",
        "red_threshold": "15",
        "frequency": "monthly",
        "owner": owner.pk,
        "unit": units["FN"].pk,
        "min_value": "0",
        "max_value": "240",
    }
    response = client.post(reverse("performance:kpi_create", args=[objective.pk]), kpi_data)
    assert response.status_code == 302
    response = client.post(
        reverse("performance:kpi_create", args=[objective.pk]), kpi_data | {"red_threshold": "5"}
    )
    assert response.status_code == 400 and "red threshold" in response.content.decode()
    edit = reverse("performance:objective_edit", args=[objective.pk])
    assert client.post(edit, data | {"state": "dropped"}).status_code == 302
    objective.refresh_from_db()
    assert objective.state == "dropped"


def _csv(response) -> list[list[str]]:
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def test_the_kpi_list_filters_and_exports(
    client, quality, fn_head, sa_head, manual_kpi, make_kpi, office_objective, series
):
    make_kpi(office_objective, name="Office-wide CSAT", owner=quality)
    verified_login(client, quality)
    page = client.get(reverse("performance:kpi_list") + "?light=red").content.decode()
    assert "Decisions on time" in page and "Office-wide CSAT" not in page
    page = client.get(
        reverse("performance:kpi_list") + "?light=grey", headers={"HX-Request": "true"}
    ).content.decode()
    assert "Office-wide CSAT" in page and "Decisions on time" not in page and "<html" not in page
    rows = _csv(client.get(reverse("performance:kpi_export") + "?format=csv&unit=FN"))
    assert rows[0][:2] == ["KPI", "Objective"] and [r[0] for r in rows[1:]] == ["Decisions on time"]
    assert rows[1][-1] == "off target" and rows[1][-2] == "84.0"
    xlsx = client.get(reverse("performance:kpi_export") + "?format=xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet.max_row == 3 and sheet["A1"].value == "KPI"
    assert AuditEntry.objects.filter(action="performance.kpi.exported").count() == 2
    verified_login(client, sa_head.user)  # the head of SA sees no KPI of FN
    assert "Decisions on time" not in client.get(reverse("performance:kpi_list")).content.decode()
    assert client.get(reverse("performance:kpi_detail", args=[manual_kpi.pk])).status_code == 404


def test_a_missing_value_waits_on_the_owners_home_page(owner, quality, manual_kpi, last_month, today):
    titles = [item.title for item in attention_for(owner)]
    assert any("Decisions on time" in t for t in titles)
    kpis.value_record(kpi=manual_kpi, by=owner, period_start=last_month[0], value=90)
    assert not any("Decisions on time" in item.title for item in attention_for(owner))


def test_overdue_values_are_counted_for_the_quality_manager(quality, manual_kpi, today):
    from magistrat.performance.attention import GRACE_DAYS

    items = [item for item in attention_for(quality) if item.module == "Objectives and KPIs"]
    overdue = today.day > GRACE_DAYS  # last month's value is overdue after the grace days
    assert bool([i for i in items if "overdue value" in i.title]) == overdue
