"""Every export of every register works with every value it can hold.

The demo office fills every register; then each text column of every model is overwritten with
hostile text (control characters — a NUL byte too where the database stores one —, a formula,
Polish letters, very long text), bypassing the checks that keep such text out today, as data
stored before those checks or imported by other means would be. Each export in each format must
answer 200 with a file that opens.
"""

import csv
import io
import re

import pytest
from django.apps import apps
from django.db import connection, models, transaction
from django.urls import reverse
from openpyxl import load_workbook

from magistrat.core.models import AuditEntry
from tests.conftest import verified_login

SKIPPED_NAMES = re.compile(
    r"(code|slug|number|key|hash|role|state|status|kind|type|prefix|channel|lang|language|url)$"
)


def _hostile(field, vendor: str) -> str:
    nul = "\x00" if vendor == "sqlite" else ""  # PostgreSQL refuses to store a NUL byte at all
    text = f'=HYPERLINK("http://x")\x1b[31m{nul}\x07 Zażółć\n\ttab {field.name}'
    if isinstance(field, models.TextField):
        # Long, but within what a person writes in such a field (PDF layout of megabytes is not the point).
        return (text + " " + "długi tekst " * 400)[: field.max_length or 5000]
    return text[: field.max_length] if field.max_length else text


def _poison_every_text_column() -> int:
    poisoned = 0
    for model in apps.get_models():
        if not model.__module__.startswith("magistrat.") or model is AuditEntry or model._meta.proxy:
            continue
        values = {
            field.name: _hostile(field, connection.vendor)
            for field in model._meta.concrete_fields
            if isinstance(field, models.CharField | models.TextField)
            and not isinstance(field, models.EmailField | models.URLField | models.SlugField)
            and not (field.choices or field.unique or field.primary_key or SKIPPED_NAMES.search(field.name))
            and (field.max_length or 1000) >= 20
        }
        if not values:
            continue
        try:
            with transaction.atomic():
                # Plain QuerySet.update: no save(), no audit entry, no validation — as a raw import would.
                models.QuerySet.update(model._base_manager.all(), **values)
        except Exception:  # noqa: BLE001, S112 - append-only tables (triggers) keep their rows as they are
            continue
        poisoned += 1
    return poisoned


TABLES = [
    ("core:audit_export", [], {}),
    ("org:staff_export", [], {}),
    ("registers:complaint_export", [], {"state": "all"}),
    ("registers:request_export", [], {"state": "all"}),
    ("feedback:response_export", [], {"period": "365"}),
    ("isms:asset_export", [], {}),
    ("isms:risk_export", [], {}),
    ("isms:activity_list", [], {}),
    ("isms:dsr_list", [], {"state": "all"}),
    ("isms:breach_register", [], {}),
]


@pytest.fixture
def hostile_office(db, client, demo_office):
    from magistrat.core.audit import log_action

    logins = {login.role: login for login in demo_office.logins}
    assert _poison_every_text_column() > 20
    # The audit trail holds whatever a service recorded: structured values, long text.
    log_action(None, "core.audit.exported", data={"nested": {"list": ["\x1b", "=1+1"]}, "long": "x" * 50_000})
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.get(username=logins["administrator"].username)
    return verified_login(client, admin)


@pytest.mark.django_db
def test_every_table_export_opens_in_every_format(hostile_office):
    client = hostile_office
    for name, args, query in TABLES:
        url = reverse(name, args=args)
        for fmt, extra in (("csv", {}), ("csv", {"sep": "comma"}), ("xlsx", {})):
            response = client.get(url, {**query, "format": fmt, **extra})
            assert response.status_code == 200, (name, fmt, response.status_code)
            if fmt == "csv":
                text = response.content.decode("utf-8-sig")
                rows = list(csv.reader(io.StringIO(text), delimiter="," if extra else ";"))
                assert len(rows) >= 2, name  # the header and at least one record
                assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", text), name
            else:
                sheet = load_workbook(io.BytesIO(response.content)).active
                assert sheet.max_row >= 2, name


@pytest.mark.django_db
def test_every_document_export_renders(hostile_office):
    from magistrat.feedback.models import ServicePoint
    from magistrat.isms.clocks import required_reports
    from magistrat.isms.models import Incident, SoaVersion

    client = hostile_office
    soa = SoaVersion.objects.order_by("number").first()
    incident = next(i for i in Incident.objects.order_by("pk") if required_reports(i))
    documents = [
        reverse("feedback:point_sheet", args=[ServicePoint.objects.first().code]),
        reverse("feedback:monthly_report"),
        reverse("isms:activity_list") + "?format=pdf",
        reverse("isms:soa_export", args=[soa.number, "pdf"]),
        reverse("isms:soa_export", args=[soa.number, "xlsx"]),
        reverse("isms:incident_report_draft", args=[incident.pk, next(iter(required_reports(incident)))])
        + "?format=pdf",
    ]
    for url in documents:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        assert response.content[:4] in (b"%PDF", b"PK\x03\x04") or b"<html" in response.content[:300], url
