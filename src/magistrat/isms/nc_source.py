"""Security incidents as a source of nonconformities (registered with `quality.sources` from
`IsmsConfig.ready()`): an incident shows a control that did not work (ISO/IEC 27001 10.2 asks for
the same corrective-action loop as ISO 9001 10.2). Significant and high-severity incidents of the
last half year wait on the quality manager's page; any incident's page offers "raise a
nonconformity". There is no data measure: a person judges the effectiveness.
"""

from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from magistrat.core.deadlines import local_date
from magistrat.isms.models import Incident
from magistrat.quality.models import Nonconformity
from magistrat.quality.sources import Candidate, Draft, Source, register_source

CODE = "security_incident"
RECENT_DAYS = 183


def _url(incident: Incident) -> str:
    return reverse("isms:incident_detail", args=[incident.pk])


def _candidates(user) -> list[Candidate]:
    linked = Nonconformity.objects.filter(linked_type=ContentType.objects.get_for_model(Incident)).values(
        "linked_id"
    )
    since = timezone.now() - timedelta(days=RECENT_DAYS)
    incidents = Incident.objects.filter(detected_at__gte=since).filter(
        Q(significant=True) | Q(severity__in=(Incident.Severity.HIGH, Incident.Severity.CRITICAL))
    )
    return [
        Candidate(obj=i, label=str(i), detail=i.get_severity_display(), url=_url(i))
        for i in incidents.exclude(pk__in=linked).order_by("-detected_at")[:50]
    ]


def _propose(incident: Incident) -> Draft:
    staff = getattr(incident.handler, "staff", None)
    unit = staff.primary_unit if staff is not None else None
    return Draft(
        title=str(incident)[:200],
        description=incident.description[:5000],
        unit_id=unit.pk if unit else None,
        detected_on=local_date(incident.detected_at),
    )


def register() -> None:
    register_source(
        Source(
            code=CODE,
            label=gettext_lazy("security incident"),
            model="isms.incident",
            candidates=_candidates,
            propose=_propose,
            url=_url,
        )
    )
