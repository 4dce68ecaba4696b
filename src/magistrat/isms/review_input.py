"""Information security for the management review (ISO 9001 9.3.2 e: the effectiveness of actions
on risks — here the ISMS risk treatment — and c) 5: security incidents), registered with the
quality module's review inputs from `IsmsConfig.ready()`."""

from datetime import date, datetime, time, timedelta

from django.db.models import Count
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from magistrat.core.deadlines import WARSAW
from magistrat.isms.models import Incident, TreatmentTask
from magistrat.quality.review_inputs import Figure, ReviewInput, register_input


def _moments(start: date, end: date) -> tuple[datetime, datetime]:
    return datetime.combine(start, time.min, tzinfo=WARSAW), datetime.combine(
        end + timedelta(days=1), time.min, tzinfo=WARSAW
    )


def risk_treatment(*, start: date, end: date) -> list[Figure]:
    since, until = _moments(start, end)
    url = reverse("isms:risk_list")
    due = TreatmentTask.objects.filter(due_on__range=(start, end))
    return [
        Figure(_("ISMS risk treatment tasks due in the period"), number_format(due.count()), url),
        Figure(
            _("of which done by their deadline"), number_format(due.filter(done_at__lt=until).count()), url
        ),
        Figure(
            _("Treatment tasks done in the period"),
            number_format(TreatmentTask.objects.filter(done_at__range=(since, until)).count()),
            url,
        ),
    ]


def incidents(*, start: date, end: date) -> list[Figure]:
    since, until = _moments(start, end)
    found = Incident.objects.filter(detected_at__range=(since, until))
    url = reverse("isms:incident_list")
    severities = dict(Incident.Severity.choices)
    figures = [Figure(_("Security incidents detected"), number_format(found.count()), url)]
    for row in found.values("severity").annotate(n=Count("pk")).order_by("severity"):
        label = _("severity: %(severity)s") % {"severity": severities.get(row["severity"], row["severity"])}
        figures.append(Figure(label, number_format(row["n"]), url))
    return figures


def register() -> None:
    register_input(
        ReviewInput("isms.incidents", "9.3.2 c) 5", gettext_lazy("Information security incidents"), incidents)
    )
    register_input(
        ReviewInput("isms.treatment", "9.3.2 e", gettext_lazy("ISMS risk treatment"), risk_treatment)
    )
