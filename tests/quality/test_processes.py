"""The process map (ISO 9001 4.4): processes described by the quality manager and kept by their
owners, interactions between them, the map drawn as an SVG with the same content as a table."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from magistrat.core.exceptions import ServiceError
from magistrat.core.models import AuditEntry
from magistrat.quality.models import Process, ProcessLink
from magistrat.quality.process_map import BOX_H, process_map
from magistrat.quality.services import processes as services
from tests.factories import StaffFactory


@pytest.fixture
def make_process(quality, units, owner):
    def make(code="P-01", name="Obsługa klienta w sali obsługi", category="core", **extra):
        values = {
            "code": code,
            "name": name,
            "category": category,
            "purpose": "Residents settle matters at one visit.",
            "owner": owner,
            "unit": units["FN"],
            "inputs": "Applications",
            "outputs": "Decisions",
        } | extra
        return services.process_save(by=quality, **values)

    return make


def test_a_process_is_described_with_its_related_records_named_in_the_trail(make_process, units):
    process = make_process(other_units=[units["SA"]])
    assert list(process.other_units.all()) == [units["SA"]]
    entry = AuditEntry.objects.filter(action="quality.process.described").get()
    assert entry.data["code"] == "P-01" and entry.data["other_units"] == [str(units["SA"])]
    assert entry.data["category"] == "core process (services to residents)"


def test_a_bad_code_is_refused_and_nothing_saved(make_process):
    with pytest.raises(ServiceError):
        make_process(code="process one")
    assert not Process.objects.exists()


def test_the_owner_keeps_their_process_but_cannot_add_one_or_hand_it_on(make_process, owner, units):
    process = make_process()
    services.process_save(by=owner, process=process, outputs="Decisions and certificates")
    with pytest.raises(ServiceError):
        services.process_save(by=owner, process=process, owner=StaffFactory().user)
    with pytest.raises(PermissionDenied):
        services.process_save(
            by=owner,
            code="P-09",
            name="Mine",
            category="support",
            purpose="x",
            owner=owner,
            unit=units["FN"],
            inputs="a",
            outputs="b",
        )
    with pytest.raises(PermissionDenied):
        services.process_save(by=StaffFactory().user, process=process, outputs="x")


def test_interactions_are_added_once_never_to_the_same_process_and_removed(make_process, quality):
    first, second = (
        make_process(),
        make_process(code="Z-01", name="Zarządzanie jakością", category="management"),
    )
    link = services.link_add(by=quality, source=second, target=first, flow="Quality objectives")
    with pytest.raises(ServiceError):
        services.link_add(by=quality, source=second, target=first, flow="Again")
    with pytest.raises(ServiceError):
        services.link_add(by=quality, source=first, target=first, flow="Itself")
    assert ProcessLink.objects.count() == 1
    services.link_remove(by=quality, link=link)
    assert not ProcessLink.objects.exists()
    assert (
        AuditEntry.objects.filter(action="quality.process.link_removed").get().data["flow"]
        == "Quality objectives"
    )


def test_the_map_puts_each_kind_in_its_lane_and_draws_arrows_between_box_sides(make_process, quality):
    core = make_process()
    management = make_process(code="Z-01", name="Zarządzanie jakością", category="management")
    link = services.link_add(by=quality, source=management, target=core, flow="Objectives")
    drawn = process_map([core, management], [link])
    boxes = {box.process.code: box for box in drawn.boxes}
    assert [lane.label for lane in drawn.lanes][0] == "management process"
    assert boxes["Z-01"].y < boxes["P-01"].y  # management above core
    (arrow,) = drawn.arrows
    assert (arrow.y1, arrow.y2) == (boxes["Z-01"].y + BOX_H, boxes["P-01"].y)


def test_the_map_page_links_every_box_and_lists_the_same_in_a_table(client, make_process, quality):
    process = make_process(name="Wydawanie dowodów osobistych i paszportów dla mieszkańców miasta")
    client.force_login(quality)
    page = client.get(reverse("quality:process_map")).content.decode()
    assert page.count(reverse("quality:process_detail", args=[process.pk])) == 2  # the box and the row
    assert "<svg" in page and "…" not in page.split("<svg")[0]
    detail = client.get(reverse("quality:process_detail", args=[process.pk]))
    assert detail.status_code == 200 and "Applications" in detail.content.decode()
    export = client.get(reverse("quality:process_export"), {"format": "csv"}).content.decode("utf-8-sig")
    assert "core process (services to residents)" in export


def test_the_edit_page_refuses_a_bad_code_or_a_control_character_and_changes_nothing(
    client, make_process, quality, owner, units
):
    process = make_process()
    client.force_login(quality)
    data = {
        "code": "bad code",
        "name": "X",
        "category": "core",
        "purpose": "x",
        "owner": owner.pk,
        "unit": units["FN"].pk,
        "inputs": "a",
        "outputs": "b",
        "active": "on",
    }
    assert client.post(reverse("quality:process_edit", args=[process.pk]), data).status_code == 400
    control = data | {"code": "P-02", "name": "Obsługa\x07klienta"}
    assert client.post(reverse("quality:process_edit", args=[process.pk]), control).status_code == 400
    process.refresh_from_db()
    assert process.code == "P-01"
    response = client.post(
        reverse("quality:link_add", args=[process.pk]), {"target": process.pk, "flow": "x"}
    )
    assert response.status_code == 302 and not ProcessLink.objects.exists()
