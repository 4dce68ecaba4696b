"""Filing symbols: the office's prefix of each register's case numbers (e.g. SKW.1510).

A register that numbers its cases declares itself to `core.numbering` (from its AppConfig.ready());
the office sets each register's symbol on its settings page (`FilingSymbol`, /org/office/filing-
symbols/), and the defaults are in `org/data/filing_symbols.yaml`. `symbol` is what
`core.numbering` asks (OrgConfig.ready registers it), so core imports no app.
"""

from dataclasses import dataclass
from functools import cache

from magistrat.core import numbering
from magistrat.core.reference import load_yaml


@cache
def default_symbols() -> dict[str, str]:
    return dict(load_yaml("org", "filing_symbols.yaml")["registers"])


def symbol(register: str) -> str:
    """The symbol the office uses for the register: its own, else the default."""
    from magistrat.org.models import FilingSymbol

    own = FilingSymbol.objects.filter(register=register).values_list("symbol", flat=True).first()
    return own or default_symbols()[register]


@dataclass(frozen=True)
class Row:
    register: numbering.NumberedRegister
    symbol: str
    default: str

    @property
    def configured(self) -> bool:
        return self.symbol != self.default


def symbols() -> list[Row]:
    """Every numbered register with the symbol in use and its default (the settings page)."""
    from magistrat.org.models import FilingSymbol

    own = dict(FilingSymbol.objects.values_list("register", "symbol"))
    return [
        Row(entry, own.get(entry.code, default_symbols()[entry.code]), default_symbols()[entry.code])
        for entry in numbering.registers()
    ]
