"""The context of the office (ISO 9001 4.1–4.3) and the quality policy (5.2): records kept through
the services, a context review freezes a hashed version, the policy is approved by leadership
(never by its author), shown to staff and published on the BIP."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from magistrat.core.exceptions import ServiceError
from magistrat.core.models import AuditEntry
from magistrat.quality.context_attention import context_attention
from magistrat.quality.models import ContextIssue, ContextReview, PolicyVersion
from magistrat.quality.services import context as services
from tests.factories import StaffFactory, grant


@pytest.fixture
def leader(units):
    return grant(StaffFactory(unit=units["SA"]).user, "leadership")


@pytest.fixture
def context_records(quality, today):
    issue = services.issue_save(
        by=quality,
        kind="external",
        category="environmental",
        title="Heatwaves close the customer hall",
        description="Summer temperatures above 30 °C in the hall.",
        climate_related=True,
        active=True,
        review_on=today + timedelta(days=365),
    )
    party = services.party_save(
        by=quality,
        name="Residents",
        requirements="Matters settled on time, at one visit.",
        monitoring="Ratings at the desks.",
        active=True,
        review_on=today + timedelta(days=365),
    )
    return issue, party


def test_a_context_review_freezes_issues_parties_and_scope_with_a_hash(quality, context_records, today):
    issue, _party = context_records
    review = services.context_review(
        by=quality,
        scope="Every service of the office to residents.",
        climate_relevant=True,
        climate_reason="Heatwaves affect the customer hall.",
        next_review_on=today + timedelta(days=365),
    )
    assert review.version == 1
    assert [row["title"] for row in review.snapshot["issues"]] == [issue.title]
    assert review.snapshot["issues"][0]["kind"] == "external"  # readable values, not codes only
    assert len(review.content_hash) == 64
    # a later change of the issue does not change the frozen version
    services.issue_save(by=quality, issue=issue, title="Heatwaves and floods")
    review.refresh_from_db()
    assert review.snapshot["issues"][0]["title"] == "Heatwaves close the customer hall"
    second = services.context_review(
        by=quality,
        scope="Every service of the office to residents.",
        climate_relevant=True,
        climate_reason="Heatwaves and floods.",
        next_review_on=today + timedelta(days=365),
    )
    assert second.version == 2 and second.content_hash != review.content_hash
    entry = AuditEntry.objects.filter(action="quality.context.reviewed").latest("pk")
    assert entry.data["version"] == 2 and entry.data["issues"] == 1


def test_a_review_without_records_or_with_the_next_review_in_the_past_is_refused(
    quality, context_records, today
):
    with pytest.raises(ServiceError):
        services.context_review(
            by=quality, scope="All", climate_relevant=False, climate_reason="No.", next_review_on=today
        )
    ContextIssue.objects.update(active=False)
    with pytest.raises(ServiceError):
        services.context_review(
            by=quality,
            scope="All",
            climate_relevant=False,
            climate_reason="No.",
            next_review_on=today + timedelta(days=30),
        )
    assert not ContextReview.objects.exists()


def test_only_the_quality_manager_keeps_the_context(units, today):
    head = grant(StaffFactory(unit=units["FN"]).user, "unit_head", unit=units["FN"])
    with pytest.raises(PermissionDenied):
        services.party_save(by=head, name="X", requirements="Y", active=True, review_on=today)


def test_a_control_character_in_an_issue_is_refused_on_the_page(client, quality, today):
    client.force_login(quality)
    response = client.post(
        reverse("quality:issue_create"),
        {
            "kind": "internal",
            "category": "organisational",
            "title": "Staff\x00turnover",
            "review_on": (today + timedelta(days=30)).isoformat(),
            "active": "on",
        },
    )
    assert response.status_code == 400
    assert not ContextIssue.objects.exists()


def test_the_policy_is_approved_by_leadership_not_by_its_author(quality, leader, today):
    draft = services.policy_draft(by=quality, text="We serve residents.\n\nWe improve.", review_on=today)
    assert draft.paragraphs() == ["We serve residents.", "We improve."]
    with pytest.raises(PermissionDenied):
        services.policy_approve(by=quality, version=draft)  # the quality manager cannot approve
    both = grant(StaffFactory().user, "leadership")
    grant(both, "quality_manager")
    own = services.policy_draft(by=both, text="Changed by the second author.", review_on=today)
    assert own.pk == draft.pk  # one draft at a time; it is changed, not duplicated
    with pytest.raises(ServiceError):
        services.policy_approve(by=both, version=own)  # whoever wrote the draft last is its author
    assert PolicyVersion.objects.get().state == "draft"
    version = services.policy_approve(by=leader, version=own)
    assert version.state == "current" and version.approved_by == leader
    with pytest.raises(ServiceError):
        services.policy_approve(by=leader, version=version)  # not a draft any more
    second = services.policy_draft(by=quality, text="Version two.", review_on=today)
    services.policy_approve(by=leader, version=second)
    version.refresh_from_db()
    assert version.state == "superseded" and second.number == 2
    assert AuditEntry.objects.filter(action="quality.policy.approved").count() == 2


def test_every_member_of_staff_reads_the_policy_and_the_bip_publishes_it(client, quality, leader, today):
    draft = services.policy_draft(by=quality, text="We serve residents well.", review_on=today)
    assert client.get(reverse("bip_public:quality_policy")).status_code == 200
    services.policy_approve(by=leader, version=draft)
    page = client.get(reverse("bip_public:quality_policy"))
    assert "We serve residents well." in page.content.decode()  # the cached page ended on approval
    client.force_login(StaffFactory().user)
    response = client.get(reverse("quality:policy"))
    assert "We serve residents well." in response.content.decode()
    assert "Approve and put in force" not in response.content.decode()


def test_leadership_is_asked_to_approve_the_draft_and_the_manager_to_review(quality, leader, today):
    services.policy_draft(by=quality, text="Draft.", review_on=today)
    assert any("Approve the quality policy" in item.title for item in context_attention(leader))
    assert not any("Approve" in item.title for item in context_attention(quality))
    titles = [item.title for item in context_attention(quality)]
    assert "Review the context of the office" in titles  # never reviewed yet
