"""Writes to the nonconformity register (ISO 9001 8.7, 10.2), each state change a named event.

Raised from a source's record by the quality manager (`nc_raise`) or reported by any member of
staff (`nc_report`); triaged (`nc_dismiss` for what is not a nonconformity); analysed (immediate
correction, 5 whys, Ishikawa causes, similar cases elsewhere, risk and QMS updates); corrective
actions planned (`nc_action_add`, into the one action register); when the last action is done the
effectiveness check falls due after the policy's period; the source re-measures
(`nc_effectiveness_measure`), a person decides (`nc_effectiveness_confirm`), and only then may the
record be closed (`nc_close`).
"""

from datetime import date, datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from magistrat.core.audit import log_action
from magistrat.core.deadlines import local_date
from magistrat.core.exceptions import ServiceError, clean_or_refuse
from magistrat.core.numbering import case_number
from magistrat.core.permissions import has_perm, require_may
from magistrat.quality import policy
from magistrat.quality.models import ISHIKAWA, Action, EffectivenessCheck, Nonconformity
from magistrat.quality.services.actions import action_create, actions_verify, on_finished
from magistrat.quality.sources import STAFF_REPORT, Measurement, Proposal, source

MANAGE = "quality.manage_quality"
State = Nonconformity.State


def _register(nc: Nonconformity, *, by, linked=None, event: str) -> Nonconformity:
    today = timezone.localdate()
    if nc.detected_on > today:
        raise ServiceError(_("The detection date cannot be in the future."), field="detected_on")
    if linked is not None:
        nc.linked_type = ContentType.objects.get_for_model(linked)
        nc.linked_id = linked.pk
        nc.linked_label = str(linked)[:300]
    nc.reported_by = by
    nc.title, nc.description = nc.title.strip(), nc.description.strip()
    nc.number = case_number(Nonconformity.number_register, nc.detected_on)
    clean_or_refuse(nc, exclude=("number",))
    nc.save()
    log_action(
        nc,
        event,
        user=by,
        data={"number": nc.number, "source": nc.source, "linked": nc.linked_label, "unit": nc.unit.code},
    )
    return nc


@transaction.atomic
def nc_raise(
    *,
    by,
    source_code: str,
    title: str,
    description: str,
    unit,
    detected_on: date,
    linked=None,
    trigger: dict | None = None,
    correction: str = "",
) -> Nonconformity:
    """The quality manager opens a record, from a source's record (a justified complaint, a
    satisfaction alert, an incident) or on their own."""
    entry = source(source_code)
    if entry is None:
        raise ServiceError(_("Unknown source of a nonconformity."), field="source")
    nc = Nonconformity(
        source=source_code,
        title=title,
        description=description,
        unit=unit,
        detected_on=detected_on,
        trigger=trigger or {},
        correction=correction.strip(),
    )
    require_may(by, MANAGE, nc)
    if linked is not None:
        if not entry.accepts(linked):
            raise ServiceError(_("This record cannot raise a nonconformity of that source."))
        if Nonconformity.objects.open().linked_to(linked).exists():
            raise ServiceError(_("An open nonconformity already exists for this record."))
    return _register(nc, by=by, linked=linked, event="quality.nc.raised")


@transaction.atomic
def nc_record_from_source(*, by, source_code: str, linked, draft) -> Nonconformity | None:
    """A module whose own workflow establishes a nonconformity records it (an auditor recording a
    nonconforming audit finding): no quality-manager role is asked, the person who established it
    is named, and a record already linked to `linked` is never doubled (returns None)."""
    entry = source(source_code)
    if entry is None or linked is None or not entry.accepts(linked):
        raise ServiceError(_("This record cannot raise a nonconformity of that source."))
    if Nonconformity.objects.linked_to(linked).exists():
        return None
    nc = Nonconformity(
        source=source_code,
        title=draft.title,
        description=draft.description,
        unit_id=draft.unit_id,
        detected_on=draft.detected_on or timezone.localdate(),
        trigger=draft.trigger,
    )
    return _register(nc, by=by, linked=linked, event="quality.nc.raised")


@transaction.atomic
def nc_report(
    *, by, title: str, description: str, unit, detected_on: date, correction: str = ""
) -> Nonconformity:
    """Any member of staff reports a nonconformity they noticed; it waits on the quality manager's
    home page until it is triaged (analysed or dismissed)."""
    if not getattr(by, "is_authenticated", False) or not by.is_active:
        raise PermissionDenied
    nc = Nonconformity(
        source=STAFF_REPORT,
        title=title,
        description=description,
        unit=unit,
        detected_on=detected_on,
        correction=correction.strip(),
    )
    return _register(nc, by=by, event="quality.nc.reported")


