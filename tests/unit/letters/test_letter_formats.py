"""Dates and archival references written the way each country's letters write them."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.domain.references import format_reference, with_archive
from desktop.letters.dates import format_date, format_date_range

TODAY = date(2026, 11, 26)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("ru", "26 ноября 2026 г."),
        ("ja", "2026年11月26日"),
        ("mn", "2026 оны 11 сарын 26"),
        ("en", "26 November 2026"),
    ],
)
def test_the_date_of_a_letter_in_its_language(language, expected):
    assert format_date(TODAY, language) == expected


def test_russian_months_are_in_the_genitive():
    months = [format_date(date(2026, m, 1), "ru").split()[1] for m in range(1, 13)]
    assert months[:3] == ["января", "февраля", "марта"] and months[4] == "мая" and months[-1] == "декабря"


def test_whole_years_are_written_as_years_and_other_frames_as_dates():
    assert format_date_range(date(1938, 1, 1), date(1940, 12, 31), "ru") == "1938–1940 гг."
    assert format_date_range(date(1939, 1, 1), date(1939, 12, 31), "ru") == "1939 г."
    assert format_date_range(date(1938, 1, 1), date(1940, 12, 31), "ja") == "1938年〜1940年"
    assert format_date_range(date(1938, 1, 1), date(1940, 12, 31), "mn") == "1938–1940 он"
    assert format_date_range(date(1938, 1, 1), date(1940, 12, 31), "en") == "1938–1940"
    assert (
        format_date_range(date(1939, 5, 1), date(1939, 9, 30), "ru")
        == "с 1 мая 1939 г. по 30 сентября 1939 г."
    )
    assert format_date_range(date(1939, 5, 1), date(1939, 9, 30), "en") == "1 May 1939 – 30 September 1939"
    assert format_date_range(date(1939, 5, 1), date(1939, 9, 30), "ja") == "1939年5月1日〜1939年9月30日"
    assert format_date_range(None, None, "ru") == ""
    assert format_date_range(date(1939, 5, 1), None, "en") == "from 1 May 1939"


def test_russian_references_fond_opis_delo_list():
    parts = {"fond": "32113", "opis": "1", "delo": "203", "list": "6-7"}
    assert format_reference("ru", parts, language="ru") == "ф. 32113, оп. 1, д. 203, лл. 6–7"
    assert format_reference("ru", parts, language="en") == "f. 32113, op. 1, d. 203, ll. 6–7"
    assert format_reference(
        "ru", {"fond": "558", "opis": "11", "delo": "65", "list": "12об."}, language="ru"
    ) == ("ф. 558, оп. 11, д. 65, л. 12об.")
    # only the fond known yet: the reference still reads well
    assert format_reference("ru", {"fond": "32113", "opis": "", "delo": ""}, language="ru") == "ф. 32113"
    assert with_archive("ф. 32113, оп. 1, д. 3", "РГВА", language="ru") == "РГВА, ф. 32113, оп. 1, д. 3"


def test_mongolian_references_in_cyrillic_and_in_latin():
    parts = {"fond": "6", "dans": "1", "khadgalamj": "83"}
    assert format_reference("mn", parts, language="mn") == "ф. 6, д. 1, х.н. 83"
    assert format_reference("mn", parts, language="en") == "F-6, D-1, HN-83"


def test_japanese_call_numbers_and_jacar_codes():
    parts = {"call_number": "陸軍省-大日記甲輯-S14-1-2", "jacar": "C01001234500"}
    assert (
        format_reference("jp", parts, language="ja")
        == "請求番号 陸軍省-大日記甲輯-S14-1-2、JACAR Ref. C01001234500"
    )
    assert format_reference("jp", {"jacar": "B02030938800"}, language="en") == "JACAR Ref. B02030938800"
    assert (
        with_archive("請求番号 X-1", "外務省外交史料館", language="ja") == "外務省外交史料館所蔵 請求番号 X-1"
    )


def test_american_record_group_entry_box_folder():
    parts = {"rg": "263", "entry": "Second Release of Name Files", "box": "130", "folder": "Tsuji Masanobu"}
    assert format_reference("us", parts, language="en") == (
        "RG 263, Entry “Second Release of Name Files”, Box 130, Folder “Tsuji Masanobu”"
    )
    assert format_reference("us", {"rg": "165", "entry": "NM84 77", "box": "2-3"}, language="en") == (
        "RG 165, Entry NM84 77, Box 2–3"
    )


def test_other_references_are_free_text_and_empty_parts_give_nothing():
    assert format_reference("other", {"text": "CREST: CIA-RDP80-00810A"}) == "CREST: CIA-RDP80-00810A"
    assert format_reference("ru", {"fond": "", "opis": ""}, language="ru") == ""
