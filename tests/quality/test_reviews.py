"""The management review (ISO 9001 9.3): a pack of every 9.3.2 input computed from live data,
frozen and hashed when the review is held, decisions that become tracked actions, PDF and DOCX."""

from datetime import timedelta
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from magistrat.core.exceptions import ServiceError
from magistrat.core.models import AuditEntry
from magistrat.quality.context_attention import context_attention
from magistrat.quality.models import Action, ManagementReview
from magistrat.quality.review_inputs import CLAUSES, Figure, ReviewInput, compile_pack, register_input
from magistrat.quality.services import reviews as services
from tests.factories import StaffFactory, grant


@pytest.fixture
def leader(units):
    return grant(StaffFactory(unit=units["SA"]).user, "leadership")


@pytest.fixture
def review(quality, today):
    return services.review_prepare(
        by=quality,
        title="Przegląd zarządzania 2026",
        period_start=today - timedelta(days=365),
        period_end=today - timedelta(days=1),
        planned_on=today + timedelta(days=7),
    )


def test_an_empty_reversed_or_future_period_is_refused_and_nothing_saved(quality, today):
    for start, end in (
        (today - timedelta(days=5), today - timedelta(days=5)),
        (today - timedelta(days=1), today - timedelta(days=9)),
        (today - timedelta(days=9), today + timedelta(days=3)),
    ):
        with pytest.raises(ServiceError):
            services.review_prepare(
                by=quality,
                title="X",
                period_start=start,
                period_end=end,
                planned_on=today + timedelta(days=9),
            )
    with pytest.raises(PermissionDenied):
        services.review_prepare(
            by=StaffFactory().user,
            title="X",
            period_start=today - timedelta(days=9),
            period_end=today,
            planned_on=today,
        )
    assert not ManagementReview.objects.exists()


def test_the_pack_has_every_input_of_the_standard_with_live_figures(review, make_nc):
    make_nc()
    pack = compile_pack(start=review.period_start, end=review.period_end + timedelta(days=1))
    assert [section["clause"] for section in pack["sections"]] == list(CLAUSES)
    ncs = next(section for section in pack["sections"] if section["clause"] == "9.3.2 c) 4")
    figures = {figure["label"]: figure for figure in ncs["inputs"][0]["figures"]}
    assert figures["Nonconformities detected"]["value"] == "1"
    assert figures["Nonconformities detected"]["url"] == reverse("quality:nc_list")


def test_a_failing_input_is_reported_in_the_pack_and_never_sinks_it(review, monkeypatch):
    from magistrat.quality import review_inputs

    def broken(*, start, end):
        raise ZeroDivisionError

    monkeypatch.setattr(review_inputs, "_inputs", dict(review_inputs._inputs))
    register_input(ReviewInput(code="test.broken", clause="9.3.2 c) 7", label="Broken", compute=broken))
    register_input(
        ReviewInput(
            code="test.fine", clause="9.3.2 c) 7", label="Fine", compute=lambda **_: [Figure("x", "1")]
        )
    )
    section = next(
        s
        for s in compile_pack(start=review.period_start, end=review.period_end)["sections"]
        if s["clause"] == "9.3.2 c) 7"
    )
    assert [(entry["label"], entry["error"]) for entry in section["inputs"]] == [
        ("Broken", "ZeroDivisionError"),
        ("Fine", ""),
    ]


def test_holding_freezes_the_pack_with_its_hash_and_comments(review, quality, leader, today, make_nc):
    services.review_comment(
        by=quality, review=review, clause="9.3.2 c) 7", text="Suppliers delivered on time."
    )
    with pytest.raises(ServiceError):
        services.review_hold(
            by=quality, review=review, held_on=today, chair=quality, participants="QM", conclusions="OK"
        )
    held = services.review_hold(
        by=quality,
        review=review,
        held_on=today,
        chair=leader,
        participants="Mayor, QM",
        conclusions="The QMS works.",
    )
    assert held.state == "held" and len(held.pack_hash) == 64
    frozen = dict(held.pack)
    section = next(s for s in frozen["sections"] if s["clause"] == "9.3.2 c) 7")
    assert section["comment"] == "Suppliers delivered on time."
    make_nc()  # later data does not change a held pack
    held.refresh_from_db()
    assert held.pack == frozen
    with pytest.raises(ServiceError):
        services.review_comment(by=quality, review=held, clause="9.3.2 a", text="Too late")
    entry = AuditEntry.objects.filter(action="quality.review.held").get()
    assert entry.data["hash"] == held.pack_hash


