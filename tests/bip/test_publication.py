"""BIP: subject menu, the editorial workflow and the tamper-evident published versions."""

from datetime import date

import pytest
from django.db import DatabaseError, connection, transaction

from magistrat.bip import services
from magistrat.bip.models import Category, Item, ItemVersion, PublishedVersionError
from magistrat.core.exceptions import ServiceError
from magistrat.core.html import clean_html
from tests.bip.conftest import approver_user
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(db):
    return UserFactory(first_name="Ewa", last_name="Redaktorska")


@pytest.fixture
def approver(db):
    return approver_user(first_name="Adam", last_name="Zatwierdzający")


def resolution(units, editor, number="XII/123/2026", **fields) -> Item:
    values = dict(
        category=Category.objects.get(slug="uchwaly"),
        unit=units["SA"],
        slug=f"uchwala-{number.replace('/', '-').lower()}",
        title=f"Uchwała nr {number} w sprawie budżetu obywatelskiego",
        body="<p>Rada Miasta postanawia…</p>",
        produced_by="Rada Miasta",
        responsible="Przewodniczący Rady Miasta",
        produced_on=date(2026, 3, 26),
        entered_by=editor,
    )
    return services.item_save(
        item=Item(**(values | fields)), data={"number": number, "adopted_on": "2026-03-26"}
    )


def publish(item, approver):
    services.item_submit(item=item)
    services.item_approve(item=item, approver=approver)
    return services.item_publish(item=item, by=approver)


def test_subject_menu_holds_the_statutory_and_typical_categories():
    slugs = set(Category.objects.values_list("slug", flat=True))
    assert {
        "status-prawny",
        "organizacja",
        "przedmiot-dzialalnosci",
        "majatek",
        "sposob-zalatwiania-spraw",
    } <= slugs
    assert {
        "zarzadzenia",
        "uchwaly",
        "ogloszenia",
        "zamowienia-publiczne",
        "nabory",
        "oswiadczenia-majatkowe",
    } <= slugs
    assert {"budzet", "petycje", "skargi-i-wnioski"} <= slugs
    assert Category.objects.get(slug="struktura").parent.slug == "organizacja"
    assert services.subject_menu_install() == 0  # an existing tree is never overwritten


def test_publication_appends_a_hash_chained_version(units, editor, approver):
    item = resolution(units, editor)
    first = publish(item, approver)
    item.refresh_from_db()
    assert first.number == 1 and first.prev_hash == ItemVersion.GENESIS_HASH
    assert item.first_published_at == first.published_at
    assert first.imprint["produced_by"] == "Rada Miasta" and first.imprint["entered_by"] == "Ewa Redaktorska"
    item.title = "Uchwała nr XII/123/2026 w sprawie budżetu obywatelskiego na 2027 r."
    services.item_save(item=item)
    with pytest.raises(ServiceError, match="why"):
        services.item_submit(item=item)
    item.change_reason = "Sprostowanie oczywistej omyłki w tytule"
    second = publish(item, approver)
    assert second.number == 2 and second.prev_hash == first.hash and second.reason.startswith("Sprostowanie")
    assert second.diff[0]["field"] == "title" and any(
        line.startswith("+ ") for line in second.diff[0]["lines"]
    )
    assert services.verify_item(item) == (True, None)


def test_no_path_changes_a_published_version(units, editor, approver):
    version = publish(resolution(units, editor), approver)
    version.title = "Inny tytuł"
    with pytest.raises(PublishedVersionError):
        version.save()
    with pytest.raises(PublishedVersionError):
        ItemVersion.objects.filter(pk=version.pk).update(title="x")
    with pytest.raises(PublishedVersionError):
        version.delete()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE bip_itemversion SET title = %s WHERE id = %s", ["podmiana", version.pk])
    assert ItemVersion.objects.get(pk=version.pk).title.startswith("Uchwała")


def test_a_rewritten_history_is_detected(units, editor, approver):
    item = resolution(units, editor)
    publish(item, approver)
    item.body = "<p>Zmieniona treść</p>"
    services.item_save(item=item)
    item.change_reason = "Aktualizacja"
    publish(item, approver)
    assert services.verify_item(item) == (True, None)
    # Someone with database access rewrites version 1 behind the application's back …
    history = list(ItemVersion.objects.filter(item=item).order_by("number"))
    history[0].body = "<p>Podmieniona treść</p>"
    assert services.verify_versions(history) == (False, 1)
    # … or recomputes its hash too: then the next version's link no longer matches.
    history[0].hash = history[0].compute_hash()
    assert services.verify_versions(history) == (False, 2)


def test_removal_leaves_a_public_record_with_the_reason(units, editor, approver):
    item = resolution(units, editor)
    publish(item, approver)
    with pytest.raises(ServiceError, match="reason"):
        services.item_remove(item=item, by=approver, reason=" ")
    removal = services.item_remove(item=item, by=approver, reason="Uchwała uchylona przez wojewodę")
    assert removal.kind == ItemVersion.Kind.REMOVED and removal.number == 2
    assert Item.objects.public().filter(pk=item.pk).exists()
    with pytest.raises(ServiceError):
        services.item_save(item=item)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"number": "", "adopted_on": "2026-03-26"}, "required"),
        ({"number": "XII/1/2026", "adopted_on": "26.03.2026"}, "not a date"),
        ({"number": "XII/123/2026", "adopted_on": "2026-03-26"}, "already used"),
    ],
)
def test_bad_structured_fields_are_refused(units, editor, data, message):
    resolution(units, editor)
    item = Item(
        category=Category.objects.get(slug="uchwaly"),
        unit=units["SA"],
        slug="inna",
        title="Inna uchwała",
        produced_by="Rada Miasta",
        responsible="Przewodniczący",
        produced_on=date(2026, 3, 26),
        entered_by=editor,
    )
    with pytest.raises(ServiceError, match=message):
        services.item_save(item=item, data=data)
    assert Item.objects.count() == 1


@pytest.mark.parametrize(
    "body",
    [
        "<p>Tekst<script>alert('x')</script></p>",
        '<p><a href="javascript:alert(1)">link</a></p>',
        '<p><img src="x.png" onerror="alert(1)"></p>',
        "<p><iframe src='https://evil.example'></iframe></p>",
        "<p>Tekst <strong>bez zamknięcia</p>",
    ],
)
def test_script_injection_and_broken_html_are_refused(units, editor, body):
    with pytest.raises(ServiceError):
        resolution(units, editor, body=body)
    assert Item.objects.count() == 0


def test_allowed_html_is_kept_and_cleaned():
    html = (
        '<h2>Uzasadnienie</h2><p>Treść <a href="https://bip.example.pl">link</a></p>'
        '<table><tr><th scope="col">A</th></tr></table>'
    )
    cleaned = clean_html(html)
    assert "<h2>Uzasadnienie</h2>" in cleaned and 'rel="noopener noreferrer"' in cleaned and "<th" in cleaned


def test_only_approved_items_are_published_and_the_address_is_fixed(units, editor, approver):
    item = resolution(units, editor)
    with pytest.raises(ServiceError, match="approved"):
        services.item_publish(item=item, by=approver)
    publish(item, approver)
    item.slug = "nowy-adres"
    with pytest.raises(ServiceError, match="address"):
        services.item_save(item=item)
