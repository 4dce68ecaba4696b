"""The quality module on the home page and in the daily reminder: owners see their open actions
(on the deadline engine: due soon, overdue); the quality manager sees staff reports to triage and
effectiveness checks due; the quality manager, leadership and unit heads see how many actions in
their view are overdue (one selector: the same figure for all of them)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from magistrat.core.attention import AttentionItem
from magistrat.core.deadlines import Status, end_of_day
from magistrat.core.permissions import has_perm
from magistrat.quality.models import Action, EffectivenessCheck, Nonconformity
from magistrat.quality.selectors import overdue_count


def quality_attention(user) -> list[AttentionItem]:
    if not getattr(user, "is_authenticated", False):
        return []
    module = _("Quality")
    today = timezone.localdate()
    items: list[AttentionItem] = []
    for action in Action.objects.open().filter(owner=user).order_by("due_on")[:50]:
        items.append(
            AttentionItem(
                title=_("Action: %(title)s") % {"title": action.title},
                url=reverse("quality:action_detail", args=[action.pk]),
                module=module,
                kind="due",
                due=action.clock.due,
                status=action.status(),
                detail=action.origin_label,
            )
        )
    manager = has_perm(user, "quality.manage_quality")
    if manager or has_perm(user, "quality.view_quality"):
        count = overdue_count(user=user, today=today)
        if count:
            items.append(
                AttentionItem(
                    title=ngettext(
                        "%(count)d corrective action is overdue",
                        "%(count)d corrective actions are overdue",
                        count,
                    )
                    % {"count": count},
                    url=reverse("quality:action_list") + "?overdue=1",
                    module=module,
                    status=Status.OVERDUE,
                )
            )
    if manager:
        items += _candidates(user, module)
        for nc in Nonconformity.objects.filter(state=Nonconformity.State.NEW).order_by("detected_on")[:50]:
            items.append(
                AttentionItem(
                    title=_("Triage %(number)s: %(title)s") % {"number": nc.number, "title": nc.title},
                    url=reverse("quality:nc_detail", args=[nc.pk]),
                    module=module,
                    kind="assign",
                    detail=nc.source_label,
                )
            )
        checks = EffectivenessCheck.objects.filter(
            verdict="", nonconformity__state=Nonconformity.State.CHECK, due_on__lte=today
        ).select_related("nonconformity")
        for check in checks.order_by("due_on")[:50]:
            nc = check.nonconformity
            items.append(
                AttentionItem(
                    title=_("Check the effectiveness of %(number)s") % {"number": nc.number},
                    url=reverse("quality:nc_detail", args=[nc.pk]) + "#effectiveness",
                    module=module,
                    kind="due",
                    due=end_of_day(check.due_on),
                    status=Status.DUE_SOON if check.due_on == today else Status.OVERDUE,
                )
            )
    return items


def _candidates(user, module: str) -> list[AttentionItem]:
    """Alerts of the sources that ask for a decision (a unit's satisfaction surely below target)."""
    from magistrat.quality.sources import sources

    items = []
    for source in sources():
        if not source.on_home_page or source.candidates is None:
            continue
        for candidate in list(source.candidates(user))[:20]:
            items.append(
                AttentionItem(
                    title=_("Raise a nonconformity? %(label)s") % {"label": candidate.label},
                    url=f"{reverse('quality:nc_raise')}?source={source.code}&object={candidate.obj.pk}",
                    module=module,
                    detail=candidate.detail,
                )
            )
    return items


def document_attention(user) -> list[AttentionItem]:
    """Documents to acknowledge (everyone), versions to approve and reviews due (owners and the
    quality manager), overdue acknowledgements in the user's units (heads, the quality manager)."""
    from datetime import timedelta

    from django.db.models import Q

    from magistrat.quality import document_selectors as documents
    from magistrat.quality.models import Document, DocumentVersion
    from magistrat.quality.policy import value

    if not getattr(user, "is_authenticated", False):
        return []
    module = _("Documents")
    today = timezone.localdate()
    items: list[AttentionItem] = []
    for row in documents.to_acknowledge(user=user)[:50]:
        version = row.version
        status = _due_status(row.due, today, soon=3)
        items.append(
            AttentionItem(
                title=_("Acknowledge %(number)s %(title)s (version %(version)d)")
                % {
                    "number": version.document.number,
                    "title": version.document.title,
                    "version": version.number,
                },
                url=reverse("quality:document_mine"),
                module=module,
                kind="due",
                due=end_of_day(row.due) if row.due else None,
                status=status,
            )
        )
    manager = has_perm(user, "quality.manage_quality")
    waiting = DocumentVersion.objects.filter(state=DocumentVersion.State.SUBMITTED).exclude(author=user)
    if not manager:
        waiting = waiting.filter(document__owner=user)
    for version in waiting.select_related("document")[:50]:
        items.append(
            AttentionItem(
                title=_("Approve %(version)s: %(title)s")
                % {"version": version, "title": version.document.title},
                url=reverse("quality:document_detail", args=[version.document_id]),
                module=module,
                kind="approve",
            )
        )
    horizon = today + timedelta(days=value("review_soon_days"))
    due = Document.objects.filter(next_review_on__lte=horizon)
    due = due if manager else due.filter(Q(owner=user))
    for document in due.order_by("next_review_on")[:50]:
        items.append(
            AttentionItem(
                title=_("Review the document %(document)s") % {"document": document},
                url=reverse("quality:document_detail", args=[document.pk]),
                module=module,
                kind="due",
                due=end_of_day(document.next_review_on) if document.next_review_on else None,
                status=_due_status(document.next_review_on, today, soon=value("review_soon_days")),
            )
        )
    if manager or has_perm(user, "quality.view_quality"):
        count = documents.overdue_acknowledgements(user=user, today=today)
        if count:
            items.append(
                AttentionItem(
                    title=ngettext(
                        "%(count)d document acknowledgement is overdue",
                        "%(count)d document acknowledgements are overdue",
                        count,
                    )
                    % {"count": count},
                    url=reverse("quality:ack_status") + "?overdue=1",
                    module=module,
                    status=Status.OVERDUE,
                )
            )
    return items


def _due_status(due, today, *, soon: int) -> Status:
    from datetime import timedelta

    if due is None:
        return Status.OPEN
    if due < today:
        return Status.OVERDUE
    return Status.DUE_SOON if due <= today + timedelta(days=soon) else Status.OPEN
