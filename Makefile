# pressroom: `make run` serves the demo, `make test` runs the whole suite.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app app
export PRESSROOM_DATA_DIR ?= $(CURDIR)/instance

.PHONY: run test test-postgres test-browser install install-test system-deps catalogs \
        extract-messages update-catalogs lint clean

$(VENV)/bin/activate:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(VENV)/bin/activate
	$(PY) -m pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(VENV)/bin/activate
	$(PY) -m pip install -q -e '.[test]'
	touch $@ $(VENV)/.installed

install: system-deps $(VENV)/.installed catalogs
install-test: system-deps $(VENV)/.installed-test catalogs

system-deps:
	@bash scripts/system-deps.sh

# Compiled catalogs (.mo) are built, never committed.
catalogs: $(VENV)/.installed
	@$(VENV)/bin/pybabel compile -d translations --statistics

extract-messages: $(VENV)/.installed
	$(VENV)/bin/pybabel extract -F babel.cfg -k _l -k lazy_gettext --no-wrap \
	  -o translations/messages.pot .

update-catalogs: extract-messages
	$(VENV)/bin/pybabel update -i translations/messages.pot -d translations \
	  --no-fuzzy-matching --no-wrap

run: install
	$(FLASK) db upgrade
	$(FLASK) seed-demo
	@echo "pressroom is serving on http://127.0.0.1:5000 (Ctrl-C stops it)"
	PRESSROOM_INSECURE_COOKIES=1 $(FLASK) run --host 127.0.0.1 --port 5000

test: install-test
	$(VENV)/bin/ruff check pressroom tests bench scripts app.py
	$(PY) -m pytest -q

test-postgres: install-test
	DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/test REQUIRE_POSTGRES=1 \
	  $(PY) -m pytest -q

lint: $(VENV)/.installed-test
	$(VENV)/bin/ruff check pressroom tests bench scripts app.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
	find translations -name '*.mo' -delete
