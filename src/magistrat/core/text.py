"""The one rule for text anyone types into Magistrat: no NUL or other control characters.

A NUL byte breaks PostgreSQL (it refuses to store one) and XLSX files (openpyxl refuses to
write one); other control characters (escape, bell, backspace…) are invisible in a page and
garble exports. Newline, carriage return and tab are ordinary text. Every text field refuses
them through this module: forms (`magistrat.core.forms`), the JSON API (`magistrat.api.schemas`)
and values that services check themselves (survey answers), so the message is the same everywhere.
"""

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

# C0 controls except \t \n \r, DEL, C1 controls, and the Unicode non-characters U+FFFE/U+FFFF.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
MESSAGE = _("Remove the control characters from this text (such as a NUL byte); they cannot be stored.")


def has_control_characters(value: Any) -> bool:
    """Whether `value`, or any text inside it (lists, dict keys and values), holds a control character."""
    if isinstance(value, str):
        return CONTROL_CHARACTERS.search(value) is not None
    if isinstance(value, dict):
        return any(has_control_characters(k) or has_control_characters(v) for k, v in value.items())
    if isinstance(value, list | tuple | set | frozenset):
        return any(has_control_characters(item) for item in value)
    return False


def strip_control_characters(value: str) -> str:
    """The text with control characters removed: for values shown or exported, never for input."""
    return CONTROL_CHARACTERS.sub("", value)


@deconstructible
class NoControlCharactersValidator:
    """Django validator (forms and model fields) refusing control characters."""

    message = MESSAGE
    code = "control_characters"

    def __call__(self, value: Any) -> None:
        if has_control_characters(value):
            raise ValidationError(self.message, code=self.code)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, NoControlCharactersValidator)

    def __hash__(self) -> int:
        return hash(self.code)


no_control_characters = NoControlCharactersValidator()


def check_text(value: Any) -> Any:
    """`value` unchanged, or ValueError with the translated message (pydantic validators)."""
    if has_control_characters(value):
        raise ValueError(str(MESSAGE))
    return value
