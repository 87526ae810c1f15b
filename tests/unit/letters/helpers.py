"""What the letter tests share: a researcher profile, demo requests by archive, text comparison."""

from __future__ import annotations

import re
import unicodedata

from desktop.config import Researcher
from desktop.letters.scripts import is_wide
from desktop.store import repo
from desktop.store.models import Archive, Request
from desktop.store.project import Project

HELEN = Researcher(
    full_name="Helen Marsh",
    given_name="Helen",
    family_name="Marsh",
    name_original="Хелен Марш",
    title="PhD",
    affiliation="independent researcher",
    address="12 Chapel Street, Oxford OX1 1AA, United Kingdom",
    email="helen.marsh@example.org",
    phone="+44 1865 000000",
)

# One demo request per letter language, each already sent and registered, so that follow-up and
# appeal letters have dates and a tracking number to cite.
SAMPLES = {"ru": "RGASPI", "ja": "NIDS-CMH", "mn": "UTA", "en": "NARA II"}
LANGUAGES = tuple(SAMPLES)


def request_of(project: Project, identifier: str, *, status: str | None = None) -> str:
    """The id of the (first) demo request to the archive with this identifier."""
    archives = {a.id: a.identifier for a in project.read(repo.list_rows, entity=Archive)}
    for request in project.read(repo.list_rows, entity=Request):
        if archives[request.archive_id] == identifier and (status is None or request.status == status):
            return request.id
    raise AssertionError(f"no demo request to {identifier}")


def normalise(text: str) -> str:
    """Whitespace normalised: runs become one space, and none is kept next to Japanese text
    (a PDF line break inside a Japanese sentence is not a space)."""
    text = unicodedata.normalize("NFC", text).replace("\u2060", "")
    text = " ".join(text.split())
    return "".join(
        ch
        for i, ch in enumerate(text)
        if not (
            ch == " " and ((i > 0 and is_wide(text[i - 1])) or (i + 1 < len(text) and is_wide(text[i + 1])))
        )
    )


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text)
