"""Mastodon through Mastodon.py. The instance's own character limit is read from
/api/v2/instance (500 when it cannot be read); a URL counts as 23 characters, as Mastodon counts
it. Up to four images with their alt text. A retry never posts twice: the delivery's idempotency
key goes with every attempt, and because Mastodon keeps keys only an hour, a retry later than that
first looks for the status among the account's own recent posts (by the news item's address)."""

import io
import logging
from datetime import timedelta

from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext as _
from mastodon import (
    Mastodon,
    MastodonAPIError,
    MastodonNetworkError,
    MastodonNotFoundError,
    MastodonRatelimitError,
    MastodonServerError,
    MastodonUnauthorizedError,
)

from magistrat.comms import policy
from magistrat.comms.connectors.base import ChannelError, Connector, Message, Post, Sent, token_refused

logger = logging.getLogger(__name__)
DEFAULT_LIMIT = 500
URL_LENGTH = 23


class MastodonConnector(Connector):
    kind = "mastodon"
    label = "Mastodon"

    def __init__(self, *, url: str, token: str, timeout: float | None = None):
        self.url = url.rstrip("/")
        self.api = Mastodon(
            access_token=token,
            api_base_url=self.url,
            request_timeout=timeout or policy.value("request_timeout_seconds"),
            ratelimit_method="throw",
            version_check_mode="none",
        )

    def limit(self) -> int:
        key = f"comms:mastodon-limit:{self.url}"
        limit = cache.get(key)
        if limit is None:
            limit = self._read_limit()
            cache.set(key, limit, 3600)
        return limit

    def _read_limit(self) -> int:
        try:
            instance = self.api.instance_v2()
            return int(instance["configuration"]["statuses"]["max_characters"])
        except (MastodonAPIError, MastodonNetworkError, KeyError, TypeError, ValueError):
            pass
        try:
            return int(self.api.instance_v1().get("max_toot_chars") or DEFAULT_LIMIT)
        except (MastodonAPIError, MastodonNetworkError, TypeError, ValueError):
            logger.warning("Mastodon instance %s: limit not readable, using %d", self.url, DEFAULT_LIMIT)
            return DEFAULT_LIMIT

    def compose(self, message: Message) -> Post:
        base = self.base_text(message)
        text = f"{base}\n\n{message.url}"
        post = Post(
            self.kind, text, self.count(f"{base}\n\n") + URL_LENGTH, self.limit(), "graphemes", message.url
        )
        self._images(message, post)
        return post

    def _call(self, function, *args, **kwargs):
        try:
            return function(*args, **kwargs)
        except MastodonUnauthorizedError as exc:
            raise token_refused(self.label) from exc
        except (MastodonNetworkError, MastodonServerError, MastodonRatelimitError) as exc:
            raise ChannelError(
                _("Mastodon did not answer properly: %(error)s") % {"error": exc}, retryable=True
            ) from exc
        except MastodonAPIError as exc:
            raise ChannelError(
                _("Mastodon refused the message: %(error)s") % {"error": exc}, retryable=False
            ) from exc

    def send(self, post: Post, delivery) -> Sent:
        media_ids = [
            self._call(
                self.api.media_post,
                io.BytesIO(image.data),
                mime_type=image.content_type,
                description=image.alt,
                file_name=image.name,
            )["id"]
            for image in post.images
        ]
        status = self._call(
            self.api.status_post,
            post.text,
            media_ids=media_ids or None,
            visibility="public",
            language="pl",
            idempotency_key=str(delivery.idempotency_key),
        )
        return Sent(str(status["id"]), status.get("url") or status.get("uri") or "")

    def find_existing(self, post: Post, delivery) -> Sent | None:
        if delivery.remote_id:
            try:
                status = self._call(self.api.status, delivery.remote_id)
                return Sent(str(status["id"]), status.get("url") or "")
            except ChannelError:
                pass
        key_expires = (delivery.first_attempt_at or timezone.now()) + timedelta(
            minutes=policy.value("mastodon_idempotency_minutes")
        )
        if timezone.now() < key_expires:
            return None  # the idempotency key still answers with the status an earlier attempt made
        me = self._call(self.api.me)
        for status in self._call(self.api.account_statuses, me["id"], limit=40):
            if post.link in (status.get("content") or ""):
                return Sent(str(status["id"]), status.get("url") or "")
        return None

    def delete(self, delivery) -> None:
        try:
            self.api.status_delete(delivery.remote_id)
        except MastodonNotFoundError:
            return  # already gone
        except MastodonUnauthorizedError as exc:
            raise token_refused(self.label) from exc
        except (MastodonNetworkError, MastodonAPIError) as exc:
            raise ChannelError(
                _("Mastodon did not delete the post: %(error)s") % {"error": exc}, retryable=True
            ) from exc
