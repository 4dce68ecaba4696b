from django import template

from magistrat.core.deadlines import Status
from magistrat.core.reference import localized as localized_text

register = template.Library()


@register.filter
def status_class(status: Status | None) -> str:
    return f"status status-{status.value}" if status else "status"


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """The current query string with some parameters replaced (pagination, sorting)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    return "?" + params.urlencode() if params else "?"


@register.filter
def get_item(mapping: dict, key):
    return mapping.get(key) if mapping else None


@register.filter
def localized(texts: dict | None) -> str:
    """{{ question.text|localized }}: a {"pl": …, "en": …} text in the current language."""
    return localized_text(texts) if texts else ""


@register.filter
def person(user) -> str:
    """{{ task.owner|person }}: a user's full name, else user name; "–" for nobody."""
    if user is None:
        return "–"
    return user.get_full_name() or user.get_username()
