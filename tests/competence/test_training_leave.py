"""Training leave (Kodeks pracy art. 103^1–103^6): granted days per person with the statutory
maxima of art. 103^2 § 1 as data; refused over the maximum, nothing saved."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from magistrat.competence import training_policy
from magistrat.competence.models import TrainingLeave
from magistrat.competence.services import training_plan as services
from magistrat.core.exceptions import ServiceError
from magistrat.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_the_maxima_file_has_its_shape():
    kinds = training_policy.leave_kinds()
    assert {code: kind["max_days"] for code, kind in kinds.items()} == {
        "extramural-exam": 6,
        "matura": 6,
        "vocational-exam": 6,
        "final-year": 21,
    }
    assert all(kind["basis"].startswith("art. 103^2") and kind["name"]["pl"] for kind in kinds.values())


def grant(people, days, *, kind="final-year", on=date(2026, 5, 4)):
    return services.leave_grant(
        user=people["hr"].user,
        staff=people["official"],
        kind=kind,
        starts_on=on,
        days=days,
        study="Administracja, studia II stopnia, UŁ",
    )


def test_granted_up_to_the_maximum_and_refused_over_it(people):
    grant(people, 15)
    grant(people, 6, on=date(2026, 6, 1))
    with pytest.raises(ServiceError, match="at most 21 days"):
        grant(people, 1, on=date(2026, 6, 20))
    assert TrainingLeave.objects.count() == 2
    assert AuditEntry.objects.filter(action="competence.leave.granted").count() == 2
    grant(people, 21, on=date(2027, 5, 4))  # the next year counts afresh
    with pytest.raises(ServiceError, match="at most 6 days"):
        grant(people, 7, kind="vocational-exam")


@pytest.mark.parametrize(
    ("change", "message"),
    [({"kind": "sabbatical"}, "purpose"), ({"days": 0}, "at least one day"), ({"study": " "}, "studies")],
)
def test_bad_input_is_refused(people, change, message):
    data = {"kind": "matura", "starts_on": date(2026, 5, 4), "days": 2, "study": "Matura 2026"} | change
    with pytest.raises(ServiceError, match=message):
        services.leave_grant(user=people["hr"].user, staff=people["official"], **data)
    assert not TrainingLeave.objects.exists()


def test_only_hr_grants_leave(people):
    with pytest.raises(PermissionDenied):
        services.leave_grant(
            user=people["sa01_chief"].user,
            staff=people["official"],
            kind="matura",
            starts_on=date(2026, 5, 4),
            days=2,
            study="Matura",
        )
