"""The variables a letter template sees (DESIGN §5), built from a request and the researcher.

Everything arrives already written for the letter's language: dates localised, references in
the archive's style, the addressee line in the form each country uses ("Директору РГВА",
"Үндэсний төв архивын захирал танаа", "外務省外交史料館 ご担当者様"). Empty values become
`Missing`, so a template that prints one unguarded is refused with the list of what is missing.
`VARIABLES` documents each variable for the template editor.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from desktop.config import Researcher
from desktop.domain.references import format_reference, with_archive
from desktop.letters.dates import format_date, format_date_range
from desktop.letters.sandbox import Namespace, missing
from desktop.letters.scripts import is_in_script
from desktop.store.models import (
    ArchivalReferenceRow,
    ArchiveRow,
    CommunicationRow,
    LegalRegimeRow,
    LetterTemplateRow,
    QuestionRow,
    RequestRow,
    TrackingNumberRow,
)


@dataclass(frozen=True)
class LetterSource:
    """Everything one letter is made from, read from the project in one go (see letters.data)."""

    request: RequestRow
    archive: ArchiveRow
    regime: LegalRegimeRow | None
    question: QuestionRow | None
    references: tuple[ArchivalReferenceRow, ...]
    tracking_number: TrackingNumberRow | None
    last_letter: CommunicationRow | None  # the last letter we sent about this request
    template: LetterTemplateRow
    kind: str

    @property
    def language(self) -> str:
        """Letters are written in the archive's language, never the interface's (DESIGN §5)."""
        return self.archive.language or self.request.language


KIND_LABELS: dict[str, dict[str, str]] = {
    "ru": {
        "reading_room": "допуск в читальный зал",
        "copies": "изготовление копий",
        "archival_query": "архивный запрос",
        "declassification": "рассекречивание",
        "foia": "запрос информации",
        "mdr": "пересмотр ограничений доступа",
        "follow_up": "напоминание",
        "appeal": "жалоба",
    },
    "ja": {
        "reading_room": "利用請求（閲覧）",
        "copies": "利用請求（写しの交付）",
        "archival_query": "照会",
        "declassification": "利用制限の見直し",
        "foia": "開示請求",
        "mdr": "利用制限の再審査",
        "follow_up": "照会（督促）",
        "appeal": "審査請求",
    },
    "mn": {
        "reading_room": "уншлагын танхимд ажиллах хүсэлт",
        "copies": "хуулбар авах хүсэлт",
        "archival_query": "архивын лавлагаа",
        "declassification": "нууцаас гаргах хүсэлт",
        "foia": "мэдээлэл авах хүсэлт",
        "mdr": "хязгаарлалтыг хянах хүсэлт",
        "follow_up": "сануулга",
        "appeal": "гомдол",
    },
    "en": {
        "reading_room": "reading-room access",
        "copies": "copies",
        "archival_query": "archival query",
        "declassification": "declassification",
        "foia": "FOIA request",
        "mdr": "mandatory declassification review",
        "follow_up": "follow-up",
        "appeal": "appeal",
    },
}

OUTCOME_LABELS: dict[str, dict[str, str]] = {
    "ru": {
        "granted": "удовлетворено",
        "partially_granted": "удовлетворено частично",
        "refused": "отказано",
        "not_held": "документы не выявлены",
        "transferred": "направлено по принадлежности",
        "withdrawn": "отозвано",
        "no_response": "ответ не получен",
        "consolidated": "объединено",
    },
    "ja": {
        "granted": "利用決定",
        "partially_granted": "部分利用決定",
        "refused": "利用させない旨の決定",
        "not_held": "不存在",
        "transferred": "移送",
        "withdrawn": "取下げ",
        "no_response": "未回答",
        "consolidated": "併合",
    },
    "mn": {
        "granted": "шийдвэрлэсэн",
        "partially_granted": "хэсэгчлэн шийдвэрлэсэн",
        "refused": "татгалзсан",
        "not_held": "баримт олдоогүй",
        "transferred": "шилжүүлсэн",
        "withdrawn": "буцаан авсан",
        "no_response": "хариу ирээгүй",
        "consolidated": "нэгтгэсэн",
    },
    "en": {
        "granted": "granted",
        "partially_granted": "granted in part",
        "refused": "denied",
        "not_held": "no records found",
        "transferred": "referred",
        "withdrawn": "withdrawn",
        "no_response": "no response",
        "consolidated": "consolidated",
    },
}


# --- names and addressees ---------------------------------------------------------------------


def _ru_plural(n: int, one: str, few: str, many: str) -> str:
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


def _period(days: int, unit: str, language: str) -> str:
    working = unit == "working"
    if language == "ru":
        noun = _ru_plural(days, "день", "дня", "дней")
        return (
            f"{days} {_ru_plural(days, 'рабочий', 'рабочих', 'рабочих')} {noun}"
            if working
            else f"{days} {noun}"
        )
    if language == "ja":
        return f"{days}日（行政機関の休日を除く）" if working else f"{days}日"
    if language == "mn":
        return f"{days} ажлын өдөр" if working else f"{days} хоног"
    return f"{days} working days" if working else f"{days} days"


def _ru_head(salutation: str) -> str:
    """Whom a Russian letter is addressed to, in the dative, from the archive's salutation."""
    text = salutation.lower()
    if "начальник" in text:
        return "Начальнику"
    if "заведующ" in text:
        return "Заведующему"
    if "председател" in text:
        return "Председателю"
    return "Директору"


