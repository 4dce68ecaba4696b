"""The staff import offers templates and reads Polish headings; exports show labels and refuse
units outside the user's scope; list headings fit what the column holds."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils.translation import gettext, override
from openpyxl import load_workbook

from magistrat.org import importing
from magistrat.org.importing import run_import
from magistrat.org.models import Staff
from tests.conftest import verified_login
from tests.factories import StaffFactory, UnitFactory, UserFactory, grant

pytestmark = pytest.mark.django_db


POLISH_STAFF_CSV = (
    "\ufeffNumer pracownika;IMIĘ;Nazwisko;E-mail;Login;Stanowisko;Komórka;Inne komórki;Telefon;Pokój;"
    "Data zatrudnienia;Role\n"
    "P200;Zofia;Żak;zofia@example.pl;zofia.zak;Inspektor;SA;FN;;12;2021-02-01;bip_editor@SA\n"
)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("kind", ["staff", "units"])
def test_templates_have_the_headings_and_an_example_row_and_import_as_they_are(client, hr, units, kind, fmt):
    client.force_login(hr.user)
    if kind == "units":
        verified_login(client, grant(hr.user, "administrator"))  # units need org.manage_units
    response = client.get(reverse("org:staff_import_template", args=[kind, fmt]))
    assert response.status_code == 200
    if fmt == "csv":
        text = response.content.decode("utf-8")
        assert text.startswith("\ufeff")  # Excel reads it as UTF-8
        rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    else:
        sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
        rows = [[str(v) if v is not None else "" for v in row] for row in sheet.iter_rows(values_only=True)]
    assert len(rows) == 2 and rows[1] == importing.EXAMPLES[kind]
    with override("pl"):
        assert rows[0] == importing.template_headings(kind)  # Polish headings by default
    # The example, as downloaded, passes the import's checks (its units exist in this office).
    UnitFactory(code="OR", name="Wydział Organizacyjny")
    if kind == "staff":
        UnitFactory(code="OR-04", name="Referat Archiwum")
    report = run_import(kind, response.content, f"template.{fmt}", apply=False)
    assert report.ok, (report.file_error, [r.errors for r in report.rows])


def test_the_import_page_links_the_templates(client, hr):
    client.force_login(hr.user)
    page = client.get(reverse("org:staff_import")).content.decode()
    assert reverse("org:staff_import_template", args=["staff", "xlsx"]) in page
    assert reverse("org:staff_import_template", args=["staff", "csv"]) in page


def test_template_downloads_need_the_import_permission(client, sa_head, hr):
    url = reverse("org:staff_import_template", args=["staff", "csv"])
    assert client.get(url).status_code == 302
    client.force_login(sa_head.user)
    assert client.get(url).status_code == 403
    client.force_login(hr.user)
    assert client.get(reverse("org:staff_import_template", args=["people", "csv"])).status_code == 404


def test_polish_headings_in_any_case_and_without_marks_are_read(units):
    report = run_import("staff", POLISH_STAFF_CSV.encode(), "pracownicy.csv", apply=True)
    assert report.ok, (report.file_error, [r.errors for r in report.rows])
    zofia = Staff.objects.get(employee_number="P200")
    assert (zofia.user.first_name, zofia.user.last_name, zofia.room) == ("Zofia", "Żak", "12")
    assert {m.unit.code for m in zofia.memberships.all()} == {"SA", "FN"}
    plain = POLISH_STAFF_CSV.replace("IMIĘ", "imie").replace("Komórka", "komorka").replace("P200", "P201")
    plain = plain.replace("zofia.zak", "zofia.zak2")
    assert run_import("staff", plain.encode(), "p.csv", apply=False).ok


def test_staff_export_shows_unit_names_and_yes_no(client, hr, units):
    StaffFactory(unit=units["FN"], user=UserFactory(last_name="Żak", first_name="Zofia"))
    client.force_login(hr.user)
    response = client.get(reverse("org:staff_export"), {"format": "xlsx", "unit": "FN"})
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    with override("pl"):  # the export speaks the page's language
        primary, active, yes = gettext("primary unit"), gettext("active"), gettext("yes")
    row = dict(zip(rows[0], rows[1], strict=False))
    assert row[primary] == "Wydział Finansowy (FN)" and row[active] == yes


def test_a_unit_outside_ones_scope_is_refused_not_empty(client, units):
    hr_fn = grant(StaffFactory(unit=units["FN"]).user, "hr_officer", units["FN"])
    client.force_login(hr_fn)
    assert client.get(reverse("org:staff_export"), {"unit": "FN"}).status_code == 200
    assert client.get(reverse("org:staff_export"), {"unit": "SA"}).status_code == 404
    assert client.get(reverse("org:staff_export"), {"unit": str(units["SA"].pk)}).status_code == 404
    assert client.get(reverse("org:staff_export"), {"unit": "NOPE"}).status_code == 404
    assert client.get(reverse("org:staff_list"), {"unit": "SA"}).status_code == 404


def test_people_columns_say_full_name_and_others_name(client, hr, units):
    client.force_login(hr.user)
    staff_page = client.get(reverse("org:staff_list")).content.decode()
    unit_page = client.get(reverse("org:unit_list")).content.decode()
    assert '<th scope="col">Imię i nazwisko</th>' in staff_page
    assert '<th scope="col">Imię i nazwisko</th>' not in unit_page
    assert '<th scope="col">Nazwa</th>' in unit_page
