"""Bluesky through the AT Protocol SDK (`atproto`). 300 graphemes; up to four images of at most
about 1 MB with alt text, or else a link card for the news item. Every message has a fixed record
key (the delivery's rkey): a retry first asks for that record and then writes it with putRecord, so
it can only ever exist once."""

from atproto import Client, models
from atproto_client.exceptions import (
    AtProtocolError,
    BadRequestError,
    NetworkError,
    RequestException,
    UnauthorizedError,
)
from atproto_client.request import Request
from django.utils.translation import gettext as _

from magistrat.comms import policy
from magistrat.comms.connectors.base import ChannelError, Connector, Message, Post, Sent, token_refused

COLLECTION = "app.bsky.feed.post"
LIMIT = 300


class BlueskyConnector(Connector):
    kind = "bluesky"
    label = "Bluesky"
    unit = "graphemes"

    def __init__(
        self,
        *,
        handle: str,
        password: str,
        pds_url: str = "https://bsky.social",
        timeout: float | None = None,
    ):
        self.handle = handle
        self.password = password
        self.pds_url = pds_url.rstrip("/")
        self.timeout = timeout or policy.value("request_timeout_seconds")
        self._client: Client | None = None

    def limit(self) -> int:
        return LIMIT

    def compose(self, message: Message) -> Post:
        base = self.base_text(message)
        post = Post(self.kind, base, 0, LIMIT, "graphemes", message.url)
        self._images(message, post, max_bytes=policy.value("bluesky_image_max_bytes"))
        if post.images:  # images take the embed: the link goes into the text (with a link facet)
            post.text = f"{base}\n\n{message.url}"
        post.length = self.count(post.text)
        return post

    def _call(self, function, *args, **kwargs):
        try:
            return function(*args, **kwargs)
        except UnauthorizedError as exc:
            raise token_refused(self.label) from exc
        except BadRequestError as exc:
            if "ExpiredToken" in str(exc) or "AuthenticationRequired" in str(exc):
                raise token_refused(self.label) from exc
            raise ChannelError(
                _("Bluesky refused the message: %(error)s") % {"error": exc}, retryable=False
            ) from exc
        except NetworkError as exc:
            raise ChannelError(
                _("Bluesky did not answer properly: %(error)s") % {"error": exc}, retryable=True
            ) from exc
        except RequestException as exc:
            status = getattr(getattr(exc, "response", None), "status_code", 500)
            raise ChannelError(
                _("Bluesky did not answer properly: %(error)s") % {"error": exc},
                retryable=status >= 500 or status == 429,
            ) from exc
        except AtProtocolError as exc:
            raise ChannelError(
                _("Bluesky did not answer properly: %(error)s") % {"error": exc}, retryable=True
            ) from exc

    def client(self) -> Client:
        if self._client is None:
            client = Client(base_url=self.pds_url, request=Request(timeout=self.timeout))
            self._call(client.login, self.handle, self.password, fetch_bsky_profile=False)
            self._client = client
        return self._client

    def _did(self) -> str:
        return self.client()._session.did  # the session's account (no profile fetched at login)

    def _url(self, rkey: str) -> str:
        return f"https://bsky.app/profile/{self.handle}/post/{rkey}"

    def send(self, post: Post, delivery) -> Sent:
        client = self.client()
        embed = None
        facets = None
        if post.images:
            blobs = [self._call(client.upload_blob, image.data).blob for image in post.images]
            embed = models.AppBskyEmbedImages.Main(
                images=[
                    models.AppBskyEmbedImages.Image(alt=image.alt, image=blob)
                    for image, blob in zip(post.images, blobs, strict=True)
                ]
            )
            start = len(post.text.encode()) - len(post.link.encode())
            facets = [
                models.AppBskyRichtextFacet.Main(
                    index=models.AppBskyRichtextFacet.ByteSlice(
                        byte_start=start, byte_end=len(post.text.encode())
                    ),
                    features=[models.AppBskyRichtextFacet.Link(uri=post.link)],
                )
            ]
        else:
            embed = models.AppBskyEmbedExternal.Main(
                external=models.AppBskyEmbedExternal.External(
                    uri=post.link, title=post.text.split("\n")[0][:300], description=""
                )
            )
        record = models.AppBskyFeedPost.Record(
            text=post.text, created_at=client.get_current_time_iso(), langs=["pl"], embed=embed, facets=facets
        )
        response = self._call(
            client.com.atproto.repo.put_record,
            models.ComAtprotoRepoPutRecord.Data(
                repo=self._did(), collection=COLLECTION, rkey=delivery.rkey, record=record
            ),
        )
        return Sent(response.uri, self._url(delivery.rkey))

    def find_existing(self, post: Post, delivery) -> Sent | None:
        client = self.client()
        try:
            found = client.com.atproto.repo.get_record(
                models.ComAtprotoRepoGetRecord.Params(
                    repo=self._did(), collection=COLLECTION, rkey=delivery.rkey
                )
            )
        except BadRequestError:  # RecordNotFound
            return None
        except AtProtocolError as exc:
            raise ChannelError(
                _("Bluesky did not answer properly: %(error)s") % {"error": exc}, retryable=True
            ) from exc
        return Sent(found.uri, self._url(delivery.rkey))

    def delete(self, delivery) -> None:
        client = self.client()
        self._call(
            client.com.atproto.repo.delete_record,
            models.ComAtprotoRepoDeleteRecord.Data(
                repo=self._did(), collection=COLLECTION, rkey=delivery.rkey
            ),
        )
