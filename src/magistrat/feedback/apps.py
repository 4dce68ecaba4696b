from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "magistrat.feedback"
    label = "feedback"
    verbose_name = _("Residents' ratings")

    def ready(self):
        from django.db.models.signals import post_migrate

        from magistrat.core.attention import register
        from magistrat.core.audit_labels import register_actions, register_details
        from magistrat.feedback.alerts import satisfaction_attention
        from magistrat.feedback.audit_actions import ACTIONS, DETAILS

        register_actions(ACTIONS)
        register_details(DETAILS)
        post_migrate.connect(_load_surveys, sender=self)
        register(satisfaction_attention)
        from magistrat.core.demo import register_seeder
        from magistrat.core.scheduling import register_jobs
        from magistrat.feedback.jobs import JOBS

        register_jobs(JOBS)
        register_seeder("magistrat.feedback.demo.seed", order=30)
        from magistrat.core.account import register_link

        register_link(label=_("My ratings at the desk"), url_name="feedback:my_ratings")
        from magistrat.feedback import nc_source

        nc_source.register()  # satisfaction drops raise nonconformities, re-measured after the actions
        import magistrat.feedback.kpi_sources  # noqa: F401 - CSAT and NPS as KPI sources (performance)


def _load_surveys(sender, **kwargs):
    """Reference data after every migrate, as Django does for permissions: the surveys in data/."""
    from magistrat.feedback.services.surveys import surveys_load

    surveys_load(using=kwargs.get("using", "default"))
