#!/usr/bin/env bash
# `make lock`: pins every dependency of setup.cfg (and of its test extra) with hashes into
# requirements/run.txt and requirements/test.txt, which `make run` and `make test` install,
# and the matcher's word vectors (requirements/vectors.in: the ja-ginza wheel alone, without
# its spaCy dependencies) into requirements/vectors.txt, installed with --no-deps, and the
# installer uv itself (requirements/uv.in) into requirements/uv.txt.
# uv resolves for every platform (--universal) so that the same file serves any machine.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
[ -x .venv/bin/uv ] || .venv/bin/python -m pip install -q "uv>=0.5,<1"
for purpose in run test; do
  extra=()
  [ "$purpose" = test ] && extra=(--extra test)
  .venv/bin/uv pip compile setup.cfg "${extra[@]}" --universal --python-version 3.11 \
    --generate-hashes --upgrade --quiet --output-file "requirements/$purpose.txt"
done
.venv/bin/uv pip compile requirements/uv.in --universal --python-version 3.11 \
  --generate-hashes --upgrade --quiet --output-file requirements/uv.txt
.venv/bin/uv pip compile requirements/vectors.in --no-deps --universal --python-version 3.11 \
  --generate-hashes --upgrade --quiet --output-file requirements/vectors.txt
echo "requirements/run.txt, test.txt, vectors.txt and uv.txt refreshed; commit them with setup.cfg."
