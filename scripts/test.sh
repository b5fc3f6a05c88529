#!/usr/bin/env bash
# `make test`: the whole suite on SQLite (with the browser tests), then again on a
# throwaway PostgreSQL. Exits non-zero if either run fails.
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh test || exit 1

status=0
echo "==> ruff (format, lint rules of pyproject.toml)"
.venv/bin/ruff format --check hackplat tests migrations wsgi.py || status=1
.venv/bin/ruff check hackplat tests migrations wsgi.py || status=1
echo "==> tests on SQLite (unit, view, migration and browser tests)"
.venv/bin/pytest "$@" || status=1
echo "==> tests on PostgreSQL (unit, view and migration tests)"
scripts/with-postgres.sh .venv/bin/pytest -m "not browser" "$@" || status=1
exit $status
