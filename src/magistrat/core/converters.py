"""Path converters with the bounds the data has, so that an address out of range is a 404, not a 500.

Django's `int` converter takes any run of digits: `/bip/rejestr-petycji/zestawienie/0/` reached
the view with year 0 (a date that cannot exist) and `…/99999999999999999999/` a number no database
column holds. Every URL pattern of Magistrat uses these instead (tests/api/test_converters.py
checks that no pattern uses `int`):

- `<id:pk>` — a database id or a version number: 1 to 2**63 - 1 (a signed 64-bit column);
- `<year:year>` — a calendar year the office can have records for: 1900 to 2999.

Django raises if a converter name is registered twice; importing this module registers them once.
"""

from django.urls import register_converter
from django.urls.converters import get_converters

ID_MAX = 2**63 - 1
YEAR_MIN, YEAR_MAX = 1900, 2999


class IdConverter:
    # 0 still matches the pattern, so that reverse() works with a placeholder; it resolves to nothing.
    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if not 1 <= number <= ID_MAX:
            raise ValueError(value)  # Django: this pattern does not match, try the next one (then 404)
        return number

    def to_url(self, value) -> str:
        return str(value)


class YearConverter:
    regex = "[0-9]{4}"

    def to_python(self, value: str) -> int:
        year = int(value)
        if not YEAR_MIN <= year <= YEAR_MAX:
            raise ValueError(value)
        return year

    def to_url(self, value) -> str:
        return str(value)


for _converter, _name in ((IdConverter, "id"), (YearConverter, "year")):
    if _name not in get_converters():
        register_converter(_converter, _name)
