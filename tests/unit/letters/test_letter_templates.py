"""The built-in templates: every kind in every language, copied into each project, looked up
from the most specific scope, edited and reverted."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import date

import pytest

from desktop.domain.vocab import TemplateKind
from desktop.letters.data import letter_source
from desktop.letters.render import render_letter
from desktop.store import repo, templates
from desktop.store.models import Archive, LetterTemplate
from desktop.store.project import open_project
from tests.unit.letters.helpers import HELEN, LANGUAGES, SAMPLES, request_of

TODAY = date(2026, 11, 26)
KINDS = [k.value for k in TemplateKind]


def test_every_kind_ships_in_every_language():
    shipped = {(t.kind, t.language) for t in templates.builtin_templates()}
    assert shipped == {(k, lang) for k in KINDS for lang in LANGUAGES}
    assert all(t.name and t.subject and "{% block body %}" in t.body for t in templates.builtin_templates())


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", KINDS)
def test_every_builtin_template_renders_for_a_demo_request_with_nothing_missing(demo, kind, language):
    request_id = request_of(demo, SAMPLES[language])
    source = demo.read(letter_source, request_id=request_id, kind=kind)
    assert source.template.builtin and source.template.language == language and source.template.kind == kind
    letter = render_letter(source, HELEN, TODAY)  # strict: raises if anything is missing
    assert letter.complete and letter.language == language
    assert "⟦" not in letter.text and "[[" not in letter.text
    assert letter.subject and "\n" not in letter.subject
    body = letter.part("body")
    assert len(body) > 200
    # the letter is dated in its own language and signed by the researcher
    expected_date = {"ru": "26 ноября 2026 г.", "ja": "2026年11月26日", "mn": "2026 оны 11 сарын 26"}
    assert expected_date.get(language, "26 November 2026") in letter.text
    assert "Marsh" in letter.text or "Марш" in letter.text


def test_letters_follow_each_countrys_conventions(demo):
    def letter(identifier: str, kind: str | None = None):
        source = demo.read(letter_source, request_id=request_of(demo, identifier), kind=kind)
        return render_letter(source, HELEN, TODAY)

    # Russian: to the director, name with fond and opis, chronological frame, purpose
    ru = letter("RGASPI")
    assert ru.part("recipient").startswith("Директору РГАСПИ")
    assert "ф. 558, оп. 11" in ru.text and "ф. 17, оп. 162" in ru.text
    assert "Хронологические рамки запроса: 1938–1940 гг." in ru.text
    assert "Уважаемый господин директор!" in ru.text
    # Japanese request for use: each item's call number and title, 記 … 以上, formal closing
    ja = letter("NIDS-CMH")
    assert "公文書等の管理に関する法律第16条第1項" in ja.text
    assert ja.text.count("請求番号：") == 2 and "名称：" in ja.text
    assert "拝啓" in ja.text and "敬具" in ja.text and "記" in ja.text and ja.text.rstrip().endswith("以上")
    assert ja.part("recipient") == "防衛研究所戦史研究センター史料室 ご担当者様"
    # Mongolian: the head of the archive, in the genitive, "to you"
    mn = letter("UTA")
    assert mn.part("recipient") == "Үндэсний төв архивын захирал танаа"
    assert "Эрхэм хүндэт захирал аа," in mn.text and "Хүндэтгэсэн," in mn.text
    # US FOIA: the statute, a reasonable description, fee commitment, waiver request and category
    en = letter("NARA II")
    assert "5 U.S.C. § 552" in en.text
    assert "RG 263, Entry “Second Release of Name Files”, Box 130, Folder “Tsuji Masanobu”" in en.text
    assert "fees of up to US$50" in en.text and "waiver of all fees" in en.text
    assert "all other requesters" in en.text and "20 working days" in en.text


def test_a_new_project_carries_every_builtin_template(project):
    rows = project.read(templates.list_templates)
    assert len(rows) == len(KINDS) * len(LANGUAGES)
    assert all(r.builtin and r.scope == "default" for r in rows)
    assert [r.language for r in rows[:4]] == ["ru", "ja", "mn", "en"]


def test_an_older_project_without_templates_gets_them_when_opened_for_writing(
    tmp_path, empty_template, identity
):
    path = tmp_path / "older.quaestio"
    shutil.copyfile(empty_template, path)
    con = sqlite3.connect(path)
    with con:
        con.execute("DELETE FROM letter_template")
    con.close()
    with open_project(path, identity, readonly=True) as project:
        assert project.read(templates.list_templates) == []  # read-only: nothing written
    with open_project(path, identity) as project:
        assert len(project.read(templates.list_templates)) == 32


def test_opening_adds_only_the_missing_builtin_template_and_keeps_the_trashed_one(
    tmp_path, empty_template, identity
):
    path = tmp_path / "one-missing.quaestio"
    shutil.copyfile(empty_template, path)
    with open_project(path, identity) as project:
        trashed = next(
            r for r in project.read(templates.list_templates) if r.kind == "appeal" and r.language == "en"
        )
        project.write(repo.soft_delete, entity=LetterTemplate, id=trashed.id)
        assert not project.read(templates.builtins_missing)
        before = {r.id: r for r in project.read(templates.list_templates)}
    con = sqlite3.connect(path)
    with con:
        con.execute("DELETE FROM letter_template WHERE kind = 'copies' AND language = 'mn'")
    con.close()
    with open_project(path, identity) as project:
        assert not project.read(templates.builtins_missing)
        after = {r.id: r for r in project.read(templates.list_templates)}
    readded = next(r for r in after.values() if (r.kind, r.language) == ("copies", "mn"))
    assert readded.builtin and readded.created_at > before[readded.id].created_at
    assert trashed.id not in after  # a template the user deleted stays in the Trash
    assert len(after) == 31
    assert all(after[i] == row for i, row in before.items() if i != readded.id)  # the others untouched


def test_seeding_never_touches_a_template_the_user_edited_or_deleted(project):
    rows = {(r.kind, r.language): r for r in project.read(templates.list_templates)}
    edited, deleted = rows[("copies", "ru")], rows[("appeal", "en")]
    project.write(
        templates.save_template, id=edited.id, values={"body": "{% block body %}Мой текст{% endblock %}"}
    )
    project.write(repo.soft_delete, entity=LetterTemplate, id=deleted.id)
    project.write(templates.ensure_builtin_templates)
    after = {(r.kind, r.language): r for r in project.read(templates.list_templates)}
    assert after[("copies", "ru")].body == "{% block body %}Мой текст{% endblock %}"
    assert not after[("copies", "ru")].builtin and templates.differs_from_builtin(after[("copies", "ru")])
    assert ("appeal", "en") not in after  # stays in the Trash


def test_revert_brings_back_the_shipped_text(project):
    row = next(r for r in project.read(templates.list_templates) if (r.kind, r.language) == ("foia", "en"))
    project.write(templates.save_template, id=row.id, values={"subject": "Mine"})
    reverted = project.write(templates.revert_template, id=row.id).row
    assert reverted.builtin and reverted.subject == templates.builtin_for("foia", "en").subject


def test_lookup_prefers_the_archive_then_the_regime_then_the_default(demo):
    request_id = request_of(demo, "RGASPI")
    archive = next(a for a in demo.read(repo.list_rows, entity=Archive) if a.identifier == "RGASPI")

    def chosen() -> str:
        return demo.read(letter_source, request_id=request_id).template.name

    assert chosen() == "Архивный запрос"
    base = {"kind": "archival_query", "language": "ru", "body": "{% block body %}x{% endblock %}"}
    demo.write(
        repo.create,
        entity=LetterTemplate,
        values={**base, "scope": "regime", "scope_key": "ru-archive-query", "name": "For 59-FZ"},
    )
    assert chosen() == "For 59-FZ"
    demo.write(
        repo.create,
        entity=LetterTemplate,
        values={**base, "scope": "archive", "scope_key": archive.id, "name": "For RGASPI"},
    )
    assert chosen() == "For RGASPI"
    # another archive's template does not apply
    other = demo.read(letter_source, request_id=request_of(demo, "RGVA"), kind="archival_query")
    assert other.template.name == "For 59-FZ"


def test_a_missing_template_is_explained(demo):
    from desktop.store.errors import NotFound

    for row in demo.read(templates.list_templates):
        if row.kind == "mdr" and row.language == "ru":
            demo.write(repo.soft_delete, entity=LetterTemplate, id=row.id)
    with pytest.raises(NotFound, match=r"no Russian template for mdr letters.*Letter templates"):
        demo.read(letter_source, request_id=request_of(demo, "RGASPI"), kind="mdr")
