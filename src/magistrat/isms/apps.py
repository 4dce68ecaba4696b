from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IsmsConfig(AppConfig):
    name = "magistrat.isms"
    label = "isms"
    verbose_name = _("Information security")

    def ready(self):
        from django.db.models.signals import post_migrate

        from magistrat.core.attention import register
        from magistrat.isms.attention import isms_attention

        post_migrate.connect(_load_reference, sender=self)
        register(isms_attention)


def _load_reference(sender, **kwargs):
    """Reference catalogues and risk matrices after every migrate: a fresh install has them."""
    from magistrat.isms.reference import reference_load

    reference_load(using=kwargs.get("using", "default"))
