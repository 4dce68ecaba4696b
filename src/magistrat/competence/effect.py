"""A training's effect on Kirkpatrick's four levels, read from its enrolments, the level history and
the performance registry's KPI sources (only through `performance.sources`' interface):

1. reaction — the participants' ratings (1–5) and comments;
2. learning — the mean test score before and after, and the mean gain;
3. behaviour — the direct superiors' ratings some months after the training (who is still due);
4. results — the linked KPI over the months before the training against the months after it, and
   the participants' confirmed levels of the competences the training develops before and after.
   "Too few data" where there is nothing to compare.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils import timezone

from magistrat.competence import training_policy
from magistrat.competence.models import Enrolment, LevelRecord, Training
from magistrat.core.deadlines import add_months

ATTENDED = (Enrolment.State.ATTENDED, Enrolment.State.COMPLETED)


def _mean(values) -> float | None:
    values = [v for v in values if v is not None]
    return round(sum(values) / len(values), 1) if values else None


@dataclass
class LevelChange:
    staff: object
    competence: object
    before: int | None
    after: int | None

    @property
    def change(self) -> int | None:
        return None if self.before is None or self.after is None else self.after - self.before


@dataclass
class Effect:
    reaction_count: int = 0
    reaction_mean: float | None = None
    comments: list[str] = field(default_factory=list)
    tested: int = 0
    pre_mean: float | None = None
    post_mean: float | None = None
    gain_mean: float | None = None
    behaviour_count: int = 0
    behaviour_mean: float | None = None
    behaviour_pending: int = 0
    behaviour_due_from: date | None = None
    kpi_code: str = ""
    kpi_label: str = ""
    kpi_before: float | None = None
    kpi_after: float | None = None
    kpi_note: str = ""  # "too few data" or why it is not measured yet
    levels: list[LevelChange] = field(default_factory=list)

    @property
    def levels_raised(self) -> int:
        return sum(1 for row in self.levels if row.change and row.change > 0)


def effect(training: Training, *, today: date | None = None) -> Effect:
    from django.utils.translation import gettext as _

    today = today or timezone.localdate()
    enrolments = list(training.enrolments.select_related("staff__user"))
    attended = [e for e in enrolments if e.state in ATTENDED]
    result = Effect()
    rated = [e for e in attended if e.reaction_rating is not None]
    result.reaction_count, result.reaction_mean = len(rated), _mean(e.reaction_rating for e in rated)
    result.comments = [e.reaction_comment for e in rated if e.reaction_comment]
    tested = [e for e in attended if e.pre_score is not None and e.post_score is not None]
    result.tested = len(tested)
    result.pre_mean = _mean(e.pre_score for e in tested)
    result.post_mean = _mean(e.post_score for e in tested)
    result.gain_mean = _mean((e.post_score or 0) - (e.pre_score or 0) for e in tested)
    completed = [e for e in enrolments if e.state == Enrolment.State.COMPLETED]
    judged = [e for e in completed if e.behaviour_rating is not None]
    result.behaviour_count, result.behaviour_mean = len(judged), _mean(e.behaviour_rating for e in judged)
    result.behaviour_pending = len(completed) - len(judged)
    result.behaviour_due_from = add_months(training.ends_on, training.behaviour_after_months)
    _results(training, result, today, [e.staff for e in completed], _)
    return result


def _results(training: Training, result: Effect, today: date, people, _) -> None:
    months = training_policy.value("results_window_months")
    if training.kpi_code:
        from magistrat.performance.sources import compute, get_source

        source = get_source(training.kpi_code)
        result.kpi_code = training.kpi_code
        result.kpi_label = str(source.label) if source else training.kpi_code
        after_end = add_months(training.ends_on, months)
        if source is None:
            result.kpi_note = _("The KPI source is no longer registered.")
        elif after_end > today:
            result.kpi_note = _("Measured after %(date)s.") % {"date": after_end.isoformat()}
        else:
            before = compute(
                training.kpi_code,
                start=add_months(training.starts_on, -months),
                end=training.starts_on - timedelta(days=1),
            )
            after = compute(training.kpi_code, start=training.ends_on + timedelta(days=1), end=after_end)
            result.kpi_before, result.kpi_after = before.value, after.value
            if before.value is None or after.value is None:
                result.kpi_note = _("Too few data to compare.")
    competences = list(training.competences.all())
    if not competences or not people:
        return
    records = LevelRecord.objects.filter(
        staff__in=people, competence__in=competences, source__in=["superior", "test", "certificate"]
    ).order_by("assessed_on", "pk")
    history: dict[tuple[int, int], list[LevelRecord]] = {}
    for record in records:
        history.setdefault((record.staff_id, record.competence_id), []).append(record)
    for person in people:
        for competence in competences:
            rows = history.get((person.pk, competence.pk), [])
            earlier = [r.level for r in rows if r.assessed_on < training.starts_on]
            later = [r.level for r in rows if r.assessed_on > training.ends_on]
            result.levels.append(
                LevelChange(
                    person, competence, earlier[-1] if earlier else None, later[-1] if later else None
                )
            )
