"""Competence development: competence model, periodic assessment of officials (u.p.s. art. 27-28),
trainings."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompetenceConfig(AppConfig):
    name = "magistrat.competence"
    label = "competence"
    verbose_name = _("Competence development")

    def ready(self):
        from django.db.models.signals import post_migrate

        import magistrat.competence.permissions  # noqa: F401 - registers the superiors' and own rules
        from magistrat.competence.attention import (
            competence_attention,
            preparatory_attention,
            training_attention,
        )
        from magistrat.competence.audit_actions import ACTIONS, DETAILS
        from magistrat.core.attention import register
        from magistrat.core.audit_labels import register_actions, register_details
        from magistrat.core.demo import register_seeder

        register_actions(ACTIONS)
        register_details(DETAILS)
        register(competence_attention)
        register(preparatory_attention)
        register(training_attention)
        from magistrat.competence.kpi_sources import register as register_kpi_sources

        register_kpi_sources()  # mandatory-training compliance for the performance registry
        from magistrat.competence.services.document_needs import needs_from_document
        from magistrat.quality.effects import on_positions_reached

        on_positions_reached(needs_from_document)  # a document in force reaching positions: needs
        post_migrate.connect(_load_default_order, sender=self)
        post_migrate.connect(_load_default_framework, sender=self)
        register_seeder("magistrat.competence.demo.seed", order=45, live=True)
        register_seeder("magistrat.competence.demo_model.seed", order=46, live=True)
        from magistrat.core.account import register_link

        # Every employee reaches their own assessments (and a superior their reports) from home.
        register_link(label=_("My periodic assessments"), url_name="competence:mine")
        register_link(label=_("My competences"), url_name="competence:my_profile")
        register_link(label=_("My trainings"), url_name="competence:my_trainings")


def _load_default_order(sender, **kwargs):
    """The shipped default order (criteria, scale, procedure) on a fresh install."""
    from magistrat.competence.services.orders import order_load_default

    order_load_default(using=kwargs.get("using", "default"))


def _load_default_framework(sender, **kwargs):
    """The shipped default competences (groups and level scales) on a fresh install."""
    from magistrat.competence.services.framework import framework_load_default

    framework_load_default(using=kwargs.get("using", "default"))
