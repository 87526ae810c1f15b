"""A template with holes is refused with the list of what is missing; a template reaching for
Python internals (or trying to exhaust memory) is rejected with a message, never run."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from desktop.config import Researcher
from desktop.letters.context import VARIABLES
from desktop.letters.data import letter_source
from desktop.letters.errors import LetterRefused, TemplateRejected
from desktop.letters.render import render_letter
from desktop.letters.sandbox import check_source
from desktop.store import repo
from desktop.store.models import Archive
from tests.unit.letters.helpers import HELEN, request_of

TODAY = date(2026, 11, 26)


def _source(demo, body: str, subject: str = "{{ request.subject }}", identifier: str = "RGASPI"):
    source = demo.read(letter_source, request_id=request_of(demo, identifier))
    return replace(source, template=source.template.model_copy(update={"body": body, "subject": subject}))


def test_missing_and_misspelt_variables_are_all_listed(demo):
    fsb = next(a for a in demo.read(repo.list_rows, entity=Archive) if a.identifier == "TsA FSB")
    assert fsb.address == ""  # the demo leaves it empty: not verified
    body = "{% block body %}{{ archive.address }}\n{{ archive.nmae }}\n{{ reseacher.name }}{% endblock %}"
    with pytest.raises(LetterRefused) as refused:
        render_letter(_source(demo, body, identifier="TsA FSB"), HELEN, TODAY)
    problems = refused.value.problems
    assert any(
        p.startswith("archive.address: the archive's address (edit the archive TsA FSB)") for p in problems
    )
    assert any(p.startswith("archive.nmae") for p in problems)
    assert any(p.startswith("reseacher: not a variable") for p in problems)
    assert "3 things are missing" in str(refused.value)
    # the preview shows the holes instead of refusing
    preview = render_letter(_source(demo, body, identifier="TsA FSB"), HELEN, TODAY, strict=False)
    assert "⟦archive.address⟧" in preview.text and not preview.complete


def test_an_optional_line_guarded_by_if_is_not_missing(demo):
    body = "{% block body %}{% if archive.address %}{{ archive.address }}{% endif %}Text{% endblock %}"
    letter = render_letter(_source(demo, body, identifier="TsA FSB"), HELEN, TODAY)
    assert letter.text == "Text"


def test_unedited_placeholders_refuse_the_export(demo):
    body = "{% block body %}Please send [[number of copies]] copies. TODO: check the fond.{% endblock %}"
    with pytest.raises(LetterRefused) as refused:
        render_letter(_source(demo, body), HELEN, TODAY)
    assert any("[[number of copies]]" in p for p in refused.value.problems)
    assert any("TODO" in p for p in refused.value.problems)


def test_an_empty_researcher_profile_asks_for_preferences(demo):
    source = demo.read(letter_source, request_id=request_of(demo, "RGASPI"))
    with pytest.raises(LetterRefused) as refused:
        render_letter(source, Researcher(), TODAY)
    message = str(refused.value)
    assert message.startswith("Fill in your researcher profile in Preferences")
    assert "full name" in message and "e-mail or postal address" in message
    # a name and an e-mail are enough for the built-in letters
    render_letter(source, Researcher(full_name="Helen Marsh", email="h@example.org"), TODAY)


@pytest.mark.parametrize(
    "escape",
    [
        "{{ ''.__class__.__mro__ }}",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ cycler.__init__.__globals__ }}",
        "{{ request['__class__'] }}",
        "{{ request.items.__class__ }}",
        "{{ self._TemplateReference__context }}",
        "{% set x = _hidden %}{{ x }}",
    ],
)
def test_template_reaching_for_python_internals_is_rejected(demo, escape):
    body = "{% block body %}" + escape + "{% endblock %}"
    with pytest.raises(TemplateRejected, match="Python internals"):
        render_letter(_source(demo, body), HELEN, TODAY)


@pytest.mark.parametrize(
    ("body", "phrase"),
    [
        ("{% block body %}{{ ''|attr('__class__') }}{% endblock %}", "sandbox"),
        ("{% block body %}{{ 'x' * 100000000 }}{% endblock %}", "repetition too long"),
        ("{% block body %}{{ 9 ** 999999999 }}{% endblock %}", "exponent too large"),
        (
            "{% block body %}{% for i in range(999999999) %}x{% endfor %}{% endblock %}",
            "could not be filled in",
        ),
        (
            "{% block body %}{% for i in range(90000) %}{{ 'abc' }}{% endfor %}{% endblock %}",
            "more than 200,000",
        ),
        ("{% block body %}{% include 'other' %}{% endblock %}", "cannot include"),
        ("{% extends 'base' %}", "cannot include"),
        ("{% block body %}{{ '{0.__class__}'.format(request) }}{% endblock %}", "sandbox"),
    ],
)
def test_template_abuse_is_rejected_with_a_message(demo, body, phrase):
    with pytest.raises(TemplateRejected, match=phrase):
        render_letter(_source(demo, body), HELEN, TODAY)


def test_syntax_errors_say_where(demo):
    with pytest.raises(TemplateRejected, match="syntax error on line 3: Encountered unknown tag 'endblock'"):
        check_source("{% block body %}\n{% if x %}\n{% endblock %}")
    with pytest.raises(TemplateRejected, match="subject line has a syntax error"):
        render_letter(_source(demo, "{% block body %}x{% endblock %}", subject="{{ oops"), HELEN, TODAY)


def test_text_outside_blocks_and_unknown_blocks_are_refused():
    with pytest.raises(TemplateRejected, match="outside its"):
        check_source("Dear sir\n{% block body %}x{% endblock %}")
    with pytest.raises(TemplateRejected, match="does not know"):
        check_source("{% block greeting %}x{% endblock %}")
    check_source("Only a body, without blocks: {{ today }}")  # fine: the whole text is the body


def test_every_documented_variable_exists(demo):
    source = demo.read(letter_source, request_id=request_of(demo, "RGVA", status="closed"))
    from desktop.letters.context import build_context

    context = build_context(source, HELEN, TODAY)
    for name, _description in VARIABLES:
        head, _, rest = name.partition(".")
        if head == "item":
            assert rest in context["request"].items[0].names()
        elif rest:
            assert rest in context[head].names(), name
        else:
            assert head in context
