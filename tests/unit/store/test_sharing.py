"""Share a copy, and where projects live: cloud and network folders, sync tools' conflicted copies."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from desktop.store import merge, repo
from desktop.store.backup import verify_copy
from desktop.store.inspection import inspect_project_file
from desktop.store.locations import classify_location, find_conflicted_copies, mount_type
from desktop.store.models import Question
from desktop.store.project import open_project
from desktop.store.sharing import ShareError, share_copy, suggested_name
from tests.unit.store.merging import ANA, BOB

# --- share a copy -----------------------------------------------------------------------------------


def test_a_shared_copy_of_the_open_project_is_checked_self_contained_and_current(demo, paths, tmp_path):
    demo.write(repo.create, entity=Question, values={"code": "Q6", "title": "Жуков и Цудзи, 1955"})
    with demo.engine.connect() as connection:  # local bookkeeping that must not travel
        connection.exec_driver_sql(
            "INSERT INTO merge_record (id, merged_at, author, replica_id, source_name, source_authors, "
            "added, changed, conflicts, imported_changes, report, backup_path) "
            "VALUES ('m', '2026-11-26 10:00:00.000000', 'Ana', '', 'x', '[]', 0, 0, 0, 0, '', "
            "'/home/ana/secret')"
        )
        connection.commit()
    outbox = tmp_path / "outbox"
    shared = share_copy(demo.path, outbox / "Khalkhin Gol for Bob")
    assert shared.path == outbox / "Khalkhin Gol for Bob.quaestio" and shared.path.is_file()
    assert not shared.path.with_name(shared.path.name + "-wal").exists()
    assert [p.name for p in outbox.iterdir()] == [shared.path.name]  # no temporary file left
    verify_copy(shared.path)
    facts = inspect_project_file(shared.path)
    assert facts.project_id == inspect_project_file(demo.path).project_id
    with open_project(shared.path, BOB, readonly=True) as copy:
        assert "Q6" in {q.code for q in copy.read(repo.list_rows, entity=Question)}
        with copy.engine.connect() as connection:
            assert merge.merges(connection) == []
    assert "Shared a checked copy" in shared.describe()


def test_bad_targets_are_refused_with_a_reason(demo, tmp_path):
    with pytest.raises(ShareError, match="project file itself"):
        share_copy(demo.path, demo.path)
    with pytest.raises(ShareError, match="Name the copy"):
        share_copy(demo.path, tmp_path / "copy.zip")
    (tmp_path / "folder.quaestio").mkdir()
    with pytest.raises(ShareError, match="is a folder"):
        share_copy(demo.path, tmp_path / "folder.quaestio")


def test_a_failed_share_leaves_nothing_behind(demo, tmp_path):
    from desktop.store.backup import BackupError

    blocked = tmp_path / "not a folder"
    blocked.write_text("x", encoding="utf-8")
    with pytest.raises(BackupError, match="Could not write a copy"):
        share_copy(demo.path, blocked / "copy.quaestio")
    assert blocked.read_text(encoding="utf-8") == "x"


def test_the_suggested_name_says_who_sent_it_and_when():
    name = suggested_name(Path("/p/Khalkhin Gol.quaestio"), 'Ana: "Historian"', date(2026, 11, 26))
    assert name == "Khalkhin Gol (from Ana Historian, 2026-11-26).quaestio"


# --- cloud and network folders -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "where"),
    [
        ("/home/ana/Dropbox/research/k.quaestio", "Dropbox"),
        ("/home/ana/Dropbox (Personal)/k.quaestio", "Dropbox"),
        ("C:/Users/ana/OneDrive - Universität Wien/k.quaestio", "OneDrive"),
        ("/Users/ana/Library/CloudStorage/GoogleDrive-ana@example.org/My Drive/k.quaestio", "Google Drive"),
        ("/Users/ana/Library/Mobile Documents/com~apple~CloudDocs/k.quaestio", "iCloud Drive"),
        ("/home/ana/Nextcloud/k.quaestio", "Nextcloud"),
    ],
)
def test_cloud_synced_folders_are_recognised(path, where, tmp_path):
    risk = classify_location(Path(path), mounts_file=tmp_path / "none")
    assert risk is not None and risk.kind == "cloud" and risk.where == where
    assert "Share a copy" in risk.message("k.quaestio")


def test_network_mounts_are_recognised_from_the_mount_table(tmp_path):
    mounts = tmp_path / "mounts"
    mounts.write_text(
        "/dev/sda1 / ext4 rw 0 0\n"
        "//fileserver/history /mnt/dept\\040share cifs rw 0 0\n"
        "server:/export /srv/nfs nfs4 rw 0 0\n"
        "tmpfs /srv/nfs/scratch tmpfs rw 0 0\n",
        encoding="utf-8",
    )
    assert mount_type(Path("/mnt/dept share/k.quaestio"), mounts) == "cifs"
    smb = classify_location(Path("/mnt/dept share/k.quaestio"), mounts_file=mounts)
    assert smb is not None and smb.kind == "network" and "SMB" in smb.where
    assert (
        classify_location(Path("/srv/nfs/projects/k.quaestio"), mounts_file=mounts).where
        == "an NFS network share"
    )
    assert (
        classify_location(Path("/srv/nfs/scratch/k.quaestio"), mounts_file=mounts) is None
    )  # deeper local mount
    assert classify_location(Path("/home/ana/k.quaestio"), mounts_file=mounts) is None
    assert classify_location(Path("\\\\server\\share\\k.quaestio"), mounts_file=mounts).kind == "network"


def test_a_project_in_an_ordinary_folder_is_fine(demo_path):
    assert classify_location(demo_path) is None


# --- conflicted copies ----------------------------------------------------------------------------------


def test_conflicted_copies_of_this_project_beside_it_are_found(demo_path, empty_template):
    folder = demo_path.parent
    stem = demo_path.stem
    dropbox = folder / f"{stem} (Bob Archivist's conflicted copy 2026-11-25).quaestio"
    syncthing = folder / f"{stem}.sync-conflict-20261126-101010-ABCDEFG.quaestio"
    for copy in (dropbox, syncthing):
        shutil.copyfile(demo_path, copy)
    shutil.copyfile(
        empty_template, folder / f"{stem} (conflicted copy 2026-11-24).quaestio"
    )  # another project
    (folder / f"{stem} (conflicted copy 2026-11-23).quaestio").write_text("damaged", encoding="utf-8")
    shutil.copyfile(demo_path, folder / f"{stem} backup.quaestio")  # not a sync tool's name
    found = find_conflicted_copies(demo_path)
    assert {c.path for c in found} == {dropbox, syncthing}
    assert {c.tool for c in found} == {"Dropbox or Nextcloud", "Syncthing"}
    assert "conflicted copy beside" in found[0].message(demo_path.name)


def test_a_conflicted_copy_can_be_merged_like_any_collaborators_copy(demo_path, paths):
    copy = demo_path.with_name(f"{demo_path.stem} (Bob Archivist's conflicted copy 2026-11-25).quaestio")
    shutil.copyfile(demo_path, copy)
    with open_project(copy, BOB) as other:
        other.write(repo.create, entity=Question, values={"code": "Q6", "title": "made on the laptop"})
    (found,) = find_conflicted_copies(demo_path)
    with open_project(demo_path, ANA) as project:
        report = merge.merge_file(project, found.path, backups_dir=paths.backups_dir)
        assert report.count("added") == 1