def _locked(nc: Nonconformity, by) -> Nonconformity:
    require_may(by, MANAGE, nc)
    return Nonconformity.objects.select_for_update().get(pk=nc.pk)


@transaction.atomic
def nc_dismiss(*, nc: Nonconformity, by, reason: str) -> Nonconformity:
    nc = _locked(nc, by)
    if nc.state != State.NEW:
        raise ServiceError(_("Only a new record can be dismissed."))
    if not reason.strip():
        raise ServiceError(_("Say why this is not a nonconformity."), field="reason")
    nc.state, nc.dismissed_reason = State.DISMISSED, reason.strip()
    nc.save()
    log_action(nc, "quality.nc.dismissed", user=by, data={"reason": nc.dismissed_reason})
    return nc


def _clean_whys(whys) -> list[dict]:
    lines = [
        {"why": (w.get("why") or "").strip(), "because": (w.get("because") or "").strip()}
        for w in whys
        if (w.get("why") or "").strip() or (w.get("because") or "").strip()
    ]
    if len(lines) > policy.value("max_whys"):
        raise ServiceError(
            _("At most %(count)d why lines.") % {"count": policy.value("max_whys")}, field="whys"
        )
    if any(not line["because"] for line in lines):
        raise ServiceError(_("Every why needs its answer (because …)."), field="whys")
    return lines


@transaction.atomic
def nc_analyse(
    *,
    nc: Nonconformity,
    by,
    correction: str = "",
    whys=(),
    causes: dict | None = None,
    root_cause: str = "",
    similar_elsewhere: str = "",
    risk_updates: str = "",
    qms_updates: str = "",
) -> Nonconformity:
    """Record (or revise) the correction and the analysis (ISO 9001 10.2.1 a–b, e–f); a new record
    becomes analysed once it names its root cause."""
    nc = _locked(nc, by)
    if nc.state in (State.CLOSED, State.DISMISSED):
        raise ServiceError(_("A closed or dismissed record cannot be changed."))
    lines = _clean_whys(whys)
    cleaned = {key: (text or "").strip() for key, text in (causes or {}).items() if key in ISHIKAWA}
    cleaned = {key: text for key, text in cleaned.items() if text}
    if not root_cause.strip():
        raise ServiceError(_("Name the root cause."), field="root_cause")
    nc.correction = correction.strip()
    nc.whys, nc.causes, nc.root_cause = lines, cleaned, root_cause.strip()
    nc.similar_elsewhere, nc.risk_updates = similar_elsewhere.strip(), risk_updates.strip()
    nc.qms_updates = qms_updates.strip()
    first = nc.state == State.NEW
    if first:
        nc.state = State.ANALYSED
    clean_or_refuse(nc, exclude=("number",))
    nc.save()
    log_action(
        nc,
        "quality.nc.analysed",
        user=by,
        data={"whys": len(lines), "causes": sorted(cleaned), "first": first},
    )
    return nc


@transaction.atomic
def nc_action_add(
    *,
    nc: Nonconformity,
    by,
    title: str,
    owner,
    unit,
    due_on: date,
    description: str = "",
    today: date | None = None,
) -> Action:
    """A corrective action of the record, in the one action register."""
    nc = _locked(nc, by)
    if nc.state == State.NEW:
        raise ServiceError(_("Analyse the root cause before planning corrective actions."))
    if nc.state not in (State.ANALYSED, State.PLANNED):
        raise ServiceError(_("Actions are planned before the effectiveness check."))
    action = action_create(
        by=by,
        title=title,
        owner=owner,
        unit=unit,
        due_on=due_on,
        description=description,
        origin=nc,
        today=today,
    )
    if nc.state == State.ANALYSED:
        nc.state = State.PLANNED
        nc.save()
        log_action(nc, "quality.nc.actions_planned", user=by, data={"action": action.title})
    return action


@on_finished("quality.nonconformity")
def nc_actions_finished(*, origin: Nonconformity, by, now: datetime) -> EffectivenessCheck | None:
    """When no action is open any more and at least one was done, the effectiveness check falls due
    `effectiveness_check_days` after the last was done (called by the action services)."""
    nc = Nonconformity.objects.select_for_update().get(pk=origin.pk)
    actions = Action.objects.of(nc)
    if nc.state != State.PLANNED or actions.open().exists():
        return None
    done = actions.filter(state=Action.State.DONE).order_by("-done_at").first()
    if done is None:  # every action cancelled: plan others
        nc.state = State.ANALYSED
        nc.save()
        log_action(nc, "quality.nc.actions_cancelled", user=by)
        return None
    done_on = local_date(done.done_at or now)
    check = EffectivenessCheck.objects.create(
        nonconformity=nc,
        actions_done_on=done_on,
        due_on=done_on + timedelta(days=policy.value("effectiveness_check_days")),
    )
    nc.state = State.CHECK
    nc.save()
    log_action(nc, "quality.nc.check_scheduled", user=by, data={"due_on": check.due_on.isoformat()})
    return check


