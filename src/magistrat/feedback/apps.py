from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "magistrat.feedback"
    label = "feedback"
    verbose_name = _("Residents' ratings")

    def ready(self):
        from django.db.models.signals import post_migrate

        post_migrate.connect(_load_surveys, sender=self)


def _load_surveys(sender, **kwargs):
    """Reference data after every migrate, as Django does for permissions: the surveys in data/."""
    from magistrat.feedback.services import surveys_load

    surveys_load(using=kwargs.get("using", "default"))
