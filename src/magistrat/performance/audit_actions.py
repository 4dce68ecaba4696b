"""Names of the audit events the performance module writes."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

ACTIONS = {
    "performance.objective.created": _("Objective set"),
    "performance.objective.changed": _("Objective changed"),
    "performance.kpi.created": _("KPI defined"),
    "performance.kpi.changed": _("KPI changed"),
    "performance.kpi.value_recorded": _("KPI value recorded"),
    "performance.kpi.values_computed": _("KPI values computed"),
    "performance.kpi.value_commented": _("KPI value commented"),
    "performance.kpi.method_changed": _("KPI method change recorded"),
    "performance.kpi.exported": _("KPI list exported"),
}

DETAILS = {
    "title": pgettext_lazy("audit detail", "title"),
    "level": pgettext_lazy("audit detail", "level"),
    "parent": pgettext_lazy("audit detail", "serves"),
    "years": pgettext_lazy("audit detail", "years"),
    "state": pgettext_lazy("audit detail", "state"),
    "objective": pgettext_lazy("audit detail", "objective"),
    "kpi": pgettext_lazy("audit detail", "KPI"),
    "target": pgettext_lazy("audit detail", "target"),
    "frequency": pgettext_lazy("audit detail", "frequency"),
    "period": pgettext_lazy("audit detail", "period"),
    "value": pgettext_lazy("audit detail", "value"),
    "periods": pgettext_lazy("audit detail", "periods"),
    "changed_periods": pgettext_lazy("audit detail", "changed periods"),
    "comment": pgettext_lazy("audit detail", "comment"),
    "effective_from": pgettext_lazy("audit detail", "effective from"),
    "method": pgettext_lazy("audit detail", "what changed"),
    "data_source": pgettext_lazy("audit detail", "data source"),
}
