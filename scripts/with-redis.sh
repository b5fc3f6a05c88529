#!/usr/bin/env bash
# Runs a command beside a throwaway Redis server (Debian's redis-server): started on a
# free loopback port with a temporary folder and no persistence, TEST_REDIS_URL exported,
# the command run, then the server stopped and the folder deleted. Chained after
# with-postgres.sh by scripts/test.sh for the two-host test (tests/jobs/test_many_hosts.py).
set -euo pipefail
workdir=$(mktemp -d /tmp/hackplat-redis.XXXXXX)
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

server=""

# A child of this script (not daemonised), so that it is stopped and reaped here.
stop() {
  if [ -n "$server" ]; then
    kill -TERM "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
  fi
  rm -rf "$workdir"
}
trap stop EXIT

redis-server --bind 127.0.0.1 --port "$port" --dir "$workdir" --save '' --appendonly no \
  --logfile "$workdir/redis.log" &
server=$!
for _ in $(seq 100); do
  redis-cli -h 127.0.0.1 -p "$port" ping >/dev/null 2>&1 && break
  sleep 0.1
done
redis-cli -h 127.0.0.1 -p "$port" ping >/dev/null || { cat "$workdir/redis.log" >&2; exit 1; }
echo "==> Redis $(redis-server --version | sed 's/.*v=\([^ ]*\).*/\1/') on 127.0.0.1:$port"

export TEST_REDIS_URL="redis://127.0.0.1:$port/0"
"$@"
