"""Auditor independence (ISO 9001 9.2.2 c, ISO 19011 4 c): no auditor audits their own unit or
their own work.

An auditor's own units are the units they belong to and every unit in the subtree of a unit they
head; their own work is what they declared on their auditor record (units and processes they are
responsible for). `conflicts(user, units, process)` names each conflict; the services refuse to
plan an audit or change its team while there is one.
"""

from django.utils.translation import gettext as _

from magistrat.org.models import Membership, Unit


def headed_subtree(user) -> set[int]:
    """Ids of the units the user heads and every unit below them."""
    headed = list(Unit.objects.filter(head__user=user).values_list("pk", flat=True))
    return Unit.objects.subtree_ids(headed) if headed else set()


def own_units(user) -> set[int]:
    member = set(Membership.objects.filter(staff__user=user).values_list("unit_id", flat=True))
    return member | headed_subtree(user)


def conflicts(user, unit_ids: set[int], process: str = "") -> list[str]:
    """Why `user` may not audit these units or this process ([] when they may)."""
    from magistrat.audits.models import Auditor

    reasons = []
    name = user.get_full_name() or user.username
    own = own_units(user) & unit_ids
    auditor = Auditor.objects.filter(user=user).first()
    declared = set(auditor.responsible_units.values_list("pk", flat=True)) & unit_ids if auditor else set()
    for unit in Unit.objects.filter(pk__in=own).order_by("code"):
        reasons.append(
            _("%(person)s may not audit %(unit)s: it is their own unit.")
            % {"person": name, "unit": unit.code}
        )
    for unit in Unit.objects.filter(pk__in=declared - own).order_by("code"):
        reasons.append(
            _("%(person)s may not audit %(unit)s: they are responsible for its work.")
            % {"person": name, "unit": unit.code}
        )
    if auditor and process.strip() and process.strip().casefold() in auditor.own_processes():
        reasons.append(
            _("%(person)s may not audit the process %(process)s: it is their own work.")
            % {"person": name, "process": process.strip()}
        )
    return reasons
