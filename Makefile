# The two commands of the README: `make run` runs the program, `make test` passes the
# tests. Both set up what they need on a fresh Debian machine first.

CARGO ?= cargo
DEMO_DIR ?= target/demo
# Where cargo puts binaries: CI and helpers set CARGO_TARGET_DIR to share a build cache.
TARGET_DIR := $(or $(CARGO_TARGET_DIR),target)
APP_BIN := $(TARGET_DIR)/debug/centerplan-app
ARTIFACTS ?= target/artifacts

.PHONY: run test test-app setup setup-app setup-app-test demo lint fmt bench ui ui-deps app e2e screenshot fuzz crash-long tauri-driver perf dist package-test icons

setup:
	./scripts/setup-debian.sh

setup-app:
	./scripts/setup-debian.sh --app

setup-app-test:
	./scripts/setup-debian.sh --app-test

# The desktop app: build the UI, build the app, open its window (under Xvfb when there
# is no display, e.g. over ssh).
run: setup-app app
	@if [ -n "$$DISPLAY$$WAYLAND_DISPLAY" ]; then $(APP_BIN); \
	else echo "no display: running under xvfb-run"; ./scripts/setup-debian.sh xvfb; xvfb-run -a $(APP_BIN); fi

# Exactly the locked packages. The lock lists every platform's optional rollup binary
# (package.json pins rollup to a release whose binaries the registry has for all of them),
# so `npm ci` accepts it on any machine.
ui/node_modules/.package-lock.json: ui/package-lock.json ui/package.json
	cd ui && npm ci --no-audit --no-fund

ui-deps: ui/node_modules/.package-lock.json

ui: ui-deps
	cd ui && npm run build

app: ui
	$(CARGO) build -p centerplan-app --locked

CENTERPLAN = $(CARGO) run --quiet --release -p centerplan-cli --
demo:
	mkdir -p $(DEMO_DIR)
	$(CENTERPLAN) new --type hybrid --name "示例综合型客户服务中心" -o $(DEMO_DIR)/hybrid.centerplan
	$(CENTERPLAN) show $(DEMO_DIR)/hybrid.centerplan
	$(CENTERPLAN) validate $(DEMO_DIR)/hybrid.centerplan

# What CI runs (.ci/run): formatting, then every Rust test of the workspace in ONE cargo
# invocation — the core's, the CLI's (through the binary), crash, fuzz-regression and
# hostile-text tests, a one-iteration pass of every benchmark, the app's command handlers
# through Tauri's mock runtime and the check that the committed TypeScript bindings are up
# to date — then the UI's Vitest suite and the end-to-end test in a real window under Xvfb.
# One invocation resolves one feature set, so each dependency is compiled once; the app
# build before it (`app`: the e2e needs the binary, which embeds the built UI) resolves the
# same units (src-tauri/Cargo.toml, "Feature unification"), which check-features.py
# verifies from cargo's unit graphs before anything is compiled. Installs what is missing first;
# any failing step fails it.
test: setup-app-test
	$(CARGO) fmt --all -- --check
	./scripts/check-features.py
	$(MAKE) app tauri-driver
	$(CARGO) test --workspace --all-targets --locked
	cd ui && npm test
	$(MAKE) e2e
	$(MAKE) package-test

# The desktop app's tests alone.
test-app: setup-app-test app tauri-driver
	$(CARGO) test -p centerplan-app --locked
	cd ui && npm test
	$(MAKE) e2e

# tauri-driver, the WebDriver server that starts the app for WebKitWebDriver, built once
# into a cache directory outside the clone (kept between CI runs on the same machine).
TOOLS_DIR ?= $(HOME)/.cache/centerplan/tools
TAURI_DRIVER ?= $(TOOLS_DIR)/bin/tauri-driver
tauri-driver: $(TAURI_DRIVER)
$(TAURI_DRIVER):
	$(CARGO) install tauri-driver --locked --root $(TOOLS_DIR)

# The end-to-end test in a real window; screenshots land in $(ARTIFACTS).
e2e: tauri-driver
	TAURI_DRIVER=$(TAURI_DRIVER) xvfb-run -a -s "-screen 0 1920x1080x24" ./scripts/e2e.sh $(APP_BIN) $(ARTIFACTS)

