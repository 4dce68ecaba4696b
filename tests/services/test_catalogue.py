import pytest
from django.urls import reverse

from magistrat.core.exceptions import ServiceError
from magistrat.services import selectors, services
from magistrat.services.models import Service, ServiceVersion

pytestmark = pytest.mark.django_db

CARD = {
    "name": "Wydanie dowodu osobistego",
    "description": "Dowód osobisty dla mieszkańca.",
    "legal_basis": "Ustawa o dowodach osobistych",
    "required_documents": "Wniosek\nZdjęcie",
    "fees": "",
    "handling_time": "do 30 dni",
    "statutory_period": "30d",
    "channels": ["in_person"],
    "location": "Budynek A",
    "opening_hours": "pon.–pt. 8–15",
}


def form_data(**overrides):
    data = {"slug": "dowod", "is_published": "on", **CARD, "change_note": ""} | overrides
    return data


def test_editing_adds_versions_and_keeps_history(quality, sa_head, units):
    service = services.service_create(slug="dowod", unit=units["SA"], content=CARD, user=quality)
    assert (
        services.service_update(
            service=service, unit=units["SA"], is_published=True, content=CARD, user=sa_head.user
        )
        is None
    )  # nothing changed
    with pytest.raises(ServiceError, match="dlaczego zmieniono"):
        services.service_update(
            service=service,
            unit=units["SA"],
            is_published=True,
            content=CARD | {"fees": "0 zł"},
            user=sa_head.user,
        )
    second = services.service_update(
        service=service,
        unit=units["SA"],
        is_published=True,
        content=CARD | {"opening_hours": "pon. 8–17", "change_note": "Dłużej w poniedziałki"},
        user=sa_head.user,
    )
    first = service.versions.get(number=1)
    assert (first.opening_hours, second.number, service.current.opening_hours) == (
        "pon.–pt. 8–15",
        2,
        "pon. 8–17",
    )
    diff = selectors.version_diff(first, second)
    assert diff[0]["removed"] == ["pon.–pt. 8–15"] and diff[0]["added"] == ["pon. 8–17"]
    with pytest.raises(ValueError):
        first.save()


def test_bad_period_and_duplicate_slug_change_nothing(quality, units):
    with pytest.raises(Exception):  # noqa: B017 - a ValidationError from full_clean
        services.service_create(
            slug="x", unit=units["SA"], content=CARD | {"statutory_period": "30 dni"}, user=quality
        )
    assert not Service.objects.exists()
    services.service_create(slug="x", unit=units["SA"], content=CARD, user=quality)
    with pytest.raises(ServiceError):
        services.service_create(slug="x", unit=units["FN"], content=CARD, user=quality)
    assert ServiceVersion.objects.count() == 1


def test_staff_pages_are_scoped(client, sa_head, fn_head, clerk, units):
    client.force_login(sa_head.user)
    response = client.post(reverse("services:service_create"), form_data(unit=units["SA-01"].pk))
    assert response.status_code == 302
    assert Service.objects.get().unit == units["SA-01"]
    bad = client.post(reverse("services:service_create"), form_data(slug="inny", unit=units["FN"].pk))
    assert bad.status_code == 200 and Service.objects.count() == 1  # FN is outside this head's units
    client.post(
        reverse("services:service_edit", args=["dowod"]),
        form_data(unit=units["SA-01"].pk, fees="17 zł", change_note="Nowa opłata"),
    )
    assert Service.objects.get().current.fees == "17 zł"
    history = client.get(reverse("services:service_history", args=["dowod"])).content.decode()
    assert "Nowa opłata" in history and "17 zł" in history
    client.force_login(fn_head.user)
    assert client.get(reverse("services:service_edit", args=["dowod"])).status_code == 404
    client.force_login(clerk.user)
    assert client.get(reverse("services:service_list")).status_code == 403


def test_public_catalogue_page_and_api(client, quality, units, office):
    services.service_create(slug="dowod", unit=units["SA"], content=CARD, user=quality)
    hidden = services.service_create(
        slug="ukryta", unit=units["SA"], content=CARD | {"name": "Ukryta"}, user=quality
    )
    Service.objects.filter(pk=hidden.pk).update(is_published=False)
    assert [s.slug for s in selectors.public_catalogue(query="dowodu")] == ["dowod"]
    page = client.get(reverse("services_public:catalogue") + "?q=dowodu").content.decode()
    assert "Wydanie dowodu osobistego" in page and "Ukryta" not in page
    card = client.get(reverse("services_public:card", args=["dowod"])).content.decode()
    assert "Budynek A" in card
    assert client.get(reverse("services_public:card", args=["ukryta"])).status_code == 404
    api = client.get("/api/v1/public/services/dowod").json()
    assert api["version"] == 1 and api["channels"] == ["in_person"]
    assert client.get("/api/v1/public/services/ukryta").status_code == 404
    assert [s["slug"] for s in client.get("/api/v1/public/services").json()] == ["dowod"]
