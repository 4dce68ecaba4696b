"""Case numbers without gaps or duplicates, per register and year (e.g. SKW.1510.17.2026).

A case number is "<filing symbol>.<n>.<year>": the register's filing symbol (symbol klasyfikacyjny
from the office's filing plan, the jednolity rzeczowy wykaz akt of the instrukcja kancelaryjna) is
office configuration. Each numbered register declares itself here from its app's
`AppConfig.ready()` (`declare`); the organisation app, which keeps the office's configuration,
answers which symbol the office uses (`use_prefixes`), so core imports no app.

The counter row is locked for the rest of the transaction, so two clerks registering at the
same moment get consecutive numbers, and a rolled-back registration gives its number back.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import IntegrityError, transaction

from magistrat.core.models import CaseCounter


@dataclass(frozen=True)
class NumberedRegister:
    # The counter's key (CaseCounter.register): stored with every year's count, so it never changes.
    code: str
    label: object  # a lazy translation, shown on the office's settings page


_registers: dict[str, NumberedRegister] = {}
_prefix_source: list[Callable[[str], str]] = []


def declare(code: str, *, label) -> NumberedRegister:
    """Declare a register that numbers its cases (from its app's `AppConfig.ready()`)."""
    entry = NumberedRegister(code, label)
    _registers[code] = entry
    return entry


def registers() -> list[NumberedRegister]:
    """The declared registers, in the order they were declared."""
    return list(_registers.values())


def use_prefixes(source: Callable[[str], str]) -> None:
    """Where the office's filing symbols come from (the organisation app registers it)."""
    _prefix_source[:] = [source]


def prefix(register: str) -> str:
    """The filing symbol the office uses for the register's case numbers."""
    if register not in _registers:
        raise LookupError(
            f"Register {register!r} does not number cases: declare() it from its app's ready()."
        )
    if not _prefix_source:
        raise RuntimeError("No filing symbols: the organisation app provides them when it is ready.")
    return _prefix_source[0](register)


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


def case_number(register: str, received) -> str:
    """The next case number of the register for the local year of `received`: "<prefix>.<n>.<year>"."""
    from magistrat.core.deadlines import local_date

    year = local_date(received).year
    return f"{prefix(register)}.{next_number(register, year)}.{year}"
