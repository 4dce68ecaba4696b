"""Objectives and KPIs (ISO 9001 6.2, 9.1; management control): objectives cascaded office → unit,
KPIs measured by hand or computed from the modules' own data through a registry of KPI sources."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PerformanceConfig(AppConfig):
    name = "magistrat.performance"
    label = "performance"
    verbose_name = _("Objectives and KPIs")

    def ready(self):
        from magistrat.core.attention import register
        from magistrat.core.audit_labels import register_actions, register_details
        from magistrat.core.demo import register_seeder
        from magistrat.core.scheduling import register_jobs
        from magistrat.performance.attention import performance_attention
        from magistrat.performance.audit_actions import ACTIONS, DETAILS
        from magistrat.performance.jobs import JOBS

        register_actions(ACTIONS)
        register_details(DETAILS)
        import magistrat.performance.permissions  # noqa: F401 - owners' rules for core.permissions

        register(performance_attention)
        register_jobs(JOBS)
        # Last: computed KPIs read the ratings, cases, incidents and actions the others seeded.
        register_seeder("magistrat.performance.demo.seed", order=97, live=True)
