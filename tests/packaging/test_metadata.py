"""The Linux desktop metadata validates and agrees with desktop/__init__.py, the one place
that names the application; the icons and screenshots it points at exist at the stated sizes."""

from __future__ import annotations

import configparser
import re
import struct
import subprocess
import tomllib
import xml.etree.ElementTree as ET
from datetime import date

from desktop import APP_ID, APP_NAME, __version__
from desktop.store.engine import APPLICATION_ID
from tests.packaging.helpers import LINUX, PACKAGING, REPO, packaging_module, png_size, tool

DESKTOP_FILE = LINUX / f"{APP_ID}.desktop"
METAINFO = LINUX / f"{APP_ID}.metainfo.xml"
MIME = LINUX / f"{APP_ID}.xml"
MIME_NS = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}


def desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # keys are case-sensitive
    parser.read(DESKTOP_FILE, encoding="utf-8")
    return parser["Desktop Entry"]


def pyproject() -> dict:
    return tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))


def test_desktop_file_passes_desktop_file_validate():
    result = subprocess.run(
        [tool("desktop-file-validate"), str(DESKTOP_FILE)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0 and result.stdout.strip() == "", result.stdout + result.stderr


def test_metainfo_passes_appstreamcli_validate():
    result = subprocess.run(
        [tool("appstreamcli"), "validate", "--no-net", str(METAINFO)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "E:" not in result.stdout and "W:" not in result.stdout, result.stdout


def test_desktop_entry_names_the_app_its_icon_and_the_project_file_type():
    entry = desktop_entry()
    scripts = pyproject()["project"]["scripts"]
    assert entry["Name"] == APP_NAME
    assert entry["Icon"] == APP_ID
    assert entry["StartupWMClass"] == APP_NAME  # Qt's WM_CLASS class is the application name
    program, *arguments = entry["Exec"].split()
    assert program in scripts and arguments == ["%f"]  # %f: a double-clicked file arrives as argv
    assert entry["MimeType"] == "application/x-quaestio;"


def test_metainfo_agrees_with_the_app_identity_and_the_newest_release_is_this_version():
    root = ET.parse(METAINFO).getroot()
    assert root.findtext("id") == APP_ID
    assert root.findtext("name") == APP_NAME
    assert root.findtext("launchable") == DESKTOP_FILE.name
    assert root.findtext("icon") == APP_ID
    assert root.findtext("project_license") == pyproject()["project"]["license"]
    assert root.findtext("provides/binary") in pyproject()["project"]["scripts"]
    assert root.findtext("provides/mediatype") == "application/x-quaestio"
    releases = root.findall("releases/release")
    assert releases, "the metainfo needs release notes"
    newest = releases[0]
    assert newest.get("version") == __version__, (
        f"desktop/__init__.py says {__version__}: add its release notes at the top of {METAINFO.name}"
    )
    dates = [date.fromisoformat(r.get("date", "")) for r in releases]
    assert dates == sorted(dates, reverse=True), "releases go newest first"
    assert newest.find("description") is not None and len(newest.findall("description/ul/li")) >= 2


def test_metainfo_screenshots_are_the_files_in_packaging_at_their_stated_sizes():
    shots = ET.parse(METAINFO).getroot().findall("screenshots/screenshot/image")
    assert len(shots) >= 1
    for image in shots:
        url = image.text or ""
        assert url.startswith("https://"), url
        local = PACKAGING / "screenshots" / url.rsplit("/", 1)[-1]
        assert local.is_file(), f"{url} should be published from {local}"
        assert png_size(local.read_bytes()) == (int(image.get("width", 0)), int(image.get("height", 0))), (
            local
        )


def test_mime_type_matches_quaestio_projects_by_name_and_by_their_sqlite_header():
    mime_type = ET.parse(MIME).getroot().find("m:mime-type", MIME_NS)
    assert mime_type is not None and mime_type.get("type") == "application/x-quaestio"
    assert [g.get("pattern") for g in mime_type.findall("m:glob", MIME_NS)] == ["*.quaestio"]
    assert mime_type.find("m:sub-class-of", MIME_NS).get("type") == "application/vnd.sqlite3"
    assert mime_type.find("m:icon", MIME_NS).get("name") == APP_ID
    outer = mime_type.find("m:magic/m:match", MIME_NS)
    assert (outer.get("type"), outer.get("value"), outer.get("offset")) == ("string", "SQLite format 3", "0")
    inner = outer.find("m:match", MIME_NS)  # nested: both must match
    assert inner.get("type") == "big32" and inner.get("offset") == "68"
    assert int(inner.get("value"), 16) == APPLICATION_ID  # PRAGMA application_id sits at byte 68


def test_packaging_scripts_and_spec_take_the_identity_from_the_package():
    """No copy of the id or version to forget when they change."""
    for path in [PACKAGING / "quaestio.spec", *PACKAGING.glob("*.py")]:
        text = path.read_text(encoding="utf-8")
        assert APP_ID not in text and f'"{__version__}"' not in text, f"{path.name} hard-codes the identity"
    spec = (PACKAGING / "quaestio.spec").read_text(encoding="utf-8")
    assert re.search(r"^from desktop import APP_ID, APP_NAME, __version__", spec, re.MULTILINE)


def test_icon_sizes_ico_and_icns_hold_the_sizes_platforms_ask_for():
    icons = packaging_module("render_icons")
    for size in icons.HICOLOR_SIZES:
        assert png_size(icons.hicolor_png(size).read_bytes()) == (size, size), size
    ico = (PACKAGING / "icons" / "quaestio.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", ico[:6])
    assert (reserved, kind, count) == (0, 1, len(icons.ICO_SIZES))
    sizes = []
    for index in range(count):
        width, _h, _c, _r, _planes, _bits, length, offset = struct.unpack(
            "<BBBBHHII", ico[6 + 16 * index : 22 + 16 * index]
        )
        assert png_size(ico[offset : offset + length])[0] == (width or 256)
        sizes.append(width or 256)
    assert sorted(sizes) == sorted(icons.ICO_SIZES)
    icns = (PACKAGING / "icons" / "quaestio.icns").read_bytes()
    assert icns[:4] == b"icns" and struct.unpack(">I", icns[4:8])[0] == len(icns)
    found, position = {}, 8
    while position < len(icns):
        kind, length = (
            icns[position : position + 4],
            struct.unpack(">I", icns[position + 4 : position + 8])[0],
        )
        found[kind] = png_size(icns[position + 8 : position + length])[0]
        position += length
    assert found == {kind: size for kind, size in icons.ICNS_TYPES}
