# Quaestio developer commands. `make run` and `make test` set everything up themselves.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: run test test-faults lint bench system venv clean

run: system $(STAMP)
	$(BIN)/quaestio

test: system $(STAMP)
	QT_QPA_PLATFORM=offscreen LANG=C.UTF-8 $(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check desktop tests packaging
	$(BIN)/ruff format --check desktop tests packaging

bench: system $(STAMP)
	QT_QPA_PLATFORM=offscreen LANG=C.UTF-8 $(BIN)/python -m pytest -q -s tests/bench

# The reliability suite in full: 100 kill -9 cycles per harness and 10x the fuzzing examples
# (about 15 minutes here). `make test` runs the same tests with 10/5 cycles.
test-faults: system $(STAMP)
	QT_QPA_PLATFORM=offscreen LANG=C.UTF-8 QUAESTIO_FAULT_CYCLES=100 HYPOTHESIS_PROFILE=faults \
	  $(BIN)/python -m pytest -q -s tests/faults tests/unit/test_fuzz.py

system:
	@tools/system-packages.sh

venv: $(STAMP)

# The venv is rebuilt when the pinned versions or the project metadata change.
$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Quaestio needs Python 3.11 or newer")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || { \
	  echo "Could not create a virtual environment; on Debian/Ubuntu: sudo apt-get install python3-venv" >&2; exit 1; }
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -c constraints.txt -e '.[dev]'
	@touch $(STAMP)

clean:
	rm -rf $(VENV) build dist .pytest_cache .ruff_cache

# Packaging (packaging/README.md). PyInstaller comes from the `package` extra, installed only here.
.PHONY: package install-desktop uninstall-desktop
PACKAGE_STAMP  := $(VENV)/.package-stamp
QUAESTIO_EXEC ?= $(CURDIR)/$(BIN)/quaestio

package: system $(PACKAGE_STAMP)
	$(BIN)/python packaging/build_bundle.py

$(PACKAGE_STAMP): $(STAMP)
	$(BIN)/python -m pip install -q -c constraints.txt -e '.[dev,package]'
	@touch $(PACKAGE_STAMP)

# Menu entry, icon and .quaestio file type for the current user (~/.local/share); the entry starts
# $(QUAESTIO_EXEC): `make install-desktop QUAESTIO_EXEC=quaestio` for a pipx install.
install-desktop: $(STAMP)
	$(BIN)/python packaging/install_desktop.py --exec '$(QUAESTIO_EXEC)'

uninstall-desktop: $(STAMP)
	$(BIN)/python packaging/install_desktop.py --uninstall
