"""Reference data of information security management.

Catalogues (the standard's clauses and Annex A controls, the KRI requirements, the GDPR art. 30
fields) and risk matrices are data shipped in the package (isms/data/) and loaded in versions;
a loaded version never changes, so what an assessment or a Statement of Applicability referred
to stays readable as it was.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from magistrat.core.reference import localized
from magistrat.core.riskmatrix import level_of


class Catalogue(models.Model):
    """One version of a reference catalogue, e.g. ISO/IEC 27001 "2022"."""

    code = models.SlugField(_("code"), max_length=40)
    version = models.CharField(_("version"), max_length=40)
    name = models.JSONField(default=dict)
    content_hash = models.CharField(max_length=64)
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reference catalogue")
        verbose_name_plural = _("reference catalogues")
        constraints = [models.UniqueConstraint(fields=["code", "version"], name="catalogue_version_unique")]
        ordering = ["code", "-loaded_at"]

    def __str__(self) -> str:
        return localized(self.name)


class CatalogueEntry(models.Model):
    """A clause, control, requirement or field of a catalogue, with its short titles in pl/en."""

    class Kind(models.TextChoices):
        CLAUSE = "clause", _("clause")
        CONTROL = "control", _("control")
        REQUIREMENT = "requirement", _("requirement")
        FIELD = "field", _("record field")

    catalogue = models.ForeignKey(Catalogue, on_delete=models.CASCADE, related_name="entries")
    ref = models.CharField(_("reference"), max_length=20)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    theme = models.CharField(_("theme"), max_length=20, blank=True)
    key = models.CharField(max_length=40, blank=True)  # a field's name in records (GDPR art. 30)
    title = models.JSONField(default=dict)
    position = models.PositiveIntegerField()
    maps_to = models.ManyToManyField("self", symmetrical=False, related_name="mapped_from", blank=True)

    class Meta:
        verbose_name = _("catalogue entry")
        verbose_name_plural = _("catalogue entries")
        constraints = [models.UniqueConstraint(fields=["catalogue", "ref"], name="catalogue_entry_unique")]
        ordering = ["catalogue", "position"]

    def __str__(self) -> str:
        return f"{self.ref} {localized(self.title)}"


class RiskMatrix(models.Model):
    """A likelihood × impact matrix; its whole definition is copied into each assessment using it."""

    class Kind(models.TextChoices):
        LOOKUP = "lookup", _("look-up grid")
        MULTIPLICATIVE = "multiplicative", _("likelihood × impact")

    code = models.SlugField(_("code"), max_length=40)
    version = models.PositiveIntegerField(_("version"))
    name = models.JSONField(default=dict)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    definition = models.JSONField()
    content_hash = models.CharField(max_length=64)
    is_default = models.BooleanField(_("default"), default=False)

    class Meta:
        verbose_name = _("risk matrix")
        verbose_name_plural = _("risk matrices")
        constraints = [models.UniqueConstraint(fields=["code", "version"], name="riskmatrix_version_unique")]
        ordering = ["code", "-version"]

    def __str__(self) -> str:
        return f"{localized(self.name)} (v{self.version})"

    @property
    def size(self) -> tuple[int, int]:
        return len(self.definition["likelihood"]), len(self.definition["impact"])

    def level(self, likelihood: int, impact: int) -> dict:
        """The level ({"id", "pl", "en", "rank", "acceptable"}) of a rating; ValidationError out of range."""
        return level_of(self.definition, likelihood, impact)
