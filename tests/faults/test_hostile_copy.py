"""A collaborator's copy written to hurt: the app opens, renders, exports and merges it without
crashing, loads nothing remote and runs nothing.

The copy is a real .quaestio file: Bob's edits are made through the repository (so they carry a
change log and merge like any copy), the rest with plain sqlite3 as a hostile program would (invalid
UTF-8, which Quaestio itself cannot write). A web server on the loopback interface counts every
request; every remote address in the copy points at it, so "loads nothing remote" is measured, and
NoteView.loadResource is watched for what the notes pane would fetch.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import sqlite3
import subprocess
import zipfile
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication

from desktop.letters import sandbox
from desktop.letters.errors import TemplateRejected
from desktop.store import exchange, merge, repo, workspace
from desktop.store.models import Archive, LetterTemplate, Question, Request
from desktop.store.project import open_project
from desktop.ui.workspace.markdown import NoteView
from tests.faults.conftest import cli_check, rows
from tests.gui.workspace.conftest import open_window, shot
from tests.unit.letters.helpers import HELEN
from tests.unit.store.merging import ANA, BOB

pytestmark = pytest.mark.gui

LONG = 100_000
SANDBOX_ESCAPES = (
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ cycler.__init__.__globals__.os.popen('touch /tmp/quaestio-pwned').read() }}",
    "{{ joiner.__init__.__globals__ }}",
    "{{ lipsum.__globals__['os'].system('id') }}",
    "{{ request|attr('__class__') }}",
    "{{ self._TemplateReference__context }}",
    "{% include '/etc/passwd' %}",
    "{% import 'os' as os %}",
    "{{ '%s' % 1 * 999999999 }}",
    "{{ range(999999999)|list }}",
)


def _hostile_notes(url: str) -> dict[str, str]:
    return {
        "remote image": f"![tracker]({url}/markdown.png) and a [link]({url}/clicked)",
        "html image": f'<img src="{url}/html.png"> <img src="//127.0.0.1/protocol-relative.png">',
        "file links": "[passwd](file:///etc/passwd) ![](file:///etc/passwd) ![](file://server/share/x.png)",
        "script": (
            f"<script>fetch('{url}/script')</script><iframe src='{url}/frame'></iframe>"
            f"<link rel=stylesheet href='{url}/css'><style>@import url({url}/import);</style>"
            f"<a href=\"javascript:fetch('{url}/js')\">click</a>"
        ),
        "ten megabytes": "Ж" * 5_000_000,  # 10 MB of UTF-8
        "nested quotes": ">" * 10_000 + " deep",
        "nested lists": "- " * 10_000 + "deep",  # "- - x" nests on one line
        "nested lines": "\n".join(">" * level + " line" for level in range(1, 2_000)),
        "controls": "".join(map(chr, range(32))) + "\x7f\u202e\u200b\ufeff\u2028 end",
    }


@pytest.fixture
def hostile(tmp_path: Path, demo_template: Path, loopback_server) -> dict[str, object]:
    """Bob's copy of the demo project, with everything above in it."""
    path = tmp_path / "from Bob.quaestio"
    shutil.copyfile(demo_template, path)
    url = loopback_server.url
    with open_project(path, BOB) as bob:
        question = bob.read(repo.list_rows, entity=Question)[0]
        notes = {
            title: bob.write(workspace.new_note, question_id=question.id, title=title, body=body).row.id
            for title, body in _hostile_notes(url).items()
        }
        bob.write(
            repo.update,
            entity=Question,
            id=question.id,
            values={"title": f'=HYPERLINK("{url}/csv") <b>Q</b> ' + "Ы" * LONG},
        )
        request = next(r for r in bob.read(repo.list_rows, entity=Request) if r.status == "draft")
        archive = bob.read(repo.get, entity=Archive, id=request.archive_id)
        bob.write(
            repo.update,
            entity=Archive,
            id=archive.id,
            values={"name": f"<img src='{url}/archive.png'><script>x()</script> " + "Архив " * (LONG // 6)},
        )
        bob.write(
            repo.update,
            entity=Request,
            id=request.id,
            values={"subject": f"<img src='{url}/subject.png'> Копии <b>дел</b> \x07\x1b[31m"},
        )
        other = next(r for r in bob.read(repo.list_rows, entity=Request) if r.archive_id != archive.id)
        for n, escape in enumerate(SANDBOX_ESCAPES):
            bob.write(
                repo.create,
                entity=LetterTemplate,
                values={
                    "kind": other.kind,
                    "language": other.language,
                    "scope": "archive",
                    "scope_key": other.archive_id,
                    "name": f"Hostile {n}",
                    "subject": "Hello",
                    "body": "{% block body %}" + escape + "{% endblock %}",
                },
            )
    con = sqlite3.connect(path)  # what Quaestio cannot write: invalid UTF-8 (a lone surrogate)
    con.execute(
        "UPDATE note SET title = CAST(X'4C6F6E65EDA080' AS TEXT), body = CAST(X'41EDB08042FF' AS TEXT) "
        "WHERE id = ?",
        (notes["controls"],),
    )
    con.commit()
    con.close()
    return {
        "path": path,
        "question": question.id,
        "notes": notes,
        "request": request.id,
        "archive": archive.id,
        "escaping_request": other.id,
        "escape_count": len(SANDBOX_ESCAPES),
    }


@pytest.fixture
def watched_resources(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, bool]]:
    """Every resource the notes pane asks for, and whether it got anything."""
    calls: list[tuple[str, bool]] = []
    original = NoteView.loadResource

    def watching(self, kind, name):
        result = original(self, kind, name)
        calls.append((name.toString(), result is not None))
        return result

    monkeypatch.setattr(NoteView, "loadResource", watching)
    return calls


@pytest.fixture
def opened_urls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    urls: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: urls.append(url.toString()) or True)
    return urls


