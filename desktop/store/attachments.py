"""Files attached to letters (communications): kept in a folder beside the project.

`Thesis.quaestio` keeps its attachments in `Thesis.quaestio-files/`, one sub-folder per file
content (the first 16 hex digits of its SHA-256) holding the file under its own name:
`Thesis.quaestio-files/3f2a…/reply.pdf`. The database row stores that relative path, the name,
size and full SHA-256. Why a folder and not BLOBs in the SQLite file: scans of archive replies
run to many megabytes, and keeping them out of the database keeps the project file small, quick
to back up and merge, and lets the historian open the files with any program. The cost is that
a project is then two things on disk; Share a copy and backups must carry the folder along.

Storing is split in two so a large copy never runs in a write transaction: `store_file` (file
work only, safe on the worker thread) and `add_attachment` (the database row). Files are content
addressed, so storing the same scan twice keeps one copy, and a half-written file is never left
under its final name (temporary name, then rename).
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlmodel import Session

from desktop.store import repo
from desktop.store.changes import Written
from desktop.store.errors import InvalidValue, QuaestioError
from desktop.store.models import Attachment, AttachmentRow, Communication

FOLDER_SUFFIX = "-files"
_UNSAFE = re.compile(r'[\x00-\x1f/\\:*?"<>|]')
_CHUNK = 1 << 20


class AttachmentError(QuaestioError):
    pass


@dataclass(frozen=True)
class StoredFile:
    file_name: str
    stored_path: str  # relative to the project's files folder, with forward slashes
    sha256: str
    size: int


def files_folder(project_path: Path) -> Path:
    """`NAME.quaestio-files` beside `NAME.quaestio`."""
    return project_path.with_name(project_path.name + FOLDER_SUFFIX)


def safe_name(name: str) -> str:
    """A file name any system accepts; Cyrillic and Japanese are kept."""
    cleaned = _UNSAFE.sub("_", name).strip(" .") or "attachment"
    stem, dot, suffix = cleaned.rpartition(".")
    if dot and len(cleaned) > 120:
        cleaned = stem[: 120 - len(suffix) - 1] + "." + suffix
    return cleaned[:120]


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def store_file(project_path: Path, source: Path) -> StoredFile:
    """Copy `source` into the project's files folder (no database work); return what to record."""
    if not source.is_file():
        raise AttachmentError(f"{source} is not a file; choose the file to attach.")
    try:
        digest = sha256_of(source)
        name = safe_name(source.name)
        relative = f"{digest[:16]}/{name}"
        target = files_folder(project_path) / digest[:16] / name
        if not (target.is_file() and sha256_of(target) == digest):
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp = target.with_name(f".{name}.{os.getpid()}.partial")
            try:
                shutil.copyfile(source, tmp)
                os.replace(tmp, target)
            finally:
                tmp.unlink(missing_ok=True)
        return StoredFile(
            file_name=source.name, stored_path=relative, sha256=digest, size=source.stat().st_size
        )
    except OSError as exc:
        raise AttachmentError(
            f"Could not copy {source.name} beside the project: {exc.strerror or exc}. "
            "Check that the project's folder is writable and has room."
        ) from None


def add_attachment(*, session: Session, communication_id: str, stored: StoredFile) -> Written[Any]:
    """Record a stored file as an attachment of a letter."""
    repo.get(session=session, entity=Communication, id=communication_id)
    return repo.create(
        session=session,
        entity=Attachment,
        values={
            "communication_id": communication_id,
            "file_name": stored.file_name,
            "stored_path": stored.stored_path,
            "sha256": stored.sha256,
            "size": stored.size,
        },
    )


def resolve(project_path: Path, attachment: AttachmentRow) -> Path:
    """Where an attachment's file is, after checking it is there and unchanged."""
    if not attachment.stored_path:
        raise InvalidValue(f"{attachment.file_name} was recorded without its file.")
    path = files_folder(project_path).joinpath(*attachment.stored_path.split("/"))
    if not path.is_file():
        raise AttachmentError(
            f"The file {attachment.file_name} is missing from {files_folder(project_path)}. "
            "If the project was copied, copy its '-files' folder along with it."
        )
    if attachment.sha256 and sha256_of(path) != attachment.sha256:
        raise AttachmentError(
            f"The file {attachment.file_name} has changed since it was attached (its SHA-256 differs). "
            "Attach the original again if you have it."
        )
    return path
