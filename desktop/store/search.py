"""Full-text search over the project (DESIGN §7), on the FTS5 trigram index of migration 0002.

Any text the user types is safe: it is split into words and each word is quoted, never passed
to FTS5 as query syntax. Words of three or more characters use the trigram index. Two-character
words without letter case (Japanese words such as 戦史 are common) use it too: since migration
0004 every indexed text ends with TERMINATOR, so every occurrence of "AB" lies inside a trigram
"ABx" of the index; the index's vocabulary lists those trigrams (a range of terms) and the query
MATCHes any of them: a few milliseconds instead of a scan of every text (358 ms on 100,000
notes), with exactly the hits of the scan (tests/unit/store/test_search_short_words.py). Other
short words (one character, or two with letter case, which LIKE folds for ASCII only) fall back
to a substring match.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import text
from sqlmodel import Session

from desktop.domain.vocab import REQUEST_KIND_LABELS, RequestKind

KIND_LABELS = {
    "question": "Question",
    "note": "Note",
    "request": "Request",
    "archive": "Archive",
    "source": "Source",
    "communication": "Letter",
    "person": "Person",
}

# The live question a hit belongs to, so the UI can jump to it: sources and people through
# their first linked question (by code).
_QUESTION_OF = """CASE h.kind
    WHEN 'question' THEN h.row_id
    WHEN 'note' THEN (SELECT n.question_id FROM note n WHERE n.id = h.row_id)
    WHEN 'request' THEN (SELECT r.question_id FROM request r WHERE r.id = h.row_id)
    WHEN 'communication' THEN (SELECT r.question_id FROM communication c
        JOIN request r ON r.id = c.request_id WHERE c.id = h.row_id)
    WHEN 'source' THEN (SELECT l.question_id FROM question_source l JOIN question q ON q.id = l.question_id
        WHERE l.source_id = h.row_id AND l.deleted_at IS NULL AND q.deleted_at IS NULL
        ORDER BY q.code LIMIT 1)
    WHEN 'person' THEN (SELECT l.question_id FROM question_person l JOIN question q ON q.id = l.question_id
        WHERE l.person_id = h.row_id AND l.deleted_at IS NULL AND q.deleted_at IS NULL
        ORDER BY q.code LIMIT 1)
    END"""
_REQUEST_OF = """CASE h.kind
    WHEN 'request' THEN h.row_id
    WHEN 'communication' THEN (SELECT c.request_id FROM communication c WHERE c.id = h.row_id)
    END"""
# Above this many matches, hits come newest first instead of ranked (see search()).
RANK_AT_MOST = 1000
# Ends every indexed text (migration 0004); Python's str.split()/strip() treat it as white space.
TERMINATOR = "\x1f"
# The index's vocabulary, per connection (a TEMP table: nothing is written to the project).
_VOCAB = "CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_vocab USING fts5vocab(main, search_index, row)"
# Kinds that only make sense inside their question: hidden while that question is in the Trash.
_NEEDS_QUESTION = ("question", "note", "request", "communication")


@dataclass(frozen=True)
class SearchHit:
    kind: str
    row_id: str
    title: str
    snippet: str
    question_id: str | None
    request_id: str | None = None  # for requests and their letters

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind.capitalize())


def _like_escape(word: str) -> str:
    return "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _quoted(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _uses_vocabulary(word: str) -> bool:
    """Two characters without letter case: the trigram index finds them exactly like instr()."""
    return len(word) == 2 and word.lower() == word.upper() and TERMINATOR not in word


def build_query(
    query: str, trigrams: Callable[[str], list[str]] | None = None
) -> tuple[str, dict[str, str]] | None:
    """The WHERE clause and parameters for a user's query; None when there is nothing to search.

    `trigrams(word)` lists the index's trigrams that start with a two-character word; without it
    (or for other short words) short words are found by scanning the texts.
    """
    # NUL ends an FTS5 string early ("unterminated string") and a lone surrogate cannot be sent to
    # SQLite at all; neither can be in the indexed text, so they are dropped (found by fuzzing).
    query = "".join(" " if ch == "\x00" or "\ud800" <= ch <= "\udfff" else ch for ch in query)
    words = [w for w in query.split() if w.strip('"*')]
    if not words:
        return None
    phrases = [_quoted(w) for w in words if len(w) >= 3]
    clauses, params = [], {}
    short = [w for w in words if len(w) < 3]
    if trigrams is not None:
        for word in [w for w in short if _uses_vocabulary(w)]:
            found = trigrams(word)
            if not found:
                return "0", {}  # the word occurs nowhere
            phrases.append("(" + " OR ".join(_quoted(t) for t in found) + ")")
            short.remove(word)
    if phrases:
        params["match"] = " AND ".join(phrases)
        clauses.append("search_index MATCH :match")
    for n, word in enumerate(short):
        if word.lower() == word.upper():
            # No letter case (Japanese, digits): instr() scans about twice as fast as LIKE.
            params[f"w{n}"] = word
            clauses.append(f"(instr(s.title, :w{n}) OR instr(s.body, :w{n}))")
        else:
            params[f"w{n}"] = _like_escape(word)
            clauses.append(f"(s.title LIKE :w{n} ESCAPE '\\' OR s.body LIKE :w{n} ESCAPE '\\')")
    return " AND ".join(clauses), params


def trigrams_starting(session: Session, pair: str) -> list[str]:
    """The index's trigrams that start with `pair` (a range scan of its vocabulary)."""
    connection = session.connection()
    if not connection.execute(text("SELECT 1 FROM temp.sqlite_schema WHERE name = 'search_vocab'")).first():
        # a read-only project's connection refuses every write (query_only), a TEMP table too;
        # this one writes nothing to the project file
        query_only = connection.execute(text("PRAGMA query_only")).scalar()
        connection.execute(text("PRAGMA query_only = OFF"))
        connection.execute(text(_VOCAB))
        connection.execute(text(f"PRAGMA query_only = {int(query_only or 0)}"))
    rows = connection.execute(
        text("SELECT term FROM temp.search_vocab WHERE term >= :low AND term < :high"),
        {"low": pair, "high": pair + "\U0010ffff"},
    )
    return [term for (term,) in rows if term.startswith(pair)]


