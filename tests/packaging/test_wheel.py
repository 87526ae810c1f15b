"""`python -m build`: the sdist, the wheel built from it, and the app started from that wheel.

The wheel is built once per run, from the sdist as `python -m build` does by default, so a file
missing from the sdist shows up as a file missing from the wheel. `--no-isolation` uses the
venv's pinned hatchling instead of downloading one.
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import tarfile
import zipfile
from dataclasses import dataclass
from email.parser import Parser
from pathlib import Path

import pytest

from desktop import __version__
from desktop.paths import DEMO_FILE_NAME
from tests.packaging.helpers import REPO

SKIPPED_PARTS = {"__pycache__", ".pytest_cache"}


@dataclass(frozen=True)
class Built:
    wheel: Path
    sdist: Path


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    out = tmp_path_factory.mktemp("dist")
    result = subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(REPO)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    (wheel,) = out.glob("quaestio-*.whl")
    (sdist,) = out.glob("quaestio-*.tar.gz")
    return Built(wheel=wheel, sdist=sdist)


def shipped(folder: Path) -> list[Path]:
    """The files of a source folder that a package must carry (caches left out)."""
    return sorted(
        p
        for p in folder.rglob("*")
        if p.is_file() and not SKIPPED_PARTS & set(p.parts) and p.suffix != ".pyc"
    )


def test_wheel_carries_every_resource_and_migration(built):
    with zipfile.ZipFile(built.wheel) as wheel:
        names = set(wheel.namelist())
    resources = shipped(REPO / "resources")
    assert any(p.suffix == ".json" for p in resources)  # the demo project's data
    missing = [
        str(p.relative_to(REPO))
        for p in resources
        if f"desktop/resources/{p.relative_to(REPO / 'resources').as_posix()}" not in names
    ]
    assert not missing, f"resources missing from the wheel: {missing}"
    if (REPO / "resources" / "templates").is_dir():
        assert any(n.startswith("desktop/resources/templates/") for n in names)

    migrations = REPO / "desktop" / "store" / "migrations"
    revisions = sorted(migrations.glob("versions/*.py"))
    assert len(revisions) >= 2
    needed = [*revisions, migrations / "env.py", migrations / "script.py.mako"]
    missing = [str(p.relative_to(REPO)) for p in needed if p.relative_to(REPO).as_posix() not in names]
    assert not missing, f"migrations missing from the wheel: {missing}"
    assert not any(n.startswith(("tests/", "packaging/")) for n in names)


def test_wheel_metadata_names_the_version_the_script_and_the_dependencies(built):
    info = f"quaestio-{__version__}.dist-info"
    with zipfile.ZipFile(built.wheel) as archive:
        metadata = Parser().parsestr(archive.read(f"{info}/METADATA").decode())
        entry_points = archive.read(f"{info}/entry_points.txt").decode()
    assert metadata["Name"] == "quaestio" and metadata["Version"] == __version__
    requires = [r.lower() for r in metadata.get_all("Requires-Dist")]
    runtime = [r for r in requires if "extra ==" not in r]
    for dependency in ("pyside6-essentials", "sqlmodel", "alembic", "platformdirs", "jinja2"):
        assert any(r.startswith(dependency) for r in runtime), dependency
    # PyInstaller is for building bundles only: an extra, never a runtime dependency
    assert [r for r in requires if r.startswith("pyinstaller")] == ["pyinstaller; extra == 'package'"]
    assert "quaestio = desktop.cli:main" in entry_points


def test_sdist_carries_what_building_and_packaging_need(built):
    with tarfile.open(built.sdist) as sdist:
        names = {name.split("/", 1)[1] for name in sdist.getnames() if "/" in name}
    for needed in (
        "pyproject.toml",
        "constraints.txt",
        "Makefile",
        "desktop/__init__.py",
        "resources/demo/khalkhin-gol.json",
        "packaging/quaestio.spec",
        "packaging/linux/org.quaestio.Quaestio.desktop",
        "packaging/icons/quaestio.ico",
    ):
        assert needed in names, needed


def test_the_installed_wheel_opens_the_demo_project(built, tmp_path):
    """Install the wheel into a fresh venv, as pipx does, and start `quaestio` from it.

    The dependencies (PySide6 and the rest, hundreds of MB) come from this venv's site-packages
    through a .pth line; a .pth line only adds a folder, it does not run the .pth files inside,
    so the checkout's editable install stays out and the code runs from the wheel."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    site = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    (site / "zz_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    installed = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "-q",
            "--no-deps",
            "--no-index",
            str(built.wheel),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert installed.returncode == 0, installed.stderr

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("QUAESTIO_DATA_DIR", None)
    where = subprocess.run(
        [
            str(python),
            "-c",
            "import desktop, desktop.resources as r; print(desktop.__file__); print(r.resources_dir())",
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
        env=env,
    ).stdout.split("\n")
    assert Path(where[0]).is_relative_to(site) and Path(where[1]) == site / "desktop" / "resources"

    data = tmp_path / "data"
    started = subprocess.run(
        [str(venv / "bin" / "quaestio"), "--data-dir", str(data), "--quit-after-load"],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
        env=env,
        timeout=120,
    )
    assert started.returncode == 0, started.stderr
    assert f"opened {data.resolve() / 'projects' / DEMO_FILE_NAME}" in started.stdout.splitlines()
    assert "Traceback" not in started.stderr and "rror" not in started.stderr, started.stderr
