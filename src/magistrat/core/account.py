"""Links an app adds to the "Your account" part of the staff home page (`register_link`, from its
`AppConfig.ready()`), after core's own (password, two-factor): core names no app's pages."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise


@dataclass(frozen=True)
class AccountLink:
    label: str | Promise  # translated lazily, in the language of each request
    url_name: str


_links: list[AccountLink] = []


def register_link(*, label: str | Promise, url_name: str) -> None:
    link = AccountLink(label, url_name)
    if link not in _links:
        _links.append(link)


def account_links() -> list[tuple[str, str]]:
    """(label, address) of every registered link, in the order the apps registered them."""
    return [(str(link.label), reverse(link.url_name)) for link in _links]
