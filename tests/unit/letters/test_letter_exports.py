"""Exported letters read back: PDF (pdftotext, pdffonts, pdfinfo), DOCX (python-docx), e-mail
(the email package) and text; exporting records the letter and moves a draft to ready."""

from __future__ import annotations

import email
import email.policy
import subprocess
from datetime import date
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from desktop.letters.data import letter_source, mark_sent
from desktop.letters.errors import ExportFailed, LetterRefused
from desktop.letters.export import (
    FORMATS,
    export_letter,
    export_many,
    prepare,
    suggested_filename,
    write_letter,
)
from desktop.letters.filenames import safe_filename, unique_path
from desktop.letters.render import render_letter
from desktop.store import repo, requests
from desktop.store.errors import ReadOnlyProject
from desktop.store.models import Communication, Request
from tests.unit.letters.helpers import HELEN, LANGUAGES, SAMPLES, normalise, request_of

TODAY = date(2026, 11, 26)


def _letter(project, language: str, kind: str | None = None):
    source = project.read(letter_source, request_id=request_of(project, SAMPLES[language]), kind=kind)
    return render_letter(source, HELEN, TODAY)


def _run(*args: str) -> str:
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


@pytest.mark.parametrize("language", LANGUAGES)
def test_pdf_text_extracts_exactly_with_fonts_embedded_on_a4(qapp, demo, tmp_path, artifacts, language):
    letter = _letter(demo, language)
    path = write_letter(letter, "pdf", tmp_path / f"letter-{language}.pdf")
    extracted = _run("pdftotext", "-enc", "UTF-8", str(path), "-")
    assert normalise(extracted) == normalise(letter.text)
    if language == "ja":
        assert "日本" in extracted or "防衛研究所" in extracted
        assert "⽇" not in extracted  # no Kangxi radicals (the Noto CJK trap)
    fonts = _run("pdffonts", str(path)).splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts), fonts  # the "emb" column
    assert "595 x 842 pts (A4)" in _run("pdfinfo", str(path))
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", str(path), str(artifacts / f"letter-pdf-{language}")], check=True
    )


def test_japanese_kanji_come_back_as_kanji(qapp, demo, tmp_path):
    letter = _letter(demo, "ja", "archival_query")
    path = write_letter(letter, "pdf", tmp_path / "ja.pdf")
    extracted = _run("pdftotext", str(path), "-")
    assert "日本" not in letter.text or "日本" in extracted
    for word in (
        "外交史料館" if "外交史料館" in letter.text else "防衛研究所",
        "拝啓",
        "敬具",
        "2026年11月26日",
    ):
        assert word in extracted


def test_a_long_letter_runs_onto_more_pages(qapp, demo, tmp_path):
    letter = _letter(demo, "ru")
    long = letter.__class__(
        **{**letter.__dict__, "parts": (*letter.parts, ("body", "\n\n".join([letter.part("body")] * 6)))}
    )
    path = write_letter(long, "pdf", tmp_path / "long.pdf")
    assert int(_run("pdfinfo", str(path)).split("Pages:")[1].split()[0]) >= 2
    assert normalise(_run("pdftotext", str(path), "-")) == normalise(long.text)


@pytest.mark.parametrize("language", LANGUAGES)
def test_docx_has_the_text_on_a4_with_the_east_asian_font_set(demo, tmp_path, language):
    letter = _letter(demo, language)
    path = write_letter(letter, "docx", tmp_path / f"letter-{language}.docx")
    document = docx.Document(str(path))
    text = "\n".join(p.text for p in document.paragraphs)
    assert normalise(text) == normalise(letter.text)
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    fonts = document.styles["Normal"].element.rPr.rFonts
    assert fonts.get(qn("w:eastAsia")) == ("MS Mincho" if language == "ja" else "Times New Roman")
    heading = next(p for p in document.paragraphs if p.text and p.text in letter.part("heading"))
    assert all(run.bold for run in heading.runs)