# The Debian package (README, "Install"): the app built with the `dist` profile (release,
# made small), bundled by the Tauri bundler, held to the 20 MB budget, then installed,
# launched and removed by the package test. The package lands in $(DIST_DIR).
DIST_DIR ?= $(TARGET_DIR)/dist-deb
CLI_BIN := $(TARGET_DIR)/debug/centerplan
dist: setup-app-test ui
	$(CARGO) build -p centerplan-app -p centerplan-cli --profile dist --locked
	MAX_DEB_MB=20 ./scripts/bundle-deb.sh $(TARGET_DIR)/dist/centerplan-app $(DIST_DIR)
	./scripts/package-test.sh $(DIST_DIR)/*.deb $(TARGET_DIR)/dist/centerplan $(ARTIFACTS)

# The package test on what `make test` already built: the same bundler, configuration and
# checks as `make dist`, on a package of the debug app (whose debug info is stripped from
# the copy bundled), so CI proves the packaging without a release compile.
PACKAGE_TEST_DIR := $(TARGET_DIR)/package-test
package-test: setup-app-test app
	[ -x $(CLI_BIN) ] || $(CARGO) build -p centerplan-cli --locked
	mkdir -p $(PACKAGE_TEST_DIR)
	objcopy --strip-debug $(APP_BIN) $(PACKAGE_TEST_DIR)/centerplan-app
	./scripts/bundle-deb.sh $(PACKAGE_TEST_DIR)/centerplan-app $(PACKAGE_TEST_DIR)
	./scripts/package-test.sh $(PACKAGE_TEST_DIR)/*.deb $(CLI_BIN) $(ARTIFACTS)

# The app's icons, drawn from src-tauri/icons/icon.svg in the sizes desktops use.
icons: ui-deps
	cd src-tauri && ../ui/node_modules/.bin/tauri icon icons/icon.svg --png 32 --png 64 --png 128 --png 256 --png 512 -o icons
	mv src-tauri/icons/512x512.png src-tauri/icons/icon.png

# How the app copes with a plan of PERF_SIZE positions: the Rust side without a window
# (criterion: open, rename, the view's JSON), then the whole round trip in a real window
# (scripts/perf.sh), after the cold start to the first painted frame (scripts/startup.sh).
# PROFILE=release times the optimized build, PROFILE=dist the one `make dist` ships.
PERF_SIZE ?= 2000
PROFILE ?= debug
PERF_PLAN := $(TARGET_DIR)/perf/large-$(PERF_SIZE).centerplan
PROFILE_FLAG = $(if $(filter debug,$(PROFILE)),,--profile $(PROFILE))
perf: setup-app-test ui tauri-driver
	mkdir -p $(TARGET_DIR)/perf
	$(CARGO) run -p centerplan-app --example large_plan $(PROFILE_FLAG) -- $(PERF_PLAN) $(PERF_SIZE)
	$(CARGO) bench -p centerplan-app --bench session
	$(CARGO) build -p centerplan-app --locked $(PROFILE_FLAG)
	xvfb-run -a -s "-screen 0 1400x900x24" ./scripts/startup.sh $(TARGET_DIR)/$(PROFILE)/centerplan-app
	TAURI_DRIVER=$(TAURI_DRIVER) xvfb-run -a -s "-screen 0 1400x900x24" ./scripts/perf.sh $(TARGET_DIR)/$(PROFILE)/centerplan-app $(PERF_PLAN)

# A screenshot of the app's start screen under Xvfb (docs and manual checks).
screenshot: app
	./scripts/screenshot.sh $(APP_BIN) $(ARTIFACTS)/start.png

lint:
	$(CARGO) clippy --workspace --all-targets -- -D warnings

fmt:
	$(CARGO) fmt --all

bench:
	$(CARGO) bench -p centerplan

# Reliability (README, "Reliability"). `make test` already runs the short crash run (30
# kills), the fuzz regressions and the hostile-text corpus; these are the long forms.
CRASH_KILLS ?= 1000
crash-long:
	CENTERPLAN_CRASH_KILLS=$(CRASH_KILLS) $(CARGO) test --test tests crash::sigkill -- --nocapture

# Each fuzz target for FUZZ_SECONDS, one after the other, in one process at the lowest CPU
# priority, an input taking over 2 s counting as a hang (libFuzzer on stable Rust through
# RUSTC_BOOTSTRAP; installs cargo-fuzz when
# missing). New inputs go to fuzz/corpus/, the seeds in fuzz/seeds/ stay as they are;
# crashes land in fuzz/artifacts/, each target's log in fuzz/logs/TARGET.log (its last
# line, "Done N runs in S second(s)", is printed).
FUZZ_SECONDS ?= 300
FUZZ_TARGETS ?= json_import document_open document_schema forecast_csv duration chart_csv manual_template manual_user_text
fuzz:
	command -v cargo-fuzz >/dev/null || $(CARGO) install cargo-fuzz --locked
	cd fuzz && for target in $(FUZZ_TARGETS); do \
		mkdir -p corpus/$$target && \
		RUSTC_BOOTSTRAP=1 CARGO_TARGET_DIR=target nice -n 19 $(CARGO) fuzz run -O $$target corpus/$$target seeds/$$target -- \
			-max_total_time=$(FUZZ_SECONDS) -timeout=2 -rss_limit_mb=4096 -max_len=1048576 -jobs=1 -workers=1; \
		status=$$?; mkdir -p logs && mv fuzz-0.log logs/$$target.log; grep -E '^(Done|==|SUMMARY)' logs/$$target.log; \
		[ $$status -eq 0 ] || exit 1; \
	done
