"""The modules feed the register through `quality.sources`: a justified complaint raises a record
from its page; the ratings source re-measures CSAT after the actions (Wilson intervals, minimum
sample, two-proportion test); the registry itself imports none of them."""

from datetime import timedelta

import pytest
from django.urls import reverse

from magistrat.core.exceptions import ServiceError
from magistrat.feedback import nc_source as ratings
from magistrat.feedback.stats import Share
from magistrat.quality import sources
from magistrat.quality.models import Nonconformity
from magistrat.quality.services import nonconformities as ncs
from magistrat.quality.sources import Proposal
from magistrat.registers import services as registers
from magistrat.registers.models import Complaint
from tests.conftest import verified_login

pytestmark = pytest.mark.django_db


def test_every_module_registers_its_source():
    codes = {s.code for s in sources.sources()}
    assert {"staff_report", "complaint", "satisfaction_drop", "security_incident"} <= codes
    assert sources.source("satisfaction_drop").measure is not None


@pytest.fixture
def justified(units, quality):
    complaint = registers.complaint_register(
        kind="complaint",
        channel="letter",
        subject="Wrong fee",
        content="I was charged twice.",
        unit=units["FN"],
    )
    return registers.complaint_close(
        complaint=complaint, outcome="justified", reply="We apologise.", by=quality
    )


def test_a_justified_complaint_raises_a_record_from_its_page(client, justified, quality, units):
    client = verified_login(client, quality)
    page = client.get(reverse("registers:complaint_detail", args=[justified.pk])).content.decode()
    raise_url = f"{reverse('quality:nc_raise')}?source=complaint&amp;object={justified.pk}"
    assert raise_url in page
    candidates = sources.source("complaint").candidates(quality)
    assert [c.obj for c in candidates] == [justified]
    form = client.get(raise_url.replace("&amp;", "&"))
    assert justified.number in form.content.decode()
    response = client.post(
        raise_url.replace("&amp;", "&"),
        {
            "title": "Double fee",
            "description": "Charged twice",
            "unit": units["FN"].pk,
            "detected_on": "2026-01-05",
        },
    )
    nc = Nonconformity.objects.get()
    assert response.status_code == 302 and nc.source == "complaint" and nc.linked_object == justified
    page = client.get(reverse("registers:complaint_detail", args=[justified.pk])).content.decode()
    assert nc.number in page and raise_url not in page  # linked both ways, raised once
    with pytest.raises(ServiceError, match="An open nonconformity already exists"):
        ncs.nc_raise(
            by=quality,
            source_code="complaint",
            linked=justified,
            title="x",
            description="y",
            unit=units["FN"],
            detected_on=nc.detected_on,
        )


def test_an_unjustified_complaint_raises_nothing(units, quality, today):
    complaint = registers.complaint_register(
        kind="complaint", channel="letter", subject="Noise", content="Noise.", unit=units["FN"]
    )
    registers.complaint_close(
        complaint=complaint, outcome=Complaint.Outcome.UNJUSTIFIED, reply="No.", by=quality
    )
    with pytest.raises(ServiceError, match="cannot raise"):
        ncs.nc_raise(
            by=quality,
            source_code="complaint",
            linked=complaint,
            title="x",
            description="y",
            unit=units["FN"],
            detected_on=today,
        )


@pytest.fixture
def rating_nc(make_nc, today):
    nc = make_nc()
    first = today - timedelta(days=29)
    trigger = {"first": first.isoformat(), "last": today.isoformat(), "n": 100, "satisfied": 60, "target": 80}
    Nonconformity.objects.filter(pk=nc.pk).update(source="satisfaction_drop", trigger=trigger)
    nc.refresh_from_db()
    return nc


def _after(monkeypatch, n, satisfied, seen):
    def shares(units, first, last):
        seen.append((first, last))
        return {units[0].pk: Share(label="after", n=n, satisfied=satisfied)}

    monkeypatch.setattr(ratings, "_unit_shares", shares)


def test_a_significant_rise_is_proposed_as_effective(rating_nc, monkeypatch, today):
    seen: list = []
    _after(monkeypatch, 100, 85, seen)
    since = today + timedelta(days=1)
    result = ratings.measure(rating_nc, linked=None, since=since, today=today + timedelta(days=90))
    assert result.proposal == Proposal.EFFECTIVE
    assert seen == [(since, since + timedelta(days=29))]  # as many days as the trigger period
    assert result.data["after"]["interval"] and result.data["p_value"] < 0.05
    assert "85%" in result.summary and "60%" in result.summary


