"""Shape of core/data/legal_periods.yaml: every period parses and names its legal basis."""

from magistrat.core.deadlines import Period, Unit, _legal_periods, legal_period


def test_legal_periods_catalogue():
    periods = _legal_periods()
    assert {"complaint_reply", "complaint_forward"} <= set(periods)
    assert all(p.basis for p in periods.values())
    assert legal_period("complaint_reply") == Period(1, Unit.MONTHS)
    assert legal_period("complaint_forward") == Period(7, Unit.DAYS)
