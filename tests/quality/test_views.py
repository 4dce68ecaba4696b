"""The quality pages with three users: the allowed, another unit's, and one without the role."""

import pytest
from django.urls import reverse

from magistrat.quality.models import Action, Nonconformity
from magistrat.quality.services import nonconformities as ncs
from tests.conftest import verified_login

pytestmark = pytest.mark.django_db


@pytest.fixture
def planned(analysed, quality, owner, units, monday):
    nc = analysed("FN")
    action = ncs.nc_action_add(
        nc=nc, by=quality, title="Name an owner", owner=owner, unit=units["FN"], due_on=monday
    )
    return nc, action


def test_the_record_page_for_the_manager_the_unit_head_and_others(
    client, planned, quality, fn_head, sa_head, clerk
):
    nc, _action = planned
    url = reverse("quality:nc_detail", args=[nc.pk])
    assert verified_login(client, quality).get(url).status_code == 200
    assert verified_login(client, fn_head.user).get(url).status_code == 200
    assert verified_login(client, sa_head.user).get(url).status_code == 404  # another unit's head
    assert verified_login(client, clerk.user).get(url).status_code == 404  # no role
    assert verified_login(client, clerk.user).get(reverse("quality:nc_list")).status_code == 403


def test_the_lists_are_scoped(client, planned, fn_head, sa_head):
    nc, action = planned
    page = verified_login(client, fn_head.user).get(reverse("quality:nc_list"))
    assert nc.number in page.content.decode()
    page = verified_login(client, sa_head.user).get(reverse("quality:nc_list"))
    assert nc.number not in page.content.decode()
    page = verified_login(client, sa_head.user).get(reverse("quality:action_list"))
    assert action.title not in page.content.decode()


def test_the_owner_marks_done_from_my_actions_and_others_cannot(client, planned, owner, sa_head):
    _nc, action = planned
    url = reverse("quality:action_done", args=[action.pk])
    assert verified_login(client, sa_head.user).post(url).status_code == 404
    client.force_login(owner)
    page = client.get(reverse("quality:action_mine"))
    assert action.title in page.content.decode()
    response = client.post(url, {"note": "Owner named", "next": "mine"})
    assert response.status_code == 302 and response["Location"] == reverse("quality:action_mine")
    action.refresh_from_db()
    assert action.state == Action.State.DONE
    Nonconformity.objects.get(state=Nonconformity.State.CHECK)


def test_a_refused_close_shows_its_reason_and_changes_nothing(client, planned, quality):
    nc, _action = planned
    client = verified_login(client, quality)
    response = client.post(reverse("quality:nc_step", args=[nc.pk, "close"]), follow=True)
    assert "cannot be closed while corrective actions are open" in response.content.decode()
    nc.refresh_from_db()
    assert nc.state == Nonconformity.State.PLANNED


def test_a_member_of_staff_reports_a_nonconformity(client, clerk, units, today):
    client.force_login(clerk.user)
    assert client.get(reverse("quality:nc_report")).status_code == 200
    response = client.post(
        reverse("quality:nc_report"),
        {
            "title": "Printer broken",
            "description": "No tickets",
            "unit": units["SA-01"].pk,
            "detected_on": today,
        },
    )
    nc = Nonconformity.objects.get()
    assert response.status_code == 302 and nc.reported_by == clerk.user and nc.source == "staff_report"
    assert client.get(reverse("quality:nc_detail", args=[nc.pk])).status_code == 200  # the reporter reads it


def test_the_analysis_page_saves_whys_and_causes(client, make_nc, quality):
    nc = make_nc()
    client = verified_login(client, quality)
    url = reverse("quality:nc_analyse", args=[nc.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "root_cause": "No owner",
            "why_1": "Old fee",
            "because_1": "Not updated",
            "cause_methods": "No procedure",
        },
    )
    assert response.status_code == 302
    nc.refresh_from_db()
    assert nc.whys == [{"why": "Old fee", "because": "Not updated"}] and nc.causes == {
        "methods": "No procedure"
    }
    assert client.post(url, {"root_cause": "x", "why_1": "Why?"}).status_code == 400


def test_the_action_export(client, planned, quality):
    response = verified_login(client, quality).get(reverse("quality:action_export") + "?format=xlsx")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")
    response = client.get(reverse("quality:nc_export") + "?format=csv")
    assert response.status_code == 200 and planned[0].number in response.content.decode("utf-8-sig")


def test_the_home_page_shows_reports_to_triage_and_my_actions(
    client, planned, quality, owner, clerk, units, today
):
    ncs.nc_report(
        by=clerk.user, title="Printer broken", description="x", unit=units["SA-01"], detected_on=today
    )
    page = verified_login(client, quality).get(reverse("core:home")).content.decode()
    assert "Printer broken" in page
    client.force_login(owner)
    page = client.get(reverse("core:home")).content.decode()
    assert "Name an owner" in page


def test_the_quality_manager_plans_an_action_of_no_record(client, quality, owner, units, monday, fn_head):
    url = reverse("quality:action_create")
    assert verified_login(client, fn_head.user).get(url).status_code == 403
    client = verified_login(client, quality)
    data = {"title": "Review the desk signage", "owner": owner.pk, "unit": units["FN"].pk, "due_on": monday}
    response = client.post(url, data)
    action = Action.objects.get()
    assert response.status_code == 302 and action.origin_type is None and action.owner == owner
    assert client.post(url, data | {"due_on": "2020-01-01"}).status_code == 400
    assert Action.objects.count() == 1
