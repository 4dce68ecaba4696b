"""The numbers the ratings module works by are reference data with their reasons
(feedback/data/policy.yaml), and the modules read them from there."""

from magistrat.core.reference import load_yaml
from magistrat.feedback import kiosk, policy, selectors
from magistrat.feedback.services import devices, ratings, tokens

EXPECTED = {
    "post_case_valid_days",
    "post_case_max_valid_days",
    "target_rolling_days",
    "ip_ratings_per_hour",
    "burst_count",
    "burst_seconds",
    "max_clock_skew_minutes",
    "max_offline_age_days",
    "pairing_minutes",
    "pair_attempts",
    "pair_window_seconds",
}


def test_every_rule_has_a_whole_positive_value_a_unit_and_a_reason():
    data = load_yaml("feedback", "policy.yaml")
    assert data["version"] == 1
    assert set(data["rules"]) == EXPECTED
    for name, entry in data["rules"].items():
        assert set(entry) == {"value", "unit", "reason"}, name
        assert isinstance(entry["value"], int) and not isinstance(entry["value"], bool), name
        assert entry["value"] > 0, name
        assert len(entry["reason"].split()) >= 5, f"{name}: say why the value is what it is"


def test_a_default_link_is_valid_within_the_longest_a_case_system_may_ask_for():
    assert 1 <= policy.value("post_case_valid_days") <= policy.value("post_case_max_valid_days")


def test_the_modules_read_the_rules_not_literals():
    assert policy.value("post_case_valid_days") == tokens.POST_CASE_VALID_DAYS
    assert policy.value("post_case_max_valid_days") == tokens.POST_CASE_MAX_VALID_DAYS
    assert policy.value("target_rolling_days") == selectors.ROLLING_DAYS
    assert policy.value("ip_ratings_per_hour") == ratings.IP_LIMIT_PER_HOUR
    assert (
        policy.value("burst_count"),
        policy.value("burst_seconds"),
    ) == (ratings.BURST_COUNT, ratings.BURST_SECONDS)
    assert ratings.MAX_CLOCK_SKEW.total_seconds() == policy.value("max_clock_skew_minutes") * 60
    assert ratings.MAX_OFFLINE_AGE.days == policy.value("max_offline_age_days")
    assert policy.value("pairing_minutes") == devices.PAIRING_MINUTES
    assert (
        policy.value("pair_attempts"),
        policy.value("pair_window_seconds"),
    ) == (kiosk.PAIR_ATTEMPTS, kiosk.PAIR_WINDOW_SECONDS)
