"""Communication with residents: the newsroom (news and announcements, crisis messages) and its
channels (website, social media, newsletter, Web Push, SMS) through one outbox per channel."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommsConfig(AppConfig):
    name = "magistrat.comms"
    label = "comms"
    verbose_name = _("Communication with residents")

    def ready(self):
        from magistrat.comms.attention import news_attention
        from magistrat.comms.audit_actions import ACTIONS, DETAILS
        from magistrat.comms.jobs import JOBS
        from magistrat.core.attention import register
        from magistrat.core.audit_labels import register_actions, register_details
        from magistrat.core.demo import register_seeder
        from magistrat.core.sitemaps import register_sitemap

        register_sitemap("comms_public:sitemap")  # /sitemap.xml and /robots.txt name the news' sitemap
        from magistrat.core.scheduling import register_jobs

        register_actions(ACTIONS)
        register_details(DETAILS)
        import magistrat.comms.permissions  # noqa: F401 - registers the newsroom's rules with core.permissions

        register(news_attention)
        register_jobs(JOBS)
        # After the bulletin and the catalogue: news items link to BIP items and services.
        register_seeder("magistrat.comms.demo.seed", order=60, live=True)
