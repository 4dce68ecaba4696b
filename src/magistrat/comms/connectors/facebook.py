"""A Facebook page through the Graph API over HTTP: `POST /{page_id}/feed` with the page's access
token (message and link). Before a retry the page's recent posts are searched for the news item's
link, so a post whose answer was lost is recorded, not posted again. Error code 190 is an expired
or revoked token."""

import requests
from django.utils.translation import gettext as _

from magistrat.comms import policy
from magistrat.comms.connectors.base import ChannelError, Connector, Message, Post, Sent, token_refused

LIMIT = 63206  # the longest post text Facebook accepts


class FacebookConnector(Connector):
    kind = "facebook"
    label = "Facebook"
    max_images = 0  # link posts: Facebook shows the page's own preview image

    def __init__(
        self,
        *,
        page_id: str,
        token: str,
        graph_url: str = "https://graph.facebook.com/v21.0",
        timeout: float | None = None,
    ):
        self.page_id = page_id
        self.token = token
        self.graph_url = graph_url.rstrip("/")
        self.timeout = timeout or policy.value("request_timeout_seconds")

    def limit(self) -> int:
        return LIMIT

    def compose(self, message: Message) -> Post:
        text = self.base_text(message)
        post = Post(self.kind, text, self.count(text), LIMIT, "characters", message.url)
        if message.images:
            post.left_out.append(_("Images: the page shows the link's preview instead."))
        return post

    def _request(self, method: str, path: str, **kwargs) -> dict:
        params = kwargs.pop("params", {}) | {"access_token": self.token}
        try:
            response = requests.request(
                method, f"{self.graph_url}/{path}", params=params, timeout=self.timeout, **kwargs
            )
        except requests.RequestException as exc:
            raise ChannelError(
                _("Facebook did not answer: %(error)s") % {"error": exc}, retryable=True
            ) from exc
        try:
            payload = response.json()
        except ValueError:
            payload = {}
        if response.status_code >= 400 or "error" in payload:
            error = payload.get("error") or {}
            if error.get("code") == 190 or response.status_code == 401:
                raise token_refused(self.label)
            message = error.get("message") or response.reason or str(response.status_code)
            retryable = (
                response.status_code >= 500
                or response.status_code == 429
                or error.get("code") in (1, 2, 4, 17, 32)
            )
            raise ChannelError(
                _("Facebook answered %(status)d: %(error)s")
                % {"status": response.status_code, "error": message},
                retryable=retryable,
            )
        return payload

    def _sent(self, post_id: str) -> Sent:
        return Sent(post_id, f"https://www.facebook.com/{post_id}")

    def send(self, post: Post, delivery) -> Sent:
        answer = self._request("POST", f"{self.page_id}/feed", data={"message": post.text, "link": post.link})
        return self._sent(str(answer["id"]))

    def find_existing(self, post: Post, delivery) -> Sent | None:
        if delivery.remote_id:
            return self._sent(delivery.remote_id)
        answer = self._request(
            "GET", f"{self.page_id}/feed", params={"fields": "id,link,message", "limit": 25}
        )
        for entry in answer.get("data", []):
            if entry.get("link") == post.link or post.link in (entry.get("message") or ""):
                return self._sent(str(entry["id"]))
        return None

    def delete(self, delivery) -> None:
        self._request("DELETE", delivery.remote_id)
