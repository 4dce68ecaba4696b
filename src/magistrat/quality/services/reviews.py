"""Writes to the management review (ISO 9001 9.3), each a named audit event: a review prepared for a
period, the quality manager's comments on its inputs, the review held (its pack frozen and hashed),
its decisions recorded with their actions in the one action register."""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from magistrat.core.audit import log_action
from magistrat.core.exceptions import ServiceError, clean_or_refuse
from magistrat.core.permissions import has_perm, require_may
from magistrat.core.reference import content_hash
from magistrat.quality.models import Action, ManagementReview, ReviewDecision
from magistrat.quality.review_inputs import CLAUSES, compile_pack
from magistrat.quality.services.actions import action_create

MANAGE = "quality.manage_quality"


def _draft(review: ManagementReview) -> ManagementReview:
    review = ManagementReview.objects.select_for_update().get(pk=review.pk)
    if review.state != ManagementReview.State.DRAFT:
        raise ServiceError(_("The review has been held: its pack is frozen."))
    return review


@transaction.atomic
def review_prepare(
    *, by, title: str, period_start: date, period_end: date, planned_on: date, today: date | None = None
) -> ManagementReview:
    """A review for a period (the pack is compiled live until it is held)."""
    require_may(by, MANAGE)
    today = today or timezone.localdate()
    if period_end <= period_start:
        raise ServiceError(_("The period must end after it starts."), field="period_end")
    if period_end > today:
        raise ServiceError(
            _("The period cannot end in the future: there is no data for it yet."), field="period_end"
        )
    if planned_on < period_end:
        raise ServiceError(_("The review is held after the period it reviews."), field="planned_on")
    review = ManagementReview(
        title=title.strip(), period_start=period_start, period_end=period_end, planned_on=planned_on
    )
    clean_or_refuse(review)
    review.save()
    log_action(
        review,
        "quality.review.prepared",
        user=by,
        data={
            "period": f"{period_start.isoformat()} – {period_end.isoformat()}",
            "planned_on": planned_on.isoformat(),
        },
    )
    return review


@transaction.atomic
def review_comment(*, by, review: ManagementReview, clause: str, text: str) -> ManagementReview:
    require_may(by, MANAGE, review)
    review = _draft(review)
    if clause not in CLAUSES:
        raise ServiceError(_("Choose an input of the review."), field="clause")
    review.comments = {**review.comments, clause: text.strip()}
    if not text.strip():
        review.comments.pop(clause)
    review.save(update_fields=["comments", "updated_at"])
    log_action(review, "quality.review.commented", user=by, data={"clause": clause, "comment": text.strip()})
    return review


@transaction.atomic
def review_hold(
    *, by, review: ManagementReview, held_on: date, chair, participants: str, conclusions: str
) -> ManagementReview:
    """The review is held: its pack is compiled one last time, frozen and hashed."""
    require_may(by, MANAGE, review)
    review = _draft(review)
    if held_on < review.period_end:
        raise ServiceError(_("The review is held after the period it reviews."), field="held_on")
    if held_on > timezone.localdate():
        raise ServiceError(_("The date cannot be in the future."), field="held_on")
    if not has_perm(chair, "quality.approve_policy"):
        raise ServiceError(_("The review is chaired by a member of the office's leadership."), field="chair")
    if not participants.strip() or not conclusions.strip():
        raise ServiceError(_("Name the participants and write the conclusions."), field="conclusions")
    pack = compile_pack(start=review.period_start, end=review.period_end, comments=review.comments)
    review.pack, review.pack_hash = pack, content_hash(pack)
    review.state, review.held_on, review.chair = ManagementReview.State.HELD, held_on, chair
    review.participants, review.conclusions = participants.strip(), conclusions.strip()
    review.save()
    log_action(
        review,
        "quality.review.held",
        user=by,
        data={
            "held_on": held_on.isoformat(),
            "chair": chair.get_username(),
            "hash": review.pack_hash,
        },
    )
    return review


@transaction.atomic
def review_decide(
    *,
    by,
    review: ManagementReview,
    kind: str,
    text: str,
    owner=None,
    unit=None,
    due_on: date | None = None,
    today: date | None = None,
) -> ReviewDecision:
    """Record an output of a held review; with an owner, unit and deadline it becomes an action."""
    require_may(by, MANAGE, review)
    review = ManagementReview.objects.select_for_update().get(pk=review.pk)
    if review.state != ManagementReview.State.HELD:
        raise ServiceError(_("Decisions are recorded once the review has been held."))
    tracked = (owner, unit, due_on)
    if any(tracked) and not all(tracked):
        raise ServiceError(_("An action needs an owner, a unit and a deadline."), field="owner")
    decision = ReviewDecision(review=review, kind=kind, text=text.strip())
    clean_or_refuse(decision, exclude=("action",))
    decision.save()
    if due_on is not None:
        decision.action = action_create(
            by=by,
            title=text.strip()[:200],
            owner=owner,
            unit=unit,
            due_on=due_on,
            origin=decision,
            today=today,
        )
        decision.save(update_fields=["action", "updated_at"])
    log_action(
        review,
        "quality.review.decided",
        user=by,
        data={
            "kind": str(decision.get_kind_display()),
            "decision": decision.text,
            "action": decision.action_id,
        },
    )
    return decision


def actions_of_reviews(*, before: date):
    """Actions decided by reviews held before a day: input a) of the next review."""
    from django.contrib.contenttypes.models import ContentType

    decisions = ReviewDecision.objects.filter(review__held_on__lt=before).values_list("pk", flat=True)
    return Action.objects.filter(
        origin_type=ContentType.objects.get_for_model(ReviewDecision), origin_id__in=decisions
    )
