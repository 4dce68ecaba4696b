"""The preparatory service of an official employed for the first time (służba przygotowawcza,
u.p.s. art. 19), during the first fixed-term contract of at most 6 months (art. 16 ust. 2)."""

from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from magistrat.core.deadlines import add_months, legal_period, previous_working_day
from magistrat.core.models import BaseModel
from magistrat.org.models import Staff, Unit


def last_day_of_term(start: date, key: str) -> date:
    """The last day of a term of employment of `legal_period(key)` months in which `start` is the
    first day (a contract from 1 March for 6 months runs until 31 August). No shift for days off:
    it is a length of employment, not a period for acting."""
    return add_months(start, legal_period(key).amount) - timedelta(days=1)


class PreparatoryService(BaseModel):
    class Result(models.TextChoices):
        PASSED = "passed", _("passed")
        FAILED = "failed", _("failed")

    staff = models.OneToOneField(
        Staff, verbose_name=_("official"), on_delete=models.PROTECT, related_name="preparatory_service"
    )
    # The official's unit when the service was organised: the unit-scoped view permission reads it.
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    contract_start = models.DateField(_("first fixed-term contract from"))
    contract_end = models.DateField(_("first fixed-term contract until"))
    starts_on = models.DateField(_("service from"))
    ends_on = models.DateField(_("service until"))
    mentor = models.ForeignKey(
        Staff, verbose_name=_("mentor"), on_delete=models.PROTECT, related_name="mentored_services"
    )
    plan = models.TextField(_("service plan"))
    exempted = models.BooleanField(_("exempted from the service"), default=False)
    exemption_reason = models.TextField(_("reason of the exemption"), blank=True)
    exempted_on = models.DateField(_("exempted on"), null=True, blank=True)
    exam_on = models.DateField(_("exam on"), null=True, blank=True)
    result = models.CharField(_("exam result"), max_length=10, choices=Result.choices, blank=True)
    result_note = models.TextField(_("exam: committee's note"), blank=True)
    organised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("preparatory service")
        verbose_name_plural = _("preparatory services")
        ordering = ["-starts_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.staff} ({self.starts_on:%Y-%m-%d})"

    @property
    def exam_due_by(self) -> date:
        """The exam ends the service and is due before the contract ends: on its last working day
        at the latest (art. 19 with art. 16 ust. 2)."""
        return previous_working_day(self.contract_end)

    @property
    def state(self) -> str:
        if self.result:
            return self.result
        if self.exempted:
            return "exempted"
        return "in_service"

    @property
    def state_label(self) -> str:
        labels = {
            "passed": _("exam passed"),
            "failed": _("exam failed"),
            "exempted": _("exempted from the service, exam due"),
            "in_service": _("in service"),
        }
        return str(labels[self.state])
