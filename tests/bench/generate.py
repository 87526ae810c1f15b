"""A realistic large project for the benchmarks (DESIGN §9), cached in `.bench-cache/`.

2,000 questions, 500 archives, 100,000 requests (each with its status events and, once sent, a
tracking number), 100,000 notes, in Russian, Japanese, Mongolian and English of realistic
lengths. Rows are written with plain SQL in one transaction: the store's own triggers fill the
full-text index exactly as they do for edits, but NO change-log rows are written for generated
rows (the project looks like one that was imported, not typed). `scale` shrinks or grows the
counts proportionally (1.0 = the sizes above).

Run directly to (re)build it: `.venv/bin/python -m tests.bench.generate [scale]`.
"""

from __future__ import annotations

import random
import sqlite3
import sys
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path

from desktop.store.project import Identity, create_project

VERSION = 2  # bump when the generated content changes, so stale caches are rebuilt
CACHE = Path(__file__).resolve().parents[2] / ".bench-cache"
WHO = Identity("Bench", "dddddddd-0000-4000-8000-00000000000d")
QUESTIONS, ARCHIVES, REQUESTS, NOTES = 2_000, 500, 100_000, 100_000
# The question the "many notes" benchmark selects: Q1 gets this many extra notes.
MANY_NOTES = 400

SENTENCES = {
    "en": [
        "Checked the loss returns of the 57th Special Corps against Krivosheev; the totals differ.",
        "The operational maps of August 1939 show the river crossing further south than reported.",
        "Ask the archive whether the Kwantung Army cipher telegrams were transferred after 1945.",
        "The reading room closes for inventory in July; order the files two weeks in advance.",
        "Photocopies are refused for the personnel files, but handwritten extracts are allowed.",
    ],
    "ru": [
        "Это противоречит простейшей логике: в этот период Япония увязла в войне в Китае.",
        "В фонде 32113 описи 1 нет дел за август 1939 года; возможно, они переданы в ЦАМО.",
        "Запросить копии донесений штаба 1-й армейской группы о потерях за 20–31 августа.",
        "Читальный зал РГВА работает по предварительной записи, не более пяти дел в день.",
    ],
    "mn": [
        "Монгол, Манжгогийн хилийн хэлэлцээ 1935-1941 он; Гомбосүрэн, Батбаяр.",
        "Үндэсний төв архивын хөмрөгт 1939 оны Халх голын байлдааны баримтууд хадгалагдаж байна.",
        "Хилийн цэргийн тайлан, мэдээг хуулбарлах зөвшөөрөл авах хүсэлт гаргах.",
    ],
    "ja": [
        "防衛省防衛研究所の史料室で陸軍の簿冊を閲覧した。請求番号を控えること。",
        "関東軍司令部の作戦命令綴は戦史研究センターに移管されたと思われる。",
        "ノモンハン事件の損耗表と第二十三師団の陣中日誌を照合する必要がある。",
        "国立公文書館アジア歴史資料センターで公開済みの電報を確認した。",
    ],
}
LANGUAGES = list(SENTENCES)
CITIES = {"en": "Washington", "ru": "Москва", "mn": "Улаанбаатар", "ja": "東京"}
COUNTRIES = {"en": "US", "ru": "RU", "mn": "MN", "ja": "JP"}
STATUS_PATH = ["draft", "ready", "sent", "acknowledged", "extended", "closed"]
T0 = datetime(2024, 1, 1, 9, 0)


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S.%f")


def _text(rng: random.Random, language: str, sentences: int) -> str:
    return " ".join(rng.choice(SENTENCES[language]) for _ in range(sentences))


def _ids(n: int) -> list[str]:
    return [str(uuid.uuid4()) for _ in range(n)]