def test_decisions_become_actions_that_the_next_review_reads(
    review, quality, leader, owner, units, today, monday
):
    with pytest.raises(ServiceError):
        services.review_decide(by=quality, review=review, kind="improvement", text="Before holding")
    services.review_hold(
        by=quality, review=review, held_on=today, chair=leader, participants="All", conclusions="OK"
    )
    with pytest.raises(ServiceError):
        services.review_decide(
            by=quality, review=review, kind="resources", text="Half an action", owner=owner
        )
    decision = services.review_decide(
        by=quality,
        review=review,
        kind="resources",
        text="Hire two clerks",
        owner=owner,
        unit=units["FN"],
        due_on=monday,
    )
    services.review_decide(by=quality, review=review, kind="qms_change", text="Merge two procedures")
    assert decision.action.owner == owner and Action.objects.of(decision).get() == decision.action
    assert list(services.actions_of_reviews(before=today + timedelta(days=1))) == [decision.action]


def test_the_pages_prepare_show_and_export_the_review(client, quality, leader, today):
    client.force_login(quality)
    data = {
        "title": "Przegląd",
        "period_start": (today - timedelta(days=30)).isoformat(),
        "period_end": (today - timedelta(days=30)).isoformat(),
        "planned_on": today.isoformat(),
    }
    assert client.post(reverse("quality:review_create"), data).status_code == 400
    data["period_start"] = (today - timedelta(days=60)).isoformat()
    assert client.post(reverse("quality:review_create"), data).status_code == 302
    review = ManagementReview.objects.get()
    page = client.get(reverse("quality:review_detail", args=[review.pk])).content.decode()
    assert "9.3.2 c) 4" in page and "Hold the review" in page
    client.post(
        reverse("quality:review_comment", args=[review.pk]), {"clause": "9.3.2 d", "text": "Enough staff."}
    )
    review.refresh_from_db()
    assert review.comments == {"9.3.2 d": "Enough staff."}
    pdf = client.get(reverse("quality:review_pdf", args=[review.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    docx = client.get(reverse("quality:review_docx", args=[review.pk]))
    from docx import Document

    text = "\n".join(p.text for p in Document(BytesIO(docx.content)).paragraphs)
    assert "Enough staff." in text
    assert AuditEntry.objects.filter(action="quality.review.exported").count() == 2
    bad = client.post(
        reverse("quality:review_hold", args=[review.pk]),
        {"held_on": today.isoformat(), "chair": quality.pk, "participants": "x", "conclusions": "y"},
    )
    assert bad.status_code == 400
    review.refresh_from_db()
    assert review.state == "draft"


def test_a_review_planned_soon_is_on_the_quality_managers_home_page(review, quality, leader):
    assert any("Hold the management review" in item.title for item in context_attention(quality))
    assert not any("Hold the management review" in item.title for item in context_attention(leader))


def test_every_input_of_the_standard_but_external_providers_is_answered_by_a_module():
    from magistrat.quality.review_inputs import registered_inputs

    answered = {entry.clause for entry in registered_inputs()}
    assert set(CLAUSES) - answered == {"9.3.2 c) 7"}  # written by the quality manager
    codes = {entry.code for entry in registered_inputs()}
    assert {"audits.results", "isms.incidents", "isms.treatment", "quality.measures_satisfaction"} <= codes


def test_measures_show_each_kpi_source_with_the_period_before(review, monkeypatch):
    from magistrat.performance import sources
    from magistrat.quality.review_measures import satisfaction

    monkeypatch.setattr(sources, "_sources", {})
    measured = sources.Value(81.24, sample=200, low=75.0, high=86.5, records_url="/r/")
    values = iter([measured, sources.Value(None)])
    sources.register_source(
        sources.KpiSource("feedback.test", "Test CSAT", "%", compute=lambda **_: next(values))
    )
    (figure,) = satisfaction(start=review.period_start, end=review.period_end)
    assert figure.label == "Test CSAT" and figure.url == "/r/"
    assert figure.value.startswith("81.2 %") and "n = 200" in figure.value and "no data" in figure.value
