"""Home-page attention of the trainings: certificates expiring (the holder and HR, days from the
policy), a training to rate, behaviour to assess (the direct superior), own mandatory trainings."""

from datetime import timedelta

import pytest
from django.utils import timezone

from magistrat.competence import training_policy
from magistrat.competence.attention import training_attention
from magistrat.competence.services import trainings as services
from tests.competence.training_helpers import complete, pdf, training

pytestmark = pytest.mark.django_db


def titles(staff):
    return [item.title for item in training_attention(staff.user)]


def test_an_expiring_certificate_reaches_its_holder_and_hr(people):
    today = timezone.localdate()
    warn = training_policy.value("certificate_warn_days")
    course = training(people, title="Pierwsza pomoc")
    enrolment = complete(people, course, people["official"])
    services.certificate_add(
        user=people["hr"].user,
        enrolment=enrolment,
        file=pdf(),
        issued_on=course.ends_on,
        valid_until=today + timedelta(days=warn + 1),
    )
    assert not any("certificate of Pierwsza pomoc" in t for t in titles(people["official"]))
    other = complete(people, training(people, title="Pierwsza pomoc"), people["aux"])
    services.certificate_add(
        user=people["hr"].user,
        enrolment=other,
        file=pdf(),
        issued_on=course.ends_on,
        valid_until=today + timedelta(days=warn),
    )
    assert any(t.startswith("Your certificate of Pierwsza pomoc expires") for t in titles(people["aux"]))
    assert any(str(people["aux"]) in t and "expires" in t for t in titles(people["hr"]))
    assert not any(str(people["aux"]) in t for t in titles(people["outsider"]))


def test_a_renewed_certificate_is_not_reminded(people):
    today = timezone.localdate()
    first = complete(
        people, training(people, title="BHP", starts_on=today - timedelta(days=400)), people["official"]
    )
    services.certificate_add(
        user=people["hr"].user,
        enrolment=first,
        file=pdf(),
        issued_on=today - timedelta(days=400),
        valid_until=today - timedelta(days=5),
    )
    assert any("expired" in t for t in titles(people["official"]))
    second = complete(people, training(people, title="BHP"), people["official"])
    services.certificate_add(
        user=people["hr"].user, enrolment=second, file=pdf(), issued_on=today - timedelta(days=1)
    )
    assert not any("BHP" in t and "certificate" in t for t in titles(people["official"]))


def test_renewed_certificates_do_not_crowd_out_those_to_renew(people):
    """HR's list is cut to 100: the renewed ones are left out before it is cut, not after."""
    from magistrat.competence.models import Certificate

    today = timezone.localdate()
    old = complete(
        people, training(people, title="BHP", starts_on=today - timedelta(days=900)), people["official"]
    )
    renewal = services.certificate_add(
        user=people["hr"].user, enrolment=old, file=pdf(), issued_on=today - timedelta(days=10)
    )
    expired = []
    for n in range(101):  # older cards of the same training, all renewed by the last one
        card = Certificate(
            **{f.attname: getattr(renewal, f.attname) for f in Certificate._meta.concrete_fields}
        )
        card.pk, card.number = None, f"BHP/{n}"
        card.issued_on = today - timedelta(days=900 + n)
        card.valid_until = today - timedelta(days=100 + n)
        expired.append(card)
    Certificate.objects.bulk_create(expired)
    aid = complete(people, training(people, title="Pierwsza pomoc"), people["aux"])
    services.certificate_add(
        user=people["hr"].user,
        enrolment=aid,
        file=pdf(),
        issued_on=aid.completed_on,
        valid_until=today + timedelta(days=5),
    )
    hr_titles = titles(people["hr"])
    assert any(str(people["aux"]) in t and "Pierwsza pomoc" in t for t in hr_titles)
    assert not any("BHP" in t for t in hr_titles)


def test_rating_and_behaviour_reminders(people):
    today = timezone.localdate()
    course = training(
        people, title="Komunikacja", starts_on=today - timedelta(days=120), behaviour_after_months=3
    )
    enrolment = complete(people, course, people["official"])
    assert "Rate the training Komunikacja" in titles(people["official"])
    assert any("Komunikacja" in t and "at work" in t for t in titles(people["sa01_chief"]))
    services.reaction_submit(user=people["official"].user, enrolment=enrolment, rating=5)
    services.behaviour_assess(user=people["sa01_chief"].user, enrolment=enrolment, rating=4)
    assert "Rate the training Komunikacja" not in titles(people["official"])
    assert not any("Komunikacja" in t for t in titles(people["sa01_chief"]))


def test_own_mandatory_trainings_not_done(people):
    assert any(t.startswith("Mandatory training") for t in titles(people["official"]))


def test_the_superior_sees_the_reports_mandatory_trainings_not_done(people):
    official = str(people["official"])
    mine = [t for t in titles(people["sa01_chief"]) if t.startswith("Mandatory training") and official in t]
    assert mine  # the superior enrols their reports
    assert not [t for t in titles(people["fn_chief"]) if official in t]  # another unit's head
    assert not [t for t in titles(people["aux"]) if official in t]  # a colleague
