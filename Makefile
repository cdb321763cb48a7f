# bettercare: `make demo` serves the demo; `make test` runs every test. Both set themselves up.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.8
PORT ?= 8000

.PHONY: demo test test-fast lint bench pdf-deps test-deps bytecode clean

$(BIN)/.installed: requirements/lock.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	$(BIN)/uv pip install --quiet --compile-bytecode --python $(BIN)/python -r requirements/lock.txt
	$(BIN)/uv pip install --quiet --compile-bytecode --python $(BIN)/python --no-deps -e .
	touch $@

# Byte code for the project's own modules (an editable install leaves them to the first import, and
# PYTHONDONTWRITEBYTECODE=1, common on CI runners and containers, means every command would compile
# them again). Quick when nothing changed.
bytecode: $(BIN)/.installed
	@$(BIN)/python -m compileall -q -j 0 src

# Debian packages, installed only when missing: Pango for WeasyPrint's PDFs (demo and tests);
# Chromium (browser tests), poppler-utils (PDF text and rendering checks), a Java runtime (Spark).
APT_INSTALL = SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); $$SUDO apt-get update -qq && \
	$$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends
pdf-deps:
	@ldconfig -p | grep -q libpangoft2-1.0 || { $(APT_INSTALL) libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core >/dev/null; }

test-deps: pdf-deps
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	command -v pdftotext >/dev/null 2>&1 || missing="$$missing poppler-utils"; \
	command -v java >/dev/null 2>&1 || missing="$$missing default-jre-headless"; \
	[ -z "$$missing" ] || { echo "Installing Debian packages:$$missing"; $(APT_INSTALL) $$missing >/dev/null; }

demo: bytecode pdf-deps
	$(BIN)/bettercare demo --serve --port $(PORT)

test: bytecode test-deps
	$(BIN)/pytest

test-fast: bytecode
	$(BIN)/pytest -m "not browser"

lint: $(BIN)/.installed
	$(BIN)/ruff check src tests benchmarks

bench: bytecode test-deps
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) var .pytest_cache
