"""Running letter templates safely: Jinja2's sandbox, missing-variable reporting, placeholders.

Templates travel inside project files, so a collaborator's copy may carry a template written by
someone else (DESIGN §10): it runs in `SandboxedEnvironment`, and before it runs at all the
source is checked, so a template reaching for Python internals (`''.__class__.__mro__`) is
rejected with a message instead of being executed. Repetition (`'x' * 10**9`) and output size
are capped, so a template cannot exhaust memory either.

Missing values are collected, not raised: every variable that is undefined (a typo) or empty
(an archive without an address) renders as ⟦name⟧ in a preview and is listed, so the user sees
everything that is missing at once. `{% if archive.address %}` tests a value without counting it
as missing, which is how templates make a line optional.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from jinja2 import ChainableUndefined, StrictUndefined, TemplateSyntaxError, nodes
from jinja2.exceptions import SecurityError, TemplateError
from jinja2.sandbox import SandboxedEnvironment

from desktop.letters.errors import TemplateRejected

# The parts of a letter a template may define as {% block %}s; see desktop.letters.layout.
BLOCKS = ("recipient", "sender", "date", "heading", "body", "signature")
MAX_OUTPUT = 200_000  # characters in one rendered letter
MAX_REPEAT = 10_000  # characters or items produced by one `*`

# Text a template author leaves for the user to replace: [[fond number]] or TODO. (Not "XXX":
# a Russian letter may well cite the XXX съезд.)
PLACEHOLDER = re.compile(r"\[\[.*?\]\]|\bTODO\b", re.DOTALL)

_missing: ContextVar[list[str] | None] = ContextVar("letter_missing", default=None)


class Namespace:
    """A group of template variables (`archive`, `request`, ...): attribute access only.

    Not a dict, so `request.items` is our list of items, not `dict.items`; names starting with
    `_` are refused by the sandbox anyway.
    """

    __slots__ = ("_path", "_values")

    def __init__(self, path: str, values: Mapping[str, Any]) -> None:
        self._path = path
        self._values = dict(values)

    def __getattr__(self, name: str) -> Any:
        try:
            return self._values[name]
        except KeyError:
            raise AttributeError(name) from None

    def __getitem__(self, name: str) -> Any:
        return self._values[name]

    def __contains__(self, name: str) -> bool:
        return name in self._values

    def __str__(self) -> str:
        return self._path

    def names(self) -> list[str]:
        return list(self._values)


class Missing(ChainableUndefined):
    """An undefined or empty variable: falsy, renders as ⟦name⟧ and is recorded as missing."""

    __slots__ = ()

    @property
    def path(self) -> str:
        name = self._undefined_name
        owner = self._undefined_obj
        if isinstance(owner, Namespace):
            return f"{owner._path}.{name}"
        if isinstance(owner, Missing):
            return f"{owner.path}.{name}"
        if name is None:
            return str(self._undefined_hint or "value")
        return str(name)

    def _note(self) -> str:
        if self._undefined_exception is SecurityError:
            self._fail_with_undefined_error()
        found = _missing.get()
        if found is not None and self.path not in found:
            found.append(self.path)
        return f"⟦{self.path}⟧"

    def __str__(self) -> str:
        return self._note()

    def __iter__(self) -> Iterator[Any]:
        self._note()
        return iter(())


def missing(path: str) -> Missing:
    """A context value that is empty: `Missing` named after where it sits."""
    return Missing(name=path)


class LetterEnvironment(SandboxedEnvironment):
    """The sandbox, with repetition capped (`'x' * 10**9` would otherwise fill memory)."""

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**":
            if isinstance(right, int) and abs(right) > 64:
                raise SecurityError("exponent too large for a letter template")
            return left**right
        for seq, count in ((left, right), (right, left)):
            sized = isinstance(seq, str | list | tuple) and isinstance(count, int)
            if sized and len(seq) * count > MAX_REPEAT:
                raise SecurityError("repetition too long for a letter template")
        return left * right


@lru_cache(maxsize=1)
def environment() -> LetterEnvironment:
    env = LetterEnvironment(
        undefined=Missing,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        autoescape=False,  # letters are plain text; the HTML for PDF escapes separately
    )
    return env


@lru_cache(maxsize=1)
def _checking_environment() -> SandboxedEnvironment:
    """Parses only: same syntax settings, StrictUndefined so nothing renders by accident."""
    return SandboxedEnvironment(undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def _internals(tree: nodes.Template) -> list[str]:
    """Attribute and item names starting with an underscore: Python's internals."""
    found: list[str] = []
    for node in tree.find_all((nodes.Getattr, nodes.Getitem)):
        name = None
        if isinstance(node, nodes.Getattr):
            name = node.attr
        elif isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
            name = node.arg.value
        if name is not None and name.startswith("_") and name not in found:
            found.append(name)
    for node in tree.find_all(nodes.Name):
        if node.name.startswith("_") and node.name not in found:
            found.append(node.name)
    return found


