"""Where a project file lives, and what sync tools left beside it (DESIGN §6; research §6.3).

A live SQLite file in a cloud-synced folder (Dropbox, OneDrive, Google Drive, iCloud, ...) or on a
network file system (SMB/CIFS, NFS, ...) gets corrupted or forked into "conflicted copies" when two
computers touch it. Quaestio warns about such locations and points to Share a copy, and offers to
merge the conflicted copies sync tools leave beside a project.
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from desktop.store.errors import ProjectOpenError
from desktop.store.inspection import inspect_project_file

# A folder named like one of these (or starting with it: "Dropbox (Personal)", "OneDrive - Uni",
# "GoogleDrive-ana@example.org" under ~/Library/CloudStorage) is synced by that service.
CLOUD_FOLDERS: dict[str, str] = {
    "dropbox": "Dropbox",
    "onedrive": "OneDrive",
    "google drive": "Google Drive",
    "googledrive": "Google Drive",
    "my drive": "Google Drive",
    "icloud drive": "iCloud Drive",
    "mobile documents": "iCloud Drive",
    "com~apple~clouddocs": "iCloud Drive",
    "box": "Box",
    "box sync": "Box",
    "pcloud drive": "pCloud",
    "pclouddrive": "pCloud",
    "mega": "MEGA",
    "megasync": "MEGA",
    "nextcloud": "Nextcloud",
    "owncloud": "ownCloud",
    "yandex.disk": "Yandex Disk",
    "yandexdisk": "Yandex Disk",
    "sync": "a sync service (Sync.com or Syncthing)",
}
# Linux file system types (from /proc/mounts) that are shared over a network or synced.
NETWORK_FS: dict[str, str] = {
    "cifs": "an SMB/CIFS network share",
    "smb3": "an SMB network share",
    "smbfs": "an SMB network share",
    "nfs": "an NFS network share",
    "nfs4": "an NFS network share",
    "afpfs": "an AFP network share",
    "webdav": "a WebDAV folder",
    "davfs": "a WebDAV folder",
    "fuse.sshfs": "an SSH (sshfs) mount",
    "sshfs": "an SSH (sshfs) mount",
    "9p": "a shared virtual-machine folder",
    "vboxsf": "a shared virtual-machine folder",
    "ceph": "a Ceph network file system",
    "glusterfs": "a GlusterFS network file system",
    "fuse.glusterfs": "a GlusterFS network file system",
    "fuse.gvfsd-fuse": "a network folder mounted by the desktop (GVfs)",
    "fuse.rclone": "a cloud drive mounted with rclone",
    "fuse.onedriver": "OneDrive (onedriver)",
    "fuse.google-drive-ocamlfuse": "Google Drive (google-drive-ocamlfuse)",
}


@dataclass(frozen=True)
class LocationRisk:
    kind: str  # "cloud" or "network"
    where: str  # "Dropbox", "an NFS network share", ...

    def message(self, name: str) -> str:
        if self.kind == "cloud":
            place = f"a folder synced by {self.where}"
            why = (
                "If it is opened on two computers, or synced while open, the file can be damaged "
                "or split into conflicted copies."
            )
        else:
            place = f"{self.where}"
            why = "SQLite files on network file systems can be damaged when two computers open them."
        return (
            f"{name} is in {place}. {why} Keep the project on this computer and use File > Share a "
            "copy to send collaborators a copy; merge theirs with File > Merge a collaborator's copy."
        )


def _cloud_service(path: Path) -> str | None:
    for part in path.parts[:-1]:
        lowered = part.lower()
        for marker, service in CLOUD_FOLDERS.items():
            if lowered == marker or (len(marker) > 4 and re.match(re.escape(marker) + r"[ \-_(@]", lowered)):
                return service
    return None


def _unescape(field: str) -> str:
    """/proc/mounts writes spaces, tabs and backslashes in octal (\\040, \\011, \\134)."""
    return re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), field)


def mount_type(path: Path, mounts_file: Path = Path("/proc/mounts")) -> str | None:
    """The file system type of the mount holding `path` (Linux), or None if unknown."""
    try:
        lines = mounts_file.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    best, best_type = "", None
    target = str(path)
    for line in lines:
        fields = line.split()
        if len(fields) < 3:
            continue
        point = _unescape(fields[1])
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and len(point) >= len(best):
            best, best_type = point, fields[2]
    return best_type


def _windows_remote(path: Path) -> bool:
    text = str(path)
    if text.startswith("\\\\"):
        return True  # \\server\share
    if sys.platform != "win32":
        return False
    import ctypes

    drive = os.path.splitdrive(text)[0] + "\\"
    return bool(ctypes.windll.kernel32.GetDriveTypeW(drive) == 4)  # type: ignore[attr-defined]  # DRIVE_REMOTE


def classify_location(path: Path, *, mounts_file: Path = Path("/proc/mounts")) -> LocationRisk | None:
    """Why `path` is a risky place for a live project, or None when it looks like a local disk."""
    if _windows_remote(Path(path)):
        return LocationRisk("network", "a network drive")
    path = Path(path).expanduser().absolute()
    service = _cloud_service(path)
    if service:
        return LocationRisk("cloud", service)
    if _windows_remote(path):
        return LocationRisk("network", "a network drive")
    fs_type = mount_type(path.resolve() if path.exists() else path, mounts_file)
    if fs_type and fs_type in NETWORK_FS:
        where = NETWORK_FS[fs_type]
        return LocationRisk("cloud" if "cloud" in where or "Drive" in where else "network", where)
    return None


# --- conflicted copies -------------------------------------------------------------------------------

# Names sync tools give the second version of a file edited in two places.
CONFLICT_NAMES: list[tuple[re.Pattern[str], str]] = [
    (
        re.compile(r"conflicted copy", re.IGNORECASE),
        "Dropbox or Nextcloud",
    ),  # "X (Ana's conflicted copy 2026-11-26)"
    (
        re.compile(r"\.sync-conflict-\d{8}-\d{6}", re.IGNORECASE),
        "Syncthing",
    ),  # "X.sync-conflict-20261126-101010-ID"
    (re.compile(r"\(conflict\)|\.conflict\b|-conflict-", re.IGNORECASE), "a sync tool"),
]


@dataclass(frozen=True)
class ConflictedCopy:
    path: Path
    tool: str  # which sync tool made it, as far as the name tells
    modified: float

    def message(self, project_name: str) -> str:
        return (
            f"{self.tool} left a conflicted copy beside {project_name}: {self.path.name}. It may hold "
            "changes made on another computer. Merge it to keep them."
        )


def find_conflicted_copies(project: Path) -> list[ConflictedCopy]:
    """Copies of this project that sync tools left beside it (same project id), newest first."""
    project = Path(project).absolute()
    try:
        own_id = inspect_project_file(project).project_id
        siblings = list(project.parent.iterdir())
    except (OSError, ProjectOpenError):
        return []
    found = []
    for sibling in siblings:
        if sibling == project or not sibling.is_file() or not sibling.name.startswith(project.stem):
            continue
        if not sibling.name.lower().endswith(".quaestio"):
            continue
        tool = next(
            (t for pattern, t in CONFLICT_NAMES if pattern.search(sibling.name[len(project.stem) :])), None
        )
        if tool is None:
            continue
        try:
            if inspect_project_file(sibling).project_id != own_id:
                continue
        except ProjectOpenError:
            continue  # damaged or not ours: nothing to merge
        found.append(ConflictedCopy(sibling, tool, sibling.stat().st_mtime))
    return sorted(found, key=lambda c: c.modified, reverse=True)
