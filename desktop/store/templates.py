"""Letter templates in the project: the built-ins copied in, lookups, edits and reverts.

Built-in templates ship in `resources/templates/` (`<kind>.<language>.j2` plus `templates.toml`
for names and subject lines). They are copied into every project, so a shared file carries the
templates its letters were written with; rows copied unchanged have `builtin = True`, and an
edit in the template editor clears it. Lookups go from the most specific scope to the least:
a template for this archive, then for its legal regime, then the default for the language.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sqlmodel import Session, col, select

from desktop.domain import vocab
from desktop.resources import resource_path
from desktop.store import repo
from desktop.store.changes import Changes, Written
from desktop.store.errors import InvalidValue, NotFound
from desktop.store.models import LetterTemplate, LetterTemplateRow

TEMPLATE_DIR = ("templates",)
LANGUAGE_ORDER = ("ru", "ja", "mn", "en")


@dataclass(frozen=True)
class BuiltinTemplate:
    kind: str
    language: str
    name: str
    subject: str
    body: str


@lru_cache(maxsize=1)
def builtin_templates() -> tuple[BuiltinTemplate, ...]:
    """Every template shipped with Quaestio: each kind in each language."""
    folder = resource_path(*TEMPLATE_DIR)
    meta = tomllib.loads((folder / "templates.toml").read_text(encoding="utf-8"))
    found = []
    for kind in vocab.TemplateKind:
        for language in LANGUAGE_ORDER:
            info = meta.get(kind.value, {}).get(language)
            path = folder / f"{kind.value}.{language}.j2"
            if info is None or not path.is_file():
                raise FileNotFoundError(
                    f"built-in template {path.name} or its entry in templates.toml is missing"
                )
            found.append(
                BuiltinTemplate(
                    kind=kind.value,
                    language=language,
                    name=str(info["name"]),
                    subject=str(info["subject"]),
                    body=path.read_text(encoding="utf-8"),
                )
            )
    return tuple(found)


def builtin_for(kind: str, language: str) -> BuiltinTemplate | None:
    return next((t for t in builtin_templates() if t.kind == kind and t.language == language), None)


def _default_rows(session: Session) -> dict[tuple[str, str], list[LetterTemplate]]:
    """Default-scope rows by (kind, language), the trashed ones included."""
    statement = select(LetterTemplate).where(LetterTemplate.scope == vocab.TemplateScope.DEFAULT.value)
    rows: dict[tuple[str, str], list[LetterTemplate]] = {}
    for row in session.exec(statement):
        rows.setdefault((row.kind, row.language), []).append(row)
    return rows


def seed_builtin_templates(session: Session) -> Changes:
    """Add the built-ins the project lacks. Never touches a template the user edited or deleted.

    Call inside a `repo.batch` (it does not commit on its own when one is open).
    """
    existing = _default_rows(session)
    changes = Changes()
    for builtin in builtin_templates():
        if existing.get((builtin.kind, builtin.language)):
            continue
        written = repo.create(
            session=session,
            entity=LetterTemplate,
            values={
                "kind": builtin.kind,
                "language": builtin.language,
                "scope": vocab.TemplateScope.DEFAULT.value,
                "scope_key": "",
                "name": builtin.name,
                "subject": builtin.subject,
                "body": builtin.body,
                "builtin": True,
            },
            id=repo.seeded_id("letter_template", builtin.kind, builtin.language),
        )
        changes = changes | written.changes
    return changes


def builtins_missing(*, session: Session) -> bool:
    """Whether a built-in template has no default-scope row yet, kept or trashed: checked at each
    open, so that a project holding them all is not written to. Plain SQL, ~0.3 ms (issue 8)."""
    default = vocab.TemplateScope.DEFAULT.value
    statement = f"SELECT DISTINCT kind, language FROM letter_template WHERE scope = '{default}'"
    present = {(kind, language) for kind, language in session.connection().exec_driver_sql(statement)}
    return any((t.kind, t.language) not in present for t in builtin_templates())


def ensure_builtin_templates(*, session: Session) -> Changes:
    """Repository function: seed the missing built-ins in one transaction."""
    with repo.batch(session):
        return seed_builtin_templates(session)


def list_templates(*, session: Session) -> list[LetterTemplateRow]:
    """Live templates: by kind, then language (ru, ja, mn, en), then most specific scope first."""
    rows = [
        repo.to_row(t)
        for t in session.exec(select(LetterTemplate).where(col(LetterTemplate.deleted_at).is_(None)))
    ]
    kinds = [k.value for k in vocab.TemplateKind]
    scopes = [s.value for s in vocab.TemplateScope]

    def key(row: LetterTemplateRow) -> tuple[Any, ...]:
        return (
            kinds.index(row.kind) if row.kind in kinds else len(kinds),
            LANGUAGE_ORDER.index(row.language) if row.language in LANGUAGE_ORDER else 9,
            scopes.index(row.scope) if row.scope in scopes else 9,
            row.name,
            row.id,
        )

    return sorted(rows, key=key)


def find_template(
    *, session: Session, kind: str, language: str, archive_id: str = "", regime_code: str = ""
) -> LetterTemplateRow:
    """The template for a letter: this archive's, else its regime's, else the language default."""
    statement = select(LetterTemplate).where(
        LetterTemplate.kind == kind,
        LetterTemplate.language == language,
        col(LetterTemplate.deleted_at).is_(None),
    )
    candidates = list(session.exec(statement))
    for scope, key in (
        (vocab.TemplateScope.ARCHIVE.value, archive_id),
        (vocab.TemplateScope.REGIME.value, regime_code),
        (vocab.TemplateScope.DEFAULT.value, ""),
    ):
        if scope != vocab.TemplateScope.DEFAULT.value and not key:
            continue
        matches = [t for t in candidates if t.scope == scope and (scope == "default" or t.scope_key == key)]
        if matches:
            # several at one scope (e.g. after a merge): the most recently edited wins
            return repo.to_row(max(matches, key=lambda t: (t.updated_at, t.id)))
    language_name = vocab.LANGUAGES.get(language, language)
    raise NotFound(
        f"There is no {language_name} template for {kind.replace('_', ' ')} letters. "
        "Add one in Tools > Letter templates (or restore the built-in one from the Trash)."
    )


def save_template(*, session: Session, id: str, values: dict[str, Any]) -> Written[Any]:
    """Save an edit from the template editor; the template is no longer the shipped text."""
    allowed = {"name", "subject", "body", "kind", "language", "scope", "scope_key"}
    unknown = set(values) - allowed
    if unknown:
        raise InvalidValue(f"A template has no field {', '.join(sorted(unknown))}.")
    if values.get("scope", "default") != "default" and not values.get("scope_key", "x"):
        raise InvalidValue("Choose the archive or legal regime this template is for.")
    return repo.update(session=session, entity=LetterTemplate, id=id, values={**values, "builtin": False})


def revert_template(*, session: Session, id: str) -> Written[Any]:
    """Put the shipped text back into a default template."""
    row = repo.get(session=session, entity=LetterTemplate, id=id)
    builtin = builtin_for(row.kind, row.language)
    if builtin is None or row.scope != vocab.TemplateScope.DEFAULT.value:
        raise InvalidValue(
            "Only the default template of a kind and language has a built-in text to revert to."
        )
    return repo.update(
        session=session,
        entity=LetterTemplate,
        id=id,
        values={"name": builtin.name, "subject": builtin.subject, "body": builtin.body, "builtin": True},
    )


def differs_from_builtin(row: LetterTemplateRow) -> bool:
    """True if a default template's text is not the one this version of Quaestio ships."""
    builtin = builtin_for(row.kind, row.language)
    if builtin is None or row.scope != vocab.TemplateScope.DEFAULT.value:
        return False
    return (row.name, row.subject, row.body) != (builtin.name, builtin.subject, builtin.body)
