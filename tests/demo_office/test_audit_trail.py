"""The demo office's records and its audit trail agree: whoever a record says approved, signed,
closed, published or recorded it is the user of the audit entry that did so."""

from collections.abc import Callable

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models

from magistrat.core.audit_anchors import verify_trail
from magistrat.core.models import Audited, AuditEntry

pytestmark = pytest.mark.django_db


def _entries(obj: models.Model, action: str | None = None):
    entries = AuditEntry.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
    return entries.filter(action=action) if action else entries


def _version_entries(parent: str, actions: tuple[str, ...], number: str) -> Callable:
    def find(obj):
        entries = _entries(getattr(obj, parent)).filter(action__in=actions)
        return [e for e in entries if e.data.get("version") == getattr(obj, number)]

    return find


# Records that are not audited row by row name their actor in an event on their parent.
NOT_AUDITED = {
    ("bip.itemversion", "published_by"): _version_entries(
        "item", ("bip.item.published", "bip.item.removed"), "number"
    ),
    ("services.serviceversion", "created_by"): _version_entries(
        "service", ("services.service.versioned",), "number"
    ),
    ("feedback.surveyversion", "created_by"): _version_entries(
        "survey", ("feedback.survey.version_created",), "number"
    ),
    ("isms.riskrevision", "recorded_by"): lambda rev: [
        e for e in _entries(rev.scenario) if (e.changes.get("revision") or [None, None])[1] == rev.revision
    ],
    ("feedback.response", "excluded_by"): lambda response: list(
        _entries(response, "feedback.response.excluded")
    ),
}


def _actor_fields():
    """(model, field) for every link to a user that names who acted: approved_by, signed_by, …"""
    user_model = get_user_model()
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if field.many_to_one and field.related_model is user_model and field.name.endswith("_by"):
                yield model, field


def test_every_approval_like_record_names_the_user_of_its_audit_entry():
    checked: dict[str, int] = {}
    mismatches, unexplained = [], []
    for model, field in _actor_fields():
        label = f"{model._meta.label_lower}.{field.name}"
        for obj in model._base_manager.exclude(**{f"{field.attname}__isnull": True}):
            actor_id = getattr(obj, field.attname)
            if issubclass(model, Audited):
                # The entry that set the field (the latest, should it have been set twice).
                entries = [
                    e
                    for e in _entries(obj).order_by("-id")
                    if (e.changes.get(field.name) or [None, None])[1] == actor_id
                ][:1]
            elif (model._meta.label_lower, field.name) in NOT_AUDITED:
                entries = NOT_AUDITED[(model._meta.label_lower, field.name)](obj)
            else:
                unexplained.append(label)
                break
            if not entries:
                mismatches.append(f"{label} #{obj.pk}: no audit entry records who did it")
            elif any(entry.actor_id != actor_id for entry in entries):
                mismatches.append(
                    f"{label} #{obj.pk}: the record names user {actor_id}, the trail {entries[0].actor_id}"
                )
            checked[label] = checked.get(label, 0) + 1
    assert not unexplained, f"add how to find the audit entry of {unexplained} to NOT_AUDITED"
    assert not mismatches, mismatches
    # The demo has each kind of approval, so the comparison above is not vacuous.
    for label in (
        "isms.soaversion.approved_by",
        "isms.risksignoff.signed_by",
        "registers.complaint.closed_by",
        "registers.complaintextension.recorded_by",
        "bip.item.approved_by",
        "bip.itemversion.published_by",
        "isms.riskrevision.recorded_by",
        "services.serviceversion.created_by",
    ):
        assert checked.get(label), f"the demo has no {label}"

    # The named events say the same as the records.
    from magistrat.isms.models import RiskSignOff, SoaVersion
    from magistrat.registers.models import Complaint

    approved = SoaVersion.objects.get(state=SoaVersion.State.APPROVED)
    assert approved.approved_by != approved.created_by  # leadership approves what the officer drafted
    assert _entries(approved, "isms.soa.approved").get().actor_id == approved.approved_by_id
    for sign_off in RiskSignOff.objects.select_related("scenario"):
        named = [
            e
            for e in _entries(sign_off.scenario, "isms.risk.signed_off")
            if e.data["revision"] == sign_off.revision
        ]
        assert [e.actor_id for e in named] == [sign_off.signed_by_id]
    for case in Complaint.objects.filter(closed_by__isnull=False)[:50]:
        assert _entries(case, "registers.complaint.closed").get().actor_id == case.closed_by_id


def test_the_seeded_trail_verifies_and_is_anchored_once_committed(demo_office):
    from magistrat.core.demo import _anchor

    assert _anchor in demo_office.on_commit  # seeding asks for the anchor when its transaction commits
    _anchor()
    report = verify_trail()
    assert report.ok and len(report.anchors) == 1
    assert report.anchors[0].count == AuditEntry.objects.count()
