"""The shape every case shares: a number, a receipt, a unit and a handler, a legal clock, an
extension with its reasons, a closure with its outcome.

Complaints and motions, requests for public information, petitions and data subject requests
are concrete models of these abstract ones; each adds only what its law adds (a kind, a fee, a
decision, publication on the BIP, the right exercised). The unit is declared by its label
("org.Unit"): a string in a field is configuration, not an import, so core still knows no app.
"""

import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from magistrat.core.deadlines import Clock, Extension, legal_period
from magistrat.core.models import AuditedQuerySet, BaseModel


@dataclass(frozen=True)
class CasePermissions:
    """The permissions a register's cases are checked against with `core.permissions.may`."""

    view: str  # open the case
    manage: str  # act on it: extend, close, forward, decide…
    assign: str  # give it to a unit or person


CASE_STATES = ("open", "unassigned", "closed", "all")


class CaseQuerySet(AuditedQuerySet):
    def open(self):
        return self.filter(closed_at__isnull=True)

    def closed(self):
        return self.filter(closed_at__isnull=False)

    def unassigned(self):
        """Open cases nobody has been given yet: no unit, or no handler where cases have no unit."""
        has_units = any(f.name == "unit" for f in self.model._meta.get_fields())
        return self.open().filter(**({"unit__isnull": True} if has_units else {"handler__isnull": True}))

    def in_state(self, state: str):
        """One of CASE_STATES ("open", "unassigned", "closed"); anything else is every case."""
        if state in ("open", "unassigned", "closed"):
            return getattr(self, state)()
        return self

    def in_units(self, unit_ids):
        """Cases of the units; None means every case."""
        return self if unit_ids is None else self.filter(unit_id__in=list(unit_ids))


def _person(label) -> models.ForeignKey:
    """A person a case names (who handles, registered, closed it); kept while the case is kept."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=label,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )


def _tracking_code() -> str:
    return secrets.token_hex(4).upper()


class Case(BaseModel):
    """A case of a statutory register. Subclasses set the class attributes below."""

    # The register's key in core.numbering (its filing symbol is office configuration) …
    number_register: ClassVar[str]
    # … its key in org.intake (who receives its new cases), the permissions its cases are checked
    # against …
    intake_register: ClassVar[str]
    case_permissions: ClassVar[CasePermissions]
    # … and the key of its reply period in core/data/legal_periods.yaml.
    reply_period: ClassVar[str]
    # Whether the person handling a case must belong to its unit (KPA art. 229–231 keep a
    # complaint with the body and unit that deal with it).
    handler_from_unit: ClassVar[bool] = False

    number = models.CharField(_("case number"), max_length=40, unique=True, editable=False)
    received_at = models.DateTimeField(_("received"))
    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Empty until someone is assigned: the case waits for the register's intake meanwhile (org.intake).
    handler = _person(_("handled by"))
    registered_by = _person(_("registered by"))
    outcome = models.CharField(_("outcome"), max_length=15, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = _person(_("closed by"))

    objects = CaseQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        abstract = True
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return f"{self.number} {getattr(self, 'subject', '')}".strip()

    def get_absolute_url(self) -> str:
        raise NotImplementedError

    def accepts_handler(self, handler, unit) -> bool:
        """Whether `handler` (a user) may be given the case in `unit`; registers add their rules."""
        return True

    def reply_period_key(self) -> str:
        """The legal period the case is dealt with in (a complaint for another body: 7 days)."""
        return self.reply_period

    def clock_extensions(self) -> list[Extension]:
        return []

    @property
    def clock(self) -> Clock:
        return Clock(
            start=self.received_at,
            period=legal_period(self.reply_period_key()),
            extensions=self.clock_extensions(),
            completed_at=self.closed_at,
        )

    @property
    def status(self):
        return self.clock.status()

    @property
    def first_due(self) -> datetime:
        """The deadline before any extension: notices of a delay must reach the person by then."""
        return Clock(start=self.received_at, period=legal_period(self.reply_period_key())).due


class Trackable(models.Model):
    """A case residents file on the website: they follow it with its number and a tracking code."""

    tracking_code = models.CharField(_("tracking code"), max_length=8, default=_tracking_code)
    # The same web form sent twice (double click, resend) is stored once.
    submission_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        abstract = True


class ExtendedOnce(models.Model):
    """A case whose deadline the law lets the office move once, with reasons told to the person
    (udip art. 13 ust. 2, RODO art. 12 ust. 3, ustawa o petycjach art. 10 ust. 2)."""

    # The latest new deadline, counted from receipt: a key in core/data/legal_periods.yaml.
    extension_limit: ClassVar[str]

    extended_to = models.DateField(_("extended to"), null=True, blank=True)
    extension_reason = models.TextField(_("reasons for the extension"), blank=True, max_length=3000)
    extension_notified_at = models.DateTimeField(_("person told of the extension"), null=True, blank=True)

    class Meta:
        abstract = True

    def clock_extensions(self) -> list[Extension]:
        if self.extended_to is None:
            return []
        return [Extension(new_due=self.extended_to, reason=self.extension_reason)]
