"""The asset inventory: records, dependencies, owner review, import with a dry run, pages."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from magistrat.core.exceptions import ServiceError
from magistrat.core.models import AuditEntry
from magistrat.isms.importing import asset_import
from magistrat.isms.models import Asset
from magistrat.isms.services.assets import asset_review, asset_save
from tests.isms.conftest import make_asset

pytestmark = pytest.mark.django_db


def test_dependencies_may_not_be_circular(owner):
    server = make_asset("SRV-1", owner, kind=Asset.Kind.HARDWARE)
    app = make_asset("APP-1", owner, depends_on=[server])
    data = make_asset("DATA-1", owner, kind=Asset.Kind.INFORMATION, depends_on=[app])
    with pytest.raises(ServiceError, match="circular"):
        asset_save(asset=server, depends_on=[data])
    assert list(server.depends_on.all()) == []
    with pytest.raises(ServiceError, match="itself"):
        asset_save(asset=app, depends_on=[app])
    assert list(app.depends_on.all()) == [server]


def test_dependency_changes_are_in_the_audit_trail(owner):
    server = make_asset("SRV-1", owner)
    app = make_asset("APP-1", owner, depends_on=[server])
    entry = AuditEntry.objects.filter(action="isms.asset.related_changed", object_id=str(app.pk)).get()
    assert entry.data == {"field": "depends_on", "added": ["SRV-1 Asset SRV-1"], "removed": []}


def test_ratings_out_of_range_are_refused_by_the_service_and_the_database(owner):
    with pytest.raises(ServiceError):
        make_asset("BAD-1", owner, confidentiality=5)
    asset = make_asset("OK-1", owner)
    with pytest.raises(IntegrityError), transaction.atomic():
        Asset.objects.filter(pk=asset.pk).update(integrity=0)
    assert not Asset.objects.filter(code="BAD-1").exists()


def test_owner_review_moves_the_next_review(owner):
    asset = make_asset("APP-1", owner)
    with pytest.raises(ServiceError):
        asset_review(asset=asset, next_review=timezone.localdate(), user=owner)
    asset_review(asset=asset, next_review=timezone.localdate() + timedelta(days=365), user=owner)
    asset.refresh_from_db()
    assert asset.reviewed_on == timezone.localdate()


CSV = (
    "code;name;kind;owner;unit_code;classification;confidentiality;integrity;availability;depends_on;review_due\n"
    "SRV-1;Serwer;hardware;{owner};FN;internal;2;3;4;;2027-06-30\n"
    "APP-1;System podatkowy;software;{owner};FN;confidential;4;4;3;SRV-1;2027-06-30\n"
    "DATA-1;Dane podatników;information;{owner};;restricted;4;4;3;APP-1;2027-06-30\n"
)


def test_import_dry_run_changes_nothing_then_import_is_idempotent(owner, units):
    data = CSV.format(owner=owner.username).encode()
    report = asset_import(data, "assets.csv", apply=False)
    assert report.ok and not report.applied and report.count("create") == 3
    assert Asset.objects.count() == 0
    report = asset_import(data, "assets.csv", apply=True)
    assert report.applied
    assert list(Asset.objects.get(code="DATA-1").depends_on.values_list("code", flat=True)) == ["APP-1"]
    assert Asset.objects.get(code="SRV-1").unit == units["FN"]
    again = asset_import(data, "assets.csv", apply=True)
    assert again.applied and again.count("update") == 3 and Asset.objects.count() == 3


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("X-1;X;spaceship;{owner};;internal;1;1;1;;2027-01-01", "Unknown kind"),
        ("X-1;X;software;nobody;;internal;1;1;1;;2027-01-01", "No active user"),
        ("X-1;X;software;{owner};ZZ;internal;1;1;1;;2027-01-01", "Unit ZZ"),
        ("X-1;X;software;{owner};;internal;5;1;1;;2027-01-01", "from 1 to 4"),
        ("X-1;X;software;{owner};;internal;1;1;1;NOPE;2027-01-01", "Unknown asset codes"),
        ("X-1;X;software;{owner};;internal;1;1;1;;31.12.2027", "YYYY-MM-DD"),
        ("SRV-1;X;software;{owner};;internal;1;1;1;DATA-1;2027-01-01", "appears twice"),
    ],
)
def test_import_refuses_bad_rows_and_imports_nothing(owner, units, row, message):
    data = (CSV + row + "\n").format(owner=owner.username).encode()
    report = asset_import(data, "assets.csv", apply=True)
    assert not report.applied
    errors = [error for r in report.rows for error in r.errors]
    assert any(message in error for error in errors), errors
    assert Asset.objects.count() == 0


def test_import_refuses_dependencies_circular_with_the_inventory(owner, units):
    asset_import(CSV.format(owner=owner.username).encode(), "assets.csv", apply=True)
    data = "code;name;kind;owner;confidentiality;integrity;availability;depends_on;review_due\n"
    data += f"SRV-1;Serwer;hardware;{owner.username};2;3;4;DATA-1;2027-06-30\n"
    report = asset_import(data.encode(), "a.csv", apply=True)
    assert not report.applied and "circular" in " ".join(report.rows[0].errors)
    assert Asset.objects.get(code="SRV-1").depends_on.count() == 0


def test_import_reads_xlsx_and_refuses_a_disguised_file(owner, units):
    from io import BytesIO

    from openpyxl import Workbook

    book = Workbook()
    for line in CSV.format(owner=owner.username).splitlines():
        book.active.append(line.split(";"))
    out = BytesIO()
    book.save(out)
    assert asset_import(out.getvalue(), "assets.xlsx", apply=True).applied
    fake = asset_import(b"MZ\x90\x00 not a workbook", "assets.xlsx", apply=True)
    assert fake.file_error and not fake.applied


def test_pages_for_officer_owner_and_others(client, officer_client, owner, other_user, clerk):
    mine = make_asset("APP-1", owner)
    theirs = make_asset("APP-2", other_user)
    assert officer_client.get(reverse("isms:asset_list")).status_code == 200
    assert officer_client.get(reverse("isms:asset_detail", args=[theirs.pk])).status_code == 200
    client.force_login(owner)
    assert client.get(reverse("isms:asset_list")).status_code == 403
    assert client.get(reverse("isms:asset_detail", args=[mine.pk])).status_code == 200
    assert client.get(reverse("isms:asset_detail", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("isms:asset_edit", args=[mine.pk])).status_code == 403
    client.force_login(clerk.user)
    assert client.get(reverse("isms:asset_detail", args=[mine.pk])).status_code == 404
    assert client.post(reverse("isms:asset_import")).status_code == 403


def test_owner_records_a_review_on_the_page(client, owner, other_user):
    asset = make_asset("APP-1", owner)
    next_year = (timezone.localdate() + timedelta(days=365)).isoformat()
    client.force_login(other_user)
    assert (
        client.post(reverse("isms:asset_review", args=[asset.pk]), {"next_review": next_year}).status_code
        == 404
    )
    client.force_login(owner)
    client.post(reverse("isms:asset_review", args=[asset.pk]), {"next_review": next_year})
    asset.refresh_from_db()
    assert asset.review_due.isoformat() == next_year


def test_form_refuses_a_circular_dependency_and_keeps_the_input(officer_client, owner):
    server = make_asset("SRV-1", owner)
    make_asset("APP-1", owner, depends_on=[server])
    data = {
        "code": "SRV-1",
        "name": "Serwer",
        "kind": "hardware",
        "owner": owner.pk,
        "classification": "internal",
        "confidentiality": 2,
        "integrity": 2,
        "availability": 2,
        "review_due": "2027-01-01",
        "depends_on": "APP-1",
    }
    response = officer_client.post(reverse("isms:asset_edit", args=[server.pk]), data)
    assert response.status_code == 400
    assert "circular" in response.content.decode() or "cykl" in response.content.decode()
    assert server.depends_on.count() == 0


def test_export_needs_the_export_permission(client, officer_client, leader, owner):
    make_asset("APP-1", owner)
    response = officer_client.get(reverse("isms:asset_export") + "?format=csv")
    assert response.status_code == 200 and "APP-1" in response.content.decode("utf-8-sig")
    client.force_login(leader)
    assert client.get(reverse("isms:asset_export")).status_code == 403


def test_import_page_checks_then_imports(officer_client, owner, units):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = CSV.format(owner=owner.username).encode()
    url = reverse("isms:asset_import")
    response = officer_client.post(url, {"file": SimpleUploadedFile("a.csv", data), "dry_run": "1"})
    assert response.status_code == 200 and Asset.objects.count() == 0
    officer_client.post(url, {"file": SimpleUploadedFile("a.csv", data), "apply": "1"})
    assert Asset.objects.count() == 3
