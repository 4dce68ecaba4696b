"""A connector that sends nowhere: the demo office's channels and tests of the outbox itself."""

from magistrat.comms.connectors.base import ChannelError, Connector, Message, Post, Sent


class NullConnector(Connector):
    label = "Demo"

    def __init__(self, kind: str = "demo", *, fail_with: str = "", retryable: bool = True, limit: int = 500):
        self.kind = kind
        self.fail_with = fail_with
        self.retryable = retryable
        self._limit = limit
        self.sent: list[Post] = []

    def limit(self) -> int:
        return self._limit

    def compose(self, message: Message) -> Post:
        text = f"{self.base_text(message)}\n\n{message.url}"
        post = Post(self.kind, text, self.count(text), self.limit(), self.unit, message.url)
        self._images(message, post)
        return post

    def send(self, post: Post, delivery) -> Sent:
        if self.fail_with:
            raise ChannelError(self.fail_with, retryable=self.retryable)
        self.sent.append(post)
        return Sent(f"{self.kind}-{delivery.pk}", "")

    def find_existing(self, post: Post, delivery) -> Sent | None:
        return None

    def delete(self, delivery) -> None:
        return None
