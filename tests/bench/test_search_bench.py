"""Full-text search and JSON export on the large project (DESIGN §9), printed by `make bench`.

The large project: 2,000 questions, 500 archives and 100,000 notes (the bulk of the searchable
text), written with plain SQL so the store's triggers index them as they would index edits.
Search budget: at most 50 ms of work per query, Latin, Cyrillic and a two-character Japanese
word (which cannot use the trigram index and scans; printed so the cost stays visible).
"""

from __future__ import annotations

import sqlite3
import time
import uuid
from pathlib import Path

import pytest

from desktop.store import exchange
from desktop.store.project import Identity, create_project, open_project
from desktop.store.search import search
from tests.bench.generate import large_project
from tests.bench.results import median_ms, record

QUESTIONS, ARCHIVES, NOTES = 2_000, 500, 100_000
BUDGET_MS = 50.0
WHO = Identity("Bench", "dddddddd-0000-4000-8000-00000000000d")
NOW = "2026-11-26 12:00:00.000000"
BODIES = [
    "Checked the loss returns of the 57th Special Corps against Krivosheev; the totals differ.",
    "Это противоречит простейшей логике: в этот период Япония увязла в войне в Китае.",
    "Монгол, Манжгогийн хилийн хэлэлцээ 1935-1941 он; Гомбосүрэн, Батбаяр.",
    "防衛省防衛研究所の史料室で陸軍の簿冊を閲覧した。請求番号を控えること。",
]


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("large") / "large.quaestio"
    create_project(path, WHO, title="Large").close()
    con = sqlite3.connect(path)
    stamps = (NOW, NOW, "Bench", "Bench", 1)
    questions = [str(uuid.uuid4()) for _ in range(QUESTIONS)]
    con.executemany(
        "INSERT INTO question (id, created_at, updated_at, created_by, updated_by, version, code, title, "
        "text, background, status, priority, tags, answer_summary) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, '', '', 'open', 2, '[]', '')",
        [(q, *stamps, f"Q{n}", f"Question {n} on the maps of 1939") for n, q in enumerate(questions)],
    )
    con.executemany(
        "INSERT INTO archive (id, created_at, updated_at, created_by, updated_by, version, identifier, name, "
        "name_original, other_names, city, country, address, email, website, contact_person, salutation, "
        "language, regime_code, access_conditions, notes) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '', 'Tokyo', 'JP', '', '', '', '', '', 'ja', '', '', '')",
        [
            (
                str(uuid.uuid4()),
                *stamps,
                f"A{n}",
                f"Archive {n}",
                "防衛研究所戦史研究センター" if n == 7 else "",
            )
            for n in range(ARCHIVES)
        ],
    )
    con.executemany(
        "INSERT INTO note (id, created_at, updated_at, created_by, updated_by, version, question_id, title, "
        "body) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (str(uuid.uuid4()), *stamps, questions[n % QUESTIONS], f"Note {n}", f"{BODIES[n % 4]} ({n})")
            for n in range(NOTES)
        ],
    )
    con.commit()
    con.close()
    return path


@pytest.fixture(scope="module")
def generated() -> Path:
    """The large project of tests/bench/generate.py: notes, requests, archives in four languages."""
    return large_project()


@pytest.mark.parametrize(
    ("label", "query"),
    [
        ("Latin, no match", "Komatsubara"),
        ("Latin, common", "Krivosheev"),
        ("Cyrillic, common", "противоречит"),
        ("Mongolian, common", "Гомбосүрэн"),
        ("two words, both common", "Krivosheev 57th"),
        ("Japanese, two characters", "戦史"),
    ],
)
def test_search_on_the_large_project(generated, label, query):
    with open_project(generated, WHO, readonly=True) as project:
        project.read(search, query=query)  # warm the page cache
        ms = median_ms(lambda: project.read(search, query=query), runs=5)
        hits = project.read(search, query=query)
    print(f"\nsearch {label!r}: {len(hits)} hits")
    assert record(f"search on the large project: {label}", ms, "ms", f"<= {BUDGET_MS:g}")


def test_json_export_and_import_of_the_large_project(large, tmp_path):
    with open_project(large, WHO, readonly=True) as project:
        started = time.perf_counter()
        summary = project.read(exchange.export_json, path=tmp_path / "large.json")
        exported = time.perf_counter() - started
    started = time.perf_counter()
    exchange.import_json(tmp_path / "large.json", tmp_path / "copy.quaestio")
    imported = time.perf_counter() - started
    size = (tmp_path / "large.json").stat().st_size / 1e6
    print(
        f"\nJSON export of {summary.total} rows: {exported:.1f} s ({size:.0f} MB); import: {imported:.1f} s"
    )
