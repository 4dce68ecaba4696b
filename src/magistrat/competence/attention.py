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
from magistrat.competence.schedule import direct_reports, may_decide
from magistrat.core.attention import AttentionItem, clock_item
from magistrat.core.deadlines import WARSAW, Status
from magistrat.core.permissions import has_perm
from magistrat.org.models import Staff


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


def training_attention(user) -> list[AttentionItem]:
    """Trainings: certificates expiring within the policy's days (the holder and HR), a training to
    rate (Kirkpatrick 1: the participant), behaviour to assess after a report's training
    (Kirkpatrick 3: the direct superior), the person's own mandatory trainings overdue or expiring."""
    if not getattr(user, "is_authenticated", False):
        return []
    from magistrat.competence import mandatory, training_selectors

    module = _("Trainings")
    today = timezone.localdate()
    items: list[AttentionItem] = []
    hr = has_perm(user, "competence.manage_competence")
    certificates = training_selectors.expiring_certificates(today=today)
    if not hr:
        certificates = certificates.filter(staff__user=user)
    for certificate in training_selectors.not_renewed(certificates)[:100]:
        expired = certificate.valid_until < today
        own = certificate.staff.user_id == user.pk
        title = (
            _("Your certificate of %(training)s expires on %(date)s")
            if own and not expired
            else _("Your certificate of %(training)s expired on %(date)s")
            if own
            else _("Certificate of %(person)s (%(training)s) expires on %(date)s")
            if not expired
            else _("Certificate of %(person)s (%(training)s) expired on %(date)s")
        )
        items.append(
            AttentionItem(
                title=title
                % {
                    "person": certificate.staff,
                    "training": certificate.enrolment.training.title,
                    "date": date_format(certificate.valid_until, "SHORT_DATE_FORMAT"),
                },
                url=reverse("competence:my_trainings")
                if own
                else reverse("competence:training_detail", args=[certificate.enrolment.training_id]),
                module=module,
                kind="due",
                due=_end_of(certificate.valid_until),
                status=Status.OVERDUE if expired else Status.DUE_SOON,
            )
        )
    for enrolment in training_selectors.my_enrolments(user=user).filter(
        state__in=["attended", "completed"], reaction_rating__isnull=True, training__ends_on__lte=today
    )[:20]:
        items.append(
            AttentionItem(
                title=_("Rate the training %(training)s") % {"training": enrolment.training.title},
                url=reverse("competence:my_trainings") + f"#enrolment-{enrolment.pk}",
                module=module,
            )
        )
    reports = direct_reports(user)  # read once for both reminders about them
    to_assess = training_selectors.report_enrolments_to_assess(user=user, today=today, reports=reports)
    for enrolment in to_assess[:50]:
        items.append(
            AttentionItem(
                title=_("Assess how %(person)s uses the training %(training)s at work")
                % {"person": enrolment.staff, "training": enrolment.training.title},
                url=reverse("competence:enrolment_detail", args=[enrolment.pk]),
                module=module,
                status=Status.DUE_SOON,
            )
        )
    items += _reports_mandatory(reports, today, module)
    staff = getattr(user, "staff", None)
    if staff is not None and staff.is_active:
        for status in mandatory.statuses([staff], today).get(staff.pk, []):
            if status.status == "expiring" or not status.compliant(today):
                items.append(
                    AttentionItem(
                        title=_("Mandatory training %(name)s: %(status)s")
                        % {"name": status.rule.name, "status": status.label},
                        url=reverse("competence:my_trainings") + "#mandatory",
                        module=module,
                        kind="due",
                        status=Status.DUE_SOON if status.compliant(today) else Status.OVERDUE,
                    )
                )
    return items


def _reports_mandatory(reports: list[Staff], today, module) -> list[AttentionItem]:
    """The direct superior sees their reports' mandatory trainings overdue (they enrol them), until
    each is done."""
    from magistrat.competence import mandatory

    by_pk = {person.pk: person for person in reports}
    items = []
    for staff_id, statuses in mandatory.statuses(by_pk.values(), today).items():
        for status in statuses:
            if not status.compliant(today):
                items.append(
                    AttentionItem(
                        title=_("Mandatory training %(name)s of %(person)s: %(status)s")
                        % {"name": status.rule.name, "person": by_pk[staff_id], "status": status.label},
                        url=reverse("competence:training_list"),
                        module=module,
                        kind="due",
                        status=Status.OVERDUE,
                    )
                )
    return items
