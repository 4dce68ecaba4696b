"""The competence part of the staff home page's "needs your attention" list (and the daily reminder).

- The direct superior: reports whose assessment falls due within the order's warning days or is
  overdue (art. 27 ust. 2), assessments to complete, made assessments to deliver (ust. 4).
- The employee: a made assessment to confirm receiving.
- The head of the office and HR: appeals to decide within 14 days (ust. 6).
- HR: a second negative assessment in a row (ust. 9), for a person to decide.
"""

from datetime import datetime, time

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from magistrat.competence import selectors
from magistrat.competence.models import Assessment
from magistrat.competence.schedule import may_decide
from magistrat.core.attention import AttentionItem, clock_item
from magistrat.core.deadlines import WARSAW, Status
from magistrat.core.permissions import has_perm


def _end_of(day) -> datetime:
    return datetime.combine(day, time.max, tzinfo=WARSAW)


def competence_attention(user) -> list[AttentionItem]:
    if not getattr(user, "is_authenticated", False):
        return []
    module = _("Periodic assessments")
    items: list[AttentionItem] = []
    for row in selectors.report_rows(user=user):
        if row.status not in ("overdue", "due_soon") or row.timing is None or row.timing.due_by is None:
            continue
        items.append(
            AttentionItem(
                title=_("Periodic assessment of %(person)s due by %(date)s (art. 27 ust. 2)")
                % {"person": row.staff, "date": date_format(row.timing.due_by, "SHORT_DATE_FORMAT")},
                url=reverse("competence:mine") + "#reports",
                module=module,
                kind="due",
                due=_end_of(row.timing.due_by),
                status=Status.OVERDUE if row.status == "overdue" else Status.DUE_SOON,
            )
        )
    for assessment in selectors.assessed_by(user=user).filter(
        state__in=[Assessment.State.DRAFT, Assessment.State.ISSUED]
    ):
        draft = assessment.state == Assessment.State.DRAFT
        items.append(
            AttentionItem(
                title=(
                    _("Complete the periodic assessment of %(person)s")
                    if draft
                    else _("Deliver the periodic assessment of %(person)s without delay (art. 27 ust. 4)")
                )
                % {"person": assessment.employee},
                url=reverse("competence:assessment_detail", args=[assessment.pk]),
                module=module,
                # A made assessment is delivered without delay: it is reminded every day until it is.
                status=None if draft else Status.OVERDUE,
            )
        )
    for assessment in selectors.my_assessments(user=user).filter(state=Assessment.State.ISSUED):
        items.append(
            AttentionItem(
                title=_("Confirm receiving your periodic assessment"),
                url=reverse("competence:assessment_detail", args=[assessment.pk]),
                module=module,
                status=Status.DUE_SOON,
            )
        )
    if may_decide(user):
        for appeal in selectors.open_appeals()[:50]:
            items.append(
                clock_item(
                    title=_("Decide the appeal of %(person)s against a periodic assessment")
                    % {"person": appeal.assessment.employee},
                    url=reverse("competence:assessment_detail", args=[appeal.assessment_id]) + "#appeal",
                    module=module,
                    clock=appeal.clock,
                )
            )
    if has_perm(user, "competence.manage_competence"):
        today = timezone.localdate()
        for assessment in selectors.open_second_negatives()[:50]:
            if assessment.ended_on(today) is None:
                continue  # still open to an appeal or awaiting the decision
            items.append(
                AttentionItem(
                    title=_(
                        "Second negative periodic assessment of %(person)s in a row: decide on ending the "
                        "employment with notice (art. 27 ust. 9)"
                    )
                    % {"person": assessment.employee},
                    url=reverse("competence:assessment_detail", args=[assessment.pk]) + "#second-negative",
                    module=module,
                    status=Status.OVERDUE,
                )
            )
    return items


PREPARATORY_WARN_DAYS = 21  # before the exam falls due (the contract's last working day)


def preparatory_attention(user) -> list[AttentionItem]:
    """Open preparatory services (art. 19): HR, the mentor and the direct superior are reminded to
    schedule the exam before the first contract ends, and to record its result."""
    if not getattr(user, "is_authenticated", False):
        return []
    from datetime import timedelta

    from magistrat.competence.schedule import direct_superior

    module = _("Preparatory service")
    today = timezone.localdate()
    hr = has_perm(user, "competence.manage_competence")
    items: list[AttentionItem] = []
    for service in selectors.open_preparatory_services():
        if not hr and service.mentor.user_id != user.pk:
            superior = direct_superior(service.staff)
            if superior is None or superior.user_id != user.pk:
                continue
        due = service.exam_due_by
        url = reverse("competence:preparatory_detail", args=[service.pk])
        if service.exam_on is not None and service.exam_on <= today:
            title = _("Record the result of the preparatory service exam of %(person)s (held on %(date)s)")
            day = service.exam_on
            status = Status.OVERDUE
        elif service.exam_on is None:
            title = _(
                "Schedule the preparatory service exam of %(person)s: due by %(date)s, before the first "
                "contract ends (art. 19)"
            )
            day = due
            status = (
                Status.OVERDUE
                if due < today
                else Status.DUE_SOON
                if due - timedelta(days=PREPARATORY_WARN_DAYS) <= today
                else Status.OPEN
            )
        else:
            if service.exam_on - timedelta(days=7) > today:
                continue
            title = _("Preparatory service exam of %(person)s on %(date)s")
            day = service.exam_on
            status = Status.DUE_SOON
        items.append(
            AttentionItem(
                title=title % {"person": service.staff, "date": date_format(day, "SHORT_DATE_FORMAT")},
                url=url,
                module=module,
                kind="due",
                due=_end_of(day),
                status=status,
            )
        )
    return items
