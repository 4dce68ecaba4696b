"""{% load audit %}{% audit_history entries %}: a record's history from its audit entries, read the
same way as on the audit pages (core.audit_display)."""

from django import template

from magistrat.core.audit_display import present

register = template.Library()


@register.inclusion_tag("core/audit_history.html")
def audit_history(entries, nobody: str = "") -> dict:
    """`nobody` names who acted when no user did (a resident's web form, the system)."""
    return {"views": present(entries), "nobody": nobody}
