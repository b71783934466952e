# The two commands of the README: `make run` runs the program, `make test` passes the
# tests. Both set up what they need on a fresh Debian machine first.

CARGO ?= cargo
DEMO_DIR ?= target/demo

.PHONY: run test setup demo lint fmt bench

setup:
	./scripts/setup-debian.sh

# Until the desktop app lands, `run` is the CLI demo: create a hybrid plan, show it,
# validate it.
run: setup demo

CENTERPLAN = $(CARGO) run --quiet --release --
demo:
	mkdir -p $(DEMO_DIR)
	$(CENTERPLAN) new --type hybrid --name "示例综合型客户服务中心" -o $(DEMO_DIR)/hybrid.centerplan
	$(CENTERPLAN) show $(DEMO_DIR)/hybrid.centerplan
	$(CENTERPLAN) validate $(DEMO_DIR)/hybrid.centerplan

test: setup
	$(CARGO) fmt --all -- --check
	$(CARGO) test --all-targets --locked

lint:
	$(CARGO) clippy --all-targets -- -D warnings

fmt:
	$(CARGO) fmt --all

bench:
	$(CARGO) bench
