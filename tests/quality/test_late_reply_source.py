"""A request for public information answered late raises a nonconformity (ISO 9001 8.7); the
effectiveness check re-measures the unit's on-time share (the registers module feeds the registry)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from magistrat.quality import sources
from magistrat.quality.services import nonconformities as ncs
from magistrat.quality.sources import Proposal
from magistrat.registers import nc_late_reply
from magistrat.registers.models import InfoRequest
from magistrat.registers.services import info_request_close, info_request_register
from tests.conftest import verified_login

pytestmark = pytest.mark.django_db


def _request(unit, closer, *, days_ago: int, close: bool = True) -> InfoRequest:
    request = info_request_register(
        channel="email",
        subject="Budget figures",
        request_text="Please send the budget.",
        release_form="electronic",
        requester_email="jan@example.org",
        received_at=timezone.now() - timedelta(days=days_ago),
        unit=unit,
    )
    if close:
        request = info_request_close(request=request, outcome="released", released="The budget.", by=closer)
    return request


def test_a_late_reply_is_a_candidate_and_raises_a_record_from_its_page(client, units, quality, fn_head):
    late = _request(units["FN"], fn_head.user, days_ago=40)
    on_time = _request(units["FN"], fn_head.user, days_ago=2)
    entry = sources.source("late_info_reply")
    assert entry.accepts(late) and not entry.accepts(on_time)
    assert [c.obj for c in entry.candidates(quality)] == [late]
    client = verified_login(client, quality)
    page = client.get(reverse("quality:nc_raise")).content.decode()
    assert late.number in page and on_time.number not in page  # waiting for the quality manager
    draft = entry.propose(late)
    assert draft.unit_id == units["FN"].pk and draft.trigger["days_late"] > 0
    nc = ncs.nc_raise(
        by=quality,
        source_code="late_info_reply",
        linked=late,
        trigger=draft.trigger,
        title=draft.title,
        description=draft.description,
        unit=units["FN"],
        detected_on=draft.detected_on,
    )
    assert nc.linked_object == late and entry.candidates(quality) == []  # raised once


def test_the_on_time_share_is_re_measured(units, quality, fn_head, today):
    from django.db.models import F

    late = _request(units["FN"], fn_head.user, days_ago=40)
    nc = ncs.nc_raise(
        by=quality,
        source_code="late_info_reply",
        linked=late,
        title="Late reply",
        description="x",
        unit=units["FN"],
        detected_on=today - timedelta(days=10),
    )
    few = nc_late_reply.measure(nc, linked=late, since=today, today=today)
    assert few.proposal == Proposal.TOO_FEW and few.data["after"] == 1
    for _n in range(5):
        _request(units["FN"], fn_head.user, days_ago=1)
    better = nc_late_reply.measure(nc, linked=late, since=today, today=today)
    assert better.proposal == Proposal.EFFECTIVE and better.data["after_on_time"] == 5
    earlier = [_request(units["FN"], fn_head.user, days_ago=1).pk for _n in range(5)]
    shift = timedelta(days=10)  # closed on time on the day the record was detected
    InfoRequest.objects.filter(pk__in=earlier).update(
        received_at=F("received_at") - shift, closed_at=F("closed_at") - shift
    )
    worse = nc_late_reply.measure(nc, linked=late, since=today, today=today)
    assert worse.proposal == Proposal.NOT_EFFECTIVE, worse.data  # 5 of 6 now against 5 of 5 before
    assert (worse.data["before"], worse.data["before_on_time"]) == (5, 5)
