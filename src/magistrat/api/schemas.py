"""What every router of the JSON API shares: the error format, the rules for input, the declared errors.

- `ErrorOut` is the one error format: `{"detail": "<translated message>", "field": …, "errors": […]}`.
- `InputSchema` is the base of every request body and query-filter schema: each text in it (also
  inside lists and objects) refuses control characters with the message of `magistrat.core.text`,
  the rule the HTML forms follow, and the published schema says so (a `pattern` on each string).
- `Text`, `Id`, `AwareDateTime` and `StrictDate` are the same rules for parameters declared in an
  operation's signature: text without control characters, a database id, a date and time with its
  UTC offset (RFC 3339) and a calendar date (YYYY-MM-DD), so that `since=0.5` is refused.
- `with_errors` declares the error answers an operation can give, all in the `ErrorOut` format.
"""

import re
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Annotated, Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Schema
from pydantic import AfterValidator, BeforeValidator, ConfigDict, Field, field_validator

from magistrat.core.text import CONTROL_CHARACTERS, check_text

# The JSON-schema form of the text rule: a string without any character of core.text's class.
TEXT_PATTERN = "^[^" + CONTROL_CHARACTERS.pattern[1:-1] + "]*$"
# Database ids are signed 64-bit integers everywhere (SQLite and PostgreSQL bigint).
ID_MAX = 2**63 - 1


class ErrorOut(Schema):
    """Every error answer of the API (4xx and 5xx)."""

    detail: Annotated[str, Field(description="What went wrong, translated into the caller's language.")]
    field: Annotated[str | None, Field(description="The input the message is about, when there is one.")] = (
        None
    )
    errors: Annotated[
        list[dict[str, Any]] | None,
        Field(description="422 only: every problem found (type, loc, msg), for programs."),
    ] = None


def _add_text_pattern(schema: Any) -> None:
    """Document the text rule on every plain string of a JSON schema (not on formats or enums)."""
    if isinstance(schema, list):
        for item in schema:
            _add_text_pattern(item)
        return
    if not isinstance(schema, dict):
        return
    if schema.get("type") == "string" and not {"format", "enum", "const", "pattern"} & schema.keys():
        schema["pattern"] = TEXT_PATTERN
    if schema.get("type") == "object" and "additionalProperties" in schema:
        schema.setdefault("propertyNames", {"pattern": TEXT_PATTERN})  # the keys are text too
    for key in ("anyOf", "oneOf", "allOf", "prefixItems"):
        _add_text_pattern(schema.get(key))
    for key in ("items", "additionalProperties", "propertyNames"):
        _add_text_pattern(schema.get(key))


def _text_patterns(schema: dict[str, Any], model: type) -> None:
    for prop in schema.get("properties", {}).values():
        _add_text_pattern(prop)


class InputSchema(Schema):
    """Base of the API's request bodies and query filters: no control characters in any text."""

    model_config = ConfigDict(json_schema_extra=_text_patterns)

    @field_validator("*", mode="after")
    @classmethod
    def _no_control_characters(cls, value: Any) -> Any:
        return check_text(value)


# A text parameter of an operation's signature (query or path), under the same rule.
Text = Annotated[str, AfterValidator(check_text), Field(json_schema_extra={"pattern": TEXT_PATTERN})]
# A database id in a path: the URL converter (`{id:pk}`, core.converters) answers 404 outside this range.
Id = Annotated[int, Field(ge=1, le=ID_MAX)]

RFC3339 = re.compile(
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,9})?([Zz]|[+-][0-9]{2}:[0-9]{2})$"
)
ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
DATETIME_MESSAGE = gettext_lazy(
    "Give a date and time with its UTC offset (RFC 3339), e.g. 2026-11-29T10:00:00+01:00."
)
DATE_MESSAGE = gettext_lazy("Give a date as YYYY-MM-DD, e.g. 2026-11-29.")


def _rfc3339_text(value: Any) -> Any:
    # Pydantic alone would read numbers (and "0.5") as Unix timestamps and take times without an offset.
    if isinstance(value, datetime):
        return value
    if not isinstance(value, str) or not RFC3339.match(value):
        raise ValueError(str(DATETIME_MESSAGE))
    return value.upper()


def _utc(value: datetime) -> datetime:
    if value.utcoffset() is None:
        raise ValueError(str(DATETIME_MESSAGE))
    try:
        return value.astimezone(UTC)
    except OverflowError:
        # A moment in year 1 or 9999 whose offset crosses the calendar's edge: the edge itself.
        return datetime.min.replace(tzinfo=UTC) if value.year == 1 else datetime.max.replace(tzinfo=UTC)


