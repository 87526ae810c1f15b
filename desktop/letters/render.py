"""From a request to a finished letter: `render_letter` fills in the template and checks that
nothing is missing. Pure Python: the exporters (PDF, DOCX, e-mail, text) only lay it out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from desktop.config import Researcher
from desktop.letters.context import LetterSource, build_context, researcher_name
from desktop.letters.errors import LetterRefused
from desktop.letters.layout import layout_for
from desktop.letters.sandbox import render
from desktop.letters.scripts import is_in_script, script_shares

# Fields of the researcher profile without which no letter can go out (59-FZ asks for the
# name and an address for the reply; so does every other regime).
PROFILE_LABELS = {
    "full_name": "full name",
    "email": "e-mail",
    "address": "postal address",
}


@dataclass(frozen=True)
class Letter:
    """A rendered letter: its parts in reading order, and what the exporters need to know."""

    request_id: str
    kind: str
    language: str
    dated: date
    subject: str
    parts: tuple[tuple[str, str], ...]  # (block, text) in the order of the language's layout
    template_id: str
    template_name: str
    template_scope: str
    archive_identifier: str
    archive_name: str
    recipient_email: str
    sender_name: str
    sender_email: str
    missing: tuple[str, ...] = ()  # variables the template printed but the data lacks
    placeholders: tuple[str, ...] = ()  # [[...]] or TODO left in the text
    warnings: tuple[str, ...] = ()  # not blocking: e.g. a paragraph not in the letter's language

    @property
    def text(self) -> str:
        """The exact text of the letter: its parts, separated by a blank line."""
        return "\n\n".join(text for _name, text in self.parts if text.strip())

    def part(self, name: str) -> str:
        return dict(self.parts).get(name, "")

    @property
    def complete(self) -> bool:
        return not self.missing and not self.placeholders


def profile_gaps(researcher: Researcher) -> list[str]:
    """What the researcher profile lacks for any letter: a name, and an e-mail or postal address."""
    gaps = []
    if not (researcher.full_name or (researcher.given_name and researcher.family_name)):
        gaps.append(PROFILE_LABELS["full_name"])
    if not (researcher.email or researcher.address):
        gaps.append(f"{PROFILE_LABELS['email']} or {PROFILE_LABELS['address']}")
    return gaps


def describe_missing(path: str, source: LetterSource) -> str:
    """A missing variable in words that say where to fill it in."""
    head = path.split(".")[0]
    field = path.split(".")[-1].replace("_", " ")
    archive = source.archive.identifier or source.archive.name
    if head == "researcher":
        return f"{path}: your {field} (fill in your researcher profile in Preferences)"
    if head == "archive":
        return f"{path}: the archive's {field} (edit the archive {archive})"
    if head == "law":
        if path == "law":
            return f"law: the archive {archive} has no legal regime (choose one for the archive)"
        regime = source.regime.code if source.regime else ""
        return f"{path}: the legal regime's {field} (edit the regime {regime})"
    if head == "request":
        if path.startswith("request.items."):
            return f"{path}: a file asked for lacks its {field} (edit the request's references)"
        return f"{path}: the request's {field} (edit the request)"
    if head == "question":
        return f"{path}: the question's {field}"
    return f"{path}: not a variable letters know (check the spelling in the template)"


def _warnings(parts: dict[str, str], language: str) -> list[str]:
    """Lines written in another script than the letter's (an English purpose in a Russian letter)."""
    if language == "en":
        return []
    found = []
    for text in (parts.get("heading", ""), parts.get("body", "")):
        for line in text.splitlines():
            words = line.strip()
            if len(words) < 25 or "@" in words or "://" in words:
                continue
            shares = script_shares(words)
            if shares.get("latin", 0) > 0.6 and not is_in_script(words, language):
                found.append(f"Not in the letter's language: “{words[:70]}{'…' if len(words) > 70 else ''}”")
    return found


def render_letter(
    source: LetterSource, researcher: Researcher, today: date, *, strict: bool = True
) -> Letter:
    """Fill in the letter. With `strict`, refuse (LetterRefused) if anything is missing; without,
    return the letter with the holes marked ⟦…⟧ and listed, for a preview."""
    language = source.language
    gaps = profile_gaps(researcher)
    context = build_context(source, researcher, today)
    rendered, subject = render(source.template.body, source.template.subject or "", context)
    layout = layout_for(language)
    parts = tuple((name, rendered.parts[name]) for name, _align in layout if rendered.parts.get(name))
    letter = Letter(
        request_id=source.request.id,
        kind=source.kind,
        language=language,
        dated=today,
        subject=subject or source.request.subject,
        parts=parts,
        template_id=source.template.id,
        template_name=source.template.name,
        template_scope=source.template.scope,
        archive_identifier=source.archive.identifier or source.archive.name,
        archive_name=source.archive.name_original or source.archive.name,
        recipient_email=source.archive.email,
        sender_name=researcher_name(researcher, "en"),
        sender_email=researcher.email,
        missing=tuple(rendered.missing),
        placeholders=rendered.placeholders,
        warnings=tuple(_warnings(rendered.parts, language)),
    )
    if strict and (gaps or not letter.complete):
        problems = []
        if gaps:
            problems.append(
                f"researcher profile: {', '.join(gaps)} (fill in your researcher profile in Preferences)"
            )
        problems += [describe_missing(path, source) for path in letter.missing]
        problems += [
            f"unedited placeholder {text} (replace it in the template)" for text in letter.placeholders
        ]
        if gaps:
            message = (
                f"Fill in your researcher profile in Preferences before writing letters: {', '.join(gaps)} "
                "missing."
            )
            if len(problems) > 1:
                message += f" Also missing: {'; '.join(problems[1:])}."
        else:
            message = (
                f"The letter to {letter.archive_identifier} cannot be exported; "
                f"{len(problems)} {'thing is' if len(problems) == 1 else 'things are'} missing: "
                + "; ".join(problems)
                + "."
            )
        raise LetterRefused(message, problems, letter)
    return letter