def test_no_significant_change_is_not_effective(rating_nc, monkeypatch, today):
    _after(monkeypatch, 100, 66, [])
    result = ratings.measure(rating_nc, linked=None, since=today, today=today + timedelta(days=60))
    assert result.proposal == Proposal.NOT_EFFECTIVE and result.data["p_value"] > 0.05


def test_too_few_ratings_say_so(rating_nc, monkeypatch, today):
    _after(monkeypatch, 12, 12, [])
    result = ratings.measure(rating_nc, linked=None, since=today, today=today + timedelta(days=60))
    assert result.proposal == Proposal.TOO_FEW and "12" in result.summary


def test_deciding_against_a_measured_proposal_needs_reasons(
    rating_nc, quality, owner, units, monday, monkeypatch
):
    from magistrat.quality.services import actions

    _after(monkeypatch, 100, 85, [])
    ncs.nc_analyse(nc=rating_nc, by=quality, root_cause="Long queues at the desk")
    action = ncs.nc_action_add(
        nc=rating_nc, by=quality, title="Open a second desk", owner=owner, unit=units["FN"], due_on=monday
    )
    actions.action_done(action=action, by=owner)
    due = rating_nc.checks.get().due_on
    check = ncs.nc_effectiveness_measure(nc=rating_nc, by=quality, today=due)
    assert check.proposal == Proposal.EFFECTIVE
    with pytest.raises(ServiceError, match="reasons"):
        ncs.nc_effectiveness_confirm(nc=rating_nc, by=quality, verdict="not_effective", today=due)
    ncs.nc_effectiveness_confirm(nc=rating_nc, by=quality, verdict="effective", today=due)
    assert ncs.nc_close(nc=rating_nc, by=quality).state == Nonconformity.State.CLOSED


def test_the_registry_imports_no_module():
    import ast
    from pathlib import Path

    import magistrat.quality

    root = Path(magistrat.quality.__file__).parent
    for path in root.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                assert not node.module.startswith(
                    ("magistrat.feedback", "magistrat.registers", "magistrat.isms")
                ), path


def test_the_quality_manager_raises_a_record_from_the_satisfaction_alert(units, quality, monkeypatch, today):
    from magistrat.feedback.models import SatisfactionTarget
    from magistrat.feedback.selectors import TargetStatus

    target = SatisfactionTarget.objects.create(unit=units["FN"], target_percent=80)
    status = TargetStatus(
        target=target,
        current=Share(label="FN", n=120, satisfied=60),
        previous=Share(label="FN", n=110, satisfied=95),
    )
    assert status.below
    monkeypatch.setattr(ratings, "target_statuses", lambda user=None: [status])
    [candidate] = sources.source("satisfaction_drop").candidates(quality)
    assert candidate.obj == target and "FN" in candidate.label
    from magistrat.quality.attention import quality_attention

    [alert] = [i for i in quality_attention(quality) if "?source=satisfaction_drop" in i.url]
    assert alert.url.endswith(f"&object={target.pk}") and "FN" in alert.title
    draft = sources.source("satisfaction_drop").propose(target)
    nc = ncs.nc_raise(
        by=quality,
        source_code="satisfaction_drop",
        linked=target,
        trigger=draft.trigger,
        title=draft.title,
        description=draft.description,
        unit=units["FN"],
        detected_on=today,
    )
    assert nc.trigger["n"] == 120 and nc.trigger["satisfied"] == 60
    assert nc.trigger["last"] == today.isoformat()
    assert sources.source("satisfaction_drop").candidates(quality) == []  # raised once
    assert nc.linked_url.startswith(reverse("feedback:dashboard"))


def test_the_complaint_measure_counts_justified_complaints_since_the_actions(
    justified, quality, units, today
):
    from magistrat.registers import nc_source as complaints

    nc = ncs.nc_raise(
        by=quality,
        source_code="complaint",
        linked=justified,
        title="Double fee",
        description="x",
        unit=units["FN"],
        detected_on=today,
    )
    quiet = complaints.measure(
        nc, linked=justified, since=today + timedelta(days=1), today=today + timedelta(days=30)
    )
    assert quiet.proposal == Proposal.EFFECTIVE and quiet.data["after"] == 0 and quiet.data["before"] == 1
    again = complaints.measure(nc, linked=justified, since=today, today=today)
    assert again.proposal == Proposal.NOT_EFFECTIVE and again.data["after"] == 1
