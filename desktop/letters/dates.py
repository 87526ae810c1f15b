"""Dates written the way a letter in each language writes them.

    ru  26 ноября 2026 г.        (month in the genitive, "г." for "года")
    ja  2026年11月26日
    mn  2026 оны 11 сарын 26
    en  26 November 2026

Date ranges (the chronological frame of a request) read naturally too: whole years are written
as years ("1938–1940 гг.", "1938年〜1940年"), anything else as two full dates.
"""

from __future__ import annotations

from datetime import date

_RU_MONTHS = (
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
)
_EN_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def format_date(day: date, language: str) -> str:
    """`day` as a letter in `language` writes it (English for an unknown language)."""
    if language == "ru":
        return f"{day.day} {_RU_MONTHS[day.month - 1]} {day.year} г."
    if language == "ja":
        return f"{day.year}年{day.month}月{day.day}日"
    if language == "mn":
        return f"{day.year} оны {day.month} сарын {day.day}"
    return f"{day.day} {_EN_MONTHS[day.month - 1]} {day.year}"


def _whole_years(start: date, end: date) -> bool:
    return (start.month, start.day) == (1, 1) and (end.month, end.day) == (12, 31)


def format_year_range(first: int, last: int, language: str) -> str:
    if language == "ru":
        return f"{first} г." if first == last else f"{first}–{last} гг."
    if language == "ja":
        return f"{first}年" if first == last else f"{first}年〜{last}年"
    if language == "mn":
        return f"{first} он" if first == last else f"{first}–{last} он"
    return str(first) if first == last else f"{first}–{last}"


def format_date_range(start: date | None, end: date | None, language: str) -> str:
    """The chronological frame of a request; "" when neither end is known."""
    if start is None and end is None:
        return ""
    if start is not None and end is not None:
        if _whole_years(start, end):
            return format_year_range(start.year, end.year, language)
        first, last = format_date(start, language), format_date(end, language)
        if language == "ja":
            return f"{first}〜{last}"
        if language == "ru":
            return f"с {first} по {last}"
        return f"{first} – {last}"  # Mongolian too: a dash needs no case ending
    if start is not None:
        text = format_date(start, language)
        return {"ru": f"с {text}", "ja": f"{text}以降", "mn": f"{text} ба түүнээс хойш"}.get(
            language, f"from {text}"
        )
    assert end is not None
    text = format_date(end, language)
    return {"ru": f"по {text}", "ja": f"{text}まで", "mn": f"{text} хүртэл"}.get(language, f"until {text}")
