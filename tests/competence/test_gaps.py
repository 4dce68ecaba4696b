"""The gap matrix (unit and office) and the as-of report, from the competence model."""

from datetime import date

import pytest

from magistrat.competence import gaps
from tests.competence.model_helpers import process_run_by, record, require

pytestmark = pytest.mark.django_db


@pytest.fixture
def model(people):
    """Inspectors need KPA 2 and GDPR 1; the official holds KPA 3 and no GDPR; the HR officer
    (also an inspector, in SA) holds KPA 1 confirmed and 4 self-assessed."""
    inspector = people["official"].position
    require(people, inspector, "kpa", 2)
    require(people, inspector, "gdpr", 1)
    record(people["sa01_chief"], people["official"], "kpa", 3, on=date(2025, 1, 10))
    record(people["sa_chief"], people["hr"], "kpa", 1, on=date(2025, 1, 10))
    record(people["hr"], people["hr"], "kpa", 4, source="self", on=date(2025, 2, 1))
    return inspector


def _cells(matrix, staff):
    row = next(r for r in matrix.rows if r.staff.pk == staff.pk)
    return {c.competence.code: c for c in row.cells}


def test_unit_matrix(people, office_tree, model):
    matrix = gaps.unit_matrix([office_tree["SA-01"].pk])
    assert [c.code for c in matrix.competences] == ["kpa", "gdpr"]  # legal, then security
    cells = _cells(matrix, people["official"])
    assert cells["kpa"].status == gaps.MET and cells["kpa"].css == "high"
    assert cells["gdpr"].status == gaps.MISSING and "not assessed" in cells["gdpr"].text
    assert {r.staff.pk for r in matrix.rows} == {
        people["official"].pk,
        people["aux"].pk,
        people["sa01_chief"].pk,
    }
    hr = _cells(gaps.unit_matrix([office_tree["SA"].pk]), people["hr"])
    assert hr["kpa"].held == 1 and hr["kpa"].status == gaps.GAP  # the self-assessment of 4 is not counted
    assert hr["kpa"].text == "1 of 2 required: gap 1"


def test_office_matrix_counts_in_the_database(people, office_tree, model):
    office = gaps.office_matrix(None)
    shares = {
        (u.code, key): s
        for u in office.units
        for key, s in zip([k for k, _l in office.columns], dict(office.rows())[u], strict=True)
    }
    assert (shares[("SA-01", "legal")].met, shares[("SA-01", "legal")].required) == (1, 1)
    assert (shares[("SA", "legal")].met, shares[("SA", "legal")].required) == (0, 1)  # HR: 1 of 2
    assert shares[("FN", "security")].required == 2  # the outsider and the auditor, none met
    assert office.totals["legal"].required == 4 and office.totals["legal"].met == 1
    # the same figures as the per-person matrix
    unit = gaps.unit_matrix([office_tree["SA-01"].pk])
    assert unit.met == sum(s.met for (code, _k), s in shares.items() if code == "SA-01")
    by_competence = gaps.office_matrix([office_tree["FN"].pk], group="legal")
    assert [label for _k, label in by_competence.columns] == ["Kodeks postępowania administracyjnego"]
    assert [u.code for u in by_competence.units] == ["FN"]
    kpa = by_competence.columns[0][0]
    assert (by_competence.totals[kpa].required, by_competence.totals[kpa].met) == (2, 0)
    sa_tree = gaps.office_matrix([office_tree["SA"].pk, office_tree["SA-01"].pk], group="security")
    assert sum(s.required for s in sa_tree.totals.values()) == 2  # the two inspectors: official and HR


def test_unit_cells_render_as_text_and_colour(people, office_tree, model):
    row = next(
        r for r in gaps.unit_matrix([office_tree["SA-01"].pk]).rows if r.staff.pk == people["official"].pk
    )
    html = row.cells_html()
    assert '<td class="high"><span aria-hidden="true">3/2</span>' in html
    assert "3 of 2 required: met" in html and "not assessed, 1 required" in html


def test_who_was_competent_on_a_date(people, model):
    official, chief = people["official"], people["sa01_chief"]
    require(people, model, "kpa", 3, on=date(2025, 6, 1))  # raised
    record(chief, official, "gdpr", 1, on=date(2025, 3, 1))
    # 1 February 2025: KPA 3 held (≥ 2), GDPR not yet assessed: not competent
    requirements, rows = gaps.as_of(model, date(2025, 2, 1))
    row = next(r for r in rows if r.staff.pk == official.pk)
    assert [r.level for r in requirements] == [2, 1] and not row.competent
    assert [c.competence.code for c in row.gaps] == ["gdpr"]
    # 1 April 2025: both met
    row = next(r for r in gaps.as_of(model, date(2025, 4, 1))[1] if r.staff.pk == official.pk)
    assert row.competent and row.cells[0].record.source == "superior"
    # 1 July 2025: KPA 3 now required, still met; the HR officer's KPA 1 is not
    requirements, rows = gaps.as_of(model, date(2025, 7, 1))
    assert requirements[0].level == 3
    assert {r.staff.pk: r.competent for r in rows}[people["hr"].pk] is False
    # before anyone was employed: nobody
    assert gaps.as_of(model, date(2019, 1, 1))[1] == []


def test_who_was_competent_for_a_process_on_a_date(people, office_tree, model):
    """The people whose primary unit runs the process (SA-01 leads; SA's sub-units with it), each
    against their own position: one table per position, the unit scope applied."""
    chief = people["sa01_chief"]
    require(people, chief.position, "kpa", 4)
    process = process_run_by(office_tree["SA-01"], chief)
    tables = gaps.as_of_process(process, date(2025, 2, 1))
    assert [t.position.name for t in tables] == ["Inspektor", "Kierownik Referatu", "Pomoc Administracyjna"]
    inspectors, chiefs, _auxiliary = tables
    assert [r.staff.pk for r in inspectors.rows] == [people["official"].pk]  # not the HR inspector of SA
    assert [c.competence.code for c in inspectors.rows[0].gaps] == ["gdpr"]
    assert [(r.staff.pk, r.competent) for r in chiefs.rows] == [(chief.pk, False)]  # KPA 4 not assessed
    # with FN taking part too, FN's inspectors join the inspectors' table
    process.other_units.add(office_tree["FN"])
    tables = {t.position.name: t for t in gaps.as_of_process(process, date(2025, 2, 1))}
    assert [r.staff.pk for r in tables["Dyrektor Wydziału"].rows] == [people["fn_chief"].pk]
    inspectors = tables["Inspektor"]
    assert {r.staff.pk for r in inspectors.rows} == {
        people["official"].pk,
        people["outsider"].pk,
        people["auditor"].pk,
    }
    # a unit head of FN sees FN's people only
    scoped = gaps.as_of_process(process, date(2025, 2, 1), unit_ids=[office_tree["FN"].pk])
    assert [(t.position.name, len(t.rows)) for t in scoped] == [("Dyrektor Wydziału", 1), ("Inspektor", 2)]
