"""packaging/smoke_test.py, which `make package` runs on the frozen bundle, told apart a working
program from broken ones. Here the "bundle" is a two-line launcher of this checkout's Quaestio,
so the test runs in seconds; the real bundle is smoke-tested by `make package`."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

from tests.packaging.helpers import PACKAGING, tool


def launcher(folder: Path, name: str, extra: str = "") -> Path:
    path = folder / name
    path.write_text(f'#!/bin/sh\n{extra}\nexec "{sys.executable}" -m desktop "$@"\n', encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


def smoke(program: Path) -> subprocess.CompletedProcess[str]:
    tool("xvfb-run")
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    return subprocess.run(
        [sys.executable, str(PACKAGING / "smoke_test.py"), str(program)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=300,
    )


def test_a_working_program_passes_with_start_times(tmp_path):
    result = smoke(launcher(tmp_path, "quaestio"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "smoke test passed" in result.stdout
    assert "first start, creating the demo project:" in result.stdout
    assert "healthy" in result.stdout


def test_noise_on_stderr_fails_the_smoke_test(tmp_path):
    result = smoke(launcher(tmp_path, "noisy", extra='echo "Qt: something is wrong" >&2'))
    assert result.returncode == 1
    assert "smoke test FAILED" in result.stderr and "output on stderr" in result.stderr


def test_a_program_that_does_not_open_the_project_fails(tmp_path):
    broken = tmp_path / "broken"
    broken.write_text('#!/bin/sh\necho "Quaestio 0.0"\nexit 0\n', encoding="utf-8")
    broken.chmod(0o755)
    result = smoke(broken)
    assert result.returncode == 1 and "smoke test FAILED" in result.stderr


def test_a_missing_bundle_is_explained(tmp_path):
    result = smoke(tmp_path / "dist" / "Quaestio" / "quaestio")
    assert result.returncode == 2 and "make package" in result.stderr
