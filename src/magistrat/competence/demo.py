"""The demo office's periodic assessments: two cycles for the officials of a few units (every unit
in the full demo), written through the services as the people who act: the direct superior
starts, marks, makes and delivers; the employee confirms and appeals; the head of the office
decides. Some appeals (dismissed, changed, pending), one second negative assessment in a row,
and a few assessments still in progress so the home pages have something to show."""

from datetime import date, timedelta

from magistrat.competence.models import Appeal, Assessment
from magistrat.competence.schedule import UnitTree, exclusion, office_head_user_id, primary_unit_id
from magistrat.competence.services import assessments as services
from magistrat.core.audit import audit_context
from magistrat.core.demo import DemoContext
from magistrat.org.models import Staff

SMALL_UNITS = ["SA", "SA-01", "KS"]


def seed(context: DemoContext) -> None:
    units = context.shared["units"]
    codes = SMALL_UNITS if context.small else list(units)
    staff = list(
        Staff.objects.filter(
            memberships__unit__in=[units[c] for c in codes], memberships__is_primary=True, is_active=True
        )
        .select_related("user", "position")
        .prefetch_related("memberships")
        .order_by("pk")
    )
    tree = UnitTree()
    head_id = office_head_user_id() or 0
    head = next((s.user for s in Staff.objects.filter(user_id=head_id).select_related("user")), None)
    first_cycle = context.today - timedelta(days=640)
    second_cycle = context.today - timedelta(days=150)
    people = []
    for person in staff:
        boss, _reason = tree.superior_of(person, primary_unit_id(person))
        if exclusion(person) or boss is None:
            continue
        if person.employed_since and person.employed_since > first_cycle:
            continue
        people.append((person, boss.user))
    negative_twice = people[1][0].pk if len(people) > 1 else None
    for index, (person, superior) in enumerate(people):
        negative = person.pk == negative_twice
        day = first_cycle + timedelta(days=index % 20)
        with audit_context(user=superior):
            first = _assess(person, superior, day, context.rng, negative=negative)
        if index % 9 == 4 and not negative:  # an appeal: dismissed or the assessment changed
            _appeal(first, person, head, changed=index % 2 == 0, filed=first.delivered_on)
    for index, (person, superior) in enumerate(people):
        negative = person.pk == negative_twice
        pending_appeal = index % 10 == 8
        # A recent one for the head to decide: made, delivered and appealed within the last days.
        day = (
            context.today - timedelta(days=12)
            if pending_appeal
            else second_cycle + timedelta(days=index % 20)
        )
        if index % 7 == 3:
            continue  # due soon: not yet assessed in the second cycle
        with audit_context(user=superior):
            if index % 11 == 5:  # still being prepared
                services.assessment_start(
                    user=superior, employee=person, on=context.today - timedelta(days=2)
                )
                continue
            second = _assess(person, superior, day, context.rng, negative=negative, deliver=index % 13 != 6)
        if pending_appeal and second.delivered_on:
            with audit_context(user=person.user):
                services.appeal_file(
                    user=person.user,
                    assessment=second,
                    reasons=_REASONS,
                    on=second.delivered_on + timedelta(days=2),
                )


_REASONS = "Ocena nie uwzględnia prowadzenia przeze mnie spraw z zakresu zastępstwa w drugim półroczu."


def _marks(assessment: Assessment, rng, *, negative: bool) -> dict[str, dict]:
    marks = {}
    for criterion in assessment.order.criteria:
        value = rng.choice([1, 2, 2, 3]) if negative else rng.choice([3, 4, 4, 5, 5])
        comment = "Liczne zaległości w prowadzonych sprawach." if negative and value < 3 else ""
        marks[criterion["code"]] = {"value": value, "comment": comment}
    return marks


def _assess(person, superior, day: date, rng, *, negative: bool, deliver: bool = True) -> Assessment:
    assessment = services.assessment_start(user=superior, employee=person, on=day)
    services.assessment_save(
        user=superior,
        assessment=assessment,
        marks=_marks(assessment, rng, negative=negative),
        conclusions="Wskazane szkolenie z KPA."
        if negative
        else "Kontynuować rozwój w obecnym zakresie zadań.",
    )
    services.assessment_issue(user=superior, assessment=assessment, on=day + timedelta(days=3))
    if deliver:
        services.assessment_deliver(
            user=superior,
            assessment=assessment,
            delivered_on=day + timedelta(days=4),
            delivered_to_head_on=day + timedelta(days=4),
        )
    return assessment


def _appeal(assessment: Assessment, person, head, *, changed: bool, filed: date | None) -> None:
    if head is None or filed is None:
        return
    with audit_context(user=person.user):
        appeal = services.appeal_file(
            user=person.user, assessment=assessment, reasons=_REASONS, on=filed + timedelta(days=2)
        )
    with audit_context(user=head):
        services.appeal_decide(
            user=head,
            appeal=appeal,
            decision=Appeal.Decision.CHANGED if changed else Appeal.Decision.DISMISSED,
            changed_outcome="positive" if changed else "",
            reasons="Odwołanie rozpatrzono po wysłuchaniu pracownika i przełożonego.",
            on=filed + timedelta(days=12),
        )
