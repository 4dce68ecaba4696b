"""The organisation model: the office, its units as a tree, positions, staff and role grants."""

from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from magistrat.core.models import AuditedQuerySet, BaseModel
from magistrat.core.permissions import role_choices, roles

teryt_validator = RegexValidator(r"^\d{7}$", _("A TERYT code has 7 digits (e.g. 1465011)."))
unit_code_validator = RegexValidator(
    r"^[A-ZĄĆĘŁŃÓŚŹŻ]{1,6}(-[A-Z0-9]{1,4})*$",
    _("Use capital letters, optionally followed by parts such as -01 (e.g. SA or SA-01)."),
)


class Office(BaseModel):
    """The public body itself (urząd). One per installation."""

    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=80, blank=True)
    street = models.CharField(_("street and number"), max_length=200)
    postal_code = models.CharField(
        _("postal code"),
        max_length=6,
        validators=[RegexValidator(r"^\d{2}-\d{3}$", _("Use the form 00-950."))],
    )
    city = models.CharField(_("city"), max_length=100)
    teryt = models.CharField(_("TERYT code"), max_length=7, validators=[teryt_validator])
    bip_url = models.URLField(_("BIP address"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    epuap = models.CharField(_("ePUAP inbox"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("office")
        verbose_name_plural = _("offices")

    def __str__(self) -> str:
        return self.name

    @property
    def address(self) -> str:
        return f"{self.street}, {self.postal_code} {self.city}"


class UnitQuerySet(AuditedQuerySet):
    def active(self):
        return self.filter(is_active=True)

    def subtree_ids(self, roots: Iterable[int]) -> set[int]:
        """Ids of the given units and every unit below them (the tree is small: one query)."""
        children: dict[int | None, list[int]] = {}
        for unit_id, parent_id in Unit.objects.values_list("id", "parent_id"):
            children.setdefault(parent_id, []).append(unit_id)
        found: set[int] = set()
        stack = list(roots)
        while stack:
            unit_id = stack.pop()
            if unit_id in found:
                continue
            found.add(unit_id)
            stack.extend(children.get(unit_id, ()))
        return found


class Unit(BaseModel):
    """An organisational unit (komórka organizacyjna): a department, office, section or post."""

    class Kind(models.TextChoices):
        DEPARTMENT = "department", _("department (wydział)")
        OFFICE = "office", _("office (biuro)")
        SECTION = "section", _("section (referat)")
        TEAM = "team", _("team (zespół)")
        POST = "post", _("independent post (samodzielne stanowisko)")
        MANAGEMENT = "management", _("management (kierownictwo)")

    name = models.CharField(_("name"), max_length=200)
    code = models.CharField(_("code"), max_length=20, unique=True, validators=[unit_code_validator])
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.DEPARTMENT)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    head = models.ForeignKey(
        "Staff",
        verbose_name=_("head"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="headed_units",
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    location = models.CharField(_("building and room"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    objects = UnitQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        verbose_name = _("organisational unit")
        verbose_name_plural = _("organisational units")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(condition=~Q(parent=models.F("id")), name="unit_not_own_parent")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def permission_unit_id(self) -> int:
        """For core.permissions.may: a unit is in its own scope."""
        return self.pk

    def ancestors(self) -> list["Unit"]:
        chain, node, seen = [], self.parent, {self.pk}
        while node is not None and node.pk not in seen:
            chain.append(node)
            seen.add(node.pk)
            node = node.parent
        return chain[::-1]

    def clean(self):
        if self.pk and self.parent_id and self.parent_id in Unit.objects.subtree_ids([self.pk]):
            raise ValidationError(
                {"parent": _("A unit cannot be placed under itself or one of its sub-units.")}
            )


class Position(BaseModel):
    """A job title (stanowisko), e.g. "inspektor", "naczelnik wydziału"."""

    class Category(models.TextChoices):
        """The kind of post under the act on local-government employees (u.p.s. art. 4)."""

        OFFICIAL = "official", _("official (stanowisko urzędnicze)")
        ADVISER = "adviser", _("adviser (doradca)")
        ASSISTANT = "assistant", _("assistant (asystent)")
        AUXILIARY = "auxiliary", _("auxiliary or service (stanowisko pomocnicze i obsługi)")
        ELECTED = "elected", _("elected (z wyboru)")
        APPOINTED = "appointed", _("appointed (z powołania)")

    name = models.CharField(_("name"), max_length=150, unique=True)
    is_managerial = models.BooleanField(_("managerial"), default=False)
    category = models.CharField(
        _("employment category"), max_length=20, choices=Category.choices, default=Category.OFFICIAL
    )

    class Meta:
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class StaffQuerySet(AuditedQuerySet):
    def in_units(self, unit_ids: Iterable[int] | None):
        """Staff with a membership in any of the units; None means no restriction."""
        if unit_ids is None:
            return self
        return self.filter(memberships__unit_id__in=list(unit_ids)).distinct()


class Staff(BaseModel):
    """An employee of the office, linked to the user account they sign in with."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="staff")
    employee_number = models.CharField(_("employee number"), max_length=20, unique=True)
    position = models.ForeignKey(
        Position, verbose_name=_("position"), on_delete=models.PROTECT, related_name="staff"
    )
    units = models.ManyToManyField(Unit, through="Membership", related_name="staff", verbose_name=_("units"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    room = models.CharField(_("room"), max_length=40, blank=True)
    employed_since = models.DateField(_("employed since"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    objects = StaffQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")
        ordering = ["user__last_name", "user__first_name"]

    def __str__(self) -> str:
        return self.user.get_full_name() or self.user.username

    @property
    def primary_unit(self) -> Unit | None:
        for membership in self.memberships.all():
            if membership.is_primary:
                return membership.unit
        return None


class Membership(BaseModel):
    """A staff member's place in a unit; exactly one of a person's units is primary."""

    staff = models.ForeignKey(Staff, on_delete=models.CASCADE, related_name="memberships")
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="memberships"
    )
    is_primary = models.BooleanField(_("primary unit"), default=True)

    class Meta:
        verbose_name = _("unit membership")
        verbose_name_plural = _("unit memberships")
        constraints = [
            models.UniqueConstraint(fields=["staff", "unit"], name="membership_unique"),
            models.UniqueConstraint(
                fields=["staff"], condition=Q(is_primary=True), name="membership_one_primary"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.staff} → {self.unit.code}"


class RoleAssignment(BaseModel):
    """A role granted to a user office-wide (no unit) or for one unit and its sub-units."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_assignments"
    )
    role = models.CharField(_("role"), max_length=40, choices=role_choices)
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit scope"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=Q(unit__isnull=True),
                name="roleassignment_unique_officewide",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "unit"],
                condition=Q(unit__isnull=False),
                name="roleassignment_unique_unit",
            ),
        ]

    def __str__(self) -> str:
        role = roles().get(self.role)
        scope = self.unit.code if self.unit else _("whole office")
        return f"{self.user}: {role.name if role else self.role} ({scope})"


class IntakeRoute(BaseModel):
    """Who receives a register's new cases until they are assigned (office configuration).

    Without a row, a register's intake goes to the default role in `org/data/intake.yaml`.
    `org.intake` reads it; registers declare themselves there.
    """

    register = models.CharField(_("register"), max_length=40, unique=True)
    role = models.CharField(_("intake role"), max_length=40, choices=role_choices)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("limited to the unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Only holders of the role whose grant covers this unit (or the whole office)."),
    )

    class Meta:
        verbose_name = _("intake of a register")
        verbose_name_plural = _("intake of registers")
        ordering = ["register"]

    def __str__(self) -> str:
        role = roles().get(self.role)
        return f"{self.register}: {role.name if role else self.role}"


filing_symbol_validator = RegexValidator(
    r"^[A-ZĄĆĘŁŃÓŚŹŻ0-9]+([.-][A-ZĄĆĘŁŃÓŚŹŻ0-9]+)*$",
    _("Use capital letters and digits, parts joined by dots or hyphens (e.g. SKW.1510 or OR-II.1431)."),
)


class FilingSymbol(BaseModel):
    """The office's filing symbol for a register's case numbers (office configuration).

    Without a row, a register numbers its cases with the default in `org/data/filing_symbols.yaml`.
    `org.filing` reads it for `core.numbering`; registers declare themselves there.
    """

    register = models.CharField(_("register"), max_length=50, unique=True)
    # A number is "<symbol>.<n>.<year>" in a field of 30 characters (an incident's): 16 leave room
    # for a six-digit count. No slash: numbers are parts of public addresses (the petitions register).
    symbol = models.CharField(_("filing symbol"), max_length=16, validators=[filing_symbol_validator])

    class Meta:
        verbose_name = _("filing symbol")
        verbose_name_plural = _("filing symbols")
        ordering = ["register"]

    def __str__(self) -> str:
        return f"{self.register}: {self.symbol}"
