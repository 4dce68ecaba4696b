"""Communication with residents: the newsroom (news and announcements, crisis messages) and its
channels (website, social media, newsletter, Web Push, SMS) through one outbox per channel."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommsConfig(AppConfig):
    name = "magistrat.comms"
    label = "comms"
    verbose_name = _("Communication with residents")
