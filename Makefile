# The two commands a newcomer needs: `make run` and `make test`. Both bootstrap .venv.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test lint unit bench messages clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q -e ".[dev,redis,serve]"
	touch $(STAMP)

# The worker (mail, SMS, figures) runs beside the server and stops with it.
run: $(STAMP)
	$(BIN)/egov demo
	$(BIN)/egov worker & trap 'kill $$! 2>/dev/null' EXIT INT TERM; $(BIN)/egov runserver 127.0.0.1:8000

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy egov
	$(BIN)/lint-imports
	DJANGO_SETTINGS_MODULE=egov.settings.test $(BIN)/egov makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=egov.settings.test $(BIN)/python -m egov.core.check_translations

unit: $(STAMP)
	$(BIN)/python -m pytest -n 2 $(PYTEST_ARGS)

test: lint unit

bench: $(STAMP)
	$(BIN)/python -m bench

messages: $(STAMP)
	for app in egov/*/; do \
	  if [ -d "$$app/locale" ]; then (cd $$app && ../../$(BIN)/django-admin makemessages -l vi -l en --no-obsolete >/dev/null && ../../$(BIN)/django-admin compilemessages >/dev/null); fi; \
	done

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
