# The control plane's one image: `api` (the default), `worker`, `scheduler` and `migrate`
# are commands of the same image (docker/entrypoint.sh), so a release is one digest and the
# migration Job can never run other code than the pods it prepares.
#
#   docker build -t berth .                                   # python:3.11-slim + node from a registry
#   docker build --build-arg BASE_IMAGE=my/debian-python3 .   # any Debian-like base with python3 + venv
#
# Offline builds (no registry reachable; the test bed does this): put the wheels of
# `uv export --no-dev` and of uv itself into docker/wheels/, build the SPA first
# (`make frontend`), then build with PYTHON_PACKAGES=wheelhouse SPA=context.
# The Dockerfile uses no `# syntax=` line and no frontend image: dockerd's built-in BuildKit
# frontend runs it, so nothing is pulled but the base images.

ARG BASE_IMAGE=python:3.11-slim-bookworm
ARG NODE_IMAGE=node:22-bookworm-slim
# `build`: the SPA is built from frontend/ in a Node stage; `context`: frontend/dist from the
# build context is used as is (built by `make frontend` on a machine without a Node image).
ARG SPA=build

# ---------------------------------------------------------------- the web UI
FROM ${NODE_IMAGE} AS spa-build
WORKDIR /src/frontend
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY frontend/ ./
COPY openapi/openapi.json /src/openapi/openapi.json
RUN npx vite build --logLevel warn

FROM scratch AS spa-context
COPY frontend/dist/ /src/frontend/dist/

# BuildKit builds only the stages the final one reaches: the Node stage is skipped with SPA=context.
FROM spa-${SPA} AS spa

# ---------------------------------------------------------------- the Python environment
FROM ${BASE_IMAGE} AS venv
ARG UV_VERSION=0.13.8
# `index`: uv sync --frozen from the registry, every file checked against uv.lock's hashes;
# `wheelhouse`: the same pins (uv export of uv.lock) installed from docker/wheels/ only.
# Neither installs berth-client: the generated SDK is for the `berth` CLI, not the server.
ARG PYTHON_PACKAGES=index
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    UV_NO_CACHE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never \
    UV_PROJECT_ENVIRONMENT=/opt/berth/venv
COPY docker/wheels/ /wheels/
RUN set -eu; \
    if [ "$PYTHON_PACKAGES" = wheelhouse ]; then pip_args="--no-index --find-links /wheels"; \
    else pip_args=""; fi; \
    python3 -m venv /opt/uv; \
    /opt/uv/bin/pip install -q $pip_args "uv==${UV_VERSION}"
WORKDIR /src
COPY pyproject.toml uv.lock ./
RUN set -eu; \
    if [ "$PYTHON_PACKAGES" = wheelhouse ]; then \
      /opt/uv/bin/uv venv --python python3 /opt/berth/venv; \
      /opt/uv/bin/uv export --frozen --no-dev --no-emit-project --no-hashes \
        --no-emit-package berth-client -o /tmp/requirements.txt; \
      /opt/uv/bin/uv pip install --python /opt/berth/venv/bin/python --no-index \
        --find-links /wheels -r /tmp/requirements.txt; \
    else \
      /opt/uv/bin/uv sync --frozen --no-dev --no-install-project \
        --no-install-package berth-client --python python3; \
    fi
COPY api/ /opt/berth/app/api/
COPY worker/ /opt/berth/app/worker/
COPY migrations/ /opt/berth/app/migrations/
COPY openapi/openapi.json /opt/berth/app/openapi/openapi.json
COPY docker/entrypoint.sh /opt/berth/entrypoint.sh
# Byte-compile now: at run time the root filesystem is read-only, so Python could not
# write .pyc files and would recompile every module on every start.
RUN /opt/berth/venv/bin/python -m compileall -q -j 0 /opt/berth/app /opt/berth/venv >/dev/null

# ---------------------------------------------------------------- the image
FROM ${BASE_IMAGE}
# A fixed numeric UID: Kubernetes' runAsNonRoot can only verify a numeric user.
RUN groupadd --system --gid 10001 berth \
 && useradd --system --uid 10001 --gid 10001 --home-dir /tmp --no-create-home \
      --shell /usr/sbin/nologin berth
COPY --from=venv /opt/berth /opt/berth
COPY --from=spa /src/frontend/dist/ /opt/berth/app/frontend/dist/
ENV PATH=/opt/berth/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    HOME=/tmp \
    BERTH_LOG_FORMAT=json
WORKDIR /opt/berth/app
USER 10001:10001
EXPOSE 8000
# The only writable path the processes use is /tmp (a tmpfs / emptyDir in production).
VOLUME ["/tmp"]
ENTRYPOINT ["/opt/berth/entrypoint.sh"]
CMD ["api"]
