import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.translation import override
from openpyxl import Workbook

from magistrat.org.importing import run_import
from magistrat.org.models import RoleAssignment, Staff, Unit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """The messages are asserted in English (Polish is the default; see test_translations)."""
    with override("en"):
        yield


UNITS_CSV = """code;name;kind;parent_code;email;phone;location
KM;Wydział Komunikacji;department;;km@example.pl;;Budynek C
KM-01;Referat Rejestracji Pojazdów;section;KM;;;
"""

STAFF_CSV = (
    "employee_number,first_name,last_name,email,username,position,unit_code,other_unit_codes,"
    "phone,room,employed_since,roles\n"
    """P100,Anna,Nowak,anna@example.pl,anna.nowak,Inspektor,SA,FN,,,2020-01-15,bip_editor;unit_head@SA-01
P101,Jan,Kowalski,jan@example.pl,jan.kowalski,Referent,SA-01,,,,,
"""
)


def test_units_with_parents_defined_in_the_same_file(units):
    report = run_import("units", UNITS_CSV.encode(), "units.csv", apply=True)
    assert report.ok and report.applied
    assert Unit.objects.get(code="KM-01").parent.code == "KM"


def test_staff_import_creates_memberships_and_roles(units):
    report = run_import("staff", STAFF_CSV.encode(), "staff.csv", apply=True)
    assert report.ok, [r.errors for r in report.rows]
    anna = Staff.objects.get(employee_number="P100")
    assert anna.primary_unit.code == "SA"
    assert {m.unit.code for m in anna.memberships.all()} == {"SA", "FN"}
    assert RoleAssignment.objects.filter(user=anna.user, role="unit_head", unit__code="SA-01").exists()


def test_importing_the_same_file_twice_changes_nothing(units):
    run_import("staff", STAFF_CSV.encode(), "staff.csv", apply=True)
    report = run_import("staff", STAFF_CSV.encode(), "staff.csv", apply=True)
    assert report.ok and report.count("update") == 2
    assert Staff.objects.count() == 2


def test_dry_run_imports_nothing(units):
    report = run_import("staff", STAFF_CSV.encode(), "staff.csv", apply=False)
    assert report.ok and not report.applied
    assert not Staff.objects.exists()


def test_one_bad_row_stops_the_whole_import_with_row_level_errors(units):
    bad = (
        STAFF_CSV
        + "P102,Ewa,Lis,not-an-email,ewa.lis,Referent,XX,,,,31-12-2020,superuser\n"
        + "P100,Dup,Row,d@example.pl,dup,Referent,SA,,,,,\n"
    )
    report = run_import("staff", bad.encode(), "staff.csv", apply=True)
    assert not report.applied
    assert not Staff.objects.exists()
    errors = {row.line: " ".join(row.errors) for row in report.rows if row.errors}
    assert set(errors) == {4, 5}
    assert (
        "e-mail" in errors[4] and "XX" in errors[4] and "YYYY-MM-DD" in errors[4] and "superuser" in errors[4]
    )
    assert "twice" in errors[5]


def test_xlsx_files_are_read():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["code", "name", "kind", "parent_code"])
    sheet.append(["OS", "Wydział Ochrony Środowiska", "department", None])
    out = io.BytesIO()
    workbook.save(out)
    report = run_import("units", out.getvalue(), "units.xlsx", apply=True)
    assert report.ok
    assert Unit.objects.filter(code="OS").exists()


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"not a zip", "units.xlsx", "not a valid XLSX"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "units.csv", "not a text CSV"),
        (b"code,name\n", "units.csv", "no data rows"),
        (b"name\nX\n", "units.csv", "Missing columns: code"),
        (b"whatever", "units.pdf", ".csv or .xlsx"),
    ],
)
def test_bad_files_get_a_clear_error(data, name, message):
    report = run_import("units", data, name, apply=True)
    assert message in report.file_error
    assert not report.applied


def test_circular_parents_are_refused():
    csv = "code,name,parent_code\nAA,A,BB\nBB,B,AA\n"
    report = run_import("units", csv.encode(), "u.csv", apply=True)
    assert not report.applied
    assert not Unit.objects.filter(code__in=["AA", "BB"]).exists()


def test_oversized_file_is_refused(settings):
    settings.MAGISTRAT_IMPORT_MAX_BYTES = 100
    report = run_import("units", b"code,name\n" + b"X" * 200, "u.csv", apply=True)
    assert "larger than" in report.file_error


def test_import_view_dry_run_then_import(login, hr, units):
    client = login(hr)
    before = Staff.objects.count()
    upload = SimpleUploadedFile("staff.csv", STAFF_CSV.encode(), content_type="text/csv")
    response = client.post(reverse("org:staff_import"), {"kind": "staff", "file": upload, "dry_run": "1"})
    assert response.status_code == 200
    assert "P100" in response.content.decode()
    assert Staff.objects.count() == before
    upload = SimpleUploadedFile("staff.csv", STAFF_CSV.encode(), content_type="text/csv")
    client.post(reverse("org:staff_import"), {"kind": "staff", "file": upload, "apply": "1"})
    assert Staff.objects.count() == before + 2


def test_unit_import_needs_unit_management(login, hr, units):
    upload = SimpleUploadedFile("units.csv", UNITS_CSV.encode(), content_type="text/csv")
    response = login(hr).post(reverse("org:staff_import"), {"kind": "units", "file": upload, "apply": "1"})
    assert response.status_code == 403
    assert not Unit.objects.filter(code="KM").exists()