def _mn_head(salutation: str) -> str:
    """захирал (director) or дарга (head), as the archive's salutation names the post."""
    words = [w.strip(",!.") for w in salutation.split()]
    for word in reversed(words):
        if word and word[0].islower() and word not in ("аа", "оо", "ээ", "өө", "эрхэм", "хүндэт"):
            return word
    return "захирал"


_MN_GENITIVE = (
    ("архив", "архивын"),
    ("газар", "газрын"),
    ("яам", "яамны"),
    ("төв", "төвийн"),
    ("хүрээлэн", "хүрээлэнгийн"),
    ("сан", "сангийн"),
    ("хороо", "хорооны"),
)


def _mn_addressee(name: str, head: str) -> str:
    """ "Үндэсний төв архивын захирал танаа": the name in the genitive, the post, "to you"."""
    for ending, genitive in _MN_GENITIVE:
        if name.endswith(ending):
            return f"{name[: -len(ending)]}{genitive} {head} танаа"
    return f"{name}, {head} танаа"  # an apposition needs no case ending we might get wrong


def _short_name(archive: ArchiveRow, language: str) -> str:
    """The archive's abbreviation in the letter's script ("РГВА"), else its identifier."""
    for candidate in archive.other_names.split(";"):
        candidate = candidate.strip()
        if candidate and " " not in candidate.strip() and is_in_script(candidate, language):
            return candidate
    for candidate in archive.other_names.split(";"):
        candidate = candidate.strip()
        if candidate and len(candidate) <= 12 and is_in_script(candidate, language):
            return candidate
    return archive.identifier or archive.name_original or archive.name


def _local_name(archive: ArchiveRow, language: str) -> str:
    if archive.name_original and is_in_script(archive.name_original, language):
        return archive.name_original
    return archive.name or archive.name_original


def _addressee(archive: ArchiveRow, language: str) -> str:
    name = _local_name(archive, language)
    if language == "ru":
        line = f"{_ru_head(archive.salutation)} {_short_name(archive, language)}"
        return f"{line}\n{archive.contact_person}" if archive.contact_person else line
    if language == "mn":
        return _mn_addressee(name, _mn_head(archive.salutation))
    if language == "ja":
        if archive.salutation:
            return archive.salutation
        return f"{name} {archive.contact_person} 様" if archive.contact_person else f"{name} 御中"
    lines = [archive.contact_person, name] if archive.contact_person else [name]
    return "\n".join(lines)


def researcher_name(researcher: Researcher, language: str) -> str:
    """The name a letter in `language` gives: the original-script name if it is in that script,
    the Russian order with patronymic (Фамилия Имя Отчество) when the parts are known."""
    if researcher.name_original and is_in_script(researcher.name_original, language):
        return researcher.name_original
    latin = researcher.full_name or " ".join(
        p for p in (researcher.given_name, researcher.patronymic, researcher.family_name) if p
    )
    if language == "ru" and researcher.family_name and researcher.given_name:
        return " ".join(
            p for p in (researcher.family_name, researcher.given_name, researcher.patronymic) if p
        )
    return latin


def _honorific(name: str) -> str:
    """How a Japanese letter says "your institution": 貴館 for an archive, 貴室, 貴所, else 貴機関."""
    for ending, word in (("館", "貴館"), ("室", "貴室"), ("所", "貴所"), ("センター", "貴センター")):
        if name.endswith(ending):
            return word
    return "貴機関"


def _age(source: LetterSource, today: date) -> int | None:
    """Whole years since the end (else the start) of the request's chronological frame."""
    end = source.request.date_to or source.request.date_from
    if end is None:
        return None
    return today.year - end.year - ((today.month, today.day) < (end.month, end.day))


