"""PDF letters per second (DESIGN §9: at least 20), printed by `make bench`.

Measures the whole export of one letter as the batch dialog and `quaestio export-letter` do it:
read the request from the project, fill in the template in the sandbox, lay out and write the
PDF with its fonts embedded, and record the letter in the project.
"""

from __future__ import annotations

import time
from datetime import date

from desktop.letters.export import export_letter, prepare
from desktop.letters.pdf import write_pdf
from tests.bench.results import record
from tests.unit.letters.helpers import HELEN, SAMPLES, request_of

BUDGET = 20.0  # letters per second
ROUNDS = 10  # letters per language


def test_pdf_letters_per_second(qapp, demo, tmp_path):
    requests = {language: request_of(demo, archive) for language, archive in SAMPLES.items()}
    # warm up: fonts loaded, templates compiled
    for request_id in requests.values():
        write_pdf(prepare(demo, request_id, HELEN, date(2026, 11, 26)), tmp_path / "warm.pdf")

    rates = {}
    for language, request_id in requests.items():
        started = time.perf_counter()
        for n in range(ROUNDS):
            letter = prepare(demo, request_id, HELEN, date(2026, 11, 26))
            export_letter(demo, letter, "pdf", tmp_path / f"{language}-{n}.pdf")
        rates[language] = ROUNDS / (time.perf_counter() - started)
    total = len(rates) * ROUNDS / sum(ROUNDS / r for r in rates.values())
    print()
    for language, rate in rates.items():
        print(f"PDF letters per second, {language}: {rate:.1f}")
    print(f"PDF letters per second, all languages: {total:.1f} (budget: at least {BUDGET:.0f})")
    assert record("PDF letters per second", total, "letters/s", f">= {BUDGET:g}")
