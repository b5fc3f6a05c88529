#!/usr/bin/env bash
# `make test`: the whole suite on SQLite (with the browser tests), then again on a
# throwaway PostgreSQL beside a throwaway Redis (with-postgres.sh, with-redis.sh). Exits
# non-zero if either run fails.
#
# Both runs are spread over the machine's cores by pytest-xdist: each worker has a
# database of its own (tests/conftest.py's database_url), the browser tests stay on one
# worker (one Chromium; `--dist loadgroup`, tests/browser/conftest.py). Arguments are
# passed on to pytest after these, so `scripts/test.sh -n 0` runs in one process.
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh test || exit 1

status=0
# The 25 slowest tests are listed at the end of each run: where the ten minutes go.
parallel=(-n auto --dist loadgroup --durations=25)
echo "==> ruff (format, lint rules of pyproject.toml)"
.venv/bin/ruff format --check hackplat tests migrations wsgi.py || status=1
.venv/bin/ruff check hackplat tests migrations wsgi.py || status=1
echo "==> mypy (settings in pyproject.toml)"
.venv/bin/mypy || status=1
echo "==> tests on SQLite (unit, view, migration and browser tests)"
.venv/bin/pytest "${parallel[@]}" "$@" || status=1
echo "==> tests on PostgreSQL and Redis (unit, view and migration tests, the two-host test)"
scripts/with-postgres.sh scripts/with-redis.sh .venv/bin/pytest "${parallel[@]}" -m "not browser" "$@" || status=1
exit $status
