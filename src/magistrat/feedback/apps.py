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


def _load_surveys(sender, **kwargs):
    """Reference data after every migrate, as Django does for permissions: the surveys in data/."""
    from magistrat.feedback.services import surveys_load

    surveys_load(using=kwargs.get("using", "default"))