def _profile(paths) -> None:
    config = paths.config_dir / "config.json"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(json.dumps({"researcher": HELEN.__dict__}, ensure_ascii=False), encoding="utf-8")


def _render_everything(qtbot, window, hostile, artifacts: Path, prefix: str) -> None:
    window.show_question(hostile["question"])
    notes = window.workspace.notes
    model = notes.model
    seen = set()
    for row in range(model.rowCount()):
        note_id = model.id_at(row)

        notes.list.setCurrentIndex(model.index(row, 0))
        qtbot.waitUntil(lambda note_id=note_id: notes.note_id == note_id)
        notes.modes.setCurrentWidget(notes.view)
        QApplication.processEvents()
        seen.add(note_id)
        if note_id in (hostile["notes"]["html image"], hostile["notes"]["script"]):
            shot(window, artifacts, f"{prefix}-note-{row}")
        notes.modes.setCurrentWidget(notes.editor)
    assert set(hostile["notes"].values()) <= seen
    request_window = window.show_request(hostile["request"])
    assert request_window is not None
    QApplication.processEvents()
    shot(request_window, artifacts, f"{prefix}-request-window")
    request_window.close()


def test_the_copy_opens_and_renders_loading_nothing(
    qtbot, paths, hostile, loopback_server, watched_resources, opened_urls, artifacts
) -> None:
    window = open_window(qtbot, paths, hostile["path"])
    assert window.project is not None
    _render_everything(qtbot, window, hostile, artifacts, "hostile")

    assert loopback_server.paths == []  # nothing fetched from the network
    fetched = [url for url, got in watched_resources if got]
    assert fetched == []  # and nothing read from files either
    asked = " ".join(url for url, _ in watched_resources)
    assert "markdown.png" in asked  # the pane did meet it (raw HTML <img> is not even asked for)
    assert "/script" not in asked and "/frame" not in asked and "/css" not in asked  # never run
    # links open only when clicked, and only web and mail links
    view = window.workspace.notes.view
    for target in ("file:///etc/passwd", "javascript:fetch('x')", "file://server/share/x.png"):
        view.anchorClicked.emit(QUrl(target))
    assert opened_urls == []
    view.anchorClicked.emit(QUrl(f"{loopback_server.url}/clicked"))
    assert opened_urls == [f"{loopback_server.url}/clicked"]

    # the note with invalid UTF-8 shows with replacement characters instead of failing the pane
    (title,) = [
        n
        for n in window.project.read(
            repo.list_rows, entity=__import__("desktop.store.models").store.models.Note
        )
        if n.id == hostile["notes"]["controls"]
    ]
    assert title.title == "Lone\ufffd\ufffd\ufffd" and title.body.startswith("A\ufffd")
    window.close()
    assert loopback_server.paths == []


