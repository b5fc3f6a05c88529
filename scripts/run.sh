#!/usr/bin/env bash
# `make run`: install, migrate, load the demo into an empty database, serve with gunicorn.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh run
export FLASK_APP=hackplat
.venv/bin/flask --app hackplat db upgrade
.venv/bin/flask --app hackplat demo load
cat <<'MSG'

hackplat を http://127.0.0.1:8000 で起動します（停止は Ctrl+C）。
デモ用のサインイン（パスワードはすべて Minatomirai-demo-2026）:
  管理者             admin@example.jp
  コーディネーター   coordinator@example.jp
  市職員             staff@example.jp
  参加組織メンバー   member@example.jp

MSG
# --timeout: the coordinators' rebuild button runs the rebuild inside the request.
exec .venv/bin/gunicorn --workers "${WEB_CONCURRENCY:-2}" --timeout 120 --bind 127.0.0.1:8000 wsgi:app
