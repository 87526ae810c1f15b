"""Text repair: Cyrillic (and Mongolian) mis-decoded as Latin-1, on the essay's own footnotes."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.domain.textrepair import find_runs, looks_mojibake, repair

# Footnotes 11 to 14 of the essay, exactly as its text layer gives them.
FOOTNOTES = """10  Ibid., pp. 144–145.
11  See Великая отечественная, ñòð. 350–351. For a more positive view of Bogdanov by

Mongolian historians, see Ö. Áàòáàÿð, Ä. Ãîìáîñ¿ðýí, Монгол, Манжгогийн хилийн
хэлэлцээ 1935-1941 он (Цэрэг-дипломатын түүх) (Óëààíáààòàð: Àëòàí ¯ñýã, 2004),
ñòð. 74–75.

12 See my discussion in H-Diplo: http://h-diplo.org/essays/PDF/E111.pdf (6 June 2014)
discussing Georgii K. Zhukov’s memoir.

13 Kirichenko writes that Bogdanov refused some of Zhukov’s “risky orders” (àâàíòþðíûå
ïðèêàçû) in Khalkhin Gol. As a result Zhukov accused Bogdanov of conspiring with the
Japanese and supported his arrest. (Æóêîâ îáâèíèë Áîãäàíîâà [â] ÷óòü ëè íå ñãîâîðå ñ
ÿïîíöàìè è ïîääåðæàë åãî àððåñò.) See Êèðè÷åíêî, ñòð. 133–34.

