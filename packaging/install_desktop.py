"""Install (or remove) Quaestio's Linux desktop integration for the current user.

    python packaging/install_desktop.py [--exec COMMAND] [--prefix DIR] [--uninstall]

Copies the .desktop entry, the AppStream metainfo, the shared-mime-info file for .quaestio
projects and the icons under $XDG_DATA_HOME (~/.local/share), then refreshes the desktop, MIME
and icon caches with whichever of update-desktop-database, update-mime-database and
gtk-update-icon-cache are installed. `make install-desktop` runs it with the checkout's
`quaestio`; for a frozen bundle pass `--exec /path/to/Quaestio/quaestio`.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from desktop import APP_ID  # noqa: E402  (the path above makes the checkout importable)

LINUX = HERE / "linux"
ICONS = HERE / "icons"
SVG = ROOT / "resources" / "icons" / f"{APP_ID}.svg"


def default_prefix() -> Path:
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")


def quote_exec(program: str) -> str:
    """`program` as the first word of a desktop entry's Exec key (the spec's quoting rules)."""
    program = program.replace("%", "%%")  # a lone % would start a field code
    if not re.search(r'[\s"\'\\><~|&;$*?#()`]', program):
        return program
    escaped = program.replace("\\", "\\\\").replace('"', '\\"').replace("`", "\\`").replace("$", "\\$")
    # The desktop file format then escapes backslashes once more.
    return '"' + escaped.replace("\\", "\\\\") + '"'


def desktop_entry(program: str) -> str:
    """The shipped .desktop file with Exec and TryExec pointing at `program`."""
    text = (LINUX / f"{APP_ID}.desktop").read_text(encoding="utf-8")
    text = re.sub(r"(?m)^Exec=\S+", lambda _m: "Exec=" + quote_exec(program), text)
    if os.path.isabs(program):
        text = re.sub(r"(?m)^TryExec=.*$", lambda _m: "TryExec=" + quote_exec(program), text)
    return text


def planned_files(prefix: Path) -> dict[Path, Path | None]:
    """Target -> source (None for the generated .desktop entry)."""
    files: dict[Path, Path | None] = {
        prefix / "applications" / f"{APP_ID}.desktop": None,
        prefix / "metainfo" / f"{APP_ID}.metainfo.xml": LINUX / f"{APP_ID}.metainfo.xml",
        prefix / "mime" / "packages" / f"{APP_ID}.xml": LINUX / f"{APP_ID}.xml",
        prefix / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg": SVG,
    }
    for png in sorted((ICONS / "hicolor").glob(f"*/apps/{APP_ID}.png")):
        files[prefix / "icons" / png.relative_to(ICONS)] = png
    return files


def refresh_caches(prefix: Path) -> list[str]:
    """Run the cache tools that exist; returns the ones run (missing tools are fine)."""
    commands = [
        ["update-desktop-database", "-q", str(prefix / "applications")],
        ["update-mime-database", str(prefix / "mime")],
        ["gtk-update-icon-cache", "-q", "-t", "-f", str(prefix / "icons" / "hicolor")],
    ]
    # A user-level icon cache that later goes stale hides other programs' icons, so one is
    # only refreshed where it already exists; without it the icon theme reads the folders.
    if not (prefix / "icons" / "hicolor" / "icon-theme.cache").exists():
        commands.pop()
    # update-mime-database warns when the folder is not on the XDG search path (a custom prefix)
    env = {**os.environ, "XDG_DATA_HOME": str(prefix)}
    ran = []
    for command in commands:
        if shutil.which(command[0]) and Path(command[-1]).is_dir():
            subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=env)
            ran.append(command[0])
    return ran


def install(prefix: Path, program: str) -> list[Path]:
    written = []
    for target, source in planned_files(prefix).items():
        target.parent.mkdir(parents=True, exist_ok=True)
        if source is None:
            target.write_text(desktop_entry(program), encoding="utf-8")
        else:
            shutil.copyfile(source, target)
        written.append(target)
    return written


def uninstall(prefix: Path) -> list[Path]:
    removed = []
    for target in planned_files(prefix):
        if target.exists():
            target.unlink()
            removed.append(target)
    return removed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--exec",
        dest="program",
        default="quaestio",
        help="the command that starts Quaestio (default: quaestio, found on PATH)",
    )
    parser.add_argument("--prefix", type=Path, default=None, help="default: $XDG_DATA_HOME or ~/.local/share")
    parser.add_argument("--uninstall", action="store_true", help="remove the files instead")
    args = parser.parse_args(argv)
    prefix = (args.prefix or default_prefix()).expanduser().absolute()
    if args.uninstall:
        done = uninstall(prefix)
        print(f"removed {len(done)} files from {prefix}")
    else:
        program = args.program
        if os.sep in program:
            program = str(Path(program).expanduser().absolute())
            if not os.access(program, os.X_OK):
                print(f"install_desktop: {program} is not an executable program", file=sys.stderr)
                return 2
        elif shutil.which(program) is None:
            print(f"install_desktop: note: '{program}' is not on PATH yet; the menu entry needs it there")
        done = install(prefix, program)
        print(f"installed {len(done)} files under {prefix} (starts: {program})")
    ran = refresh_caches(prefix)
    print("refreshed: " + (", ".join(ran) if ran else "no cache tools found (nothing to refresh)"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
