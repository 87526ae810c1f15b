"""Property: whatever two collaborators do to their copies, a merge loses no field value.

Each value either side changed since the common state ends up in the merged project or is
listed as a conflict (a note's text as a conflict copy); merging back converges.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.store import merge, repo
from desktop.store.models import Note, Question
from desktop.store.project import Identity, create_project, open_project
from tests.unit.store.merging import ANA, BOB, content

VALUES = ["a", "b", "Ж", "日本"]  # few values, so both sides often pick the same one
FIELDS: dict[str, dict[str, Any]] = {
    "question": {
        "title": st.sampled_from(VALUES),
        "text": st.sampled_from(VALUES),
        "priority": st.integers(1, 3),
        "status": st.sampled_from(["open", "investigating", "parked"]),
        "tags": st.lists(st.sampled_from(VALUES), max_size=2),
    },
    "note": {"title": st.sampled_from(VALUES), "body": st.sampled_from(VALUES)},
}
ENTITY = {"question": Question, "note": Note}


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("property") / "base.quaestio"
    with create_project(path, Identity("Base", "cccccccc-0000-4000-8000-00000000000c"), title="Base") as p:
        for n in range(3):
            q = p.write(repo.create, entity=Question, values={"code": f"Q{n}", "title": "s", "text": "s"}).row
            p.write(repo.create, entity=Note, values={"question_id": q.id, "title": "s", "body": "s"})
    return path


def _op(table: str) -> st.SearchStrategy[tuple[Any, ...]]:
    update = st.one_of(
        *[
            st.tuples(st.just("update"), st.just(table), st.integers(0, 2), st.just(name), values)
            for name, values in FIELDS[table].items()
        ]
    )
    trash = st.tuples(st.sampled_from(["delete", "restore"]), st.just(table), st.integers(0, 2))
    return st.one_of(update, update, trash)


OPS = st.lists(st.one_of(_op("question"), _op("note")), max_size=8)


def _apply(path: Path, identity: Identity, ops: list[tuple[Any, ...]]) -> None:
    with open_project(path, identity) as p:
        rows = {
            t: sorted(
                p.read(repo.list_rows, entity=e) + p.read(repo.list_rows, entity=e, deleted=True), key=_key
            )
            for t, e in ENTITY.items()
        }
        for op in ops:
            row = rows[op[1]][op[2]]
            entity = ENTITY[op[1]]
            if op[0] == "update":
                if p.read(repo.get, entity=entity, id=row.id, include_deleted=True).deleted_at is None:
                    p.write(repo.update, entity=entity, id=row.id, values={op[3]: op[4]})
            elif op[0] == "delete":
                p.write(repo.soft_delete, entity=entity, id=row.id)
            else:
                p.write(repo.restore, entity=entity, id=row.id)


def _key(row: Any) -> str:
    return getattr(row, "code", "") or row.question_id


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ana_ops=OPS, bob_ops=OPS)
def test_random_edits_on_two_replicas_never_lose_a_field_value(base, ana_ops, bob_ops):
    with tempfile.TemporaryDirectory() as folder:
        mine, theirs = Path(folder) / "ana.quaestio", Path(folder) / "bob.quaestio"
        shutil.copyfile(base, mine)
        shutil.copyfile(base, theirs)
        _apply(mine, ANA, ana_ops)
        _apply(theirs, BOB, bob_ops)
        with open_project(base, ANA, readonly=True) as p:
            s = content(p)
        with open_project(theirs, BOB, readonly=True) as p:
            b = content(p)
        backups = Path(folder) / "backups"
        with open_project(mine, ANA) as p:
            a = content(p)
            report = merge.merge_file(p, theirs, backups_dir=backups, prefer="mine")
            merged = content(p)
        conflicts = {
            (rc.conflict.table, rc.conflict.row_id, rc.conflict.field): rc for rc in report.conflicts
        }

        copies = [v for (t, _), v in merged.items() if t == "note" and "conflict copy" in v["title"]]
        for key, base_row in s.items():
            table, row_id = key
            if table not in FIELDS:
                continue
            mine_row, their_row, result = a[key], b[key], merged[key]
            for name in FIELDS[table]:
                mv, tv, bv, rv = mine_row[name], their_row[name], base_row[name], result[name]
                if mv == tv:
                    assert rv == mv
                elif mv == bv:
                    assert rv == tv, f"Bob's change of {table}.{name} was lost"
                elif tv == bv:
                    assert rv == mv, f"Ana's change of {table}.{name} was lost"
                else:
                    listed = conflicts[(table, row_id, name)].conflict
                    assert (listed.mine, listed.theirs) == (mv, tv)
                    assert rv == mv  # prefer mine: theirs is in the report
                    if table == "note":  # ... and in a conflict copy beside mine
                        assert any(
                            c["question_id"] == result["question_id"]
                            and (c["body"] == tv if name == "body" else c["title"].startswith(f"{tv} ("))
                            for c in copies
                        )
            edited_by_bob = any(their_row[n] != base_row[n] for n in FIELDS[table])
            edited_by_ana = any(mine_row[n] != base_row[n] for n in FIELDS[table])
            if mine_row["in_trash"] and not their_row["in_trash"] and edited_by_bob:
                assert not result["in_trash"], "a record Bob edited was lost to Ana's delete"
            if their_row["in_trash"] and not mine_row["in_trash"] and edited_by_ana:
                assert not result["in_trash"], "a record Ana edited was lost to Bob's delete"

        # Bob merges Ana's merged project: nothing left to decide, and both hold the same
        shutil.copyfile(mine, Path(folder) / "from ana.quaestio")
        with open_project(theirs, BOB) as p:
            with merge.prepared(p, Path(folder) / "from ana.quaestio") as (_incoming, plan):
                assert plan.decisions == []
                merge.merge_into(p, plan, backups_dir=backups)
            assert content(p) == merged
