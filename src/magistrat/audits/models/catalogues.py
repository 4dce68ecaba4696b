"""Clause catalogues stored from the registry (`audits/catalogues.py`): reference data, never edited."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def _in_language(pl: str, en: str) -> str:
    return en if (get_language() or "pl").startswith("en") and en else pl


class Catalogue(models.Model):
    """One version of a clause catalogue, e.g. ISO 9001 "2015"."""

    code = models.SlugField(_("code"), max_length=40)
    version = models.CharField(_("version"), max_length=40)
    name_pl = models.CharField(_("name (Polish)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)

    class Meta:
        verbose_name = _("clause catalogue")
        verbose_name_plural = _("clause catalogues")
        ordering = ["code", "version"]
        constraints = [models.UniqueConstraint(fields=["code", "version"], name="audits_catalogue_version")]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return _in_language(self.name_pl, self.name_en)


class Clause(models.Model):
    """A clause, standard or control of a catalogue ("9.2", "A.5.1", "E.21")."""

    catalogue = models.ForeignKey(
        Catalogue, verbose_name=_("catalogue"), on_delete=models.PROTECT, related_name="clauses"
    )
    ref = models.CharField(_("reference"), max_length=20)
    title_pl = models.CharField(_("title (Polish)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300)
    group_pl = models.CharField(_("group (Polish)"), max_length=200, blank=True)
    group_en = models.CharField(_("group (English)"), max_length=200, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("clause")
        verbose_name_plural = _("clauses")
        ordering = ["catalogue", "position"]
        constraints = [models.UniqueConstraint(fields=["catalogue", "ref"], name="audits_clause_ref")]

    def __str__(self) -> str:
        return f"{self.catalogue.code} {self.ref} {self.title}"

    @property
    def title(self) -> str:
        return _in_language(self.title_pl, self.title_en)

    @property
    def label(self) -> str:
        return f"{self.ref} {self.title}"
