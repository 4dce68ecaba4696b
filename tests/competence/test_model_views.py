"""The competence model's pages with the three users (allowed, another unit, no role) and the
person's own: framework, required levels, gap matrix and its export, profile, as-of report,
preparatory service."""

from datetime import date

import pytest
from django.urls import reverse

from magistrat.competence.models import LevelRecord, PositionRequirement, PreparatoryService
from magistrat.competence.services import preparatory
from magistrat.core.models import AuditEntry
from tests.competence.conftest import login
from tests.competence.model_helpers import competence, process_run_by, record, require

pytestmark = pytest.mark.django_db


@pytest.fixture
def model(people):
    require(people, people["official"].position, "kpa", 2)
    record(people["sa01_chief"], people["official"], "kpa", 3, on=date(2025, 1, 10))
    return people


@pytest.mark.parametrize(
    ("who", "unit", "status"),
    [
        ("hr", "SA-01", 200),
        ("auditor", "SA-01", 200),
        ("sa_chief", "SA-01", 200),  # SA's head: SA-01 is in their subtree
        ("fn_chief", "SA-01", 404),  # another unit
        ("sa_chief", "FN", 404),
        ("outsider", "SA-01", 403),  # no role
    ],
)
def test_unit_gap_matrix(client, model, office_tree, who, unit, status):
    url = reverse("competence:gaps_unit", args=[office_tree[unit].pk])
    response = login(client, model[who]).get(url)
    assert response.status_code == status
    if status == 200:
        body = response.content.decode()
        assert (
            "3 przy wymaganym 2: spełnia" in body
        )  # "3 of 2 required: met" and "<caption>" in body and 'scope="row"' in body


def test_office_matrix_is_narrowed_to_the_users_units(client, model, office_tree):
    response = login(client, model["fn_chief"]).get(reverse("competence:gaps"))
    assert response.status_code == 200
    assert [u.code for u in response.context["matrix"].units] == ["FN"]
    response = login(client, model["hr"]).get(reverse("competence:gaps") + "?group=legal")
    assert {u.code for u in response.context["matrix"].units} >= {"SA", "SA-01", "FN"}
    body = response.content.decode()
    # a caption, row headers, and the figures in words, not only the colour
    assert (
        "<caption>" in body and 'scope="row"' in body and "spełnia 1 z 1 (100%)" in body
    )  # "1 of 1 meet (100%)"
    assert login(client, model["outsider"]).get(reverse("competence:gaps")).status_code == 403


def test_export_has_labels_and_is_narrowed(client, model, office_tree):
    response = login(client, model["hr"]).get(reverse("competence:gaps_export") + "?format=csv")
    text = response.content.decode("utf-8-sig")
    assert response.status_code == 200 and "Kodeks postępowania administracyjnego" in text
    assert "wiedza prawna" in text and str(model["official"]) in text  # the group "legal knowledge", a label
    assert AuditEntry.objects.filter(action="competence.gaps.exported").exists()
    response = login(client, model["fn_chief"]).get(reverse("competence:gaps_export") + "?format=xlsx")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")
    unit = office_tree["SA-01"].pk
    assert (
        login(client, model["fn_chief"]).get(reverse("competence:gaps_export") + f"?unit={unit}").status_code
        == 404
    )


@pytest.mark.parametrize(
    ("who", "status"),
    [("official", 200), ("sa01_chief", 200), ("sa_chief", 200), ("hr", 200), ("fn_chief", 404), ("aux", 404)],
)
def test_profile(client, model, who, status):
    url = reverse("competence:profile", args=[model["official"].pk])
    assert login(client, model[who]).get(url).status_code == status


def test_my_competences_and_a_self_assessment(client, model):
    login(client, model["official"])
    response = client.get(reverse("competence:my_profile"))
    assert response.status_code == 200 and "Oceń się sam(a)" in response.content.decode()  # "Assess yourself"
    url = reverse("competence:level_record", args=[model["official"].pk])
    data = {"competence": competence("kpa").pk, "level": 4, "source": "self", "assessed_on": "2025-02-03"}
    assert client.post(url, data).status_code == 302
    assert LevelRecord.objects.get(source="self").level == 4
    # the superior's source is not offered to them, and refused if sent
    data["source"] = "superior"
    assert client.post(url, data).status_code == 400
    assert LevelRecord.objects.count() == 2


def test_the_superior_records_a_level(client, model):
    url = reverse("competence:level_record", args=[model["official"].pk])
    data = {
        "competence": competence("gdpr").pk,
        "level": 2,
        "source": "superior",
        "assessed_on": "2025-03-03",
    }
    assert login(client, model["sa01_chief"]).post(url, data).status_code == 302
    assert login(client, model["fn_chief"]).post(url, data).status_code == 404
    assert LevelRecord.objects.filter(competence__code="gdpr").count() == 1


