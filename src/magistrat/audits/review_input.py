"""Audit results for the management review (ISO 9001 9.3.2 c) 6), registered with the quality
module's review inputs from `AuditsConfig.ready()`: the audits reported in the period and their
findings by type, and the audits planned in it but not done."""

from datetime import date, datetime, time, timedelta

from django.db.models import Count
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from magistrat.audits.models import Audit, Finding
from magistrat.core.deadlines import WARSAW
from magistrat.quality.review_inputs import Figure, ReviewInput, register_input


def audit_results(*, start: date, end: date) -> list[Figure]:
    since = datetime.combine(start, time.min, tzinfo=WARSAW)
    until = datetime.combine(end + timedelta(days=1), time.min, tzinfo=WARSAW)
    reported = Audit.objects.filter(reported_at__range=(since, until))
    url = reverse("audits:programme_list")
    figures = [Figure(_("Audits reported"), number_format(reported.count()), url)]
    kinds = dict(Finding.Kind.choices)
    counts = (
        Finding.objects.filter(audit__in=reported).values("kind").annotate(n=Count("pk")).order_by("kind")
    )
    figures += [
        Figure(str(kinds.get(row["kind"], row["kind"])), number_format(row["n"]), url) for row in counts
    ]
    late = Audit.objects.filter(planned_end__range=(start, end), reported_at__isnull=True).count()
    figures.append(Figure(_("Audits planned in the period but not reported"), number_format(late), url))
    return figures


def register() -> None:
    register_input(
        ReviewInput(
            code="audits.results",
            clause="9.3.2 c) 6",
            label=gettext_lazy("Internal audits"),
            compute=audit_results,
        )
    )