@pytest.mark.parametrize("language", LANGUAGES)
def test_eml_parses_back_with_to_subject_and_the_exact_text(demo, tmp_path, language):
    from desktop.store.models import Archive

    letter = _letter(demo, language)
    if not letter.recipient_email:  # the demo lacks most archives' addresses: give this one
        archive = next(
            a for a in demo.read(repo.list_rows, entity=Archive) if a.identifier == SAMPLES[language]
        )
        demo.write(repo.update, entity=Archive, id=archive.id, values={"email": "reading.room@example.org"})
        letter = _letter(demo, language)
    path = write_letter(letter, "eml", tmp_path / f"letter-{language}.eml")
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    assert message["To"].addresses[0].addr_spec == letter.recipient_email
    assert message["To"].addresses[0].display_name == letter.archive_name
    assert message["Subject"] == letter.subject
    assert message["From"].addresses[0].addr_spec == "helen.marsh@example.org"
    assert message["X-Unsent"] == "1"
    assert message.get_content_charset() == "utf-8"
    assert message.get_content().rstrip("\n") == letter.text
    assert max(len(line) for line in path.read_bytes().splitlines()) <= 998


def test_an_archive_without_email_cannot_get_an_eml(demo, tmp_path):
    letter = _letter(demo, "ru")
    assert letter.recipient_email == ""
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(ExportFailed, match=r"RGASPI has no e-mail address.*PDF or DOCX"):
        write_letter(letter, "eml", out / "x.eml")
    assert list(out.iterdir()) == []  # no half-written file


@pytest.mark.parametrize("language", LANGUAGES)
def test_text_export_is_the_exact_text_in_utf8(demo, tmp_path, language):
    letter = _letter(demo, language)
    path = write_letter(letter, "txt", tmp_path / "letter.txt")
    assert path.read_text(encoding="utf-8") == letter.text + "\n"


def test_exporting_records_the_letter_and_moves_the_draft_to_ready(demo, tmp_path):
    request_id = request_of(demo, "GKhYa Archive")  # a draft in Mongolian
    assert demo.read(repo.get, entity=Request, id=request_id).status == "draft"
    letter = prepare(demo, request_id, HELEN, TODAY)
    export_letter(demo, letter, "pdf" if False else "txt", tmp_path / "a.txt")
    export_letter(demo, letter, "docx", tmp_path / "a.docx")  # the same letter again: filed once
    request = demo.read(repo.get, entity=Request, id=request_id)
    assert request.status == "ready" and request.drafted_on is not None
    sent = [
        c
        for c in demo.read(repo.list_rows, entity=Communication, where={"request_id": request_id})
        if c.direction == "out"
    ]
    assert len(sent) == 1
    assert sent[0].body == letter.text and sent[0].language == "mn" and sent[0].dated_on == TODAY
    assert sent[0].subject == letter.subject and sent[0].category == "initial" and sent[0].channel == "post"
    timeline = demo.read(requests.timeline, request_id=request_id)
    assert [e.to_status for e in timeline][-1] == "ready"
    # the user confirms it went out: now the clock runs
    demo.write(mark_sent, request_id=request_id, on=TODAY)
    assert demo.read(repo.get, entity=Request, id=request_id).status == "sent"


def test_a_follow_up_is_filed_as_such_and_leaves_the_status_alone(demo, tmp_path):
    request_id = request_of(demo, "RGASPI")
    before = demo.read(repo.get, entity=Request, id=request_id).status
    letter = prepare(demo, request_id, HELEN, TODAY, kind="follow_up")
    export_letter(demo, letter, "txt", tmp_path / "f.txt")
    latest = demo.read(repo.list_rows, entity=Communication, where={"request_id": request_id})[-1]
    assert latest.category == "follow_up" and latest.body == letter.text
    assert demo.read(repo.get, entity=Request, id=request_id).status == before


def test_a_read_only_project_refuses_before_writing_anything(demo_path, identity, tmp_path):
    from desktop.store.project import open_project

    with open_project(demo_path, identity, readonly=True) as project:
        letter = prepare(project, request_of(project, "RGASPI"), HELEN, TODAY)
        with pytest.raises(ReadOnlyProject, match="open the project for writing"):
            export_letter(project, letter, "txt", tmp_path / "x.txt")
    assert not (tmp_path / "x.txt").exists()


