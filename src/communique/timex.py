"""Time expressions: dates and parts of dates in text, weekdays resolved against a statement's date,
and the deadline a clause fixes ("by the end of 2027", "within 14 days", "next year", "from 2027").

Every date carries its offsets in the text it was found in.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

# --- dates ------------------------------------------------------------------------------------------------

MONTHS = ("january february march april may june july august september october november december").split()
_MONTH_RE = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_DAY_MONTH = re.compile(
    r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH_RE + r"(?:,?\s+((?:19|20)\d{2}))?\b", re.I
)
_MONTH_DAY = re.compile(r"\b" + _MONTH_RE + r"\s+(\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+((?:19|20)\d{2}))?", re.I)
_MONTH_YEAR = re.compile(r"\b" + _MONTH_RE + r"(?:\s+(?:of\s+)?((?:19|20)\d{2}))?\b", re.I)
# "October 14 and 15", "May 25-27, 2026": the second day is a date too
_MONTH_DAY_RANGE = re.compile(
    r"\b"
    + _MONTH_RE
    + r"\s+\d{1,2}(?:st|nd|rd|th)?\s*(?:to|until|through|-|–|and)\s*(\d{1,2})(?:st|nd|rd|th)?\b"
    r"(?:,?\s+((?:19|20)\d{2}))?",
    re.I,
)
_DAY_RANGE = re.compile(
    r"\b(\d{1,2})\s*(?:to|until|-|–|/|and)\s*(\d{1,2})\s+" + _MONTH_RE + r"(?:,?\s+((?:19|20)\d{2}))?\b", re.I
)
_YEAR = re.compile(r"\b((?:19|20)\d{2})(?:\s*[-–]\s*((?:19|20)?\d{2}))?\b")
_RELATIVE = re.compile(r"\b(this|next|last|past|coming)\s+(year|month)\b(?!\s+of\b)", re.I)
WEEKDAYS = ("monday tuesday wednesday thursday friday saturday sunday").split()
_WEEKDAY = re.compile(r"\b(" + "|".join(WEEKDAYS) + r")\b", re.I)
_NEAR_DAY = re.compile(r"\b(yesterday|today|tomorrow)\b", re.I)


def shifted(anchor: dt.date, days: int) -> dt.date | None:
    """``anchor`` moved by ``days``, or None past the calendar's range (years 1 to 9999)."""
    try:
        return anchor + dt.timedelta(days=days)
    except OverflowError:  # past date.max or before date.min, or more days than a timedelta holds
        return None


def _calendar_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:  # no such day, or a year outside 1 to 9999
        return None


def _month(name: str) -> int:
    n = name.lower()[:3]
    return next(i + 1 for i, m in enumerate(MONTHS) if m.startswith(n))


@dataclass(frozen=True, slots=True)
class DateRef:
    text: str
    start: int
    end: int
    year: int | None = None
    month: int | None = None
    day: int | None = None
    context: frozenset[str] = frozenset()
    #: resolved from a weekday name against the statement's date
    weekday: bool = False
    #: a range of years' first year ("2023-2024"; ``year`` is its end)
    first_year: int | None = None

    def fields(self) -> dict[str, int]:
        return {k: v for k, v in (("year", self.year), ("month", self.month), ("day", self.day)) if v}

    def agrees(self, other: DateRef) -> bool:
        """No field that both give differs."""
        mine, theirs = self.fields(), other.fields()
        return all(theirs[k] == v for k, v in mine.items() if k in theirs)

    def overlaps(self, other: DateRef) -> bool:
        """The two share a field and agree on every field both give."""
        return bool(self.fields().keys() & other.fields().keys()) and self.agrees(other)


def _day_date(m: re.Match[str], *, year: int, month: int, day: int) -> DateRef:
    """A day-and-month date from a match, by the numbers of its groups."""
    y = m.group(year)
    return DateRef(
        m.group(0), m.start(), m.end(), int(y) if y else None, _month(m.group(month)), int(m.group(day))
    )


#: Words just before a weekday that point ahead ("talks that begin Thursday", "will meet on Friday").
_AHEAD = re.compile(
    r"\b(?:will|shall|begins?|starts?|due|next|upcoming|scheduled|planned|expected|from|until|till|"
    r"ahead of|to be held|tomorrow)\b[^.;]{0,100}$",
    re.IGNORECASE,
)


