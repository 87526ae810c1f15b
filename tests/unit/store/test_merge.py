"""Merging a collaborator's copy: field-level three-way merge against the last common state."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from desktop.store import health, merge, merge_apply, repo
from desktop.store.errors import NewerSchema, QuaestioError
from desktop.store.merge import MINE, THEIRS, MergeRefused, Resolution
from desktop.store.models import Archive, Note, Question, Request
from desktop.store.project import Identity, open_project
from tests.conftest import FIXTURES
from tests.unit.store.merging import ANA, BOB, content, content_of, file_state, sql, two_copies


@pytest.fixture
def copies(tmp_path: Path, demo_template: Path) -> tuple[Path, Path]:
    return two_copies(demo_template, tmp_path)


def _question(project, code: str):
    return next(q for q in project.read(repo.list_rows, entity=Question) if q.code == code)


def _edit(path: Path, identity: Identity, fn) -> None:
    with open_project(path, identity) as project:
        fn(project)


def _merge(path: Path, other: Path, backups: Path, **kwargs) -> merge.MergeReport:
    with open_project(path, ANA) as project:
        return merge.merge_file(project, other, backups_dir=backups, **kwargs)


def _plan(path: Path, other: Path) -> merge.MergePlan:
    with open_project(path, ANA) as project, merge.prepared(project, other) as (_incoming, plan):
        return plan


# --- the basic cases ------------------------------------------------------------------------------


def test_disjoint_edits_on_two_copies_merge_with_no_conflict(copies, paths):
    mine, theirs = copies

    def ana(p):
        p.write(
            repo.update, entity=Question, id=_question(p, "Q1").id, values={"title": "Casualties revisited"}
        )
        rgva = next(a for a in p.read(repo.list_rows, entity=Archive) if a.identifier == "RGVA")
        p.write(repo.update, entity=Archive, id=rgva.id, values={"contact_person": "Директор РГВА"})

    def bob(p):
        q2 = _question(p, "Q2")
        p.write(repo.update, entity=Question, id=q2.id, values={"status": "investigating", "tags": ["NKVD"]})
        p.write(
            repo.create, entity=Note, values={"question_id": q2.id, "title": "小松原", "body": "日記を確認"}
        )

    _edit(mine, ANA, ana)
    _edit(theirs, BOB, bob)
    plan = _plan(mine, theirs)
    assert plan.conflicts == [] and len(plan.additions) == 1

    report = _merge(mine, theirs, paths.backups_dir)
    assert report.conflicts == [] and report.count("added") == 1 and report.count("changed") == 2
    with open_project(mine, ANA) as p:
        assert _question(p, "Q1").title == "Casualties revisited"
        q2 = _question(p, "Q2")
        assert q2.status == "investigating" and q2.tags == ["NKVD"]
        assert any(
            n.title == "小松原" and n.body == "日記を確認" for n in p.read(repo.list_rows, entity=Note)
        )
        rgva = next(a for a in p.read(repo.list_rows, entity=Archive) if a.identifier == "RGVA")
        assert rgva.contact_person == "Директор РГВА"
    assert {"Bob Archivist"} == set(report.by_author())
    assert health.check_project(mine).healthy


def test_the_same_field_edited_on_both_sides_gives_exactly_one_conflict_per_field(copies, paths):
    mine, theirs = copies
    _edit(
        mine,
        ANA,
        lambda p: p.write(
            repo.update,
            entity=Question,
            id=_question(p, "Q1").id,
            values={"title": "Ana's title", "background": "Ana's reading", "priority": 1},
        ),
    )
    _edit(
        theirs,
        BOB,
        lambda p: p.write(
            repo.update,
            entity=Question,
            id=_question(p, "Q1").id,
            values={"title": "Bob's title", "background": "Bob's reading", "priority": 1},
        ),
    )
    plan = _plan(mine, theirs)
    conflicts = {c.field: c for c in plan.decisions}
    assert sorted(conflicts) == ["background", "title"]  # priority: same value on both sides
    title = conflicts["title"]
    assert (title.mine, title.theirs) == ("Ana's title", "Bob's title")
    assert (title.mine_by, title.theirs_by) == ("Ana Historian", "Bob Archivist")
    assert title.mine_at is not None and title.theirs_at is not None
    assert title.base == "The casualty balance: did the 'victors' lose more men?"


def test_without_a_decision_nothing_is_applied(copies, paths):
    mine, theirs = copies
    _edit(
        mine,
        ANA,
        lambda p: p.write(repo.update, entity=Question, id=_question(p, "Q5").id, values={"title": "A"}),
    )
    _edit(
        theirs,
        BOB,
        lambda p: p.write(repo.update, entity=Question, id=_question(p, "Q5").id, values={"title": "B"}),
    )
    before = content_of(mine)
    with pytest.raises(merge.MergeNeedsDecisions, match="1 conflict"):
        _merge(mine, theirs, paths.backups_dir)
    assert content_of(mine) == before
    assert not list(paths.backups_dir.iterdir())


def test_resolutions_mine_theirs_and_an_edited_value(copies, paths):
    mine, theirs = copies
    fields = {"title": "Ana", "background": "Ana", "answer_summary": "Ana"}
    _edit(mine, ANA, lambda p: p.write(repo.update, entity=Question, id=_question(p, "Q3").id, values=fields))
    _edit(
        theirs,
        BOB,
        lambda p: p.write(
            repo.update, entity=Question, id=_question(p, "Q3").id, values={k: "Bob" for k in fields}
        ),
    )
    plan = _plan(mine, theirs)
    keys = {c.field: c.key for c in plan.decisions}
    edited = merge.parse_field_text("question", "answer_summary", "Both: Ана и Боб")
    report = _merge(
        mine,
        theirs,
        paths.backups_dir,
        resolutions={
            keys["title"]: MINE,
            keys["background"]: THEIRS,
            keys["answer_summary"]: Resolution("edit", edited),
        },
    )
    assert sorted(rc.choice for rc in report.conflicts) == ["edit", "mine", "theirs"]
    with open_project(mine, ANA) as p:
        q3 = _question(p, "Q3")
        assert (q3.title, q3.background, q3.answer_summary) == ("Ana", "Bob", "Both: Ана и Боб")


def test_merging_the_same_copy_twice_changes_nothing(copies, paths):
    mine, theirs = copies
    _edit(
        mine,
        ANA,
        lambda p: p.write(repo.update, entity=Question, id=_question(p, "Q1").id, values={"title": "A"}),
    )

    def bob(p):
        p.write(repo.update, entity=Question, id=_question(p, "Q1").id, values={"title": "B"})
        p.write(repo.update, entity=Question, id=_question(p, "Q4").id, values={"priority": 3})

    _edit(theirs, BOB, bob)
    _merge(mine, theirs, paths.backups_dir, prefer="mine")
    backups = sorted(paths.backups_dir.iterdir())
    dump = _dump(mine)

    assert _plan(mine, theirs).is_empty
    report = _merge(mine, theirs, paths.backups_dir)
    assert report.items == [] and report.conflicts == []
    assert _dump(mine) == dump
    assert sorted(paths.backups_dir.iterdir()) == backups


def _dump(path: Path) -> list[str]:
    con = sqlite3.connect(path)
    try:
        return [line for line in con.iterdump() if "search_" not in line]
    finally:
        con.close()


def test_b_into_a_then_a_into_b_converges(copies, paths):
    mine, theirs = copies

    def ana(p):
        q1, q2 = _question(p, "Q1"), _question(p, "Q2")
        p.write(repo.update, entity=Question, id=q1.id, values={"title": "Ana", "tags": ["a"]})
        p.write(repo.update, entity=Question, id=q2.id, values={"priority": 1})
        p.write(repo.create, entity=Note, values={"question_id": q1.id, "title": "Ana's note", "body": "x"})
        note = p.read(repo.list_rows, entity=Note, where={"question_id": q2.id})[0]
        p.write(repo.update, entity=Note, id=note.id, values={"body": "Ana's version"})

    def bob(p):
        q1, q2, q3 = _question(p, "Q1"), _question(p, "Q2"), _question(p, "Q3")
        p.write(repo.update, entity=Question, id=q1.id, values={"title": "Bob", "text": "Bob's text"})
        p.write(repo.soft_delete, entity=Question, id=q3.id)
        p.write(repo.create, entity=Note, values={"question_id": q2.id, "title": "Bob's note", "body": "y"})
        note = p.read(repo.list_rows, entity=Note, where={"question_id": q2.id})[0]
        p.write(repo.update, entity=Note, id=note.id, values={"body": "Bob's version"})

    _edit(mine, ANA, ana)
    _edit(theirs, BOB, bob)
    _merge(mine, theirs, paths.backups_dir, prefer="theirs")  # Ana merges Bob's copy
    shutil.copyfile(mine, theirs.with_name("from Ana.quaestio"))
    # Bob merges Ana's merged copy: no decisions left
    with (
        open_project(theirs, BOB) as project,
        merge.prepared(project, theirs.with_name("from Ana.quaestio")) as (_incoming, plan),
    ):
        assert plan.decisions == []
        merge.merge_into(project, plan, backups_dir=paths.backups_dir)
    a, b = content_of(mine), content_of(theirs)
    assert a == b
    titles = sorted(v["title"] for (table, _), v in a.items() if table == "note")
    assert "Ana's note" in titles and "Bob's note" in titles
    assert any("conflict copy from Bob Archivist" in t for t in titles)
    assert health.check_project(mine).healthy and health.check_project(theirs).healthy


def test_delete_against_edit_keeps_the_record(copies, paths):
    mine, theirs = copies
    ids = {}

    def ana(p):
        q2 = _question(p, "Q2")
        ids["note"] = p.read(repo.list_rows, entity=Note, where={"question_id": q2.id})[0].id
        ids["q4"], ids["q5"] = _question(p, "Q4").id, _question(p, "Q5").id
        p.write(repo.soft_delete, entity=Note, id=ids["note"])  # Ana deletes a note Bob edits
        p.write(repo.update, entity=Question, id=ids["q4"], values={"background": "Ana's work"})

    def bob(p):
        p.write(repo.update, entity=Note, id=ids["note"], values={"body": "Bob's addition"})
        p.write(repo.soft_delete, entity=Question, id=ids["q4"])  # Bob deletes a question Ana edits
        p.write(repo.soft_delete, entity=Question, id=ids["q5"])  # and one nobody edits

    _edit(mine, ANA, ana)
    _edit(theirs, BOB, bob)
    report = _merge(mine, theirs, paths.backups_dir)
    with open_project(mine, ANA) as p:
        note = p.read(repo.get, entity=Note, id=ids["note"])
        assert note.deleted_at is None and note.body == "Bob's addition"
        assert p.read(repo.get, entity=Question, id=ids["q4"]).background == "Ana's work"
        assert p.read(repo.get, entity=Question, id=ids["q5"], include_deleted=True).deleted_at is not None
    assert {i.action for i in report.items if i.row_id == ids["note"]} >= {"restored"}
    assert any(i.action == "kept" and i.row_id == ids["q4"] for i in report.items)
    assert any(i.action == "deleted" and i.row_id == ids["q5"] for i in report.items)


def test_a_conflicting_note_keeps_both_versions(copies, paths):
    mine, theirs = copies
    ids = {}

    def ana(p):
        note = p.read(repo.list_rows, entity=Note)[0]
        ids["note"], ids["question"] = note.id, note.question_id
        p.write(repo.update, entity=Note, id=note.id, values={"body": "Моя версия: РГВА ф. 37977"})

    _edit(mine, ANA, ana)
    _edit(
        theirs,
        BOB,
        lambda p: p.write(repo.update, entity=Note, id=ids["note"], values={"body": "防衛研究所の資料"}),
    )
    plan = _plan(mine, theirs)
    assert plan.decisions == [] and [c.field for c in plan.conflicts] == ["body"]
    report = _merge(mine, theirs, paths.backups_dir)  # no decision needed
    assert [rc.choice for rc in report.conflicts] == ["both"]
    with open_project(mine, ANA) as p:
        notes = p.read(repo.list_rows, entity=Note, where={"question_id": ids["question"]})
        assert p.read(repo.get, entity=Note, id=ids["note"]).body == "Моя версия: РГВА ф. 37977"
        (copy,) = [n for n in notes if "conflict copy" in n.title]
        assert copy.body == "防衛研究所の資料" and "Bob Archivist" in copy.title
    # and the next merge of the same copy does not make another one
    assert _plan(mine, theirs).is_empty


def test_additions_from_both_sides_with_their_links(copies, paths):
    mine, theirs = copies
    ids = {}

    def bob(p):
        archive = p.write(
            repo.create,
            entity=Archive,
            values={
                "identifier": "MNA",
                "name": "National Archives of Mongolia",
                "city": "Улаанбаатар",
                "language": "mn",
            },
        ).row
        q = p.write(repo.create, entity=Question, values={"code": "Q6", "title": "Чойбалсан ба Жуков"}).row
        ids["request"] = p.write(
            repo.create,
            entity=Request,
            values={"question_id": q.id, "archive_id": archive.id, "subject": "Лавлагаа", "language": "mn"},
        ).row.id

    _edit(
        mine,
        ANA,
        lambda p: p.write(repo.create, entity=Question, values={"code": "Q7", "title": "Ana's question"}),
    )
    _edit(theirs, BOB, bob)
    report = _merge(mine, theirs, paths.backups_dir)
    assert report.count("added") == 3
    with open_project(mine, ANA) as p:
        codes = {q.code for q in p.read(repo.list_rows, entity=Question)}
        assert {"Q6", "Q7"} <= codes
        assert p.read(repo.get, entity=Request, id=ids["request"]).subject == "Лавлагаа"
    assert health.check_project(mine).healthy


# --- edits made outside Quaestio ----------------------------------------------------------------


def test_edits_made_with_sqlite3_are_merged_because_states_are_compared(copies, paths):
    mine, theirs = copies
    with open_project(theirs, BOB) as p:
        q2 = _question(p, "Q2")
    sql(theirs, "UPDATE question SET answer_summary = ? WHERE id = ?", "Edited with sqlite3", q2.id)
    report = _merge(mine, theirs, paths.backups_dir)
    (item,) = [i for i in report.items if i.action == "changed"]
    assert item.author == "outside Quaestio" and item.field == "answer_summary"
    with open_project(mine, ANA) as p:
        assert _question(p, "Q2").answer_summary == "Edited with sqlite3"
        # my change log explains the new value: the merge recorded it
        (last,) = [c for c in p.read(repo.history, row_ids=[q2.id]) if c.field == "answer_summary"]
        assert last.merge_id == report.merge_id and last.author == "Ana Historian"


def test_an_outside_edit_against_a_logged_edit_of_the_same_field_is_a_conflict(copies, paths):
    mine, theirs = copies
    _edit(
        mine,
        ANA,
        lambda p: p.write(repo.update, entity=Question, id=_question(p, "Q2").id, values={"title": "A"}),
    )
    sql(theirs, "UPDATE question SET title = 'B' WHERE code = 'Q2'")
    (conflict,) = _plan(mine, theirs).decisions
    assert conflict.theirs_by == "outside Quaestio" and conflict.mine_by == "Ana Historian"


# --- older copies, refusals ---------------------------------------------------------------------------


@pytest.mark.parametrize("fixture", ["rev0001.quaestio", "rev0002.quaestio"])
def test_a_copy_from_an_older_schema_is_migrated_in_a_temporary_copy(tmp_path, paths, fixture):
    mine, theirs = tmp_path / "mine.quaestio", tmp_path / "old copy.quaestio"
    shutil.copyfile(FIXTURES / fixture, mine)
    shutil.copyfile(FIXTURES / fixture, theirs)
    # Bob still runs an older Quaestio; here his edit is made with sqlite3 on the old file
    sql(theirs, "UPDATE question SET title = 'Обновлено в старой версии' WHERE code = 'Q1'")
    their_bytes = theirs.read_bytes()
    with open_project(mine, ANA, backups_dir=paths.backups_dir) as project:
        assert project.migrated_from is not None
        report = merge.merge_file(project, theirs, backups_dir=paths.backups_dir)
        assert [q.title for q in project.read(repo.list_rows, entity=Question)] == [
            "Обновлено в старой версии"
        ]
    assert report.count("changed") == 1
    assert theirs.read_bytes() == their_bytes  # their file is never written


def _refused(mine_project, other: Path, backups: Path, error: type[Exception], phrase: str) -> None:
    before = file_state(mine_project.path)
    theirs_before = other.read_bytes() if other.is_file() else None
    with pytest.raises(error, match=phrase) as caught:
        merge.merge_file(mine_project, other, backups_dir=backups)
    assert "has not been changed" in str(caught.value)
    assert file_state(mine_project.path) == before, "a refused merge must leave my project byte for byte"
    assert (other.read_bytes() if other.is_file() else None) == theirs_before
    assert not backups.exists() or not list(backups.iterdir())


def test_a_copy_of_another_project_is_refused(copies, paths, empty_template, tmp_path):
    mine, _ = copies
    other = tmp_path / "someone else.quaestio"
    shutil.copyfile(empty_template, other)
    with open_project(mine, ANA) as project:
        _refused(project, other, paths.backups_dir, MergeRefused, "different project .'Test project'.")


def test_a_copy_from_a_newer_schema_is_refused(copies, paths):
    mine, theirs = copies
    sql(theirs, "UPDATE alembic_version SET version_num = '9999'")
    with open_project(mine, ANA) as project:
        _refused(project, theirs, paths.backups_dir, MergeRefused, "newer version of Quaestio")


def _scribble_pages(path: Path) -> None:
    data = bytearray(path.read_bytes())
    for n in range(5, len(data) // 4096 - 1, 3):  # garbage over every third page after the first few
        data[n * 4096 + 200 : n * 4096 + 1200] = b"\xa5" * 1000
    path.write_bytes(bytes(data))


def _wipe_an_index_page(path: Path) -> None:
    con = sqlite3.connect(path)
    (root,) = con.execute("SELECT rootpage FROM sqlite_master WHERE name = 'ix_note_question_id'").fetchone()
    con.close()
    data = bytearray(path.read_bytes())
    data[(root - 1) * 4096 + 8 : root * 4096 - 96] = bytes(4096 - 104)
    path.write_bytes(bytes(data))


@pytest.mark.parametrize(
    ("damage", "phrase"),
    [(_scribble_pages, "damaged and cannot be read"), (_wipe_an_index_page, "integrity check reports")],
)
def test_a_corrupt_copy_is_refused(copies, paths, damage, phrase):
    mine, theirs = copies
    damage(theirs)
    with open_project(mine, ANA) as project:
        _refused(project, theirs, paths.backups_dir, MergeRefused, phrase)


@pytest.mark.parametrize(
    ("content_bytes", "phrase"),
    [(b"", "is empty"), (b"hello", "not an SQLite database"), (None, "There is no file")],
)
def test_files_that_are_not_projects_are_refused(copies, paths, tmp_path, content_bytes, phrase):
    mine, _ = copies
    other = tmp_path / "attachment.quaestio"
    if content_bytes is not None:
        other.write_bytes(content_bytes)
    with open_project(mine, ANA) as project:
        _refused(project, other, paths.backups_dir, MergeRefused, phrase)


def test_merging_the_project_into_itself_is_refused(copies, paths):
    mine, _ = copies
    with open_project(mine, ANA) as project, pytest.raises(MergeRefused, match="this project itself"):
        merge.merge_file(project, mine, backups_dir=paths.backups_dir)


def test_newer_schema_error_class_is_kept_for_opening(copies):
    # The merge refusal wraps the opening check; opening the newer file itself still says NewerSchema.
    _, theirs = copies
    sql(theirs, "UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(NewerSchema):
        open_project(theirs, BOB)


# --- safety: backup, one transaction, undo ----------------------------------------------------------


def test_a_verified_backup_is_taken_first_and_undo_merge_restores_it(copies, paths):
    mine, theirs = copies
    _edit(theirs, BOB, lambda p: p.write(repo.create, entity=Question, values={"code": "Q8", "title": "Bob"}))
    with open_project(mine, ANA) as project:
        before = content(project)
        report = merge.merge_file(project, theirs, backups_dir=paths.backups_dir)
        assert Path(report.backup).is_file() and "before-merge" in report.backup
        assert content(project) != before
        with project.engine.connect() as connection:
            (info,) = merge.merges(connection)
            assert info.source_name == theirs.name and info.added == 1
            assert merge.stored_report(connection, info.id).summary() == report.summary()
        undone = merge.undo_last_merge(project, backups_dir=paths.backups_dir)
        assert undone.id == report.merge_id
        assert content(project) == before
        with project.engine.connect() as connection:
            assert merge.merges(connection) == []
        project.write(repo.create, entity=Question, values={"code": "Q9", "title": "still writable"})
    assert any("before-undoing-merge" in p.name for p in paths.backups_dir.iterdir())
    assert health.check_project(mine).healthy


def test_a_failing_merge_rolls_back_everything(copies, paths, monkeypatch):
    mine, theirs = copies
    _edit(theirs, BOB, lambda p: p.write(repo.create, entity=Question, values={"code": "Q8", "title": "Bob"}))
    with open_project(mine, ANA) as project:
        before = content(project)

        def broken(*_args, **_kwargs):
            raise sqlite3.OperationalError("disk I/O error")

        monkeypatch.setattr(merge_apply, "_renumbered", broken)  # fails after rows were written
        with pytest.raises(sqlite3.OperationalError):
            merge.merge_file(project, theirs, backups_dir=paths.backups_dir)
        assert content(project) == before
        with project.engine.connect() as connection:
            assert merge.merges(connection) == []


def test_a_plan_made_before_my_project_changed_is_not_applied(copies, paths):
    mine, theirs = copies
    _edit(theirs, BOB, lambda p: p.write(repo.create, entity=Question, values={"code": "Q8", "title": "Bob"}))
    with open_project(mine, ANA) as project, merge.prepared(project, theirs) as (_incoming, plan):
        project.write(
            repo.update, entity=Question, id=_question(project, "Q1").id, values={"title": "typed meanwhile"}
        )
        with pytest.raises(merge.MergeStale, match="Nothing was merged"):
            merge.merge_into(project, plan, backups_dir=paths.backups_dir)
        assert "Q8" not in {q.code for q in project.read(repo.list_rows, entity=Question)}


def test_a_read_only_project_cannot_take_a_merge(copies, paths):
    mine, theirs = copies
    _edit(theirs, BOB, lambda p: p.write(repo.create, entity=Question, values={"code": "Q8", "title": "Bob"}))
    with open_project(mine, ANA, readonly=True) as project, pytest.raises(QuaestioError, match="read-only"):
        merge.merge_file(project, theirs, backups_dir=paths.backups_dir)


def test_two_copies_edited_on_one_installation_merge(copies, paths):
    """Same replica id on both sides: their change numbers collide and are renumbered."""
    mine, theirs = copies
    _edit(
        mine,
        ANA,
        lambda p: p.write(repo.update, entity=Question, id=_question(p, "Q1").id, values={"priority": 1}),
    )
    _edit(
        theirs,
        ANA,
        lambda p: p.write(repo.update, entity=Question, id=_question(p, "Q2").id, values={"priority": 3}),
    )
    _merge(mine, theirs, paths.backups_dir)
    with open_project(mine, ANA) as p:
        assert (_question(p, "Q1").priority, _question(p, "Q2").priority) == (1, 3)
        p.write(
            repo.update, entity=Question, id=_question(p, "Q3").id, values={"priority": 1}
        )  # log still writable
    assert health.check_project(mine).healthy


def test_a_record_emptied_from_my_trash_does_not_come_back_unless_they_edited_it(copies, paths):
    mine, theirs = copies
    with open_project(mine, ANA) as p:
        notes = p.read(repo.list_rows, entity=Note)
        gone, edited = notes[0].id, notes[1].id
        for note_id in (gone, edited):
            p.write(repo.soft_delete, entity=Note, id=note_id)
    for note_id in (gone, edited):  # emptying the Trash removes the rows
        sql(mine, "DELETE FROM note WHERE id = ?", note_id)
    _edit(
        theirs,
        BOB,
        lambda p: p.write(repo.update, entity=Note, id=edited, values={"body": "Bob kept working"}),
    )
    report = _merge(mine, theirs, paths.backups_dir)
    with open_project(mine, ANA) as p:
        ids = {n.id for n in p.read(repo.list_rows, entity=Note)}
    assert gone not in ids and edited in ids
    assert any(i.action == "skipped" and i.row_id == gone for i in report.items)


def test_the_report_lists_what_came_from_whom_and_reads_back(copies, paths, tmp_path):
    mine, theirs = copies
    _edit(
        theirs,
        BOB,
        lambda p: p.write(repo.create, entity=Question, values={"code": "Q8", "title": "Халхын гол"}),
    )
    report = _merge(mine, theirs, paths.backups_dir)
    text = report.to_markdown()
    assert "# Merge of Khalkhin Gol (Bob).quaestio" in text
    assert "**Bob Archivist**: 1 added" in text and "Халхын гол" in text
    assert merge.MergeReport.from_json(report.to_json()) == report
