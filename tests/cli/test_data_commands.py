"""`quaestio search`, `export` and `import`, run as a user runs them: subprocesses, real files."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import pytest

from tests.cli.test_cli import assert_one_line_error, quaestio


def test_search_finds_japanese_cyrillic_and_latin_as_table_and_json(demo_path):
    table = quaestio("search", str(demo_path), "戦史")
    assert table.returncode == 0, table.stderr
    assert table.stdout.splitlines()[0].split() == ["KIND", "TITLE", "SNIPPET"]
    assert "防衛研究所戦史研究センター" in table.stdout and "Archive" in table.stdout

    hits = json.loads(quaestio("search", str(demo_path), "Жуков", "--format", "json").stdout)
    assert hits and all("жуков" in (h["snippet"] + h["title"]).lower() for h in hits)
    assert {"kind", "id", "title", "snippet", "question_id", "request_id"} <= set(hits[0])
    assert any("Жуков" in h["title"] for h in hits)

    latin = json.loads(quaestio("search", str(demo_path), "Komatsubara", "--format", "json").stdout)
    assert any(h["kind"] == "question" and h["title"].startswith("Q2") for h in latin)


@pytest.mark.parametrize("query", ['"', "*", "AND (", 'NEAR("x"', "%_\\"])
def test_search_never_fails_on_odd_input(demo_path, query):
    result = quaestio("search", str(demo_path), query, "--format", "json")
    assert result.returncode == 0, result.stderr
    assert isinstance(json.loads(result.stdout), list)


def test_search_of_a_missing_project_is_one_line(tmp_path):
    assert_one_line_error(quaestio("search", str(tmp_path / "none.quaestio"), "x"), "no file at")


def test_export_csv_zip_and_folder_then_read_them_back(demo_path, tmp_path):
    zipped = quaestio("export", str(demo_path), "--format", "csv", "--out", str(tmp_path / "t.zip"))
    assert zipped.returncode == 0, zipped.stderr
    assert "5 questions" in zipped.stdout
    with zipfile.ZipFile(tmp_path / "t.zip") as archive:
        data = archive.read("archives.csv")
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert any(r["City"] == "Ulaanbaatar" for r in rows)

    folder = quaestio("export", str(demo_path), "--format", "csv", "--out", str(tmp_path / "tables"))
    assert folder.returncode == 0, folder.stderr
    assert (tmp_path / "tables" / "questions.csv").read_bytes() == zipfile.ZipFile(tmp_path / "t.zip").read(
        "questions.csv"
    )


def test_export_json_then_import_rebuilds_the_same_project(demo_path, tmp_path):
    first = tmp_path / "first.json"
    assert quaestio("export", str(demo_path), "--format", "json", "--out", str(first)).returncode == 0
    copy = tmp_path / "copy.quaestio"
    imported = quaestio("import", str(first), str(copy))
    assert imported.returncode == 0, imported.stderr
    assert f"created {copy}" in imported.stdout
    assert quaestio("check", str(copy)).returncode == 0
    second = tmp_path / "second.json"
    assert quaestio("export", str(copy), "--format", "json", "--out", str(second)).returncode == 0
    a, b = (json.loads(p.read_text(encoding="utf-8")) for p in (first, second))
    assert a["tables"] == b["tables"]
    assert quaestio("search", str(copy), "戦史").stdout == quaestio("search", str(demo_path), "戦史").stdout


def test_import_errors_are_one_line_and_write_nothing(demo_path, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{oops", encoding="utf-8")
    assert_one_line_error(quaestio("import", str(bad), str(tmp_path / "n.quaestio")), "not a JSON file")
    assert_one_line_error(quaestio("import", str(bad), str(tmp_path / "n.txt")), "end in .quaestio")
    good = tmp_path / "good.json"
    quaestio("export", str(demo_path), "--format", "json", "--out", str(good))
    before = demo_path.read_bytes()
    assert_one_line_error(quaestio("import", str(good), str(demo_path)), "already exists")
    assert demo_path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == sorted(
        ["bad.json", "good.json", demo_path.name]
    )


def test_export_errors_are_one_line(demo_path, tmp_path):
    assert_one_line_error(
        quaestio("export", str(demo_path), "--format", "json", "--out", str(tmp_path)), "is a folder"
    )
    assert_one_line_error(
        quaestio("export", str(demo_path), "--format", "json", "--out", str(tmp_path / "no" / "x.json")),
        "does not exist",
    )
    missing_format = quaestio("export", str(demo_path), "--out", str(tmp_path / "x.json"))
    assert missing_format.returncode == 2 and "--format" in missing_format.stderr
