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
SYSTEM_DEPS := redis-server:redis-server wrk:wrk curl:curl git:git chromium:chromium pebble-challtestsrv:pebble

# The web UI: npm for its toolchain, Debian's chromium for its browser tests (never a
# downloaded browser). Vite 8 needs Node >= 20.19, newer than Debian 12's own nodejs.
FRONTEND := frontend
NPM_STAMP := $(FRONTEND)/node_modules/.installed
SPA := $(FRONTEND)/dist/index.html
SPA_SOURCES := $(shell find $(FRONTEND)/src $(FRONTEND)/public -type f 2>/dev/null) \
  $(FRONTEND)/index.html $(FRONTEND)/vite.config.ts $(FRONTEND)/tsconfig.json $(FRONTEND)/package-lock.json

.PHONY: help
help: ## list targets
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN{FS=":.*?## "}{printf "  \033[1m%-14s\033[0m %s\n",$$1,$$2}'

.PHONY: deps-system
deps-system: ## install missing Debian packages (PostgreSQL, Redis, wrk, chromium)
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
install: deps-system $(STAMP) $(NPM_STAMP) ## install everything (system packages, Python and npm environments)

$(NPM_STAMP): $(FRONTEND)/package.json $(FRONTEND)/package-lock.json
	@node -e 'const [a,b]=process.versions.node.split(".").map(Number); if (a<20||(a===20&&b<19)) { console.error("the web UI needs Node >= 20.19 (found "+process.version+")"); process.exit(1) }'
	cd $(FRONTEND) && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

$(SPA): $(NPM_STAMP) $(SPA_SOURCES)
	cd $(FRONTEND) && npx vite build --logLevel warn

.PHONY: frontend
frontend: $(SPA) ## build the web UI into frontend/dist (the API serves it at /)

.PHONY: frontend-test
frontend-test: $(NPM_STAMP) ## the web UI's component tests (Vitest)
	cd $(FRONTEND) && npx vitest run

.PHONY: frontend-size
frontend-size: $(SPA) ## print the web UI's gzipped bundle sizes; fails over the 250 kB initial-JS budget
	node $(FRONTEND)/scripts/bundle-size.mjs

.PHONY: run
run: install $(SPA) ## start the whole control plane (embedded PostgreSQL + Redis, API + web UI, worker)
	$(PY) -m api.cli run

.PHONY: test
test: install $(SPA) ## start every real component the tests use and run the whole suite
	cd $(FRONTEND) && npx vitest run
	node $(FRONTEND)/scripts/bundle-size.mjs
	$(PY) -m pytest $(PYTEST_ARGS)

.PHONY: lint
lint: $(STAMP) $(NPM_STAMP) ## ruff (lint + format check), mypy --strict, tsc, generated-client drift
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	cd $(FRONTEND) && npx tsc --noEmit
	@cd $(FRONTEND) && npx openapi-typescript ../openapi/openapi.json -o /tmp/berth-schema.$$$$.ts >/dev/null 2>&1 && \
	  if ! cmp -s /tmp/berth-schema.$$$$.ts src/api/schema.gen.ts; then rm -f /tmp/berth-schema.$$$$.ts; \
	    echo "frontend/src/api/schema.gen.ts is stale: run make openapi"; exit 1; fi; rm -f /tmp/berth-schema.$$$$.ts
	@out=$$(mktemp -d) && trap 'rm -rf "$$out"' EXIT && \
	  { $(call generate_sdk,$$out/python) 2>"$$out/err" || { cat "$$out/err"; exit 1; }; } && \
	  if ! diff -r -q -x __pycache__ -x .ruff_cache "$$out/python" $(SDK_DIR) >/dev/null; then \
	    echo "$(SDK_DIR) is stale: run make sdk"; exit 1; fi

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
openapi: $(STAMP) $(NPM_STAMP) ## regenerate openapi/openapi.json, the web UI's typed client and the Python SDK (CI fails on drift)
	$(PY) -m api.cli openapi
	cd $(FRONTEND) && npx openapi-typescript ../openapi/openapi.json -o src/api/schema.gen.ts
	$(call generate_sdk,$(SDK_DIR))

# The Python SDK (openapi/python, the package `berth_client`) is generated, committed and
# installed into the venv as a path dependency; the `berth` CLI is built on it alone.
SDK_DIR := openapi/python
generate_sdk = PATH="$(CURDIR)/$(VENV)/bin:$$PATH" $(VENV)/bin/openapi-python-client generate \
  --path openapi/openapi.json --config openapi/python-client.yaml --meta uv --overwrite \
  --output-path $(1) >/dev/null

.PHONY: sdk
sdk: $(STAMP) ## regenerate the Python SDK in openapi/python from openapi/openapi.json (CI fails on drift)
	$(call generate_sdk,$(SDK_DIR))

.PHONY: bench
bench: install ## benchmarks: print figures (foundation, SSH tunnel)
	$(PY) -m bench.foundation
	$(PY) -m bench.ssh_tunnel

.PHONY: bench-domains
bench-domains: install ## domains benchmark (~2 min, needs root): route live, proxy latency
	$(PY) -m bench.domains

.PHONY: bench-takeover
bench-takeover: install ## takeover benchmark (~1-2 min): worker killed mid-job -> retry running
	$(PY) -m bench.takeover

# `make testbed-up BRIDGE=brme SUBNET=10.240.0.0/24`: a bed of one's own beside others (the
# bridge also names its state folder, so down/smoke need the same BRIDGE).
TESTBED_ARGS := $(if $(BRIDGE),--bridge $(BRIDGE)) $(if $(SUBNET),--subnet $(SUBNET))

.PHONY: testbed-up testbed-down testbed-smoke
testbed-up: install ## start the test hosts (network namespaces with sshd + dockerd); BRIDGE=, SUBNET=
	$(PY) -m tests.testbed up $(TESTBED_ARGS)
testbed-down: $(STAMP) ## tear the test hosts down (BRIDGE= as for testbed-up)
	$(PY) -m tests.testbed down $(if $(BRIDGE),--bridge $(BRIDGE))
testbed-smoke: $(STAMP) ## check every piece of a running test bed (BRIDGE= as for testbed-up)
	$(PY) -m tests.testbed smoke $(if $(BRIDGE),--bridge $(BRIDGE))

.PHONY: clean
clean: ## remove environments and the embedded data folder (asks nothing: careful)
	rm -rf $(VENV) $(TOOLS) .mypy_cache .ruff_cache .pytest_cache $(FRONTEND)/node_modules $(FRONTEND)/dist
