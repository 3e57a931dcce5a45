import datetime

import pytest

from reporting.periods import PeriodType, last_complete_period, parse_period, parse_scope


@pytest.mark.parametrize("text,start,end,key", [
    ("2026-Q3", datetime.date(2026, 7, 1), datetime.date(2026, 9, 30), "2026-Q3"),
    ("2026-q1", datetime.date(2026, 1, 1), datetime.date(2026, 3, 31), "2026-Q1"),
    ("2026-H1", datetime.date(2026, 1, 1), datetime.date(2026, 6, 30), "2026-H1"),
    ("2026-H2", datetime.date(2026, 7, 1), datetime.date(2026, 12, 31), "2026-H2"),
    ("2026", datetime.date(2026, 1, 1), datetime.date(2026, 12, 31), "2026"),
    ("2026-02-01:2026-03-15", datetime.date(2026, 2, 1), datetime.date(2026, 3, 15), "2026-02-01:2026-03-15"),
])
def test_parse_period_accepts_the_documented_forms(text, start, end, key):
    period = parse_period(text)
    assert (period.start, period.end, period.key) == (start, end, key)


@pytest.mark.parametrize("text,message", [
    ("2026-Q5", "is not a period"),
    ("Q3 2026", "is not a period"),
    ("2026-02-30:2026-03-01", "impossible date"),
    ("2026-03-01:2026-02-01", "ends before it starts"),
    ("", "is not a period"),
])
def test_parse_period_rejects_other_text_with_a_clear_message(text, message):
    with pytest.raises(ValueError, match=message):
        parse_period(text)


def test_last_complete_period_is_the_one_that_ended_before_today():
    today = datetime.date(2026, 10, 15)
    assert last_complete_period(PeriodType.QUARTERLY, today=today).key == "2026-Q3"
    assert last_complete_period(PeriodType.SEMI_ANNUAL, today=today).key == "2026-H1"
    assert last_complete_period(PeriodType.ANNUAL, today=today).key == "2025"
    assert last_complete_period(PeriodType.QUARTERLY, today=datetime.date(2026, 1, 1)).key == "2025-Q4"


@pytest.mark.parametrize("text,key", [
    ("programme", "programme"), ("donor:12", "donor:12"), ("country:ec", "country:EC"), ("grant:7", "grant:7"),
])
def test_parse_scope(text, key):
    assert parse_scope(text).key == key


@pytest.mark.parametrize("text", ["everything", "donor:SDC", "country:", "grant:x", "country:Ecuador"])
def test_parse_scope_rejects_bad_scopes(text):
    with pytest.raises(ValueError):
        parse_scope(text)


def test_period_labels_speak_the_report_language():
    from django.utils import translation

    with translation.override("fr"):
        assert parse_period("2026-Q3").label == "T3 2026" and parse_period("2026-H1").label == "S1 2026"
    with translation.override("en"):
        assert parse_period("2026-Q3").label == "Q3 2026"