def current_check(nc: Nonconformity) -> EffectivenessCheck | None:
    """The undecided check of a record in its effectiveness check (read afresh: `nc` may be stale)."""
    checks = EffectivenessCheck.objects.filter(
        nonconformity_id=nc.pk, verdict="", nonconformity__state=State.CHECK
    )
    return checks.order_by("-pk").first()


def _measure(nc: Nonconformity, check: EffectivenessCheck, today: date) -> Measurement:
    entry = source(nc.source)
    linked = nc.linked_object if nc.linked_type_id else None
    if entry is None or entry.measure is None:
        return Measurement(
            Proposal.NO_MEASURE, _("There is no data measure for this source: a person judges.")
        )
    return entry.measure(nc, linked=linked, since=check.actions_done_on + timedelta(days=1), today=today)


@transaction.atomic
def nc_effectiveness_measure(*, nc: Nonconformity, by=None, today: date | None = None) -> EffectivenessCheck:
    """The source re-measures what triggered the record and proposes; `by` None: the daily job."""
    if by is not None:
        require_may(by, MANAGE, nc)
    today = today or timezone.localdate()
    check = current_check(nc)
    if check is None:
        raise ServiceError(_("No effectiveness check is waiting for this record."))
    if today < check.due_on:
        raise ServiceError(
            _("The effectiveness check is due on %(date)s.")
            % {"date": date_format(check.due_on, "SHORT_DATE_FORMAT")}
        )
    result = _measure(nc, check, today)
    check.measured_at, check.proposal = timezone.now(), result.proposal
    check.summary, check.data = result.summary, result.data
    check.save()
    log_action(nc, "quality.nc.effectiveness_measured", user=by, data={"proposal": result.proposal})
    return check


@transaction.atomic
def nc_effectiveness_confirm(
    *, nc: Nonconformity, by, verdict: str, note: str = "", today: date | None = None
) -> EffectivenessCheck:
    """A person decides on the system's proposal. Effective: the done actions become verified and
    the record may be closed. Not effective: back to analysed, for a new analysis and new actions."""
    nc = _locked(nc, by)
    today = today or timezone.localdate()
    check = current_check(nc)
    if check is None:
        raise ServiceError(_("No effectiveness check is waiting for this record."))
    if verdict not in EffectivenessCheck.Verdict.values:
        raise ServiceError(_("Choose effective or not effective."), field="verdict")
    if check.measured_at is None:
        check = nc_effectiveness_measure(nc=nc, by=by, today=today)
    if (
        verdict != check.proposal
        and check.proposal in (Proposal.EFFECTIVE, Proposal.NOT_EFFECTIVE)
        and not note.strip()
    ):
        raise ServiceError(_("Give the reasons for deciding against the measurement."), field="note")
    check.verdict, check.decided_by, check.decided_at, check.note = verdict, by, timezone.now(), note.strip()
    check.save()
    if verdict == EffectivenessCheck.Verdict.EFFECTIVE:
        actions_verify(actions=Action.objects.of(nc), by=by)
    else:
        nc.state = State.ANALYSED
        nc.save()
    log_action(
        nc,
        "quality.nc.effectiveness_confirmed",
        user=by,
        data={"verdict": verdict, "proposal": check.proposal, "note": check.note},
    )
    return check


@transaction.atomic
def nc_close(*, nc: Nonconformity, by, note: str = "") -> Nonconformity:
    """Closing needs every action finished and a confirmed effective check (ISO 9001 10.2.1 d)."""
    nc = _locked(nc, by)
    if nc.state in (State.CLOSED, State.DISMISSED):
        raise ServiceError(_("The record is already closed."))
    if Action.objects.of(nc).open().exists():
        raise ServiceError(_("The record cannot be closed while corrective actions are open."))
    last = nc.checks.order_by("-pk").first()
    if last is None or last.verdict != EffectivenessCheck.Verdict.EFFECTIVE or nc.state != State.CHECK:
        raise ServiceError(
            _("The record cannot be closed before an effectiveness check confirms the actions worked.")
        )
    nc.state, nc.closed_at, nc.closing_note = State.CLOSED, timezone.now(), note.strip()
    nc.save()
    log_action(nc, "quality.nc.closed", user=by, data={"note": nc.closing_note})
    return nc


def may_manage(user) -> bool:
    return has_perm(user, MANAGE)
