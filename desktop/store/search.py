"""Full-text search over the project (DESIGN §7), on the FTS5 trigram index of migration 0002.

Any text the user types is safe: it is split into words and each word is quoted, never passed
to FTS5 as query syntax. Words of three or more characters use the trigram index; shorter ones
(two-character Japanese words such as 戦史 are common) fall back to a substring match.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import text
from sqlmodel import Session

KIND_LABELS = {
    "question": "Question",
    "note": "Note",
    "request": "Request",
    "archive": "Archive",
    "source": "Source",
    "communication": "Letter",
    "person": "Person",
}

# The question a hit belongs to, so the UI can jump to it.
_QUESTION_OF = {
    "question": "SELECT id FROM question WHERE id = :id",
    "note": "SELECT question_id FROM note WHERE id = :id",
    "request": "SELECT question_id FROM request WHERE id = :id",
    "communication": "SELECT r.question_id FROM communication c JOIN request r ON r.id = c.request_id "
    "WHERE c.id = :id",
}


@dataclass(frozen=True)
class SearchHit:
    kind: str
    row_id: str
    title: str
    snippet: str
    question_id: str | None


def _like_escape(word: str) -> str:
    return "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def build_query(query: str) -> tuple[str, dict[str, str]] | None:
    """The WHERE clause and parameters for a user's query; None when there is nothing to search."""
    words = [w for w in query.split() if w.strip('"*')]
    if not words:
        return None
    long_words = [w for w in words if len(w) >= 3]
    clauses, params = [], {}
    if long_words:
        params["match"] = " AND ".join('"' + w.replace('"', '""') + '"' for w in long_words)
        clauses.append("search_index MATCH :match")
    for n, word in enumerate(w for w in words if len(w) < 3):
        params[f"w{n}"] = _like_escape(word)
        clauses.append(f"(s.title LIKE :w{n} ESCAPE '\\' OR s.body LIKE :w{n} ESCAPE '\\')")
    return " AND ".join(clauses), params


def search(*, session: Session, query: str, limit: int = 200) -> list[SearchHit]:
    """Hits for `query`, best first; an empty or meaningless query gives no hits."""
    built = build_query(query)
    if built is None:
        return []
    where, params = built
    order = "rank" if "match" in params else "m.kind, s.title"
    rows = (
        session.connection()
        .execute(
            text(
                "SELECT m.kind, m.row_id, s.title, "
                "snippet(search_index, 1, '', '', '…', 16) "
                f"FROM search_index s JOIN search_map m ON m.fts_rowid = s.rowid WHERE {where} "
                f"ORDER BY {order} LIMIT :limit"
            ),
            {**params, "limit": limit},
        )
        .all()
    )
    hits = []
    for kind, row_id, title, snippet in rows:
        owner = _QUESTION_OF.get(kind)
        question_id = session.connection().execute(text(owner), {"id": row_id}).scalar() if owner else None
        hits.append(SearchHit(kind, row_id, title.strip(), " ".join(snippet.split()), question_id))
    return hits


def rebuild_index(*, session: Session) -> int:
    """Rebuild the index from the tables (after imports, merges or a damaged index); returns its size.

    Touching every row fires the same triggers that keep the index current, so there is one
    definition of what gets indexed.
    """
    connection = session.connection()
    connection.execute(text("DELETE FROM search_index"))
    connection.execute(text("DELETE FROM search_map"))
    for kind in KIND_LABELS:
        connection.execute(text(f"UPDATE {kind} SET version = version"))
    size = int(connection.execute(text("SELECT count(*) FROM search_index")).scalar() or 0)
    session.commit()
    return size