def _weekday(m: re.Match[str], near: dt.date, *, written: bool = True) -> DateRef | None:
    """The weekday ``m`` names, against ``near``. From the day a report was ``written``: the last such
    day (news reports past events: "on Sunday" in a Thursday paper is four days back), or the next one
    when words before it point ahead ("talks that begin Thursday"). From a statement's date: the
    closest such day, looking back first. None at the calendar's edge."""
    wd = WEEKDAYS.index(m.group(1).lower())
    back = (near.weekday() - wd) % 7
    if written:
        ahead = _AHEAD.search(m.string[max(0, m.start() - 120) : m.start()]) is not None
        step = (wd - near.weekday()) % 7 if ahead and back else -back
    else:
        step = -back if back <= 3 else 7 - back
    day = shifted(near, step)
    if day is None:
        return None
    return DateRef(m.group(0), m.start(), m.end(), day.year, day.month, day.day, weekday=True)


def dates(text: str, anchor: dt.date | None = None, published: dt.date | None = None) -> list[DateRef]:
    """Dates in ``text``: day and month (with a year where given), month and year, years, year ranges
    (their end), and weekdays resolved to the date within a week of ``anchor`` (the statement's date).

    ``published`` is when the text was written (an article's publication date): a weekday then names
    the nearest such day to it, looking back first as news reports past events ("on Friday" in a Saturday
    paper; "talks that begin Thursday" in a Tuesday one), and "yesterday", "today" and "tomorrow" are
    dates."""
    out: list[DateRef] = []
    taken: list[tuple[int, int]] = []

    def add(ref: DateRef) -> None:
        if not any(a < ref.end and ref.start < b for a, b in taken):
            taken.append((ref.start, ref.end))
            out.append(ref)

    for m in _DAY_RANGE.finditer(text):  # "from 3 to 16 May 2026": the first day too
        add(
            DateRef(
                m.group(1),
                m.start(1),
                m.end(1),
                int(m.group(4)) if m.group(4) else None,
                _month(m.group(3)),
                int(m.group(1)),
            )
        )
    for m in _DAY_MONTH.finditer(text):
        if m.group(2).lower() == "may" and not m.group(3) and not text[m.start(2) : m.start(2) + 1].isupper():
            continue  # the verb "may"
        add(_day_date(m, year=3, month=2, day=1))
    for m in _MONTH_DAY.finditer(text):
        if not text[m.start()].isupper():
            continue
        add(_day_date(m, year=3, month=1, day=2))
    for m in _MONTH_DAY_RANGE.finditer(text):
        if text[m.start()].isupper():
            y = m.group(3)
            dd = int(m.group(2))
            add(
                DateRef(
                    text[m.start(2) : m.end()],
                    m.start(2),
                    m.end(),
                    int(y) if y else None,
                    _month(m.group(1)),
                    dd,
                )
            )
    for m in _MONTH_YEAR.finditer(text):
        if not text[m.start()].isupper() or (m.group(1).lower() == "may" and not m.group(2)):
            continue
        if len(m.group(1)) < 3 or (
            m.group(1).lower()
            in {"mar", "jan", "jun", "jul", "aug", "oct", "nov", "dec", "sep", "apr", "feb"}
            and not m.group(0).endswith(".")
            and not m.group(2)
        ):
            continue
        add(
            DateRef(
                m.group(0), m.start(), m.end(), int(m.group(2)) if m.group(2) else None, _month(m.group(1))
            )
        )
    for m in _YEAR.finditer(text):
        year = first = int(m.group(1))
        if m.group(2):  # a range: its end is the date that matters for a deadline
            end = m.group(2)
            year = int(end) if len(end) == 4 else int(m.group(1)[:2] + end)
        add(DateRef(m.group(0), m.start(), m.end(), year, first_year=first if m.group(2) else None))
    if anchor is not None:
        for m in _RELATIVE.finditer(text):  # "this year", "next year", "last month"
            step = {"this": 0, "next": 1, "last": -1, "past": -1, "coming": 1}[m.group(1).lower()]
            if m.group(2).lower() == "year":
                add(DateRef(m.group(0), m.start(), m.end(), anchor.year + step))
            else:
                month = anchor.month - 1 + step
                add(DateRef(m.group(0), m.start(), m.end(), anchor.year + month // 12, month % 12 + 1))
    if published is not None:
        for m in _NEAR_DAY.finditer(text):
            step = {"yesterday": -1, "today": 0, "tomorrow": 1}[m.group(1).lower()]
            near = shifted(published, step)
            if near is not None:  # None: at the calendar's edge
                add(DateRef(m.group(0), m.start(), m.end(), near.year, near.month, near.day, weekday=True))
    for m in _WEEKDAY.finditer(text):  # "on Wednesday, May 20": the date given is the weekday's
        given = next((r for r in out if r.day and 0 <= r.start - m.end() <= 3), None)
        if given is None:
            continue
        given_year = given.year or next((d.year for d in (anchor, published) if d is not None), None)
        if given_year is not None:
            add(DateRef(m.group(0), m.start(), m.end(), given_year, given.month, given.day, weekday=True))
    if published is not None:
        for m in _WEEKDAY.finditer(text):
            if (ref := _weekday(m, published)) is not None:
                add(ref)
    if anchor is not None:
        for m in _WEEKDAY.finditer(text):
            if (ref := _weekday(m, anchor, written=False)) is not None:
                add(ref)
    out.sort(key=lambda d: d.start)
    return out


def parse_date(value: str | None) -> dt.date | None:
    """A ``YYYY-MM-DD`` date (a manifest's or a document's), or None."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


# --- deadlines ------------------------------------------------------------------------------------------

_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "fourteen": 14, "fifteen": 15, "twenty": 20, "thirty": 30,
    "sixty": 60, "ninety": 90, "a": 1, "an": 1,
}  # fmt: skip
_UNIT_DAYS = {"day": 1, "week": 7, "fortnight": 14, "month": 30, "year": 365}
_WITHIN = re.compile(
    r"\b(?:within|in the (?:next|coming)|over the next|in)\s+(?:the\s+(?:first|next)\s+)?(\d+|"
    + "|".join(_NUMBER_WORDS)
    + r")\s+(day|week|fortnight|month|year)s?\b",
    re.IGNORECASE,
)
_RELATIVE_YEAR = re.compile(
    r"\b(next year|the coming year|this year|the end of the year|year[- ]end|the end of this year|"
    r"the current year)\b",
    re.IGNORECASE,
)
_FISCAL = re.compile(r"\bFY\s?'?(\d{2}|\d{4})\b")


@dataclass(frozen=True, slots=True)
class Deadline:
    """The date a clause fixes, at the latest, and the words that fix it (offsets into the clause)."""

    date: dt.date
    text: str
    start: int
    end: int

    @property
    def iso(self) -> str:
        return self.date.isoformat()


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def deadline_of(text: str, anchor: dt.date | None) -> Deadline | None:
    """The latest date ``text`` fixes: an absolute date (a month or a year alone stands for its last
    day), a year range's end, a fiscal year, a relative year ("next year"), or a period counted from
    ``anchor`` ("within 14 days"). A month without a year is its next occurrence after ``anchor``."""
    found: list[Deadline] = []
    for d in dates(text):
        year = d.year
        if year is None:
            if anchor is None or d.month is None:
                continue
            year = anchor.year + (1 if d.month < anchor.month else 0)
        month = d.month or 12
        if not dt.MINYEAR <= year <= dt.MAXYEAR:
            continue
        day = d.day or _last_day(year, month)
        date = _calendar_date(year, month, day)
        if date is not None:
            found.append(Deadline(date, d.text, d.start, d.end))
    for m in _FISCAL.finditer(text):
        y = int(m.group(1))
        y = y if y > 100 else 2000 + y
        found.append(Deadline(dt.date(y, 12, 31), m.group(0), m.start(), m.end()))
    if anchor is not None:
        for m in _RELATIVE_YEAR.finditer(text):
            phrase = m.group(1).lower()
            year = anchor.year + (1 if phrase in {"next year", "the coming year"} else 0)
            date = _calendar_date(year, 12, 31)
            if date is not None:
                found.append(Deadline(date, m.group(0), m.start(), m.end()))
        for m in _WITHIN.finditer(text):
            count = m.group(1)
            # a period past the calendar ("within 9999 years" of a recent date) fixes no date at all
            if count.isdigit() and len(count) > 7:
                continue
            n = int(count) if count.isdigit() else _NUMBER_WORDS[count.lower()]
            date = shifted(anchor, n * _UNIT_DAYS[m.group(2).lower()])
            if date is not None:
                found.append(Deadline(date, m.group(0), m.start(), m.end()))
    if not found:
        return None
    best = max(found, key=lambda d: d.date)
    # the words that introduce it: "before the end of 2026", "no later than 1 January 2027"
    lead = _LEAD.search(text[: best.start])
    if lead:
        return Deadline(best.date, text[lead.start() : best.end], lead.start(), best.end)
    return best


_LEAD = re.compile(
    r"\b(?:by|before|until|till|no later than|not later than|in|from|during|on|starting(?: in| from)?)"
    r"(?:\s+(?:the\s+)?(?:end|first half|second half|middle|start|beginning)\s+of)?\s*(?:end-)?$",
    re.IGNORECASE,
)


def human_date(value: Any) -> str:
    """A timestamp or day as a reader writes it: "5 Dec 2026, 18:20" or "5 Dec 2026"."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            value = (
                dt.datetime.fromisoformat(value)
                if "T" in value or " " in value
                else dt.date.fromisoformat(value[:10])
            )
        except ValueError:
            return str(value)
    if isinstance(value, dt.datetime):
        return f"{value.day} {value:%b %Y, %H:%M}"
    if isinstance(value, dt.date):
        return f"{value.day} {value:%b %Y}"
    return str(value)
