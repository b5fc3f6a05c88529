#!/usr/bin/env bash
# `make run`: install, migrate, load the demo into an empty database, then serve with
# gunicorn and run a job consumer beside it (rebuilds, mail). Ctrl+C stops both.
#
# PORT (default 8000) or HACKPLAT_BIND (default 127.0.0.1:$PORT) say where to listen;
# WEB_CONCURRENCY the gunicorn workers, HACKPLAT_CONSUMER_WORKERS the consumer's.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh run
export FLASK_APP=hackplat
# No MAIL_SERVER locally: account mail (reset, verification links) is shown in the log.
export HACKPLAT_LOG_ACCOUNT_MAIL=1
.venv/bin/flask --app hackplat db upgrade
.venv/bin/flask --app hackplat demo load
bind=${HACKPLAT_BIND:-127.0.0.1:${PORT:-8000}}
# Links in mail point where this server listens (unless set otherwise).
export PUBLIC_BASE_URL=${PUBLIC_BASE_URL:-http://${bind}}
cat <<MSG

hackplat を http://${bind} で起動します（ジョブの実行役も一緒に起動します。停止は Ctrl+C）。
メール（パスワード再設定・確認のリンク）は送信せず、このログに表示します。
デモ用のサインイン（パスワードはすべて Minatomirai-demo-2026）:
  管理者             admin@example.jp
  コーディネーター   coordinator@example.jp
  市職員             staff@example.jp
  参加組織メンバー   member@example.jp

MSG

# Each server in a process group of its own (job control on), so that stopping a group
# reaches every process in it: gunicorn's workers, the consumer's worker processes and
# a rebuild's tokenising pool. The terminal's Ctrl+C reaches only this script, which
# stops both groups.
set -m
# gunicorn's default timeout (30 s): no request does long work any more.
.venv/bin/gunicorn --workers "${WEB_CONCURRENCY:-2}" --bind "$bind" wsgi:app &
web=$!
# Worker processes, not threads: a rebuild forks a pool (see hackplat/jobs/queue.py).
.venv/bin/huey_consumer hackplat.jobs.queue.huey --worker-type process \
  --workers "${HACKPLAT_CONSUMER_WORKERS:-2}" &
consumer=$!
set +m

alive() {
  kill -0 -- "-$web" 2>/dev/null || kill -0 -- "-$consumer" 2>/dev/null
}

# TERM to both groups; whatever is still there after 10 s (a hung pool ignoring TERM) is killed.
stop() {
  trap - INT TERM EXIT
  echo "停止しています…" >&2
  kill -TERM -- "-$web" "-$consumer" 2>/dev/null || true
  for _ in $(seq 100); do
    alive || break
    sleep 0.1
  done
  kill -KILL -- "-$web" "-$consumer" 2>/dev/null || true
  wait || true
}
trap stop INT TERM EXIT

# Until Ctrl+C, or until one of the two ends by itself (then the other is stopped too).
wait -n "$web" "$consumer"