def generate(path: Path, *, scale: float = 1.0, seed: int = 8) -> None:
    """Write the large project to `path` (which must not exist)."""
    rng = random.Random(seed)
    n_q, n_a = max(2, int(QUESTIONS * scale)), max(2, int(ARCHIVES * scale))
    n_r, n_n = int(REQUESTS * scale), int(NOTES * scale)
    create_project(path, WHO, title="Large benchmark project").close()
    con = sqlite3.connect(path)
    con.execute("PRAGMA synchronous = OFF")
    stamp = _stamp(T0)
    base = (stamp, stamp, WHO.author, WHO.author, 1)

    questions = _ids(n_q)
    q_lang = [LANGUAGES[n % 4] for n in range(n_q)]
    con.executemany(
        "INSERT INTO question (id, created_at, updated_at, created_by, updated_by, version, code, title, "
        "text, background, status, priority, tags, answer_summary) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '')",
        [
            (
                q,
                *base,
                f"Q{n + 1}",
                _text(rng, q_lang[n], 1)[:80],
                _text(rng, q_lang[n], 2),
                _text(rng, q_lang[n], 4),
                rng.choice(["open", "open", "open", "answered", "parked"]),
                rng.choice([1, 2, 2, 3]),
                '["1939"]' if n % 3 == 0 else "[]",
            )
            for n, q in enumerate(questions)
        ],
    )
    archives = _ids(n_a)
    a_lang = [LANGUAGES[n % 4] for n in range(n_a)]
    con.executemany(
        "INSERT INTO archive (id, created_at, updated_at, created_by, updated_by, version, identifier, name, "
        "name_original, other_names, city, country, address, email, website, contact_person, salutation, "
        "language, regime_code, access_conditions, notes) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '', ?, ?, '', '', '', '', '', ?, '', ?, '')",
        [
            (
                a,
                *base,
                f"A{n + 1}",
                f"Archive {n + 1}",
                {"ru": "Российский государственный военный архив", "ja": "防衛研究所戦史研究センター"}.get(
                    a_lang[n], ""
                ),
                CITIES[a_lang[n]],
                COUNTRIES[a_lang[n]],
                a_lang[n],
                _text(rng, a_lang[n], 1),
            )
            for n, a in enumerate(archives)
        ],
    )

    requests, events, numbers = [], [], []
    for n, rid in enumerate(_ids(n_r)):
        archive = rng.randrange(n_a)
        language = a_lang[archive]
        drafted = T0.date() + timedelta(days=rng.randrange(900))
        reached = rng.randrange(len(STATUS_PATH))
        status = STATUS_PATH[reached]
        sent = drafted + timedelta(days=rng.randrange(1, 20)) if reached >= 2 else None
        due = sent + timedelta(days=30 + rng.randrange(60)) if sent else None
        requests.append(
            (
                rid,
                *base,
                questions[n % n_q],
                archives[archive],
                language,
                _text(rng, language, 1)[:120],
                _text(rng, language, rng.randint(1, 3)),
                status,
                "granted" if status == "closed" else None,
                drafted.isoformat(),
                sent.isoformat() if sent else None,
                due.isoformat() if due else None,
                (due + timedelta(days=5)).isoformat() if status == "closed" and due else None,
                "30 days after sending" if due else "",
            )
        )
        day: date = drafted
        for k in range(reached + 1):
            events.append(
                (
                    str(uuid.uuid4()),
                    *base,
                    rid,
                    STATUS_PATH[k - 1] if k else None,
                    STATUS_PATH[k],
                    day.isoformat(),
                )
            )
            day += timedelta(days=rng.randrange(1, 15))
        if sent:
            numbers.append(
                (str(uuid.uuid4()), *base, rid, f"{language.upper()}-{sent.year}/{n:06d}", sent.isoformat())
            )
    con.executemany(
        "INSERT INTO request (id, created_at, updated_at, created_by, updated_by, version, question_id, "
        "archive_id, kind, language, subject, purpose, status, outcome, outcome_note, drafted_on, sent_on, "
        "due_on, closed_on, due_basis, due_override_reason) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'archival_query', ?, ?, ?, ?, ?, '', ?, ?, ?, ?, ?, '')",
        requests,
    )
    con.executemany(
        "INSERT INTO request_event (id, created_at, updated_at, created_by, updated_by, version, request_id, "
        "from_status, to_status, occurred_on, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '')",
        events,
    )
    con.executemany(
        "INSERT INTO tracking_number (id, created_at, updated_at, created_by, updated_by, version, "
        "request_id, number, issued_by, reason, issued_on, current) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, '', 'initial', ?, 1)",
        numbers,
    )

    notes = []
    for n in range(n_n + MANY_NOTES):
        question = 0 if n >= n_n else n % n_q
        language = q_lang[question]
        at = _stamp(T0 + timedelta(minutes=n))
        body = "\n\n".join(_text(rng, language, rng.randint(2, 6)) for _ in range(rng.randint(1, 4)))
        notes.append(
            (str(uuid.uuid4()), at, at, WHO.author, WHO.author, 1, questions[question], f"Note {n + 1}", body)
        )
    con.executemany(
        "INSERT INTO note (id, created_at, updated_at, created_by, updated_by, version, question_id, title, "
        "body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        notes,
    )
    con.commit()
    con.close()


def large_project(scale: float = 1.0) -> Path:
    """The cached large project at `scale`, generated on first use (about a minute at 1.0)."""
    CACHE.mkdir(exist_ok=True)
    path = CACHE / f"large-v{VERSION}-x{scale:g}.quaestio"
    if not path.exists():
        partial = path.with_suffix(".partial")
        partial.unlink(missing_ok=True)
        generate(partial, scale=scale)
        partial.rename(path)
    return path


if __name__ == "__main__":
    print(large_project(float(sys.argv[1]) if len(sys.argv) > 1 else 1.0))
