# The two commands of the README: `make run` runs the program, `make test` passes the
# tests. Both set up what they need on a fresh Debian machine first.

CARGO ?= cargo
DEMO_DIR ?= target/demo

.PHONY: run test setup demo lint fmt bench fuzz crash-long

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

# Reliability (README, "Reliability"). `make test` already runs the short crash run (30
# kills), the fuzz regressions and the hostile-text corpus; these are the long forms.
CRASH_KILLS ?= 1000
crash-long:
	CENTERPLAN_CRASH_KILLS=$(CRASH_KILLS) $(CARGO) test --test tests crash::sigkill -- --nocapture

# Each fuzz target for FUZZ_SECONDS, one after the other (libFuzzer on stable Rust through
# RUSTC_BOOTSTRAP; installs cargo-fuzz when missing). New inputs go to fuzz/corpus/, the
# seeds in fuzz/seeds/ stay as they are; crashes land in fuzz/artifacts/.
FUZZ_SECONDS ?= 300
FUZZ_TARGETS ?= json_import document_open forecast_csv duration chart_csv
fuzz:
	command -v cargo-fuzz >/dev/null || $(CARGO) install cargo-fuzz --locked
	cd fuzz && for target in $(FUZZ_TARGETS); do \
		mkdir -p corpus/$$target && \
		RUSTC_BOOTSTRAP=1 CARGO_TARGET_DIR=target $(CARGO) fuzz run -O $$target corpus/$$target seeds/$$target -- \
			-max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=4096 -max_len=1048576 || exit 1; \
	done
