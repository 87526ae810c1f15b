"""How the app's work grows with the project: 1x, 10x and 50x (BENCHMARKS.md, "Growth").

1x is 2,000 requests (generator scale 0.02: 40 questions, 10 archives, 2,000 notes), 10x is
scale 0.2 and 50x is the large project of the benchmarks (scale 1.0: 100,000 requests). Each
figure is the median of 5 runs, in ms, measured as in test_large_bench / test_search_bench.
Run: `QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.bench.growth [scale ...]`.
"""

from __future__ import annotations

import sys
import tempfile
import time

from PySide6.QtCore import Qt

from desktop.app import make_application
from desktop.paths import resolve_paths
from desktop.store import queries
from desktop.store.project import open_project
from desktop.store.search import search
from tests.bench.generate import WHO, large_project
from tests.bench.results import median_ms

SCALES = (0.02, 0.2, 1.0)


def measure(scale: float) -> dict[str, float]:
    from desktop.ui.main_window import MainWindow

    path = large_project(scale)
    app = make_application()
    window = MainWindow(resolve_paths(tempfile.mkdtemp(prefix="growth-")).ensure())
    window.interactive = False
    window.show()
    app.processEvents()
    figures: dict[str, float] = {}

    def reopen() -> None:
        window.close_project()
        window.runner.wait()
        app.processEvents()
        started = time.perf_counter()
        window.open_project(path)
        app.processEvents()
        times.append((time.perf_counter() - started) * 1000)

    times: list[float] = []
    for _ in range(5):
        reopen()
    figures["open"] = sorted(times)[2]
    window.show_page("Requests")
    app.processEvents()
    view, model = window.requests_view.view, window.requests_view.model

    def by_question() -> None:
        view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        app.processEvents()
        view.scrollToTop()

    def by_due() -> None:
        view.sortByColumn(model.column_named("Due"), Qt.SortOrder.AscendingOrder)
        view.viewport().repaint()

    figures["sort by due"] = median_ms(by_due, prepare=by_question)

    def top() -> None:
        view.scrollToTop()
        app.processEvents()
        model.forget_rows()

    def end() -> None:
        view.scrollToBottom()
        view.viewport().repaint()

    figures["scroll to end"] = median_ms(end, prepare=top)
    window.close_project()
    window.runner.wait()
    with open_project(path, WHO, readonly=True) as project:
        figures["question counts"] = median_ms(lambda: project.read(queries.question_counts))
        for label, query in (("search Latin", "archive"), ("search Japanese 2 chars", "戦史")):
            project.read(search, query=query)
            figures[label] = median_ms(lambda q=query: project.read(search, query=q))
        figures["requests"] = project.read(queries.request_count)
    window.deleteLater()
    return figures


if __name__ == "__main__":
    scales = [float(a) for a in sys.argv[1:]] or list(SCALES)
    rows = {scale: measure(scale) for scale in scales}
    names = list(next(iter(rows.values())))
    print(
        "| figure | " + " | ".join(f"x{s:g} ({int(rows[s]['requests']):,} requests)" for s in scales) + " |"
    )
    print("|---|" + "---|" * len(scales))
    for name in names:
        if name != "requests":
            print(f"| {name} (ms) | " + " | ".join(f"{rows[s][name]:.1f}" for s in scales) + " |")
