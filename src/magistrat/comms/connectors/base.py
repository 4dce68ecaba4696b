"""What every connector offers, and the message it is given."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from magistrat.comms.graphemes import grapheme_count


class ChannelError(Exception):
    """A channel refused or did not answer. `retryable`: worth another attempt (timeouts, 5xx,
    rate limits); otherwise a person must act (an expired token, a refused message)."""

    def __init__(self, message: str, *, retryable: bool):
        super().__init__(message)
        self.message = message
        self.retryable = retryable


@dataclass(frozen=True)
class Image:
    data: bytes
    content_type: str
    alt: str
    name: str

    @property
    def size(self) -> int:
        return len(self.data)


@dataclass(frozen=True)
class Message:
    """A news item as the channels get it."""

    key: int  # the news item's id
    title: str
    lead: str
    url: str  # the item's public address, absolute
    text: str  # the adapted text for this channel, or the general social text, or ""
    images: tuple[Image, ...] = ()


@dataclass
class Post:
    """The message adapted to one channel: what the preview shows and what is sent."""

    channel: str
    text: str
    length: int  # counted as the channel counts it
    limit: int
    unit: str  # "characters" or "graphemes"
    link: str
    images: list[Image] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)  # why an image or the link card is not sent

    @property
    def fits(self) -> bool:
        return self.length <= self.limit


@dataclass(frozen=True)
class Sent:
    remote_id: str
    remote_url: str


class Connector:
    kind = ""
    label = ""
    unit = "characters"
    max_images = 4

    def limit(self) -> int:
        raise NotImplementedError

    def base_text(self, message: Message) -> str:
        return (message.text or f"{message.title}\n\n{message.lead}").strip()

    def count(self, text: str) -> int:
        return grapheme_count(text)

    def compose(self, message: Message) -> Post:
        raise NotImplementedError

    def send(self, post: Post, delivery) -> Sent:
        raise NotImplementedError

    def find_existing(self, post: Post, delivery) -> Sent | None:
        """The post if an earlier attempt made it (a response lost on the way), else None."""
        raise NotImplementedError

    def delete(self, delivery) -> None:
        raise NotImplementedError

    def _images(self, message: Message, post: Post, max_bytes: int | None = None) -> None:
        for index, image in enumerate(message.images):
            if index >= self.max_images:
                post.left_out.append(
                    _("Image %(n)d: the channel takes at most %(max)d.")
                    % {"n": index + 1, "max": self.max_images}
                )
            elif max_bytes and image.size > max_bytes:
                post.left_out.append(
                    _("Image %(n)d: larger than the channel accepts (%(kb)d KB).")
                    % {"n": index + 1, "kb": max_bytes // 1000}
                )
            else:
                post.images.append(image)


def token_refused(channel: str) -> ChannelError:
    return ChannelError(
        _(
            "%(channel)s refused the access token (expired or revoked). Issue a new token, set it in "
            "the server's environment and retry."
        )
        % {"channel": channel},
        retryable=False,
    )
