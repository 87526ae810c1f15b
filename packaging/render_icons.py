"""Render the application icon's PNG sizes, the Windows .ico and the macOS .icns from the SVG.

    python packaging/render_icons.py

Run it after changing the SVG in `resources/icons/` and commit the results;
`tests/packaging/test_icons.py` fails while they are out of date. The .ico and .icns are written
by hand (both formats are a small index in front of PNG images), so no Pillow or Apple tool is
needed on Linux.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from desktop import APP_ID  # noqa: E402  (the path above makes the checkout importable)

SVG = ROOT / "resources" / "icons" / f"{APP_ID}.svg"
ICONS = ROOT / "packaging" / "icons"
HICOLOR_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# icns element types holding PNG data, and the pixel size of each (the @2x ones are Retina).
ICNS_TYPES = (
    (b"icp4", 16),
    (b"icp5", 32),
    (b"icp6", 64),
    (b"ic07", 128),
    (b"ic08", 256),
    (b"ic09", 512),
    (b"ic10", 1024),
    (b"ic11", 32),
    (b"ic12", 64),
    (b"ic13", 256),
    (b"ic14", 512),
)


def hicolor_png(size: int, root: Path = ICONS) -> Path:
    """Where the PNG of one size lives, laid out as in an icon theme (hicolor/48x48/apps/...)."""
    return root / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"


def render_png(size: int, svg: Path = SVG) -> bytes:
    """The icon drawn at `size` x `size` pixels, as PNG bytes."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication(["render_icons"])
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"render_icons: {svg} is not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.convertToFormat(QImage.Format.Format_ARGB32).save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """A Windows .ico holding PNG images (supported since Windows Vista)."""
    sizes = sorted(pngs)
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = len(header) + 16 * len(sizes)
    entries, images = b"", b""
    for size in sizes:
        data = pngs[size]
        dimension = 0 if size >= 256 else size  # 0 means 256 in the directory entry
        entries += struct.pack("<BBBBHHII", dimension, dimension, 0, 0, 1, 32, len(data), offset)
        images += data
        offset += len(data)
    return header + entries + images


def icns_bytes(pngs: dict[int, bytes]) -> bytes:
    """A macOS .icns holding PNG images, from 16 px up to 1024 px (512 px @2x)."""
    body = b"".join(kind + struct.pack(">I", 8 + len(pngs[size])) + pngs[size] for kind, size in ICNS_TYPES)
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def render_all(root: Path = ICONS, svg: Path = SVG) -> list[Path]:
    """Write every PNG size, the .ico and the .icns under `root`; returns the files written."""
    sizes = sorted({*HICOLOR_SIZES, *ICO_SIZES, *(size for _kind, size in ICNS_TYPES)})
    pngs = {size: render_png(size, svg) for size in sizes}
    written = []
    for size in HICOLOR_SIZES:
        target = hicolor_png(size, root)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(pngs[size])
        written.append(target)
    ico = root / "quaestio.ico"
    ico.write_bytes(ico_bytes({size: pngs[size] for size in ICO_SIZES}))
    icns = root / "quaestio.icns"
    icns.write_bytes(icns_bytes(pngs))
    return [*written, ico, icns]


if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    for path in render_all():
        print(path.relative_to(ROOT))