def search(*, session: Session, query: str, limit: int = 200) -> list[SearchHit]:
    """Hits for `query`, best first; an empty or meaningless query gives no hits.

    The hits are chosen first (limited), and only then joined to their question and request,
    so a broad query costs no more than `limit` look-ups.
    """
    if session.get_bind().dialect.name == "postgresql":  # a team server: desktop.store.server.search
        from desktop.store.server import search as server_search

        return server_search.search(session=session, query=query, limit=limit)
    built = build_query(query, lambda pair: trigrams_starting(session, pair))
    if built is None:
        return []
    where, params = built
    ranked = "match" in params
    order = "rank" if ranked else "m.kind, s.title"
    if ranked and _count_up_to(session, where, params, RANK_AT_MOST) >= RANK_AT_MOST:
        # Ranking costs bm25 for every match (~100 ms for 25,000 notes): a word this common
        # lists the newest hits instead; adding a word brings ranking back.
        order = "s.rowid DESC"
    needs_question = ", ".join(f"'{k}'" for k in _NEEDS_QUESTION)
    rows = (
        session.connection()
        .execute(
            text(
                "SELECT h.kind, h.row_id, h.title, h.snip, q.id, "
                f"{_REQUEST_OF} FROM ("
                "SELECT m.kind AS kind, m.row_id AS row_id, s.title AS title, "
                "s.body AS snip, "
                f"{'s.rank' if ranked else '0'} AS score "
                f"FROM search_index s JOIN search_map m ON m.fts_rowid = s.rowid WHERE {where} "
                f"ORDER BY {order} LIMIT :limit) h "
                f"LEFT JOIN question q ON q.id = ({_QUESTION_OF}) AND q.deleted_at IS NULL "
                f"WHERE q.id IS NOT NULL OR h.kind NOT IN ({needs_question}) "
                "ORDER BY h.score, h.kind, h.title"
            ),
            {**params, "limit": limit},
        )
        .all()
    )
    # The text around the first word found, cut in Python: FTS5's snippet() re-tokenizes every
    # hit's body (45 of 52 ms for 200 hits of a common Cyrillic word on the large project).
    words = [w for w in query.split() if w.strip('"*')]
    return [
        SearchHit(
            kind,
            row_id,
            title.strip(),
            " ".join(_snippet_around(readable_body(kind, snippet or ""), words).split()),
            question_id,
            request_id,
        )
        for kind, row_id, title, snippet, question_id, request_id in rows
    ]


def _count_up_to(session: Session, where: str, params: dict[str, str], most: int) -> int:
    statement = f"SELECT count(*) FROM (SELECT s.rowid FROM search_index s WHERE {where} LIMIT {int(most)})"
    return int(session.connection().execute(text(statement), params).scalar() or 0)


def readable_body(kind: str, body: str) -> str:
    """The indexed text as a user reads it: a request's body ends with its kind as stored
    ("archival_query", migration 0002), which is shown in words ("Archival query")."""
    if kind != "request":
        return body
    head, _, last = body.rstrip().rpartition("\n")
    try:
        label = REQUEST_KIND_LABELS[RequestKind(last.strip())]
    except ValueError:
        return body
    return f"{head}\n{label}" if head else label


def _snippet_around(body: str, words: list[str], width: int = 48) -> str:
    """About `width` characters of `body` around the first of `words` found in it."""
    folded = body.lower()  # lower(), not casefold(): it keeps positions aligned with `body`
    found = [at for at in (folded.find(w.lower()) for w in words) if at >= 0]
    if not found:
        return body[:width] + ("…" if len(body) > width else "")
    start = max(0, min(found) - width // 3)
    end = start + width
    return ("…" if start else "") + body[start:end] + ("…" if end < len(body) else "")


def rebuild_index(*, session: Session) -> int:
    """Rebuild the index from the tables (after imports, merges or a damaged index); returns its size.

    Touching every row fires the same triggers that keep the index current, so there is one
    definition of what gets indexed.
    """
    if session.get_bind().dialect.name == "postgresql":
        from desktop.store.server import search as server_search

        return server_search.rebuild_index(session=session)
    connection = session.connection()
    connection.execute(text("DELETE FROM search_index"))
    connection.execute(text("DELETE FROM search_map"))
    for kind in KIND_LABELS:
        connection.execute(text(f"UPDATE {kind} SET version = version"))
    size = int(connection.execute(text("SELECT count(*) FROM search_index")).scalar() or 0)
    session.commit()
    return size
