"""No English in the Polish staff UI.

An administrator (two-factor verified) opens every staff page the URLconf has (with objects made for
the pages that need them) in Polish. No text, option, placeholder, title, alt text or aria-label may
be an English msgid of Django's or our catalogue whose Polish differs (or that has no Polish at all,
such as Django 6.1's "- Select an option -"): such text is an untranslated string.
"""

import re
from datetime import date, datetime
from html.parser import HTMLParser
from pathlib import Path

import django
import polib
import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation
from django.utils.translation import trans_real

from tests.conftest import verified_login

pytestmark = pytest.mark.django_db

STAFF_NAMESPACES = {"core", "org", "registers", "feedback", "services", "isms", "bip"}
NOT_PAGES = {"core:logout"}  # signs the administrator out
OUR_CATALOGUE = Path(__file__).resolve().parents[2] / "src/magistrat/locale/pl/LC_MESSAGES/django.po"
DJANGO_CATALOGUES = [
    Path(django.__file__).parent / "conf/locale/en/LC_MESSAGES/django.po",
    Path(django.__file__).parent / "contrib/auth/locale/en/LC_MESSAGES/django.po",
]
CHECKED_ATTRIBUTES = {"placeholder", "title", "aria-label", "alt", "label"}


def english_msgids() -> set[str]:
    """Msgids whose text on a Polish page means an untranslated string."""
    with translation.override("pl"):
        catalog = trans_real.translation("pl")._catalog
    english = set()
    polish_words = {value for _key, value in catalog.items() if isinstance(value, str)}
    for path in [OUR_CATALOGUE, *DJANGO_CATALOGUES]:
        for entry in polib.pofile(str(path)):
            if entry.obsolete or "%" in entry.msgid or "{" in entry.msgid:
                continue  # format strings never appear verbatim
            key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
            if entry.msgid_plural:
                key = (key, 0)
            polish = catalog.get(key)
            if len(re.findall(r"[A-Za-z]", entry.msgid)) >= 2 and polish != entry.msgid:
                english.add(entry.msgid)
    return english - polish_words  # "Role" is English for "Rola" and Polish for "Roles"


