"""Employees' assessed levels of competences. A change never overwrites: every assessment is a new
record with its date and source (self, superior, test, certificate); the latest confirmed one (not
a self-assessment) is the level the gap matrix counts.

Who records: the person their own self-assessment; the direct superior for their direct reports
(the superior's rule in `competence/permissions.py`, as for periodic assessments); HR tests and
certificates for anyone."""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from magistrat.competence.models import Competence, LevelRecord
from magistrat.competence.schedule import direct_superior
from magistrat.core.audit import log_action
from magistrat.core.exceptions import ServiceError
from magistrat.core.permissions import has_perm, require_may
from magistrat.org.models import Staff

MANAGE = "competence.manage_competence"
VIEW = "competence.view_competence"


def _check_who(user, staff: Staff, source: str) -> None:
    if source == LevelRecord.Source.SELF:
        if staff.user_id != user.pk:
            raise ServiceError(_("Only the employee assesses themselves."), field="source")
        return
    if staff.user_id == user.pk:
        raise ServiceError(
            _("Your own level is confirmed by your superior, a test or a certificate."), field="source"
        )
    require_may(user, MANAGE, staff)
    if source == LevelRecord.Source.SUPERIOR:
        superior = direct_superior(staff)
        if superior is None or superior.user_id != user.pk:
            raise ServiceError(
                _("Only the direct superior records the superior's assessment."), field="source"
            )
    elif not has_perm(user, MANAGE):
        superior = direct_superior(staff)
        if superior is None or superior.user_id != user.pk:
            raise ServiceError(
                _("Only HR or the direct superior records a test or a certificate."), field="source"
            )


@transaction.atomic
def level_record(
    *,
    user,
    staff: Staff,
    competence: Competence,
    level: int,
    source: str,
    assessed_on: date | None = None,
    evidence: str = "",
    note: str = "",
) -> LevelRecord:
    assessed_on = assessed_on or timezone.localdate()
    if source not in LevelRecord.Source.values:
        raise ServiceError(_("Choose the source of the assessment."), field="source")
    _check_who(user, staff, source)
    if not 0 <= level <= competence.top_level:
        raise ServiceError(_("The level is not on the competence's scale."), field="level")
    if assessed_on > timezone.localdate():
        raise ServiceError(_("The date cannot be in the future."), field="assessed_on")
    if staff.employed_since and assessed_on < staff.employed_since:
        raise ServiceError(_("The date is before the person was employed."), field="assessed_on")
    if source in (LevelRecord.Source.TEST, LevelRecord.Source.CERTIFICATE) and not evidence.strip():
        raise ServiceError(_("Name the test or the certificate."), field="evidence")
    record = LevelRecord(
        staff=staff,
        competence=competence,
        level=level,
        assessed_on=assessed_on,
        source=source,
        evidence=evidence,
        note=note,
        recorded_by=user,
    )
    previous = None
    if source != LevelRecord.Source.SELF:
        previous = (
            LevelRecord.objects.select_for_update()
            .filter(staff=staff, competence=competence, is_current=True)
            .first()
        )
        # A record dated before the current one joins the history without replacing it.
        if previous is None or assessed_on >= previous.assessed_on:
            if previous is not None:
                previous.is_current = False
                previous.save(update_fields=["is_current", "updated_at"])
            record.is_current = True
    record.save()
    log_action(
        record,
        "competence.level.recorded",
        user=user,
        data={
            "employee": str(staff),
            "competence": competence.name,
            "level": level,
            "previous_level": previous.level if previous is not None else "",
            "source": source,
            "assessed_on": assessed_on.isoformat(),
        },
    )
    return record
