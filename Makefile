# The two commands of the README. Both do all set-up themselves on a fresh Debian machine.
.PHONY: run test

run:
	scripts/run.sh

test:
	scripts/test.sh
