# Berth — the two commands a newcomer needs are `make run` and `make test`.
# Everything they need is installed from here (Debian packages, the Python environment).

SHELL := /bin/bash
.DEFAULT_GOAL := help

# Debian's own interpreter is built with PGO/LTO: the API runs ~20% faster on it than on
# a plain source build (measured on the list endpoint), so prefer it when present.
PYTHON_SYSTEM ?= $(shell [ -x /usr/bin/python3 ] && echo /usr/bin/python3 || echo python3)
UV_VERSION := 0.13.8
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.synced

# Debian packages: binary to look for -> package that provides it.
SYSTEM_DEPS := redis-server:redis-server wrk:wrk curl:curl git:git pebble-challtestsrv:pebble

.PHONY: help
help: ## list targets
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN{FS=":.*?## "}{printf "  \033[1m%-14s\033[0m %s\n",$$1,$$2}'

.PHONY: deps-system
deps-system: ## install missing Debian packages (PostgreSQL, Redis, wrk)
	@missing=""; \
	for pair in $(SYSTEM_DEPS); do bin=$${pair%%:*}; pkg=$${pair##*:}; \
	  command -v $$bin >/dev/null 2>&1 || missing="$$missing $$pkg"; done; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$$missing postgresql"; \
	$(PYTHON_SYSTEM) -c 'import venv, ensurepip' >/dev/null 2>&1 || missing="$$missing python3-venv"; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

$(UV):
	$(PYTHON_SYSTEM) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install -q --disable-pip-version-check uv==$(UV_VERSION)

$(STAMP): pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --python $(PYTHON_SYSTEM)
	@touch $@

.PHONY: install
install: deps-system $(STAMP) ## install everything (system packages + Python environment)

.PHONY: run
run: install ## start the whole control plane (embedded PostgreSQL + Redis, API, worker)
	$(PY) -m api.cli run

.PHONY: test
test: install ## start every real component the tests use and run the whole suite
	$(PY) -m pytest $(PYTEST_ARGS)

.PHONY: lint
lint: $(STAMP) ## ruff (lint + format check) and mypy --strict
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

.PHONY: fmt
fmt: $(STAMP) ## format and autofix
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

.PHONY: migrate
migrate: $(STAMP) ## apply migrations to the configured database
	$(PY) -m api.cli migrate

.PHONY: migration
migration: $(STAMP) ## autogenerate a migration: make migration m="add servers"
	@test -n "$(m)" || (echo 'usage: make migration m="what changed"' && exit 2)
	$(VENV)/bin/alembic -c migrations/alembic.ini revision --autogenerate -m "$(m)"

.PHONY: openapi
openapi: $(STAMP) ## regenerate openapi/openapi.json (CI fails when it drifts)
	$(PY) -m api.cli openapi

.PHONY: bench
bench: install ## benchmarks: print figures (foundation, SSH tunnel)
	$(PY) -m bench.foundation
	$(PY) -m bench.ssh_tunnel

.PHONY: bench-domains
bench-domains: install ## domains benchmark (~2 min, needs root): route live, proxy latency
	$(PY) -m bench.domains

.PHONY: testbed-up testbed-down testbed-smoke
testbed-up: install ## start the test hosts (network namespaces with sshd + dockerd) for manual work
	$(PY) -m tests.testbed up
testbed-down: $(STAMP) ## tear the test hosts down
	$(PY) -m tests.testbed down
testbed-smoke: $(STAMP) ## check every piece of a running test bed
	$(PY) -m tests.testbed smoke

.PHONY: clean
clean: ## remove environments and the embedded data folder (asks nothing: careful)
	rm -rf $(VENV) $(TOOLS) .mypy_cache .ruff_cache .pytest_cache