def test_batch_export_writes_every_draft_and_reports_refusals(demo, tmp_path):
    from desktop.letters.data import draft_request_ids

    drafts = demo.read(draft_request_ids)
    assert len(drafts) >= 4
    seen: list[tuple[int, int]] = []
    report = export_many(
        demo, drafts, "docx", tmp_path / "out", HELEN, TODAY, progress=lambda d, t, _x: seen.append((d, t))
    )
    assert len(report.written) == len(drafts) and not report.failed and not report.cancelled
    names = sorted(p.name for _id, p in report.written)
    assert all(n.startswith("2026-11-26 ") and n.endswith(".docx") for n in names)
    assert any("Бямбаа" in n or "Монгол" in n for n in names)  # Cyrillic kept in file names
    assert seen[-1] == (len(drafts), len(drafts))
    assert demo.read(draft_request_ids) == []  # all ready now
    # exporting again never overwrites
    again = export_many(demo, drafts[:1], "docx", tmp_path / "out", HELEN, TODAY)
    assert again.written[0][1].name.endswith(" (2).docx")


def test_batch_export_can_be_cancelled_and_stops_early(demo, tmp_path):
    from desktop.letters.data import draft_request_ids

    drafts = demo.read(draft_request_ids)
    calls = {"n": 0}

    def cancelled() -> bool:
        calls["n"] += 1
        return calls["n"] > 2

    report = export_many(demo, drafts, "txt", tmp_path / "out", HELEN, TODAY, cancelled=cancelled)
    assert report.cancelled and len(report.written) == 2
    assert len(demo.read(draft_request_ids)) == len(drafts) - 2


def test_batch_export_refuses_at_once_without_a_profile(demo, tmp_path):
    from desktop.config import Researcher
    from desktop.letters.data import draft_request_ids

    with pytest.raises(LetterRefused, match="Fill in your researcher profile in Preferences"):
        export_many(demo, demo.read(draft_request_ids), "pdf", tmp_path / "out", Researcher(), TODAY)
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ('a/b\\c:d*e?f"g<h>i|j', "a_b_c_d_e_f_g_h_i_j"),
        ("Запрос о документах: ф. 558 / оп. 11", "Запрос о документах_ ф. 558 _ оп. 11"),
        ("利用請求（写しの交付）：外蒙古軍兵士", "利用請求（写しの交付）：外蒙古軍兵士"),
        ("tab\there\nnewline\x00nul", "tab here newline_nul"),
        ("CON", "_CON"),
        ("aux.txt", "_aux.txt"),
        ("LPT1", "_LPT1"),
        ("ends with dots...", "ends with dots"),
        ("   ", "letter"),
    ],
)
def test_file_names_are_safe_everywhere(name, expected):
    assert safe_filename(name) == expected


def test_long_names_are_capped_in_bytes_on_a_character_boundary():
    name = safe_filename("Үндэсний төв архив " * 30, suffix=".pdf")
    assert name.endswith(".pdf") and len(name.encode("utf-8")) <= 180
    name.encode("utf-8").decode("utf-8")  # not cut inside a character


def test_suggested_names_keep_the_script_and_never_collide(demo, tmp_path):
    letter = _letter(demo, "ja")
    name = suggested_filename(letter, "pdf")
    assert name.startswith("2026-11-26 NIDS-CMH – reading-room access – ") and "特定歴史公文書等" in name
    assert not set('/\\:*?"<>|') & set(name)
    first = unique_path(tmp_path, name)
    first.write_text("x")
    assert unique_path(tmp_path, name).name == name[: -len(".pdf")] + " (2).pdf"


def test_every_format_is_known():
    assert set(FORMATS) == {"pdf", "docx", "eml", "txt"}
    with pytest.raises(ExportFailed, match="not a letter format"):
        write_letter(None, "odt", Path("x.odt"))  # type: ignore[arg-type]
