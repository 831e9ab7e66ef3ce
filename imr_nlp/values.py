"""Normalize the text of an entity span into the value the records carry.

The spans were already found by rules in known shapes, so parsing them is a few regular
expressions; a general date parser (dateparser) would add a dependency and ~1 ms a call for
nothing these shapes need.
"""
from __future__ import annotations

import re

MONTHS = {
    name: i + 1
    for i, names in enumerate(
        [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
         ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
         ("october", "oct"), ("november", "nov"), ("december", "dec")]
    )
    for name in names
}
NUMBER_WORDS = {
    word: i
    for i, word in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen twenty".split()
    )
} | {"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
     "once": 1, "twice": 2, "thrice": 3, "single": 1}

_NUMERIC_DATE = re.compile(r"^(\d{1,2})[/-](\d{1,2})[/-](\d{2}|\d{4})$")
_MONTH_YEAR = re.compile(r"^(\d{1,2})[/-](\d{4})$")
_NAMED_DATE = re.compile(r"^([a-z]+)\.?\s*(?:(\d{1,2})(?:st|nd|rd|th)?)?\s*(?:,|of)?\s*(\d{4})$")
_DAY_FIRST = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?\s*(?:of)?\s*([a-z]+)\.?\s*,?\s*(\d{4})$")


def full_year(year: str) -> int:
    """Two-digit years 00-29 are 20xx, 30-99 are 19xx."""
    value = int(year)
    if len(year) == 2:
        return 2000 + value if value < 30 else 1900 + value
    return value


def iso_date(text: str) -> str | None:
    """"09-08-02" -> "2002-09-08"; "February 2013" -> "2013-02"; None if not a valid date."""
    text = " ".join(text.lower().split())
    day: int | None
    if m := _NUMERIC_DATE.match(text):
        month, day, year = int(m[1]), int(m[2]), full_year(m[3])
    elif m := _MONTH_YEAR.match(text):
        month, day, year = int(m[1]), None, int(m[2])
    elif (m := _NAMED_DATE.match(text)) and m[1] in MONTHS:
        month, day, year = MONTHS[m[1]], int(m[2]) if m[2] else None, int(m[3])
    elif (m := _DAY_FIRST.match(text)) and m[2] in MONTHS:
        month, day, year = MONTHS[m[2]], int(m[1]), int(m[3])
    else:
        return None
    if not (1 <= month <= 12 and 1900 <= year <= 2099) or (day is not None and not 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}" + (f"-{day:02d}" if day is not None else "")


def number(text: str) -> int | None:
    """"12" or "twelve" -> 12."""
    text = text.lower().strip("()#")
    if text.isdigit():
        return int(text)
    return NUMBER_WORDS.get(text)


_NUM = r"(\d+|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")"
_RANGE = _NUM + r"(?:\s*(?:-|to|or)\s*" + _NUM + r")?"
_PER_WEEK = re.compile(
    r"\b" + _RANGE + r"\s*(?:(?:x|times?|visits?|sessions?|treatments?)\s*(?:a|per|/|each|every)?|a|per|/|each|every)"
    r"\s*(?:weekly|wk\b|week\b)"
)
_WEEKS = re.compile(r"(?:for|x|times|over)\s*(?:a\s*period\s*of\s*)?" + _RANGE + r"\s*(?:weeks?|wks?)\b")
_BY = re.compile(r"\b" + _NUM + r"\s*(?:x|times)\s*" + _NUM + r"\b(?!\s*(?:sessions?|visits?|treatments?)\b)")
_UNIT = re.compile(r"\b(?:sessions?|visits?|treatments?)\b(?!\s*(?:a|per|/|each|every)?\s*(?:week|weekly|wk)\b)")
_TOTAL_AFTER = re.compile(r"\s*\(\s*(\d+)\s*\)")
_COUNT_ONLY = re.compile(r"^(?:x|times|(?:sessions?|visits?|treatments?)\s*,?)\s*" + _NUM + r"$")
_HOURS = re.compile(_NUM + r"\s*(?:hours?|hrs?)\s*(?:a|per|/)\s*day")
_DAILY = re.compile(r"\b(?:daily|every\s*day|everyday|nightly|once\s+a\s+day)\b")
_FOR_DAYS = re.compile(r"(?:for|x|times|over)\s*" + _NUM + r"\s*days?\b")
_DAYS = re.compile(_NUM + r"\s*days?\s*(?:a|per|/)\s*week")
_ONE_TIME = re.compile(r"\b(?:one|single|1)\s*time\b|\bonce\b(?!\s*(?:a|per)\s)")
_DOSING = {"qd": 1, "qhs": 1, "bid": 2, "tid": 3, "qid": 4}
_PER_DAY = re.compile(r"\b(?:" + _NUM + r"\s*(?:x|times?)|(twice|thrice))\s*(?:a\s*day|per\s*day|daily)\b")
_EVERY_HOURS = re.compile(r"\b(?:every|q)\s*" + _NUM + r"(?:\s*(?:-|to)\s*\d+)?\s*(?:hours?|hrs?|h)\b")
_DURATION = re.compile(_RANGE + r"\s*-?\s*(day|week|wk|month|mo)s?\b")
_DURATION_KEYS = {"day": "days", "week": "weeks", "wk": "weeks", "month": "months", "mo": "months"}


