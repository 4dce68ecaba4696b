"""Lists of people and names in Polish alphabetical order, on SQLite and PostgreSQL alike.

The databases' default orders put "Łukasik" after "Żak" (code-point order) or ignore the Polish
letters altogether; a clerk looking for "Dąbrowska" expects her before "Dudek", and "Lis" before
"Łukasik". PostgreSQL sorts with its ICU collation for Polish (`pl-x-icu`, or the root collation
`und-x-icu` where the Polish one is missing); SQLite gets a collation named "pl", registered on
every new connection, that compares with `polish_key`. Python-side lists use the same key.
"""

import unicodedata
from functools import cache

from django.db import connections
from django.db.models import F, QuerySet
from django.db.models.functions import Collate

# The Polish alphabet (with q, v and x of borrowed words): each letter with a diacritic is a letter
# of its own, sorted right after its base letter.
ALPHABET = "aąbcćdeęfghijklłmnńoópqrsśtuvwxyzźż"
_RANK = {letter: index for index, letter in enumerate(ALPHABET)}
SQLITE_COLLATION = "pl"


def _letter_key(char: str) -> tuple[int, int, int]:
    """(group, rank, accent): spaces and punctuation first, then digits, then letters."""
    if char in _RANK:
        return (2, _RANK[char], 0)
    base = unicodedata.normalize("NFD", char)[0]
    if base in _RANK:  # é, ü, ö of foreign names: sorted as their base letter, accents break ties
        return (2, _RANK[base], ord(char))
    if char.isdigit():
        return (1, ord(char), 0)
    if char.isalpha():
        return (3, ord(char), 0)
    return (0, ord(char), 0)


def polish_key(text: str | None) -> tuple:
    """A sort key: case-insensitive Polish order of letters first; then foreign accents, case and
    code points break ties (so the order is total and the same everywhere)."""
    text = text or ""
    letters = [_letter_key(c) for c in text.casefold()]
    return (
        tuple(key[:2] for key in letters),
        tuple(key[2] for key in letters),
        tuple(not c.isupper() for c in text),
        text,
    )


def _sqlite_compare(left: str, right: str) -> int:
    a, b = polish_key(left), polish_key(right)
    return (a > b) - (a < b)


def register_sqlite_collation(sender=None, connection=None, **kwargs) -> None:
    """`connection_created` receiver: SQLite connections learn the "pl" collation."""
    if connection is not None and connection.vendor == "sqlite":
        connection.connection.create_collation(SQLITE_COLLATION, _sqlite_compare)


def install() -> None:
    """Register the SQLite collation on new connections and on those already open."""
    from django.db.backends.signals import connection_created

    connection_created.connect(register_sqlite_collation, dispatch_uid="magistrat-polish-collation")
    for alias in connections:
        connection = connections[alias]
        if connection.vendor == "sqlite" and connection.connection is not None:
            register_sqlite_collation(connection=connection)


@cache
def _postgres_collation(alias: str) -> str:
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT collname FROM pg_collation WHERE collname IN ('pl-x-icu', 'und-x-icu')")
        found = {row[0] for row in cursor.fetchall()}
    return "pl-x-icu" if "pl-x-icu" in found else ("und-x-icu" if "und-x-icu" in found else "")


def collation_for(alias: str = "default") -> str:
    """The collation that sorts Polish names on this database ("" when it has none)."""
    vendor = connections[alias].vendor
    if vendor == "sqlite":
        return SQLITE_COLLATION
    if vendor == "postgresql":
        return _postgres_collation(alias)
    return ""


def name_order(*fields: str, alias: str = "default") -> list:
    """Order-by expressions sorting `fields` (e.g. "user__last_name") in Polish order; a field may
    start with "-" for descending."""
    collation = collation_for(alias)
    ordering = []
    for field in fields:
        descending = field.startswith("-")
        name = field.lstrip("-")
        expression = Collate(F(name), collation) if collation else F(name)
        ordering.append(expression.desc() if descending else expression.asc())
    return ordering


def order_by_name(queryset: QuerySet, *fields: str) -> QuerySet:
    """The queryset ordered by `fields` in Polish alphabetical order (then by primary key)."""
    return queryset.order_by(*name_order(*fields, alias=queryset.db), "pk")


def person_order(queryset: QuerySet, prefix: str = "") -> QuerySet:
    """People (users, or staff with prefix "user__") by last name, first name, user name."""
    return order_by_name(queryset, f"{prefix}last_name", f"{prefix}first_name", f"{prefix}username")


def sorted_by_name(items, key=lambda item: str(item)) -> list:
    """Python objects in Polish alphabetical order of `key(item)`."""
    return sorted(items, key=lambda item: polish_key(key(item)))
