# Eyrie: `make run` serves the demo on http://localhost:8080; `make test` runs every test suite.
# Both install what is missing first (Debian packages via apt-get, test tools via pip in a virtualenv).
export PATH := /opt/swift/usr/bin:$(PATH)
PORT ?= 8080
EYRIE := .build/debug/eyrie

.PHONY: run test test-faults test-cluster test-upgrade cluster cluster-down build setup setup-test test-swift bench clean

run: setup build
	EYRIE_PORT=$(PORT) $(EYRIE) serve --demo

build:
	swift build --product eyrie

setup:
	@bash scripts/setup.sh

setup-test:
	@bash scripts/setup.sh --test

test: setup-test
	swift build --build-tests
	@bash scripts/test.sh

# Faults an operator meets (PostgreSQL away, connections killed, kill -9, SIGTERM under load, CLI beside a server).
test-faults: setup-test build
	@bash scripts/faults.sh

# A production-like deployment on this machine (loopback): nginx, two instances, PgBouncer, a primary and a standby
# under pg_auto_failover (scripts/cluster.sh; README "Running on several machines"). `make cluster-down` stops it.
cluster: setup build
	@bash scripts/cluster.sh up

cluster-down:
	@bash scripts/cluster.sh down

# Drills on that deployment: an instance killed, the primary killed under load (faults/test_cluster.py).
test-cluster: setup-test build
	@bash scripts/test-cluster.sh

# The previous release's binary on the schema this one migrates to (scripts/test-upgrade.sh; README, "Changing the
# schema: expand, then contract"). Builds the previous release once into .eyrie/previous.
test-upgrade: setup-test build
	@bash scripts/test-upgrade.sh

# Only the Swift suites (needs the test cluster from scripts/test.sh; use `make test` for everything).
test-swift:
	swift build --build-tests
	@bash scripts/test.sh --swift-only

clean:
	rm -rf .build .eyrie e2e/.venv e2e/artifacts

# Release build, generated data, pgbench against wrk; see BENCHMARKS.md. BENCH_TIER=tiny|realistic|stress.
bench: setup
	@bash bench/run.sh