def test_as_of_report_and_export(client, model):
    position = model["official"].position.pk
    url = reverse("competence:as_of") + f"?position={position}&on=2025-02-01"
    response = login(client, model["hr"]).get(url)
    assert response.status_code == 200 and str(model["official"]) in response.content.decode()
    export = client.get(url + "&format=csv")
    assert export.status_code == 200 and "przełożony" in export.content.decode(
        "utf-8-sig"
    )  # the source, a label
    assert AuditEntry.objects.filter(action="competence.asof.exported").exists()
    # a unit head sees only their units' staff
    (table,) = login(client, model["fn_chief"]).get(url).context["tables"]
    assert {r.staff.pk for r in table.rows} == {model["outsider"].pk, model["auditor"].pk}
    assert login(client, model["outsider"]).get(url).status_code == 403


def test_as_of_report_for_a_process_and_its_bad_input(client, model, office_tree):
    process = process_run_by(office_tree["SA-01"], model["sa01_chief"])
    login(client, model["hr"])
    url = reverse("competence:as_of")
    response = client.get(url, {"process": process.pk, "on": "2025-02-01"})
    assert response.status_code == 200
    assert [t.position.name for t in response.context["tables"]][:1] == ["Inspektor"]
    export = client.get(url, {"process": process.pk, "on": "2025-02-01", "format": "csv"})
    text = export.content.decode("utf-8-sig")
    assert "P-07" in text and "Inspektor" in text and str(model["official"]) in text
    entry = AuditEntry.objects.filter(action="competence.asof.exported").latest("pk")
    assert entry.data["filters"]["process"] == "P-07"
    # neither or both: one clear error, nothing shown
    position = model["official"].position.pk
    for asked in ({"on": "2025-02-01"}, {"process": process.pk, "position": position, "on": "2025-02-01"}):
        response = client.get(url, asked)
        assert response.status_code == 400 and response.context["tables"] == []
        assert "Wybierz proces albo stanowisko" in str(response.context["form"].non_field_errors())


def test_framework_and_positions(client, model):
    login(client, model["sa_chief"])
    assert client.get(reverse("competence:framework")).status_code == 200
    assert client.get(reverse("competence:competence_create")).status_code == 403
    page = reverse("competence:position_detail", args=[model["official"].position.pk])
    assert client.get(page).status_code == 200
    assert (
        client.post(page, {"competence": competence("gdpr").pk, "level": 1, "on": "2025-01-01"}).status_code
        == 403
    )
    login(client, model["hr"])
    assert (
        client.post(page, {"competence": competence("gdpr").pk, "level": 1, "on": "2025-01-01"}).status_code
        == 302
    )
    assert PositionRequirement.objects.filter(competence__code="gdpr").count() == 1
    response = client.post(
        reverse("competence:competence_create"),
        {"code": "ksef", "name": "KSeF", "group": "digital", "levels": "1 | podstawowy\n2 | średni | opis"},
    )
    assert response.status_code == 302
    edit = reverse("competence:competence_edit", args=[competence("ksef").pk])
    assert client.get(edit).status_code == 200


@pytest.fixture
def service(people):
    return preparatory.preparatory_open(
        user=people["hr"].user,
        staff=people["official"],
        contract_start=date(2025, 3, 3),
        contract_end=date(2025, 9, 2),
        starts_on=date(2025, 3, 3),
        ends_on=date(2025, 6, 2),
        mentor=people["aux"],
        plan="Plan służby",
    )


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("official", 200),
        ("aux", 200),
        ("sa01_chief", 200),
        ("sa_chief", 200),
        ("hr", 200),
        ("fn_chief", 404),
        ("outsider", 404),
    ],
)
def test_preparatory_detail(client, people, service, who, status):
    url = reverse("competence:preparatory_detail", args=[service.pk])
    assert login(client, people[who]).get(url).status_code == status


def test_preparatory_pages_for_hr(client, people, service):
    login(client, people["hr"])
    assert client.get(reverse("competence:preparatory_list")).status_code == 200
    assert client.get(reverse("competence:preparatory_create")).status_code == 200
    action = reverse("competence:preparatory_action", args=[service.pk, "exam"])
    client.post(action, {"exam_on": "2025-09-03"})  # after the contract: refused, nothing saved
    service.refresh_from_db()
    assert service.exam_on is None
    client.post(action, {"exam_on": "2025-06-02"})
    service.refresh_from_db()
    assert service.exam_on == date(2025, 6, 2)
    # the mentor sees it but does not manage it
    assert login(client, people["aux"]).post(action, {"exam_on": "2025-06-03"}).status_code == 404
    assert PreparatoryService.objects.get().exam_on == date(2025, 6, 2)
