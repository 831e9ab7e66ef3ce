"""Normalization of dates, frequencies and citations, on snippets from the letters."""
import pytest

from imr_nlp.citations import pages
from imr_nlp.values import frequency, iso_date


@pytest.mark.parametrize(
    "text,expected",
    [
        ("09-08-02", "2002-09-08"),
        ("12/11/13", "2013-12-11"),
        ("01/23/2010", "2010-01-23"),
        ("February 8, 2007", "2007-02-08"),
        ("2/4/14", "2014-02-04"),
        ("May 4, 2015", "2015-05-04"),
        ("February 2013", "2013-02"),
        ("February 19th 2014", "2014-02-19"),
        ("07-10-15", "2015-07-10"),
        ("3/5/45", "1945-03-05"),
        ("13/45/99", None),
    ],
)
def test_iso_date(text, expected):
    assert iso_date(text) == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("2 times a week for 5 weeks", {"per_week": 2, "weeks": 5, "sessions": 10}),
        ("2x4 Weeks (8sessions)", {"per_week": 2, "weeks": 4, "sessions": 8}),
        ("x 24 sessions", {"sessions": 24}),
        ("Twelve (12) physical therapy sessions", {"sessions": 12}),
        ("one time", {"sessions": 1}),
        ("3 times a week for 4 weeks", {"per_week": 3, "weeks": 4, "sessions": 12}),
        ("6 visits", {"sessions": 6}),
        ("4 hours a day, 5 days a week for 6 weeks",
         {"hours_per_day": 4, "days_per_week": 5, "per_week": 5, "weeks": 6, "sessions": 30}),
        ("two times a week times six weeks", {"per_week": 2, "weeks": 6, "sessions": 12}),
        ("2-3 times a week for 6 weeks", {"per_week": 3, "weeks": 6, "sessions": 18}),
        ("twice a week for 3 weeks", {"per_week": 2, "weeks": 3, "sessions": 6}),
        ("300g with 3 refills", None),
    ],
)
def test_frequency(text, expected):
    assert frequency(text) == expected


@pytest.mark.parametrize(
    "text,expected",
    [("98-99", [98, 99]), ("98, 99", [98, 99]), ("111-113", [111, 112, 113]), ("300", [300])],
)
def test_pages(text, expected):
    assert pages(text) == expected