def _outside_blocks(tree: nodes.Template) -> bool:
    """True if the template has blocks and also text outside them (which would be lost)."""
    has_blocks = any(isinstance(n, nodes.Block) for n in tree.body)
    if not has_blocks:
        return False
    for node in tree.body:
        if isinstance(node, nodes.Output):
            for child in node.nodes:
                if not (isinstance(child, nodes.TemplateData) and not child.data.strip()):
                    return True
    return False


def _clause(text: str | None) -> str:
    """A library's message as part of our sentence: without its own full stop."""
    return (text or "").strip().rstrip(".")


def check_source(source: str, *, what: str = "template") -> None:
    """Refuse a template that does not parse, reaches for internals, or loads other templates."""
    try:
        tree = _checking_environment().parse(source)
    except TemplateSyntaxError as exc:
        raise TemplateRejected(
            f"The {what} has a syntax error on line {exc.lineno}: {_clause(exc.message)}. "
            "Correct it in Tools > Letter templates."
        ) from None
    internals = _internals(tree)
    if internals:
        raise TemplateRejected(
            f"The {what} was rejected: it reaches for Python internals ({', '.join(internals)}), "
            "which letter templates may not use. Remove them; use only the listed variables."
        )
    if any(tree.find_all((nodes.Extends, nodes.Include, nodes.Import, nodes.FromImport))):
        raise TemplateRejected(
            f"The {what} was rejected: letter templates cannot include, import or extend other "
            "templates. Copy the text you need into this template."
        )
    if _outside_blocks(tree):
        raise TemplateRejected(
            f"The {what} has text outside its {{% block %}} sections, which would be lost. "
            f"Move it into one of the blocks ({', '.join(BLOCKS)})."
        )
    unknown = [n.name for n in tree.find_all(nodes.Block) if n.name not in BLOCKS]
    if unknown:
        raise TemplateRejected(
            f"The {what} has a block Quaestio does not know ({', '.join(unknown)}); "
            f"the parts of a letter are: {', '.join(BLOCKS)}."
        )


@lru_cache(maxsize=256)
def _compile(source: str) -> Any:
    check_source(source)
    return environment().from_string(source)


@dataclass(frozen=True)
class Rendered:
    """The text of each block (or of the whole template, as "body"), and what was missing."""

    parts: dict[str, str]
    missing: tuple[str, ...]
    placeholders: tuple[str, ...]


def _collect(chunks: Iterator[str]) -> str:
    out: list[str] = []
    size = 0
    for chunk in chunks:
        size += len(chunk)
        if size > MAX_OUTPUT:
            raise TemplateRejected(
                f"The template produces more than {MAX_OUTPUT:,} characters; a letter is never that long. "
                "Check its loops."
            )
        out.append(chunk)
    return "".join(out)


# "1938–1940 гг." followed by the sentence's own full stop; an ellipsis is left alone.
_DOUBLE_STOP = re.compile(r"(?<!\.)\.\.(?!\.)")


def _tidy(text: str) -> str:
    """Trailing spaces off every line, at most one blank line in a row, no blank edges, no ".."."""
    lines = [_DOUBLE_STOP.sub(".", line.rstrip()) for line in text.strip("\n").splitlines()]
    tidy: list[str] = []
    for line in lines:
        if not line and tidy and not tidy[-1]:
            continue
        tidy.append(line)
    return "\n".join(tidy).strip("\n")


def _run(source: str, context: Mapping[str, Any], *, what: str) -> dict[str, str]:
    template = _compile(source)
    try:
        if template.blocks:
            ctx = template.new_context(dict(context))
            return {
                name: _tidy(_collect(template.blocks[name](ctx)))
                for name in BLOCKS
                if name in template.blocks
            }
        return {"body": _tidy(_collect(template.generate(**context)))}
    except SecurityError as exc:
        raise TemplateRejected(
            f"The {what} was rejected by the sandbox: {_clause(str(exc))}. "
            "Letter templates may use only the listed variables and filters."
        ) from None
    except TemplateRejected:
        raise
    except TemplateError as exc:
        raise TemplateRejected(f"The {what} could not be filled in: {_clause(str(exc))}.") from None
    except (ArithmeticError, TypeError, ValueError, RecursionError) as exc:
        raise TemplateRejected(f"The {what} could not be filled in: {_clause(str(exc))}.") from None


def render(body: str, subject: str, context: Mapping[str, Any]) -> tuple[Rendered, str]:
    """Fill in a template's blocks and its subject line; collects missing names and placeholders."""
    check_source(subject, what="subject line")
    found: list[str] = []
    token = _missing.set(found)
    try:
        parts = _run(body, context, what="template")
        subject_text = " ".join(_run(subject, context, what="subject line").get("body", "").split())
    finally:
        _missing.reset(token)
    placeholders: list[str] = []
    for text in (subject_text, *parts.values()):
        for match in PLACEHOLDER.findall(text):
            if match not in placeholders:
                placeholders.append(match)
    return Rendered(parts=parts, missing=tuple(found), placeholders=tuple(placeholders)), subject_text
