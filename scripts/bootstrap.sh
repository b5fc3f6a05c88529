#!/usr/bin/env bash
# Installs what `make run` (bootstrap.sh run) or `make test` (bootstrap.sh test) needs on
# a fresh Debian machine: the virtualenv with the package, and for the tests Debian's
# PostgreSQL server and Chromium. Quiet and quick when everything is already there.
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

# Python virtualenv in .venv (python3-venv may be missing on a minimal Debian).
if [ ! -x .venv/bin/python ]; then
  if ! python3 -m venv .venv 2>/dev/null; then
    rm -rf .venv
    apt_install python3-venv python3-dev
    python3 -m venv .venv
  fi
fi

extras=""
[ "$purpose" = test ] && extras="[test]"
stamp=".venv/.install-stamp-${purpose}"
wanted=$(cat setup.cfg pyproject.toml | sha256sum | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$wanted" ]; then
  echo "==> installing hackplat${extras} into .venv"
  .venv/bin/python -m pip install -q --upgrade pip 2>&1 | grep -v "^WARNING: Location" || true
  .venv/bin/python -m pip install -q -e ".${extras}" 2>&1 | grep -v "^WARNING: Location" || true
  .venv/bin/python -c "import hackplat, flask_sqlalchemy" || { echo "installation failed" >&2; exit 1; }
  echo "$wanted" > "$stamp"
fi

# English UI strings (Japanese is the source language and needs no catalogue).
.venv/bin/pybabel -q compile -d hackplat/translations

if [ "$purpose" = test ]; then
  missing=()
  [ -x /usr/bin/chromium ] || missing+=(chromium fonts-noto-cjk)
  compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql)
  [ ${#missing[@]} -eq 0 ] || apt_install "${missing[@]}"
fi