def _iso_date_text(value: Any) -> Any:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if not isinstance(value, str) or not ISO_DATE.match(value):
        raise ValueError(str(DATE_MESSAGE))
    return value


AwareDateTime = Annotated[datetime, BeforeValidator(_rfc3339_text), AfterValidator(_utc)]
StrictDate = Annotated[date, BeforeValidator(_iso_date_text)]


def with_errors(success: dict[int, Any], *codes: int) -> dict[int, Any]:
    """An operation's `response=`: its success answers and the error codes it can give, as ErrorOut."""
    return success | {code: ErrorOut for code in codes}


# The usual sets. Signed-in routers: 401 without valid credentials, 403 when the roles (or a
# missing two-factor sign-in) do not allow it. Any operation with parameters: 422 when they do
# not match the schema. A request body: 400 when it is not JSON, 413 when it is too large.
SIGNED_IN = (401, 403)
BODY = (400, 413, 422)

# Error messages by status, for answers not produced by an operation (unknown address, method,
# oversized or unreadable request, server error): see api.middleware.
STATUS_MESSAGES = {
    400: gettext_lazy("The request could not be read."),
    401: gettext_lazy("Sign in first."),
    403: gettext_lazy("You do not have permission to do this."),
    404: gettext_lazy("Not found."),
    405: gettext_lazy("This method is not allowed here; the Allow header lists those that are."),
    413: gettext_lazy("The request is too large."),
    415: gettext_lazy("Send the request body as JSON (Content-Type: application/json)."),
    429: gettext_lazy("Too many requests. Try again later."),
    500: gettext_lazy("Something went wrong on the server. The error has been logged; try again later."),
}

_PYDANTIC_MESSAGES = {
    "missing": gettext_lazy("This value is required."),
    "uuid_parsing": gettext_lazy("Give a valid identifier (UUID)."),
    "uuid_type": gettext_lazy("Give a valid identifier (UUID)."),
    "int_parsing": gettext_lazy("Give a whole number."),
    "int_type": gettext_lazy("Give a whole number."),
    "int_from_float": gettext_lazy("Give a whole number."),
    "greater_than_equal": gettext_lazy("The number is out of range."),
    "less_than_equal": gettext_lazy("The number is out of range."),
    "bool_parsing": gettext_lazy("Give true or false."),
    "bool_type": gettext_lazy("Give true or false."),
    "string_type": gettext_lazy("Give a text."),
    "string_too_long": gettext_lazy("The text is too long."),
    "dict_type": gettext_lazy("Give an object."),
    "model_type": gettext_lazy("Give an object."),
    "model_attributes_type": gettext_lazy("Give an object."),
    "list_type": gettext_lazy("Give a list."),
    "json_invalid": gettext_lazy("The request body is not valid JSON."),
}
_BODY_SOURCES = {"body", "form", "file"}
_SOURCES = _BODY_SOURCES | {"query", "path", "header", "cookie"}


def error_message(error: Mapping[str, Any]) -> str:
    """A translated message for one pydantic error (our validators' messages are already translated)."""
    kind = str(error.get("type", ""))
    if kind == "value_error":
        reason = (error.get("ctx") or {}).get("error")
        if reason:
            return str(reason)
    if kind in _PYDANTIC_MESSAGES:
        return str(_PYDANTIC_MESSAGES[kind])
    if kind.startswith("datetime") or kind.startswith("timezone"):
        return str(DATETIME_MESSAGE)
    if kind.startswith("date"):
        return str(DATE_MESSAGE)
    return _("This value is not valid.")


def error_field(loc: Sequence[Any]) -> str | None:
    """The input a pydantic error is about, as `name` or `name.key`: without where it was sent
    (query, body…) nor, for a body, the name of the operation's body argument."""
    parts = list(loc)
    if parts and parts[0] in _SOURCES:
        source = parts.pop(0)
        if source in _BODY_SOURCES and len(parts) > 1:
            parts.pop(0)
    return ".".join(str(part) for part in parts) or None


def describe(errors: Sequence[Mapping[str, Any]]) -> tuple[str, str | None]:
    """(message, field) of the first of pydantic's errors, for `ErrorOut` and per-item results."""
    if not errors:
        return _("This value is not valid."), None
    first = errors[0]
    return error_message(first), error_field(first.get("loc", ()))
