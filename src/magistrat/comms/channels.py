"""Which channels are enabled and how to reach them: from the server's environment (never the
repository or the database; docs/comms.md lists the variables), or `settings.COMMS_CHANNELS` when
the settings define it (tests, the demo office).

    COMMS_MASTODON_URL, COMMS_MASTODON_TOKEN
    COMMS_BLUESKY_HANDLE, COMMS_BLUESKY_APP_PASSWORD, COMMS_BLUESKY_PDS_URL (https://bsky.social)
    COMMS_FACEBOOK_PAGE_ID, COMMS_FACEBOOK_PAGE_TOKEN, COMMS_FACEBOOK_GRAPH_URL (https://graph.facebook.com/v21.0)
    COMMS_CHANNELS_OFF: channels switched off although configured, e.g. "facebook,bluesky"
"""

import os

from django.conf import settings
from django.utils.translation import gettext as _

from magistrat.comms.connectors.base import ChannelError, Connector, Image, Message

LABELS = {"mastodon": "Mastodon", "bluesky": "Bluesky", "facebook": "Facebook", "demo": "Demo"}


def _from_environment() -> dict[str, dict]:
    env = os.environ
    found: dict[str, dict] = {}
    if env.get("COMMS_MASTODON_URL") and env.get("COMMS_MASTODON_TOKEN"):
        found["mastodon"] = {"url": env["COMMS_MASTODON_URL"], "token": env["COMMS_MASTODON_TOKEN"]}
    if env.get("COMMS_BLUESKY_HANDLE") and env.get("COMMS_BLUESKY_APP_PASSWORD"):
        found["bluesky"] = {
            "handle": env["COMMS_BLUESKY_HANDLE"],
            "password": env["COMMS_BLUESKY_APP_PASSWORD"],
            "pds_url": env.get("COMMS_BLUESKY_PDS_URL", "https://bsky.social"),
        }
    if env.get("COMMS_FACEBOOK_PAGE_ID") and env.get("COMMS_FACEBOOK_PAGE_TOKEN"):
        found["facebook"] = {
            "page_id": env["COMMS_FACEBOOK_PAGE_ID"],
            "token": env["COMMS_FACEBOOK_PAGE_TOKEN"],
            "graph_url": env.get("COMMS_FACEBOOK_GRAPH_URL", "https://graph.facebook.com/v21.0"),
        }
    off = {name.strip() for name in env.get("COMMS_CHANNELS_OFF", "").split(",") if name.strip()}
    return {kind: options for kind, options in found.items() if kind not in off}


def enabled_channels() -> dict[str, dict]:
    """{kind: options} of every enabled channel, in a fixed order."""
    configured = getattr(settings, "COMMS_CHANNELS", None)
    channels = dict(configured) if configured is not None else _from_environment()
    return dict(sorted(channels.items()))


def connector_for(kind: str, options: dict | None = None) -> Connector:
    options = dict(options if options is not None else enabled_channels().get(kind, {}))
    if not options and kind != "demo":
        raise ChannelError(
            _("The channel %(channel)s is not configured on this server (see docs/comms.md).")
            % {"channel": LABELS.get(kind, kind)},
            retryable=False,
        )
    if "connector" in options:  # a ready connector object (the demo's null connector, tests)
        return options["connector"]
    if kind == "mastodon":
        from magistrat.comms.connectors.mastodon import MastodonConnector

        return MastodonConnector(**options)
    if kind == "bluesky":
        from magistrat.comms.connectors.bluesky import BlueskyConnector

        return BlueskyConnector(**options)
    if kind == "facebook":
        from magistrat.comms.connectors.facebook import FacebookConnector

        return FacebookConnector(**options)
    from magistrat.comms.connectors.null import NullConnector

    return NullConnector(kind)


def message_for(news, kind: str) -> Message:
    url = settings.MAGISTRAT_BASE_URL.rstrip("/") + news.public_path()
    images = tuple(
        Image(
            data=image.read(),
            content_type=image.content_type,
            alt=image.alt_text,
            name=image.file.name.rsplit("/", 1)[-1],
        )
        for image in news.images.all()
    )
    text = (news.channel_texts or {}).get(kind) or news.social_text
    return Message(key=news.pk, title=news.title, lead=news.lead, url=url, text=text, images=images)
