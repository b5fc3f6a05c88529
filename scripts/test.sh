#!/usr/bin/env bash
# `make test`: the whole suite on SQLite (with the browser tests), and again on a
# throwaway PostgreSQL beside a throwaway Redis (with-postgres.sh, with-redis.sh). Exits
# non-zero if either run fails.
#
# The two runs go side by side, each spread over the machine's cores by pytest-xdist
# (`--dist worksteal`: an idle worker takes tests queued for a busy one). Each worker has
# a database of its own (tests/conftest.py's database_url); a worker that draws a
# browser test starts a Chromium of its own. Side by side, one run's waits (Chromium,
# the PostgreSQL server, disk) are the other's CPU time: the whole took 11 minutes one
# after the other. The SQLite run prints as it goes, the PostgreSQL run's output follows
# it. Arguments are passed on to both pytest runs, so `scripts/test.sh -n 0` runs each in
# one process.
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh test || exit 1

status=0
# Four pytest workers share the cores already: numpy's BLAS threads (the matcher's fits)
# on top of them only wait on each other.
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1
# The 25 slowest tests are listed at the end of each run: where the ten minutes go.
parallel=(-n auto --dist worksteal --durations=25)
echo "==> ruff (format, lint rules of pyproject.toml)"
.venv/bin/ruff format --check hackplat tests migrations wsgi.py || status=1
.venv/bin/ruff check hackplat tests migrations wsgi.py || status=1
# mypy (24 s on a fresh clone, one core) runs beside the tests instead of before them;
# its report follows theirs.
mypy_log=$(mktemp /tmp/hackplat-test-mypy.XXXXXX)
postgres_log=$(mktemp /tmp/hackplat-test-postgres.XXXXXX)
trap 'rm -f "$postgres_log" "$mypy_log"' EXIT
echo "==> mypy (settings in pyproject.toml) started alongside"
.venv/bin/mypy >"$mypy_log" 2>&1 &
mypy_run=$!
echo "==> tests on PostgreSQL and Redis started alongside (unit, view and migration tests, the two-host test)"
scripts/with-postgres.sh scripts/with-redis.sh .venv/bin/pytest "${parallel[@]}" -m "not browser" "$@" \
  >"$postgres_log" 2>&1 &
postgres_run=$!
echo "==> tests on SQLite (unit, view, migration and browser tests)"
.venv/bin/pytest "${parallel[@]}" "$@" || status=1
echo "==> tests on PostgreSQL and Redis (waiting for the run to end)"
wait "$postgres_run" || status=1
cat "$postgres_log"
echo "==> mypy"
wait "$mypy_run" || status=1
cat "$mypy_log"
exit $status