def test_the_copy_exports_letters_and_data(qtbot, paths, hostile, loopback_server, tmp_path) -> None:
    from desktop.cli import main

    _profile(paths)
    path = hostile["path"]

    def cli(*args: str) -> tuple[int, str]:
        out, err = io.StringIO(), io.StringIO()
        with redirect_stdout(out), redirect_stderr(err):
            code = main([*args, "--data-dir", str(paths.data_dir)])
        return code, out.getvalue() + err.getvalue()

    # the templates of the second archive all reach for Python internals: refused, with a message
    code, output = cli(
        "export-letter",
        str(path),
        "--request",
        hostile["escaping_request"],
        "--format",
        "txt",
        "--out",
        str(tmp_path / "refused"),
    )
    assert code == 2 and "Traceback" not in output, output
    assert "template" in output.lower()
    assert not Path("/tmp/quaestio-pwned").exists()
    # export used the newest of them; every one of the escapes stored in the copy is refused
    stored = rows(path, "SELECT body, subject FROM letter_template WHERE name LIKE 'Hostile %'")
    assert len(stored) == hostile["escape_count"]
    for body, subject in stored:
        with pytest.raises(TemplateRejected, match=r"rejected|could not be filled in"):
            sandbox.render(body, subject, {})
    assert not Path("/tmp/quaestio-pwned").exists()
    assert not list((tmp_path / "refused").glob("*.txt")) if (tmp_path / "refused").exists() else True

    for fmt in ("pdf", "docx", "txt"):
        out_dir = tmp_path / fmt
        code, output = cli(
            "export-letter",
            str(path),
            "--request",
            hostile["request"],
            "--format",
            fmt,
            "--out",
            str(out_dir),
        )
        assert code == 0, output
        (written,) = list(out_dir.iterdir())
        assert len(written.name.encode("utf-8")) <= 255
        if fmt == "pdf":
            extracted = subprocess.run(["pdftotext", str(written), "-"], capture_output=True, text=True)
            assert extracted.returncode == 0 and "Хелен Марш" in extracted.stdout
    with open_project(path, ANA) as project:
        json_file = tmp_path / "export.json"
        project.read(exchange.export_json, path=json_file)
        document = json.loads(json_file.read_text(encoding="utf-8"))
        assert any(len(n["body"]) == 5_000_000 for n in document["tables"]["note"])
        project.read(exchange.export_csv, path=tmp_path / "export.zip")
    with zipfile.ZipFile(tmp_path / "export.zip") as archive:
        questions = archive.read("questions.csv").decode("utf-8-sig")
    cells = [cell for row in csv.reader(io.StringIO(questions)) for cell in row]
    assert any(cell.startswith("'=HYPERLINK(") for cell in cells)  # a formula is text in a spreadsheet
    assert loopback_server.paths == []


def test_the_copy_merges(
    qtbot, paths, hostile, demo_path, loopback_server, watched_resources, artifacts
) -> None:
    with open_project(demo_path, ANA, backups_dir=paths.backups_dir) as mine:
        merge.merge_file(mine, hostile["path"], backups_dir=paths.backups_dir, prefer="theirs")
    code, output = cli_check(demo_path)
    assert code == 0 and "healthy" in output, output
    stored = dict(rows(demo_path, "SELECT title, length(body) FROM note WHERE title = 'ten megabytes'"))
    assert stored == {"ten megabytes": 5_000_000}
    window = open_window(qtbot, paths, demo_path)
    _render_everything(qtbot, window, hostile, artifacts, "hostile-merged")
    assert [url for url, got in watched_resources if got] == []
    window.close()
    assert loopback_server.paths == []