14 Biambaa’s account was published in the Japanese press and in book form in 1939. It
was translated into Mongolian in 1991: Японд зугтаж гарсан Бямба, ßïîí õýëíýýñ
îð÷óóëñàí Ä. Àëìààñ, íàéðóóëñàí Ë. Õóóøààí (Óëààíáààòàð: Ñî¸ìáî, 1991).
"""

# Lines of the essay's footnotes as printed (a mix of English, real Cyrillic and mojibake),
# and what a reader of Russian or Mongolian expects.
ESSAY_LINES = [
    ("Ýòî ïðîòèâîðå÷èò ïðîñòåéøåé ëîãèêå", "Это противоречит простейшей логике"),
    ("Ö. Áàòáàÿð, Ä. Ãîìáîñ¿ðýí", "Ц. Батбаяр, Д. Гомбосүрэн"),
    (
        "Mongolia)” [Ýòî ïðîòèâîðå÷èò ïðîñòåéøåé ëîãèêå, èáî â ýòîò ïåðèîä ßïîíèÿ",
        "Mongolia)” [Это противоречит простейшей логике, ибо в этот период Япония",
    ),
    (
        "wounded). (See Ã. Ô. Êðèâîøååâ (ðåä.), Россия и СССР в войнах хх века: потери",
        "wounded). (See Г. Ф. Кривошеев (ред.), Россия и СССР в войнах хх века: потери",
    ),
    (
        "3 See, for example, À. À. Êèðè÷åíêî, “ ‘Ðàçáîðêà’ íà Õàëõèí-Ãîëå,” ßïîíèÿ íàøèõ",
        "3 See, for example, А. А. Кириченко, “ ‘Разборка’ на Халхин-Голе,” Япония наших",
    ),
    ("äíåé, 2014, no. 1 (19), p. 120.", "дней, 2014, no. 1 (19), p. 120."),
    (
        "6 Íèêèòà Ïåòðîâ è Ìàðê ßíñåí, “Сталинскийй питомец” - Николай Ежов (Ìîñêâà:",
        "6 Никита Петров и Марк Янсен, “Сталинскийй питомец” - Николай Ежов (Москва:",
    ),
    ("(Ìîñêâà: Êó÷êîâå ïîëå, 2011), ñòð. 348–351.", "(Москва: Кучкове поле, 2011), стр. 348–351."),
    ("Военный биографический словарь, ò. 1", "Военный биографический словарь, т. 1"),
    (
        "11  See Великая отечественная, ñòð. 350–351. For a more positive view of Bogdanov by",
        "11  See Великая отечественная, стр. 350–351. For a more positive view of Bogdanov by",
    ),
    (
        "хэлэлцээ 1935-1941 он (Цэрэг-дипломатын түүх) (Óëààíáààòàð: Àëòàí ¯ñýã, 2004),",
        "хэлэлцээ 1935-1941 он (Цэрэг-дипломатын түүх) (Улаанбаатар: Алтан Үсэг, 2004),",
    ),
    (
        "Japanese and supported his arrest. (Æóêîâ îáâèíèë Áîãäàíîâà [â] ÷óòü ëè íå ñãîâîðå ñ",
        "Japanese and supported his arrest. (Жуков обвинил Богданова [в] чуть ли не сговоре с",
    ),
    (
        "îð÷óóëñàí Ä. Àëìààñ, íàéðóóëñàí Ë. Õóóøààí (Óëààíáààòàð: Ñî¸ìáî, 1991).",
        "орчуулсан Д. Алмаас, найруулсан Л. Хуушаан (Улаанбаатар: Соёмбо, 1991).",
    ),
    (
        "Õèðîøè Ô¿òàêè, “Ìîíãîëûí Èõ Õýëìýãä¿¿ëýëò áà ßïîí - ‘îðãîäîë’ Áÿìáààãèéí",
        "Хироши Фүтаки, “Монголын Их Хэлмэгдүүлэлт ба Япон - ‘оргодол’ Бямбаагийн",
    ),
    (
        "Ä. Ø¿ðõ¿¿, Á. Ñýðæàâ (ðåä.), Монгол-японы харилцаа:",
        "Д. Шүрхүү, Б. Сэржав (ред.), Монгол-японы харилцаа:",
    ),
]

CLEAN = [
    "Attaché and was probably blackmailed, as were some others in his situation.",
    "Rendez-vous à Paris, déjà vu, Ó Briain, Straße, Größe, São Paulo, él está aquí",
    "Это противоречит простейшей логике, ибо в этот период Япония",
    "Монгол, Манжгогийн хилийн хэлэлцээ 1935-1941 он (Цэрэг-дипломатын түүх)",
    "防衛省防衛研究所戦史研究センター、外交史料館",
    "Їжак і єнот: українська мова має ї, є, і та ґ.",
    "2 × 3 = 6; 6 ÷ 2 = 3; ½ ¾ ° § «quoted» ±5 µm",
    "",
]


@pytest.mark.parametrize(("before", "after"), ESSAY_LINES)
def test_the_essays_mojibake_is_repaired_and_the_rest_kept(before, after):
    assert looks_mojibake(before)
    assert repair(before) == after


def test_several_footnotes_are_repaired_in_one_go_and_the_english_survives():
    fixed = repair(FOOTNOTES)
    assert "see Ц. Батбаяр, Д. Гомбосүрэн, Монгол" in fixed
    assert "(Улаанбаатар: Алтан Үсэг, 2004),\nстр. 74–75." in fixed
    assert "(авантюрные\nприказы) in Khalkhin Gol." in fixed
    assert "See Кириченко, стр. 133–34." in fixed
    assert "Бямба, Япон хэлнээс\nорчуулсан Д. Алмаас" in fixed
    assert "http://h-diplo.org/essays/PDF/E111.pdf (6 June 2014)" in fixed
    assert "10  Ibid., pp. 144–145." in fixed
    assert not looks_mojibake(fixed)
    assert len(fixed) == len(FOOTNOTES)  # letter for letter: nothing inserted or dropped


@pytest.mark.parametrize("text", CLEAN)
def test_correct_text_is_never_flagged(text):
    assert not looks_mojibake(text)
    assert repair(text) == text
    assert find_runs(text) == []


def test_runs_name_exactly_the_mojibake_for_a_before_and_after_view():
    text = "See Êèðè÷åíêî, ñòð. 133–34, and Coox."
    runs = find_runs(text)
    assert [(r.text, r.repaired) for r in runs] == [("Êèðè÷åíêî, ñòð", "Кириченко, стр")]
    assert text[runs[0].start : runs[0].end] == runs[0].text


def test_mongolian_read_as_ukrainian_windows_1251_is_repaired_too():
    assert repair("Д. Гомбосїрэн, Алтан Їсэг, Єндєр") == "Д. Гомбосүрэн, Алтан Үсэг, Өндөр"
    # Ukrainian text keeps its letters.
    assert repair("Київ, Єдність і воля") == "Київ, Єдність і воля"


def test_ukrainian_mojibake_keeps_ukrainian_letters():
    ukrainian = "Київ і Харків"
    garbled = ukrainian.encode("cp1251").decode("latin-1")
    assert repair(garbled) == ukrainian


@given(st.text(alphabet="Это противоречит простейшей логике Гомбосүрэн Ёё", max_size=60))
def test_real_russian_and_mongolian_round_trip_through_latin1(text):
    garbled = text.translate({ord("ү"): "ї"}).encode("cp1251").decode("latin-1")
    fixed = repair(garbled)
    # Words of one letter with no neighbours are left alone by design; everything else comes back.
    if all(len(word) > 1 for word in text.split()):
        assert fixed == text


CLEAN_WORDS = st.sampled_from(
    [
        "the", "archive", "Attaché", "déjà", "à", "Ó", "Straße", "año", "São", "Größe", "1939",
        "Это", "противоречит", "логике", "Монгол", "түүх", "Өндөр", "防衛研究所", "戦史", "小松原",
        "—", "(", ")", "“", "”", ",", ".", "–", "№",
    ]
)  # fmt: skip


@given(st.lists(CLEAN_WORDS, max_size=30), st.sampled_from([" ", "\n", "  "]))
def test_text_without_mojibake_is_never_changed(words, separator):
    text = separator.join(words)
    assert repair(text) == text
    assert not looks_mojibake(text)


@settings(max_examples=300)
@given(st.text())
def test_repair_never_raises_and_is_idempotent_on_anything(text):
    once = repair(text)
    assert repair(once) == once
    assert len(once) == len(text)


@settings(max_examples=300)
@given(st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0xFF), max_size=80))
def test_repair_is_idempotent_on_latin1_noise(text):
    once = repair(text)
    assert repair(once) == once
    assert not looks_mojibake(once)
