"""Objectives and KPIs (ISO 9001 6.2, 9.1; management control): objectives cascaded office → unit,
KPIs measured by hand or computed from the modules' own data through a registry of KPI sources."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PerformanceConfig(AppConfig):
    name = "magistrat.performance"
    label = "performance"
    verbose_name = _("Objectives and KPIs")