def _years(n: int, language: str) -> str:
    if language == "ru":
        return f"{n} {_ru_plural(n, 'год', 'года', 'лет')}"
    if language == "ja":
        return f"{n}年"
    if language == "mn":
        return f"{n} жил"
    return f"{n} year" if n == 1 else f"{n} years"


# --- the context ------------------------------------------------------------------------------------


def _ns(path: str, values: Mapping[str, Any]) -> Namespace:
    """A namespace in which every empty value is `Missing`, named after its place."""
    return Namespace(
        path,
        {k: missing(f"{path}.{k}") if v is None or v == "" else v for k, v in values.items()},
    )


def _day(value: date | None, language: str) -> str:
    return format_date(value, language) if value else ""


def _items(source: LetterSource, language: str, short_name: str) -> list[Namespace]:
    items = []
    for index, ref in enumerate(source.references, start=1):
        reference = ref.formatted or format_reference(ref.style, ref.parts, language=language)
        parts = {k: str(v) for k, v in (ref.parts or {}).items()}
        items.append(
            _ns(
                f"request.items.{index}",
                {
                    "number": index,
                    "reference": reference,
                    "citation": with_archive(reference, short_name, language=language) if reference else "",
                    "title": ref.title,
                    "dates": ref.dates,
                    "access": ref.access,
                    "call_number": parts.get("call_number", ""),
                    "jacar": parts.get("jacar", ""),
                    "fond": parts.get("fond", ""),
                    "opis": parts.get("opis", ""),
                },
            )
        )
    return items


def build_context(source: LetterSource, researcher: Researcher, today: date) -> dict[str, Any]:
    """The template variables for one letter."""
    lang = source.language
    archive, request, regime = source.archive, source.request, source.regime
    short_name = _short_name(archive, lang)
    local = _local_name(archive, lang)
    formal = researcher_name(researcher, lang)
    latin = researcher.full_name or researcher_name(researcher, "en")
    contact = [
        line
        for line in (
            researcher.address,
            researcher.email and f"{_EMAIL_LABEL.get(lang, 'E-mail')}: {researcher.email}",
            researcher.phone and f"{_PHONE_LABEL.get(lang, 'Tel.')}: {researcher.phone}",
        )
        if line
    ]
    tracking = source.tracking_number
    age = _age(source, today)
    purpose = request.purpose.strip().rstrip(".") if request.purpose else ""
    context: dict[str, Any] = {
        "today": format_date(today, lang),
        "letter": _ns("letter", {"language": lang, "kind": source.kind}),
        "archive": _ns(
            "archive",
            {
                "name": local,
                "name_en": archive.name,
                "name_original": archive.name_original,
                "short_name": short_name,
                "identifier": archive.identifier,
                "addressee": _addressee(archive, lang),
                "honorific": _honorific(local) if lang == "ja" else "",
                "head": _ru_head(archive.salutation) if lang == "ru" else _mn_head(archive.salutation),
                "address": archive.address,
                "city": archive.city,
                "country": archive.country,
                "email": archive.email,
                "website": archive.website,
                "contact_person": archive.contact_person,
                "salutation": archive.salutation,
            },
        ),
        "law": (
            _ns(
                "law",
                {
                    "name": regime.name,
                    "citation": regime.law,
                    "code": regime.code,
                    "days": regime.initial_days,
                    "extension_days": regime.extension_days or "",
                    "appeal_days": regime.appeal_days or "",
                    "period": _period(regime.initial_days, regime.unit, lang),
                    "unit": regime.unit,
                },
            )
            if regime is not None
            else missing("law")
        ),
        "request": _ns(
            "request",
            {
                "subject": request.subject,
                "purpose": purpose,
                "kind": request.kind,
                "kind_label": KIND_LABELS.get(lang, KIND_LABELS["en"]).get(request.kind, request.kind),
                "date_from": _day(request.date_from, lang),
                "date_to": _day(request.date_to, lang),
                "date_range": format_date_range(request.date_from, request.date_to, lang),
                "items": _items(source, lang, short_name),
                "tracking_number": tracking.number if tracking else "",
                "drafted_on": _day(request.drafted_on, lang),
                "sent_on": _day(request.sent_on, lang),
                "registered_on": _day(request.registered_on, lang),
                "acknowledged_on": _day(request.acknowledged_on, lang),
                "due_on": _day(request.due_override or request.due_on, lang),
                "decided_on": _day(request.closed_on, lang),
                "outcome": OUTCOME_LABELS.get(lang, OUTCOME_LABELS["en"]).get(request.outcome or "", ""),
                "outcome_note": request.outcome_note,
                "last_letter_on": _day(source.last_letter.dated_on if source.last_letter else None, lang),
                "status": request.status,
                "years_old": age,
                "age_years": _years(age, lang) if age is not None else "",
            },
        ),
        "question": _ns(
            "question",
            {
                "code": source.question.code if source.question else "",
                "title": source.question.title if source.question else "",
            },
        ),
        "researcher": _ns(
            "researcher",
            {
                "name": formal,
                "name_latin": latin,
                "signature_name": f"{formal} ({latin})" if latin and formal != latin else formal,
                "full_name": researcher.full_name,
                "given_name": researcher.given_name,
                "family_name": researcher.family_name,
                "patronymic": researcher.patronymic,
                "name_original": researcher.name_original,
                "title": researcher.title,
                "affiliation": researcher.affiliation,
                "address": researcher.address,
                "email": researcher.email,
                "phone": researcher.phone,
                "contact": "\n".join(contact),
            },
        ),
    }
    return context


