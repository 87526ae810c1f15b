"""Build the one-folder bundle with PyInstaller, report its size and build time, smoke-test it.

    python packaging/build_bundle.py [--no-smoke]

`make package` runs this after installing PyInstaller (the `package` extra). The bundle lands in
dist/Quaestio/ (PyInstaller's work files in build/pyinstaller/).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from desktop import APP_NAME  # noqa: E402  (the path above makes the checkout importable)

SPEC = ROOT / "packaging" / "quaestio.spec"
DIST = ROOT / "dist"
WORK = ROOT / "build" / "pyinstaller"


def bundle_program(dist: Path = DIST) -> Path:
    folder = dist / APP_NAME
    if sys.platform == "win32":
        return folder / "quaestio-cli.exe"
    if sys.platform == "darwin":
        return dist / f"{APP_NAME}.app" / "Contents" / "MacOS" / APP_NAME
    return folder / "quaestio"


def folder_size(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()]
    return sum(p.stat().st_size for p in files), len(files)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-smoke", action="store_true", help="build only")
    args = parser.parse_args(argv)
    command = [
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--clean",
        "--log-level",
        "WARN",
        "--distpath",
        str(DIST),
        "--workpath",
        str(WORK),
        str(SPEC),
    ]
    start = time.perf_counter()
    built = subprocess.run(command, cwd=ROOT, check=False)
    seconds = time.perf_counter() - start
    if built.returncode != 0:
        print(
            f"build_bundle: PyInstaller failed (exit {built.returncode}); see its messages above",
            file=sys.stderr,
        )
        return built.returncode
    size, count = folder_size(DIST / APP_NAME)
    print(f"bundle: {DIST / APP_NAME} ({size / 1e6:.0f} MB in {count} files), built in {seconds:.1f} s")
    if args.no_smoke:
        return 0
    return subprocess.run(
        [sys.executable, str(ROOT / "packaging" / "smoke_test.py"), str(bundle_program())], check=False
    ).returncode


if __name__ == "__main__":
    sys.exit(main())
