"""Every write to the petitions register (ustawa o petycjach z 11 lipca 2014 r.)."""

from datetime import date, datetime

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from magistrat.bip.changes import public_content_changed
from magistrat.core.audit import log_action
from magistrat.core.cases.services import case_assign, case_close, case_extend, case_register
from magistrat.core.deadlines import local_date
from magistrat.core.exceptions import ServiceError
from magistrat.core.permissions import require_may
from magistrat.core.uploads import CheckedFile
from magistrat.org.models import Unit
from magistrat.registers.models import Petition, PetitionUpdate


def _published(petition: Petition) -> None:
    """The BIP shows the petition and the course of its case (art. 8 ust. 1): its pages change."""
    public_content_changed(reason="registers.petition", source="petitions", pk=petition.pk)


@transaction.atomic
def petition_register(
    *,
    filed_at: datetime,
    petitioner: str,
    petitioner_contact: str,
    addressee: str,
    subject: str,
    content: str,
    consent_to_publish: bool = False,
    in_interest_of: str = "",
    unit: Unit | None = None,
    scan: CheckedFile | None = None,
    by=None,
) -> Petition:
    """Register a petition; it is on the BIP from this moment (art. 8 ust. 1)."""
    if filed_at > timezone.now():
        raise ServiceError(_("The filing date cannot be in the future."), field="filed_at")
    petition = Petition(
        received_at=filed_at,
        petitioner=petitioner,
        petitioner_contact=petitioner_contact,
        in_interest_of=in_interest_of,
        consent_to_publish=consent_to_publish,
        addressee=addressee,
        subject=subject,
        content=content,
        unit=unit,
    )
    if scan is not None:
        petition.scan.save(scan.name, ContentFile(scan.data), save=False)
    case_register(
        case=petition,
        action="registers.petition.registered",
        by=by,
        data={"addressee": addressee, "published": True},
    )
    _published(petition)
    return petition


@transaction.atomic
def petition_update(*, petition: Petition, text: str, by=None) -> PetitionUpdate:
    """Publish a step in the course of the case."""
    if by is not None:
        require_may(by, petition.case_permissions.manage, petition)
    if not text.strip():
        raise ServiceError(_("Describe what happened."), field="text")
    update = PetitionUpdate(petition=petition, text=text.strip())
    update.save()
    log_action(
        petition, "registers.petition.updated", user=by, data={"update": update.pk, "text": update.text}
    )
    _published(petition)
    return update


@transaction.atomic
def petition_extend(*, petition: Petition, extended_to: date, reason: str, by=None) -> Petition:
    """Art. 10 ust. 2: by the time needed, at most 3 further months; the petitioner is told why, in
    the course of the case published on the BIP."""
    case_extend(
        case=petition, action="registers.petition.extended", extended_to=extended_to, reason=reason, by=by
    )
    petition_update(
        petition=petition,
        text=_("The deadline was extended to %(date)s: %(reason)s")
        % {"date": extended_to.isoformat(), "reason": petition.extension_reason},
        by=by,
    )
    return petition


@transaction.atomic
def petition_close(*, petition: Petition, outcome: str, reply: str, by=None) -> Petition:
    """Record how the petition was dealt with (art. 13: the reply is published with it)."""
    if by is not None:
        require_may(by, petition.case_permissions.manage, petition)
    if petition.closed_at is not None:
        raise ServiceError(_("The case is closed."))
    if not reply.strip():
        raise ServiceError(_("Describe how the petition was dealt with."), field="reply")
    case_close(case=petition, action="registers.petition.closed", outcome=outcome, by=by, reply=reply.strip())
    _published(petition)
    return petition


def petition_assign(*, petition: Petition, unit: Unit, handler=None, by=None) -> Petition:
    """Give the petition to the unit that prepares how it is dealt with, and optionally a person."""
    return case_assign(case=petition, action="registers.petition.assigned", unit=unit, handler=handler, by=by)


def petition_summary_slug(year: int) -> str:
    """The BIP address of the yearly summary of petitions (art. 14)."""
    return f"zbiorcza-informacja-o-petycjach-{year}"


def petition_year_summary(year: int) -> dict:
    """Art. 14: the petitions dealt with in a year: how many, their subjects and how they were dealt with."""
    closed = Petition.objects.filter(closed_at__year=year).order_by("received_at")
    return {
        "year": year,
        "count": closed.count(),
        "petitions": [
            {
                "number": p.number,
                "subject": p.subject,
                "outcome": p.get_outcome_display(),
                "filed": local_date(p.received_at),
            }
            for p in closed
        ],
    }


@transaction.atomic
def petition_summary_draft(*, year: int, by):
    """Prepare the yearly summary as a BIP item in "Petycje", to be approved and published by 30 June."""
    from django.template.loader import render_to_string

    from magistrat.bip import services as bip
    from magistrat.bip.models import Category, Item

    summary = petition_year_summary(year)
    unit = (
        by.staff.primary_unit
        if hasattr(by, "staff") and by.staff.primary_unit
        else Unit.objects.active().first()
    )
    if unit is None:
        raise ServiceError(_("The office has no units yet."))
    category = Category.objects.get(slug="petycje")
    slug = petition_summary_slug(year)
    item = Item.objects.filter(category=category, slug=slug).first() or Item(
        category=category, slug=slug, entered_by=by, unit=unit
    )
    item.title = f"Zbiorcza informacja o petycjach rozpatrzonych w {year} r."
    item.body = render_to_string("registers/petition_summary_body.html", {"summary": summary})
    item.produced_by = unit.name
    if not item.responsible_name and (unit.head is None or not unit.head.is_active):
        # Metryczka (art. 8 ust. 6 udip): a person answers for the content; the unit head when there
        # is one (filled in by the BIP), otherwise whoever drafts the summary.
        item.responsible_name = by.get_full_name() or by.get_username()
        item.responsible = by.staff.position.name if hasattr(by, "staff") else ""
    item.produced_on = timezone.localdate()
    if item.first_published_at:
        item.change_reason = _("Updated summary")
    return bip.item_save(item=item)
