"""The numbers the ISMS works by are reference data with their reasons (isms/data/policy.yaml)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from magistrat.core.deadlines import add_months
from magistrat.core.exceptions import ServiceError
from magistrat.core.reference import load_yaml
from magistrat.isms import policy
from magistrat.isms.services import risks
from tests.isms.conftest import make_risk


def test_every_rule_has_a_whole_positive_value_a_unit_and_a_reason():
    data = load_yaml("isms", "policy.yaml")
    assert data["version"] == 1
    assert set(data["rules"]) == {"sign_off_max_days", "sign_off_suggested_months"}
    for name, entry in data["rules"].items():
        assert set(entry) == {"value", "unit", "reason"}, name
        assert isinstance(entry["value"], int) and entry["value"] > 0, name
        assert len(entry["reason"].split()) >= 5, f"{name}: say why the value is what it is"
    assert policy.value("sign_off_suggested_months") * 31 <= policy.value("sign_off_max_days")


@pytest.mark.django_db
def test_a_sign_off_runs_at_most_as_long_as_the_policy_says(assessment, owner):
    risk = make_risk(assessment, owner)
    today = timezone.localdate()
    longest = today + timedelta(days=policy.value("sign_off_max_days"))
    assert policy.value("sign_off_max_days") == risks.SIGN_OFF_MAX_DAYS
    with pytest.raises(ServiceError) as refused:
        risks.risk_sign_off(
            scenario=risk, user=owner, justification="OK", expires_on=longest + timedelta(days=1)
        )
    assert refused.value.field == "expires_on"
    assert risks.risk_sign_off(scenario=risk, user=owner, justification="OK", expires_on=longest)


@pytest.mark.django_db
def test_the_form_suggests_the_policys_validity(client, assessment, owner):
    risk = make_risk(assessment, owner)
    client.force_login(owner)
    page = client.get(reverse("isms:risk_detail", args=[risk.pk])).content.decode()
    suggested = add_months(timezone.localdate(), policy.value("sign_off_suggested_months"))
    assert f'value="{suggested.isoformat()}"' in page
