# pressroom: `make run` serves the demo, `make test` runs the whole suite.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app app
export PRESSROOM_DATA_DIR ?= $(CURDIR)/instance

.PHONY: run test test-postgres test-browser install install-test system-deps catalogs \
        extract-messages update-catalogs lint lock clean browser-deps live-editor \
        docs-screenshots docs-pdf-pngs

$(VENV)/bin/activate:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

# Installs are reproducible: exact versions and hashes from the lock files (`make lock`
# writes them from pyproject.toml), then the project itself without dependencies.
$(VENV)/.installed: requirements.lock pyproject.toml | $(VENV)/bin/activate
	$(PY) -m pip install -q --require-hashes -r requirements.lock
	$(PY) -m pip install -q --no-deps -e .
	touch $@

$(VENV)/.installed-test: requirements-test.lock pyproject.toml | $(VENV)/bin/activate
	$(PY) -m pip install -q --require-hashes -r requirements-test.lock
	$(PY) -m pip install -q --no-deps -e .
	touch $@ $(VENV)/.installed

# After changing dependencies in pyproject.toml: pin them again (tests/test_lock.py fails
# until then). Existing pins are kept where still allowed; `make lock UPGRADE=1` moves
# every pin to the newest allowed version.
PIP_COMPILE = $(VENV)/bin/pip-compile -q --generate-hashes --allow-unsafe --strip-extras \
	--no-emit-index-url --no-emit-find-links $(if $(UPGRADE),--upgrade)
lock: $(VENV)/.installed-test
	$(PIP_COMPILE) --extra test -o requirements-test.lock pyproject.toml
	$(PIP_COMPILE) -c requirements-test.lock -o requirements.lock pyproject.toml

install: system-deps $(VENV)/.installed catalogs
install-test: system-deps $(VENV)/.installed-test catalogs

system-deps:
	@bash scripts/system-deps.sh

# Compiled catalogs (.mo) are built, never committed.
catalogs: $(VENV)/.installed
	@$(VENV)/bin/pybabel compile -d translations --statistics

extract-messages: $(VENV)/.installed
	$(VENV)/bin/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k msg --no-wrap \
	  -o translations/messages.pot .

update-catalogs: extract-messages
	$(VENV)/bin/pybabel update -i translations/messages.pot -d translations \
	  --no-fuzzy-matching --no-wrap

run: install live-editor
	$(FLASK) db upgrade
	$(FLASK) seed-demo
	@echo "pressroom is serving on http://127.0.0.1:5000 (Ctrl-C stops it)"
	PRESSROOM_INSECURE_COOKIES=1 $(FLASK) run --host 127.0.0.1 --port 5000

# Browser tests: Debian's Chromium and axe-core from package-lock.json (npm ci leaves old
# mtimes, hence the touch).
node_modules/axe-core/axe.min.js: package.json package-lock.json
	@command -v npm >/dev/null || bash scripts/system-deps.sh --npm
	npm ci --no-audit --no-fund
	touch $@

browser-deps: node_modules/axe-core/axe.min.js
	@bash scripts/system-deps.sh --browser

# The live editor (Yjs, y-websocket, CodeMirror 6 + y-codemirror.next, y-indexeddb) from
# the npm registry, bundled by esbuild into static/live/live.js: built, never committed.
LIVE_SOURCES := $(wildcard assets/live/*.js)
static/live/live.js: $(LIVE_SOURCES) node_modules/axe-core/axe.min.js
	node_modules/.bin/esbuild assets/live/live.js --bundle --minify --format=iife \
	  --target=es2020 --legal-comments=external --outfile=$@

live-editor: static/live/live.js

# The whole suite: unit, service, web, PostgreSQL-only (on the local server, in a private
# schema) and browser tests.
test: install-test browser-deps live-editor lint
	REQUIRE_BROWSER=1 REQUIRE_PKCS11=1 $(PY) -m pytest -q

# The suite again with PostgreSQL as the application database. The browser journey runs
# its own server on SQLite, so it is not repeated here.
test-postgres: install-test
	DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/test REQUIRE_POSTGRES=1 REQUIRE_PKCS11=1 \
	  $(PY) -m pytest -q -m "not browser"

test-browser: install-test browser-deps live-editor
	REQUIRE_BROWSER=1 $(PY) -m pytest -q tests/e2e

docs-screenshots: install-test browser-deps
	$(PY) scripts/docs_screenshots.py

# Page 1 of the demo release's PDF in each language, for the README (60 dpi).
DOCS_PDF_TMP ?= $(CURDIR)/.docs-pdf
docs-pdf-pngs: install
	rm -rf $(DOCS_PDF_TMP)
	$(PY) scripts/render_demo.py --pdf-only $(DOCS_PDF_TMP) en ru fr
	for lang in en ru fr; do cp $(DOCS_PDF_TMP)/$$lang-1.png docs/release-$$lang.png; done
	rm -rf $(DOCS_PDF_TMP)

# The same checks run as pre-commit hooks (.pre-commit-config.yaml).
lint: $(VENV)/.installed-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache build
	find translations -name '*.mo' -delete
