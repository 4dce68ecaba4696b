"""Reference data as data: shape and counts of the catalogues, risk matrices, loading, pages."""

from collections import Counter

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from magistrat.core.riskmatrix import MatrixError, matrix_check
from magistrat.isms import reference
from magistrat.isms.models import Catalogue, CatalogueEntry, RiskMatrix, level_of
from tests.conftest import verified_login
from tests.factories import StaffFactory, grant

pytestmark = pytest.mark.django_db


def test_annex_a_has_all_93_controls_by_theme():
    iso = Catalogue.objects.get(code="iso27001", version="2022")
    controls = iso.entries.filter(kind="control")
    assert controls.count() == 93
    assert Counter(controls.values_list("theme", flat=True)) == {
        "organizational": 37,
        "people": 8,
        "physical": 14,
        "technological": 34,
    }
    expected = (
        [f"A.5.{n}" for n in range(1, 38)]
        + [f"A.6.{n}" for n in range(1, 9)]
        + [f"A.7.{n}" for n in range(1, 15)]
        + [f"A.8.{n}" for n in range(1, 35)]
    )
    assert list(controls.values_list("ref", flat=True)) == expected
    clauses = set(iso.entries.filter(kind="clause").values_list("ref", flat=True))
    assert {str(n) for n in range(4, 11)} <= clauses and {"6.1.2", "6.1.3", "9.2", "9.3"} <= clauses
    assert all(e.title["pl"] and e.title["en"] for e in iso.entries.all())


def test_kri_requirements_map_to_the_standard():
    kri = Catalogue.objects.get(code="kri")
    requirements = kri.entries.all()
    assert [r.ref for r in requirements][:3] == ["20.1", "20.2.1", "20.2.2"]
    assert requirements.count() == 15  # § 20 ust. 1 and ust. 2 pkt 1–14
    assert all(r.maps_to.exists() for r in requirements)
    audit = kri.entries.get(ref="20.2.14")
    assert set(audit.maps_to.values_list("ref", flat=True)) == {"9.2", "A.5.35"}
    assert CatalogueEntry.objects.get(ref="A.6.3").mapped_from.filter(ref="20.2.6").exists()


def test_gdpr_record_fields():
    fields = Catalogue.objects.get(code="gdpr-art30").entries.all()
    assert [f.ref for f in fields if f.ref.startswith("30.1")] == [f"30.1.{x}" for x in "abcdefg"]
    assert [f.ref for f in fields if f.ref.startswith("30.2")] == [f"30.2.{x}" for x in "abcd"]


@pytest.mark.parametrize(
    ("code", "likelihood", "impact", "level", "acceptable"),
    [
        ("default-5x5", 1, 1, "low", True),
        ("default-5x5", 2, 3, "medium", True),
        ("default-5x5", 3, 4, "high", False),
        ("default-5x5", 5, 5, "critical", False),
        ("multiplicative-3x3", 2, 2, "medium", True),  # 4
        ("multiplicative-3x3", 3, 2, "high", False),  # 6
        ("multiplicative-3x3", 1, 2, "low", True),  # 2
    ],
)
def test_risk_levels_worked_examples(code, likelihood, impact, level, acceptable):
    matrix = RiskMatrix.objects.get(code=code)
    found = matrix.level(likelihood, impact)
    assert (found["id"], found["acceptable"]) == (level, acceptable)


@pytest.mark.parametrize(("likelihood", "impact"), [(0, 1), (6, 1), (1, 6), ("3", 1), (True, 1), (2.5, 1)])
def test_ratings_outside_the_matrix_are_refused(likelihood, impact):
    with pytest.raises(ValidationError):
        RiskMatrix.objects.get(code="default-5x5").level(likelihood, impact)


def test_one_default_matrix_and_bad_matrices_are_refused():
    assert RiskMatrix.objects.filter(is_default=True).count() == 1
    good = RiskMatrix.objects.get(code="default-5x5").definition
    with pytest.raises(MatrixError):
        matrix_check(good | {"grid": good["grid"][:4]})
    with pytest.raises(MatrixError):
        matrix_check(good | {"acceptance": "none"})
    with pytest.raises(MatrixError):
        matrix_check(good | {"grid": [["low"] * 5] * 4 + [["low", "low", "low", "low", "extreme"]]})
    assert level_of(good, 5, 1)["id"] == "medium"


def test_loading_again_changes_nothing_and_a_changed_version_is_refused(monkeypatch):
    before = (Catalogue.objects.count(), CatalogueEntry.objects.count(), RiskMatrix.objects.count())
    assert reference.reference_load() == []
    assert (Catalogue.objects.count(), CatalogueEntry.objects.count(), RiskMatrix.objects.count()) == before
    files = reference.catalogue_files()
    files[0]["clauses"] = files[0].get("clauses", []) + [{"ref": "99", "title": {"pl": "x", "en": "x"}}]
    monkeypatch.setattr(reference, "catalogue_files", lambda: files)
    with pytest.raises(reference.ReferenceDataError, match="give it a new version"):
        reference.reference_load()
    bad = [
        {"code": "x", "version": "1", "name": {"pl": "x"}, "controls": [{"ref": "1", "title": {"pl": "x"}}]}
    ]
    monkeypatch.setattr(reference, "catalogue_files", lambda: bad)
    with pytest.raises(reference.ReferenceDataError, match="pl and en"):
        reference.reference_load()


def test_reference_pages_need_the_permission(client, units, clerk):
    officer = grant(StaffFactory(unit=units["SA"]).user, "security_officer")
    auditor = grant(StaffFactory(unit=units["SA"]).user, "auditor")
    urls = [
        reverse("isms:reference_home"),
        reverse("isms:catalogue_detail", args=["iso27001", "2022"]),
        reverse("isms:matrix_detail", args=["default-5x5", 1]),
    ]
    for user in (officer, auditor):
        verified_login(client, user)  # a security officer signs in with two factors
        for url in urls:
            assert client.get(url).status_code == 200
    client.force_login(clerk.user)
    for url in urls:
        assert client.get(url).status_code == 403
    verified_login(client, officer)
    found = client.get(urls[1] + "?q=kopie", HTTP_HX_REQUEST="true").content.decode()
    assert "A.8.13" in found and "A.5.1<" not in found
    kri = client.get(reverse("isms:catalogue_detail", args=["kri", "2012-t.j.2024"])).content.decode()
    assert "iso27001 A.5.35" in kri
    matrix = client.get(urls[2]).content.decode()
    assert "krytyczne" in matrix and "✓" in matrix
