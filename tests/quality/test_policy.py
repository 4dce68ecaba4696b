"""The numbers the quality module works by are reference data with their reasons."""

from magistrat.core.reference import load_yaml
from magistrat.feedback.selectors import ROLLING_DAYS
from magistrat.quality import policy


def test_every_rule_has_a_whole_positive_value_a_unit_and_a_reason():
    data = load_yaml("quality", "policy.yaml")
    assert data["version"] == 1
    assert set(data["rules"]) == {
        "effectiveness_check_days",
        "max_whys",
        "due_soon_days",
        "acknowledge_days",
        "review_soon_days",
    }
    for name, entry in data["rules"].items():
        assert set(entry) == {"value", "unit", "reason"}, name
        assert isinstance(entry["value"], int) and entry["value"] > 0, name
        assert len(entry["reason"].split()) >= 5, f"{name}: say why the value is what it is"


def test_the_check_leaves_room_for_a_full_window_of_ratings():
    # A rating-triggered record is re-measured over as many days as its trigger window.
    assert policy.value("effectiveness_check_days") >= ROLLING_DAYS