class ShownText(HTMLParser):
    """Text a person sees or hears: text nodes and a few attributes, outside English passages
    (`lang="en"`, e.g. the "English" language button), scripts and what the page marks as not to be
    translated (`translate="no"`)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self.stack: list[tuple[str, bool]] = []  # (tag, inside a non-Polish passage or a script)

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        skipped = (self.stack[-1][1] if self.stack else False) or tag in ("script", "style", "template")
        lang = values.get("lang")
        if lang is not None:
            skipped = skipped or not lang.startswith("pl")
        skipped = skipped or values.get("translate") == "no"  # codes and stored values, marked as such
        if not skipped:
            self.texts += [value for name, value in attrs if name in CHECKED_ATTRIBUTES and value]
            if tag == "input" and values.get("type") in ("submit", "button", "reset") and values.get("value"):
                self.texts.append(values["value"])
        if tag not in self.VOID:
            self.stack.append((tag, skipped))

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break

    def handle_data(self, data):
        if not (self.stack and self.stack[-1][1]):
            self.texts.append(data)


def shown_texts(html: str) -> set[str]:
    parser = ShownText()
    parser.feed(html)
    return {" ".join(text.split()) for text in parser.texts} - {""}


def staff_routes(resolver=None, namespace=""):
    """(URL name, names of its arguments) of every staff page in the URLconf."""
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(filter(None, [namespace, pattern.namespace])) if pattern.namespace else namespace
            yield from staff_routes(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name and namespace in STAFF_NAMESPACES:
            yield f"{namespace}:{pattern.name}", sorted(pattern.pattern.regex.groupindex)


@pytest.fixture
def arguments(units, admin_staff):
    """URL arguments of the detail pages, from one object of each kind."""
    from magistrat.bip import services as bulletin
    from magistrat.bip.models import Category, Item
    from magistrat.core.deadlines import WARSAW
    from magistrat.feedback.models import ServicePoint, Survey
    from magistrat.registers import services as registers
    from magistrat.services import services as catalogue
    from tests.factories import PositionFactory
    from tests.registers.test_complaints import register as register_complaint
    from tests.registers.test_info_requests import register as register_request
    from tests.services.test_catalogue import CARD

    staff = admin_staff
    complaint = register_complaint(received_at=datetime(2026, 3, 2, 9, tzinfo=WARSAW))
    request = register_request()
    petition = registers.petition_register(
        filed_at=datetime(2026, 3, 2, 10, tzinfo=WARSAW),
        petitioner="Stowarzyszenie Zielony Wiślin",
        petitioner_contact="biuro@example.pl",
        addressee="mayor",
        subject="Oświetlenie parku",
        content="Wnosimy o oświetlenie alejek.",
    )
    service = catalogue.service_create(slug="dowod", unit=units["SA"], content=CARD, user=staff.user)
    point = ServicePoint.objects.create(
        code="A-S07", name="Stanowisko 7", unit=units["SA-01"], survey=Survey.objects.get(slug="desk")
    )
    item = bulletin.item_save(  # a draft: publishing would load the Polish stemmer (slow) for nothing
        item=Item(
            category=Category.objects.get(slug="ogloszenia"),
            unit=units["SA"],
            slug="konsultacje",
            title="Ogłoszenie o konsultacjach społecznych",
            body="<p>Treść</p>",
            produced_by="Wydział Spraw Obywatelskich",
            responsible="Naczelnik Wydziału",
            produced_on=date(2026, 3, 1),
            entered_by=staff.user,
        ),
        data={},
    )
    return {
        "org:unit_detail": {"code": "SA"},
        "org:unit_edit": {"code": "SA"},
        "org:staff_detail": {"pk": staff.pk},
        "org:staff_edit": {"pk": staff.pk},
        "org:staff_security": {"pk": staff.pk},
        "org:position_edit": {"pk": PositionFactory().pk},
        "registers:complaint_detail": {"pk": complaint.pk},
        "registers:request_detail": {"pk": request.pk},
        "registers:petition_detail": {"pk": petition.pk},
        "registers:petition_summary": {"year": 2026},
        "services:service_edit": {"slug": service.slug},
        "services:service_history": {"slug": service.slug},
        "feedback:point_detail": {"code": point.code},
        "feedback:point_edit": {"code": point.code},
        "feedback:survey_detail": {"slug": "desk"},
        "feedback:survey_edit": {"slug": "desk"},
        "bip:item_detail": {"pk": item.pk},
        "bip:item_edit": {"pk": item.pk},
    }


def test_english_msgids_include_djangos_untranslated_empty_choice():
    english = english_msgids()
    assert "- Select an option -" in english  # Django 6.1's, without Polish until our catalogue has it
    assert "Save" in english and "Polish" in english  # ours, translated differently
    assert "BIP" not in english  # the same word in Polish
    html = '<p>Save</p><b lang="en">English</b><input placeholder="Search"><b translate="no">Role</b>'
    assert shown_texts(html) == {"Save", "Search"}


def test_staff_pages_in_polish_show_no_english(client, admin_staff, arguments):
    verified_login(client, admin_staff.user)
    english = english_msgids()
    found: dict[str, set[str]] = {}
    shown = set()
    for name, parameters in staff_routes():
        if name in NOT_PAGES or (parameters and name not in arguments):
            continue
        url = reverse(name, kwargs=arguments.get(name))
        with translation.override("pl"):
            response = client.get(url, headers={"accept-language": "pl"})
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        shown.add(name)
        for text in shown_texts(response.content.decode()) & english:
            found.setdefault(text, set()).add(url)
    # The pages with the forms that matter were really seen (not redirected to sign-in or 2FA).
    assert {
        "org:staff_create",
        "org:unit_edit",
        "registers:complaint_register",
        "registers:complaint_detail",
        "registers:request_detail",
        "services:service_create",
        "feedback:point_create",
        "feedback:survey_edit",
        "isms:asset_create",
        "isms:incident_create",
        "bip:item_create",
        "bip:item_edit",
    } <= shown, sorted(shown)
    assert not found, "\n".join(f"{text!r}: {sorted(urls)}" for text, urls in sorted(found.items()))
