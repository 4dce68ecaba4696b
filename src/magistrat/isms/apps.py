from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IsmsConfig(AppConfig):
    name = "magistrat.isms"
    label = "isms"
    verbose_name = _("Information security")

    def ready(self):
        from magistrat.core.audit_labels import register_actions, register_details
        from magistrat.isms.audit_actions import ACTIONS, DETAILS

        register_actions(ACTIONS)
        register_details(DETAILS)
        from django.db.models.signals import post_migrate

        from magistrat.core.attention import register
        from magistrat.isms.attention import isms_attention
        from magistrat.isms.intake import DATA_SUBJECT_REQUESTS
        from magistrat.org import intake

        post_migrate.connect(_load_reference, sender=self)
        register(isms_attention)
        intake.register(DATA_SUBJECT_REQUESTS)


def _load_reference(sender, **kwargs):
    """Reference catalogues and risk matrices after every migrate: a fresh install has them."""
    from magistrat.isms.reference import reference_load

    reference_load(using=kwargs.get("using", "default"))
