"""The asset export shows translated headings and labels, and imports back as it is."""

import io

import pytest
from django.urls import reverse
from django.utils.translation import gettext, override
from openpyxl import load_workbook

from magistrat.isms.importing import asset_import
from magistrat.isms.models import Asset
from tests.isms.conftest import make_asset

pytestmark = pytest.mark.django_db


def test_export_has_labels_and_reimports(officer_client, owner, units):
    make_asset("APP-1", owner, unit=units["FN"], kind=Asset.Kind.SOFTWARE)
    response = officer_client.get(reverse("isms:asset_export"), {"format": "xlsx"})
    rows = list(load_workbook(io.BytesIO(response.content)).worksheets[0].iter_rows(values_only=True))
    with override("pl"):
        kind, owner_heading, code = gettext("kind"), gettext("owner"), gettext("code")
        software = str(Asset.Kind.SOFTWARE.label)
    row = dict(zip(rows[0], rows[1], strict=False))
    assert row[code] == "APP-1" and row[kind] == software
    assert row[owner_heading] == f"{owner.get_full_name()} ({owner.username})"
    with override("pl"):
        report = asset_import(response.content, "assets.xlsx", apply=True)
    assert report.ok, (report.file_error, [r.errors for r in report.rows])
    assert report.count("update") == 1 and Asset.objects.get(code="APP-1").owner == owner
