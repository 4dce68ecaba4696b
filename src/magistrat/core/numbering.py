"""Case numbers without gaps or duplicates, per register and year (e.g. SKW.1510.17.2026).

The counter row is locked for the rest of the transaction, so two clerks registering at the
same moment get consecutive numbers, and a rolled-back registration gives its number back.
"""

from django.db import IntegrityError, transaction

from magistrat.core.models import CaseCounter


def next_number(register: str, year: int) -> int:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_number() must run inside the transaction that stores the case.")
    try:
        with transaction.atomic():
            CaseCounter.objects.get_or_create(register=register, year=year)
    except IntegrityError:
        pass  # created by a concurrent transaction a moment ago
    counter = CaseCounter.objects.select_for_update().get(register=register, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def case_number(register: str, prefix: str, received) -> str:
    """The next case number of the register for the local year of `received`: "<prefix>.<n>.<year>"."""
    from magistrat.core.deadlines import local_date

    year = local_date(received).year
    return f"{prefix}.{next_number(register, year)}.{year}"