def _top(match: re.Match, first: int) -> int | None:
    """The upper bound of a number or range match ("2-3" -> 3)."""
    values = [number(g) for g in match.groups()[first : first + 2] if g]
    values = [v for v in values if v is not None]
    return max(values) if values else None


def frequency(text: str) -> dict | None:
    """"2 times a week for 5 weeks" -> {"per_week": 2, "weeks": 5, "sessions": 10}.

    Keys: per_week, weeks, sessions, and hours_per_day/days_per_week for day programs; per_day
    for a drug's dosing ("bid", "every 6 hours"); days/months (or weeks) for how long a service is
    given ("7-10 days"); a range counts as its upper bound; "2x4" is 2 a week for 4 weeks. None
    when the text states no count.
    """
    text = " ".join(text.lower().split())
    if per_day := _per_day(text):
        return {"per_day": per_day}
    out: dict[str, int | None] = {}
    if m := _HOURS.search(text):
        out["hours_per_day"] = number(m[1])
    if m := _DAYS.search(text):
        out["days_per_week"] = out["per_week"] = number(m[1])
    if m := _BY.search(text):
        out["per_week"], out["weeks"] = number(m[1]), number(m[2])
    if "per_week" not in out and (m := _PER_WEEK.search(text)):
        out["per_week"] = _top(m, 0)
    if "per_week" not in out and _DAILY.search(text):  # "daily for 3 weeks": 7 a week
        out["per_week"] = 7
        if m := _FOR_DAYS.search(text):
            days = number(m[1])
            out["sessions"] = days
            if days and days % 7 == 0:
                out["weeks"] = days // 7
    if "weeks" not in out and (m := _WEEKS.search(text)):
        out["weeks"] = _top(m, 0)
    out["sessions"] = out.get("sessions") or _sessions(text)
    if not any(out.values()) and (m := _DURATION.search(text)):  # "7-10 days", "one-month"
        out[_DURATION_KEYS[m[3]]] = _top(m, 0)
    result = {k: v for k, v in out.items() if v is not None}
    if "sessions" not in result and "per_week" in result and "weeks" in result:
        result["sessions"] = result["per_week"] * result["weeks"]
    return result or None


def _per_day(text: str) -> int | None:
    """Doses a day: "bid" 2, "3 times a day" 3, "every 4-6 hours" 6 (the shorter interval)."""
    if (abbreviation := text.replace(".", "")) in _DOSING:
        return _DOSING[abbreviation]
    if m := _PER_DAY.search(text):
        return number(m[1]) if m[1] else NUMBER_WORDS[m[2]]
    if (m := _EVERY_HOURS.search(text)) and (hours := number(m[1])):
        return 24 // hours if hours <= 24 else None
    return None


def _sessions(text: str) -> int | None:
    """The count stated for sessions/visits: "(8)" right after the word, else the nearest number
    before it ("Twelve (12) physical therapy sessions", "x 24 sessions"), else "one time"."""
    for m in _UNIT.finditer(text):
        if total := _TOTAL_AFTER.match(text, m.end()):
            return int(total[1])
        for word in reversed(re.findall(r"[a-z0-9]+", text[: m.start()])[-5:]):
            if (value := number(word)) is not None:
                return value
    if m := _COUNT_ONLY.match(text):  # "x 12", "times 12", "sessions, 12"
        return number(m[1])
    return 1 if _ONE_TIME.search(text) else None
