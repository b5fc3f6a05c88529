#!/usr/bin/env bash
# Installs what `make run` (bootstrap.sh run) or `make test` (bootstrap.sh test) needs on
# a fresh Debian machine: the virtualenv with the package, and for the tests Debian's
# PostgreSQL server, Redis server (the two-host test) and Chromium. Quiet and quick when
# everything is already there.
set -euo pipefail
cd "$(dirname "$0")/.."
purpose=${1:-run}

apt_install() {
  local prefix=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "需要パッケージ $* のインストールに root 権限が必要です (apt-get install $*)" >&2; exit 1; }
    prefix=(sudo)
  fi
  echo "==> apt-get install $*"
  "${prefix[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${prefix[@]}" apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# pip's output only when it fails (an editable install prints pages of warnings).
pip_quietly() {
  local log
  log=$(mktemp)
  if ! .venv/bin/python -m pip --quiet "$@" >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    echo "pip $* に失敗しました" >&2
    exit 1
  fi
  rm -f "$log"
}

uv_quietly() {
  local log
  log=$(mktemp)
  if ! .venv/bin/uv pip "$@" --quiet --python .venv/bin/python >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    echo "uv pip $* に失敗しました" >&2
    exit 1
  fi
  rm -f "$log"
}

# Python virtualenv in .venv (python3-venv may be missing on a minimal Debian).
if [ ! -x .venv/bin/python ]; then
  if ! python3 -m venv .venv 2>/dev/null; then
    rm -rf .venv
    apt_install python3-venv python3-dev
    python3 -m venv .venv
  fi
fi

# Exact, hashed versions from the lock (`make lock` refreshes it), then the package itself
# without dependencies, so that every machine runs the same versions. uv installs them
# (itself pinned by hash, installed by pip): 18 s on a fresh clone where pip took 63 s,
# most of it compiling every module of scipy and scikit-learn ahead of use.
lock="requirements/${purpose}.txt"
stamp=".venv/.install-stamp-${purpose}"
# The matcher's word vectors come from their own lock, without dependencies (the wheel
# names spaCy, which the matcher does not use; see requirements/vectors.in).
wanted=$(cat "$lock" requirements/vectors.txt requirements/uv.txt setup.cfg pyproject.toml | sha256sum | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$wanted" ]; then
  echo "==> installing $lock and requirements/vectors.txt into .venv"
  pip_quietly install --require-hashes -r requirements/uv.txt
  uv_quietly install --require-hashes -r "$lock"
  uv_quietly install --no-deps --require-hashes -r requirements/vectors.txt
  uv_quietly install --no-deps -e .
  echo "$wanted" > "$stamp"
fi

# English UI strings (Japanese is the source language and needs no catalogue).
.venv/bin/pybabel -q compile -d hackplat/translations

if [ "$purpose" = test ]; then
  missing=()
  [ -x /usr/bin/chromium ] || missing+=(chromium fonts-noto-cjk)
  compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql)
  command -v redis-server >/dev/null || missing+=(redis-server)
  [ ${#missing[@]} -eq 0 ] || apt_install "${missing[@]}"
fi
