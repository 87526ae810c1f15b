"""Export (CSV, JSON) and import (JSON into a new project): read back, round trip, bad files."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import date
from pathlib import Path

import pytest
from sqlmodel import SQLModel

from desktop.store import exchange, repo, requests, search
from desktop.store.exchange import ExchangeError
from desktop.store.models import Archive, Note, Question, Request
from desktop.store.project import open_project
from tests.unit.store.factories import make


def read_csv(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "Excel needs the UTF-8 byte-order mark"
    assert b"\r\n" in data
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_csv_folder_holds_the_four_tables_with_cyrillic_and_japanese_intact(demo, tmp_path):
    out = tmp_path / "tables"
    summary = demo.read(exchange.export_csv, path=out)
    assert sorted(p.name for p in out.iterdir()) == [
        "archives.csv",
        "holdings.csv",
        "questions.csv",
        "requests.csv",
    ]
    questions = read_csv((out / "questions.csv").read_bytes())
    assert len(questions) == summary.counts["questions"] == 5
    q2 = next(q for q in questions if q["Code"] == "Q2")
    assert "Komatsubara" in q2["Title"] and q2["Status"] in {"Open", "Investigating"}

    archives = read_csv((out / "archives.csv").read_bytes())
    nids = [a for a in archives if "戦史" in a["Name in original script"] + a["Other names"]]
    assert nids and nids[0]["City"] == "Tokyo" and nids[0]["Letter language"] == "Japanese"
    assert any(a["Name in original script"].startswith("Российский") for a in archives)

    reqs = read_csv((out / "requests.csv").read_bytes())
    assert len(reqs) == summary.counts["requests"]
    assert {r["Kind"] for r in reqs} <= {
        "Reading-room access",
        "Copies",
        "Archival query",
        "Declassification",
        "Freedom of information",
        "Mandatory declassification review",
        "Appeal",
    }
    assert any(r["Tracking number"] for r in reqs) and any(r["Items"] for r in reqs)
    holdings = read_csv((out / "holdings.csv").read_bytes())
    assert any(h["Archival references"] for h in holdings)
    assert {h["Likelihood"] for h in holdings} <= {"High", "Medium", "Low", "Unlikely"}


def test_csv_zip_and_trashed_rows_and_formula_cells(project, tmp_path):
    keep = make(project, Question, code="Q1", title='=HYPERLINK("http://evil")', tags=["a", "b"])
    gone = make(project, Question, code="Q2", title="Trashed")
    project.write(repo.soft_delete, entity=Question, id=gone.id)
    make(project, Archive, identifier="MNA", name="Үндэсний архив", address="+976 11 000000")
    out = tmp_path / "tables.zip"
    project.read(exchange.export_csv, path=out)
    with zipfile.ZipFile(out) as archive:
        assert sorted(archive.namelist()) == sorted(f"{t}.csv" for t in exchange.CSV_TABLES)
        questions = read_csv(archive.read("questions.csv"))
        archives = read_csv(archive.read("archives.csv"))
    assert [q["ID"] for q in questions] == [keep.id]  # the Trash stays out of spreadsheets
    assert questions[0]["Title"] == '\'=HYPERLINK("http://evil")'  # not run as a formula
    assert questions[0]["Tags"] == "a; b"
    assert archives[0]["Name"] == "Үндэсний архив"
    assert archives[0]["Address"] == "+976 11 000000"  # a phone number is left alone


def test_json_round_trip_of_the_demo_compares_equal(demo, tmp_path, identity, paths):
    # Some history and a trashed row, so the round trip covers them too.
    first = demo.read(repo.list_rows, entity=Question, order_by="code")[0]
    demo.write(repo.update, entity=Question, id=first.id, values={"answer_summary": "Не ясно; 未定"})
    note = demo.read(repo.list_rows, entity=Note)[0]
    demo.write(repo.soft_delete, entity=Note, id=note.id)

    out = tmp_path / "demo.json"
    summary = demo.read(exchange.export_json, path=out)
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["format"] == exchange.FORMAT and document["format_version"] == exchange.FORMAT_VERSION
    assert summary.counts["question"] == 5 and summary.counts["change"] > 100
    assert "Не ясно; 未定" in out.read_text(encoding="utf-8")  # UTF-8, not \\u escapes

    target = tmp_path / "rebuilt.quaestio"
    imported = exchange.import_json(out, target)
    assert imported.counts == summary.counts
    with open_project(target, identity, backups_dir=paths.backups_dir) as rebuilt:
        again = rebuilt.read(exchange.project_document)
        assert rebuilt.title == demo.title
        # The index is rebuilt by the store's triggers; the trashed note stays trashed.
        assert rebuilt.read(search.search, query="戦史")
        assert rebuilt.read(repo.get, entity=Note, id=note.id, include_deleted=True).deleted_at is not None
        assert rebuilt.read(repo.history, row_ids=[first.id])[-1].new_value == '"Не ясно; 未定"'
        # The rebuilt project is a working project: the life cycle writes to it.
        draft = rebuilt.read(repo.list_rows, entity=Request, where={"status": "draft"})[0]
        rebuilt.write(requests.change_status, request_id=draft.id, to_status="ready", on=date(2026, 11, 26))
        assert rebuilt.read(repo.get, entity=Request, id=draft.id).status == "ready"
    assert again["tables"] == document["tables"]
    assert not list(tmp_path.glob(".*importing*"))


def test_every_table_is_exported_or_deliberately_local():
    exported = {name for name, _ in exchange.TABLES}
    internal = {"alembic_version", "search_index", "search_map"}
    assert set(SQLModel.metadata.tables) - exported <= exchange.LOCAL_TABLES
    assert not exported & internal


def write(path: Path, data: object) -> Path:
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


@pytest.fixture
def exported(project, tmp_path) -> dict:
    question = make(project, Question, code="Q1", title="Who ordered the crossing?")
    make(project, Note, question_id=question.id, title="Поппе", body="Это противоречит")
    return project.read(exchange.project_document)


def broken(document: dict, how: str) -> object:
    document = json.loads(json.dumps(document))
    tables = document["tables"]
    if how == "missing field":
        del tables["question"][0]["title"]
    elif how == "dangling":
        tables["question"].clear()
    elif how == "bad date":
        tables["question"][0]["created_at"] = "yesterday"
    elif how == "bad status":
        tables["question"][0]["status"] = "solved"
    elif how == "duplicate id":
        tables["note"].append(dict(tables["note"][0]))
    elif how == "no project":
        tables["project"].clear()
    elif how == "unknown table":
        tables["spaceship"] = []
    elif how == "newer":
        document["format_version"] = exchange.FORMAT_VERSION + 1
    elif how == "wrong marker":
        document["format"] = "something-else"
    elif how == "duplicate change":
        tables["change"].append({**tables["change"][0], "id": "x" * 36})
    return document


@pytest.mark.parametrize(
    ("how", "phrase"),
    [
        ("missing field", "lacks the field(s) title"),
        ("dangling", "dangling reference"),
        ("bad date", "created_at"),
        ("bad status", "'solved' is not a valid status"),
        ("duplicate id", "more than once"),
        ("no project", "0 projects"),
        ("unknown table", "spaceship"),
        ("newer", "newer Quaestio"),
        ("wrong marker", "not a Quaestio project export"),
        ("duplicate change", "conflict"),
    ],
)
def test_a_bad_export_is_refused_with_a_clear_message_and_nothing_written(exported, tmp_path, how, phrase):
    source = write(tmp_path / "bad.json", broken(exported, how))
    before = sorted(tmp_path.iterdir())
    with pytest.raises(ExchangeError) as caught:
        exchange.import_json(source, tmp_path / "new.quaestio")
    assert phrase in str(caught.value)
    assert sorted(tmp_path.iterdir()) == before  # no project, no temporary file left


@pytest.mark.parametrize(
    ("content", "phrase"),
    [
        ("{not json", "is not a JSON file (line 1"),
        ("[1, 2]", "not a Quaestio project export"),
        (b"\xff\xfe\x00garbage", "is not a JSON file"),
    ],
)
def test_files_that_are_not_exports_are_refused(tmp_path, content, phrase):
    source = tmp_path / "odd.json"
    if isinstance(content, bytes):
        source.write_bytes(content)
    else:
        source.write_text(content, encoding="utf-8")
    with pytest.raises(ExchangeError) as caught:
        exchange.import_json(source, tmp_path / "new.quaestio")
    assert phrase in str(caught.value)
    assert not (tmp_path / "new.quaestio").exists()


def test_import_never_overwrites_and_needs_an_existing_folder(exported, tmp_path, project):
    source = write(tmp_path / "good.json", exported)
    before = project.path.read_bytes()
    with pytest.raises(ExchangeError, match="already exists"):
        exchange.import_json(source, project.path)
    assert project.path.read_bytes() == before
    with pytest.raises(ExchangeError, match="does not exist"):
        exchange.import_json(source, tmp_path / "nowhere" / "new.quaestio")
    with pytest.raises(ExchangeError, match="does not exist"):
        exchange.import_json(tmp_path / "missing.json", tmp_path / "new.quaestio")


def test_a_cancelled_import_leaves_nothing_behind(exported, tmp_path):
    source = write(tmp_path / "good.json", exported)
    before = sorted(tmp_path.iterdir())

    class Stop(Exception):
        pass

    def progress(done: int, total: int, what: str) -> None:
        if what == "note":
            raise Stop

    with pytest.raises(Stop):
        exchange.import_json(source, tmp_path / "new.quaestio", progress=progress)
    assert sorted(tmp_path.iterdir()) == before


def test_export_to_a_missing_folder_is_refused(project, tmp_path):
    with pytest.raises(ExchangeError, match="does not exist"):
        project.read(exchange.export_json, path=tmp_path / "nowhere" / "x.json")
    with pytest.raises(ExchangeError, match="does not exist"):
        project.read(exchange.export_csv, path=tmp_path / "nowhere" / "tables")
    (tmp_path / "file.txt").write_text("x", encoding="utf-8")
    with pytest.raises(ExchangeError, match="is a file"):
        project.read(exchange.export_csv, path=tmp_path / "file.txt")
