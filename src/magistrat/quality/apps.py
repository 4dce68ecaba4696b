"""Quality management: ISO 9001 / ISO 18091 and management control (docs/architecture.md)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QualityConfig(AppConfig):
    name = "magistrat.quality"
    label = "quality"
    verbose_name = _("Quality management")

    def ready(self):
        from magistrat.core.audit_labels import register_actions, register_details
        from magistrat.quality.audit_actions import ACTIONS, DETAILS

        register_actions(ACTIONS)
        register_details(DETAILS)
        import magistrat.quality.permissions  # noqa: F401 - registers the owners' rules with core.permissions
        import magistrat.quality.services.nonconformities  # noqa: F401 - reacts to its actions being finished
        from magistrat.core import numbering
        from magistrat.core.attention import register
        from magistrat.core.demo import register_seeder
        from magistrat.core.scheduling import register_jobs
        from magistrat.quality.attention import document_attention, quality_attention
        from magistrat.quality.jobs import JOBS
        from magistrat.quality.models import Nonconformity
        from magistrat.quality.sources import STAFF_REPORT, Source, register_source

        register(quality_attention)
        register(document_attention)
        from magistrat.quality.context_attention import context_attention

        register(context_attention)
        from magistrat.quality import review_sources

        review_sources.register()
        from magistrat.quality import review_measures

        review_measures.register()
        # Its filing symbol (e.g. NC) is office configuration (org/data/filing_symbols.yaml).
        numbering.declare(Nonconformity.number_register, label=Nonconformity._meta.verbose_name_plural)
        register_source(Source(code=STAFF_REPORT, label=_("staff report")))
        register_jobs(JOBS)
        # After every module's records exist: the NCs link to complaints, incidents and ratings.
        register_seeder("magistrat.quality.context_demo.seed", order=89, live=True)
        register_seeder("magistrat.quality.demo.seed", order=90, live=True)
        register_seeder("magistrat.quality.document_demo.seed", order=91, live=True)
        # after the KPIs and documents: processes link to them
        register_seeder("magistrat.quality.process_demo.seed", order=98, live=True)
        register_seeder("magistrat.quality.review_demo.seed", order=99, live=True)  # reads every module
        from magistrat.core.account import register_link

        register_link(label=_("My actions"), url_name="quality:action_mine")
        register_link(label=_("Report a nonconformity"), url_name="quality:nc_report")
        register_link(label=_("My documents"), url_name="quality:document_mine")
        register_link(label=_("Quality policy"), url_name="quality:policy")
        import magistrat.quality.kpi_sources  # noqa: F401 - overdue actions as a KPI source (performance)
