#!/bin/sh
# The image's commands: one image, the role chosen by the first argument.
#   api        the HTTP API and web UI on :8000 (BERTH_HTTP_PORT)
#   worker     the arq worker (deployments, server setup, exports; the periodic jobs too,
#              unless BERTH_JOBS__PERIODIC=scheduler hands them to `scheduler`)
#   scheduler  enqueues the periodic jobs while it holds the leader lock
#   migrate    applies the migrations, then creates the first admin if there is none
# Anything else runs as given (`python -m api.cli generate-master-key`, a shell, ...).
set -eu
role="${1:-api}"
[ "$#" -gt 0 ] && shift
case "$role" in
  api) exec python -m api.cli serve --host "${BERTH_HTTP_HOST:-0.0.0.0}" --port "${BERTH_HTTP_PORT:-8000}" "$@" ;;
  worker) exec arq worker.main.WorkerSettings "$@" ;;
  scheduler) exec python -m worker.scheduler "$@" ;;
  migrate) python -m api.cli migrate && exec python -m api.cli bootstrap ;;
  *) exec "$role" "$@" ;;
esac
