"""The committed icon PNGs are what packaging/render_icons.py draws from the SVG today."""

from __future__ import annotations

from pathlib import Path

from tests.packaging.helpers import packaging_module

icons = packaging_module("render_icons")
HICOLOR = {size: icons.hicolor_png(size) for size in icons.HICOLOR_SIZES}
TOLERANCE = 8  # per colour channel: antialiasing may differ a little between machines


def pixels(path: Path) -> tuple[int, int, bytes]:
    from PySide6.QtGui import QImage

    image = QImage(str(path)).convertToFormat(QImage.Format.Format_RGBA8888)
    assert not image.isNull(), path
    return image.width(), image.height(), bytes(image.constBits())


def test_committed_icons_match_the_svg(qapp, tmp_path):
    icons.render_all(tmp_path)
    stale = []
    for size, committed in HICOLOR.items():
        fresh = icons.hicolor_png(size, tmp_path)
        (w1, h1, old), (w2, h2, new) = pixels(committed), pixels(fresh)
        if (w1, h1) != (w2, h2) or max(abs(a - b) for a, b in zip(old, new, strict=True)) > TOLERANCE:
            stale.append(committed.name + f" {size}px")
    assert not stale, f"icons out of date with the SVG ({stale}): run python packaging/render_icons.py"
    for name in ("quaestio.ico", "quaestio.icns"):
        assert (tmp_path / name).stat().st_size > 1000


def test_the_window_icon_renders_at_menu_size(qapp):
    """The SVG itself (the window icon and the scalable theme icon) draws, not an empty square."""
    from PySide6.QtGui import QIcon

    from desktop import APP_ID
    from desktop.resources import resource_path

    image = QIcon(str(resource_path("icons", f"{APP_ID}.svg"))).pixmap(32, 32).toImage()
    assert image.width() == 32
    opaque = sum(1 for x in range(32) for y in range(32) if image.pixelColor(x, y).alpha() > 200)
    assert opaque > 32 * 32 // 2
