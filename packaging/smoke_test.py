r"""Smoke test of a frozen Quaestio bundle: does it start, open the demo project and quit cleanly?

    python packaging/smoke_test.py dist/Quaestio/quaestio                      (Linux)
    python packaging\smoke_test.py dist\Quaestio\quaestio-cli.exe              (Windows)
    python packaging/smoke_test.py dist/Quaestio.app/Contents/MacOS/Quaestio   (macOS)

Starts the bundle with a new temporary data folder and `--quit-after-load` (under Xvfb when no
display is available; this script re-runs itself inside `xvfb-run`), checks that it printed
"opened <data>/projects/Khalkhin Gol demo.quaestio", exited 0 and wrote nothing to stderr, that
the project file it created is a healthy Quaestio project (`quaestio check`), and that a second
start, on the existing project, works too. Prints the start times. Exit 0 when all passed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from desktop import APP_NAME, __version__  # noqa: E402  (the path above makes the checkout importable)
from desktop.paths import DEMO_FILE_NAME  # noqa: E402

INSIDE_XVFB = "QUAESTIO_SMOKE_INSIDE_XVFB"
TIMEOUT = 60  # seconds for one start; a hang fails instead of blocking the build


class SmokeFailure(Exception):
    pass


def run(command: list[str], env: dict[str, str]) -> tuple[subprocess.CompletedProcess[str], float]:
    start = time.perf_counter()
    try:
        result = subprocess.run(
            command, capture_output=True, text=True, env=env, timeout=TIMEOUT, check=False
        )
    except subprocess.TimeoutExpired as exc:
        raise SmokeFailure(f"{' '.join(command)} did not finish within {TIMEOUT} s") from exc
    return result, time.perf_counter() - start


def expect(result: subprocess.CompletedProcess[str], what: str, stdout_line: str) -> None:
    problems = []
    if result.returncode != 0:
        problems.append(f"exit code {result.returncode}")
    if stdout_line not in result.stdout.splitlines():
        problems.append(f"no line {stdout_line!r} on stdout")
    if result.stderr.strip():
        problems.append("output on stderr")
    if problems:
        raise SmokeFailure(
            f"{what}: {', '.join(problems)}\n--- stdout:\n{result.stdout}--- stderr:\n{result.stderr}"
        )


def smoke(executable: Path) -> list[str]:
    """Run the checks; returns the report lines, raises SmokeFailure on the first failure."""
    report = []
    with tempfile.TemporaryDirectory(prefix="quaestio-smoke-") as tmp:
        data = (Path(tmp) / "data").resolve()  # as Quaestio prints it (/var -> /private/var on macOS)
        runtime = Path(tmp) / "runtime"
        runtime.mkdir(mode=0o700)
        env = {**os.environ, "XDG_RUNTIME_DIR": str(runtime), "HOME": tmp}
        env.pop("QUAESTIO_DATA_DIR", None)
        demo = data / "projects" / DEMO_FILE_NAME

        version, _ = run([str(executable), "--version"], env)
        expect(version, "--version", f"{APP_NAME} {__version__}")

        first, first_seconds = run([str(executable), "--data-dir", str(data), "--quit-after-load"], env)
        expect(first, "first start (creates the demo project)", f"opened {demo}")
        if not demo.is_file():
            raise SmokeFailure(f"first start said it opened {demo}, but there is no such file")
        report.append(f"first start, creating the demo project: {first_seconds:.2f} s")

        again, again_seconds = run([str(executable), "--data-dir", str(data), "--quit-after-load"], env)
        expect(again, "second start (opens the existing project)", f"opened {demo}")
        report.append(f"second start, opening it: {again_seconds:.2f} s")

        check, _ = run([str(executable), "check", str(demo)], env)
        if check.returncode != 0 or "healthy" not in check.stdout:
            raise SmokeFailure(f"'quaestio check' on the demo project failed:\n{check.stdout}{check.stderr}")
        report.append(f"quaestio check: {check.stdout.strip()}")
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Smoke-test a frozen Quaestio bundle.")
    parser.add_argument("executable", type=Path, help="the bundle's program, e.g. dist/Quaestio/quaestio")
    parser.add_argument("--no-xvfb", action="store_true", help="use the current display (or offscreen)")
    args = parser.parse_args(argv)
    executable = args.executable.absolute()
    if not os.access(executable, os.X_OK):
        print(f"smoke test: {executable} is not an executable; build it with 'make package'", file=sys.stderr)
        return 2

    # Windows and macOS always have a display; a Linux build machine often has none.
    has_display = not sys.platform.startswith("linux") or bool(
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    )
    if not (has_display or args.no_xvfb or os.environ.get(INSIDE_XVFB)):
        if shutil.which("xvfb-run") is None:
            print(
                "smoke test: no display and no xvfb-run (Debian: apt-get install xvfb xauth)", file=sys.stderr
            )
            return 2
        # One X server for every start, so the times measure Quaestio, not Xvfb's start-up.
        command = [
            "xvfb-run",
            "-a",
            "-s",
            "-screen 0 1280x1024x24",
            sys.executable,
            __file__,
            str(executable),
        ]
        return subprocess.run(command, env={**os.environ, INSIDE_XVFB: "1"}, check=False).returncode

    if os.environ.get(INSIDE_XVFB):
        os.environ.pop("QT_QPA_PLATFORM", None)  # the real xcb platform, as a user gets it
    try:
        lines = smoke(executable)
    except SmokeFailure as failure:
        print(f"smoke test FAILED: {failure}", file=sys.stderr)
        return 1
    for line in lines:
        print(f"smoke test: {line}")
    print(f"smoke test passed ({executable})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