_EMAIL_LABEL = {"ru": "Эл. почта", "ja": "電子メール", "mn": "Цахим шуудан", "en": "E-mail"}
_PHONE_LABEL = {"ru": "Тел.", "ja": "電話", "mn": "Утас", "en": "Tel."}


# What the template editor lists, in the order a letter uses them.
VARIABLES: tuple[tuple[str, str], ...] = (
    ("today", "the letter's date, in its language: 26 ноября 2026 г., 2026年11月26日"),
    ("archive.addressee", "the addressee line: Директору РГВА; …архивын захирал танаа; …ご担当者様"),
    ("archive.name", "the archive's name in the letter's language"),
    ("archive.name_en", "the archive's name in English"),
    ("archive.short_name", "its abbreviation in the letter's script: РГВА, ҮТА"),
    ("archive.identifier", "its identifier in Quaestio: RGVA"),
    ("archive.salutation", "the greeting: Уважаемый господин директор!"),
    ("archive.honorific", "Japanese: your institution, 貴館 / 貴室 / 貴所"),
    ("archive.head", "the post of the head: Директору / захирал"),
    ("archive.address", "postal address"),
    ("archive.email", "e-mail address"),
    ("archive.contact_person", "contact person"),
    ("law.name", "the legal regime's name"),
    ("law.citation", "the law and article: 5 U.S.C. § 552(a)(6)"),
    ("law.period", "the time limit in words: 30 дней, 20 working days"),
    ("law.days", "the time limit as a number"),
    ("law.appeal_days", "days allowed for an appeal"),
    ("request.subject", "the request's subject (also the e-mail subject)"),
    ("request.purpose", "the purpose of the research"),
    ("request.date_range", "the chronological frame: 1938–1940 гг."),
    ("request.date_from", "start of the frame, localised"),
    ("request.date_to", "end of the frame, localised"),
    ("request.items", "the files asked for: loop with {% for item in request.items %}"),
    ("item.reference", "(in the loop) the reference in the archive's style: ф. 32113, оп. 1, д. 3"),
    ("item.citation", "(in the loop) archive and reference: РГВА, ф. 32113, оп. 1, д. 3"),
    ("item.title", "(in the loop) the file's title"),
    ("item.dates", "(in the loop) the file's dates"),
    ("item.call_number", "(in the loop) 請求番号, Japanese call number"),
    ("item.jacar", "(in the loop) JACAR reference code"),
    ("request.tracking_number", "the archive's registration or tracking number"),
    ("request.sent_on", "date the request was sent"),
    ("request.registered_on", "date the archive registered it"),
    ("request.due_on", "date the answer is due"),
    ("request.decided_on", "date of the decision (closed)"),
    ("request.outcome", "the decision: отказано, denied"),
    ("request.outcome_note", "the grounds given in the decision"),
    ("request.last_letter_on", "date of the last letter sent"),
    ("request.age_years", "how old the records are, in words: 87 лет, 87 years"),
    ("request.years_old", "how old the records are, as a number (for comparisons)"),
    ("request.kind_label", "the kind of request in the letter's language"),
    ("question.code", "the research question's code: Q2"),
    ("question.title", "the research question's title"),
    ("researcher.name", "your name as this letter gives it (Фамилия Имя Отчество in Russian)"),
    ("researcher.signature_name", "your name for the signature, with the Latin form"),
    ("researcher.name_latin", "your name in Latin script"),
    ("researcher.patronymic", "your patronymic, if you have one"),
    ("researcher.title", "your title or degree"),
    ("researcher.affiliation", "your institution"),
    ("researcher.address", "your postal address"),
    ("researcher.email", "your e-mail address"),
    ("researcher.phone", "your telephone number"),
    ("researcher.contact", "address, e-mail and phone, one per line, labelled"),
)
