# The two commands of the README. Both do all set-up themselves on a fresh Debian machine.
.PHONY: run test lock

run:
	scripts/run.sh

test:
	scripts/test.sh

# Refresh the pinned, hashed dependency locks from setup.cfg's ranges.
lock:
	scripts/lock.sh
