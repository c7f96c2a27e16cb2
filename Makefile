# Ballast: `make demo` runs the main job on a local chain, `make test` runs every test.
# Both install what they need first (see scripts/toolchain/versions.env for what and why).
SHELL := /bin/bash
.DEFAULT_GOAL := help

BALLAST_CACHE ?= $(HOME)/.cache/ballast
# Cargo build caches live outside the checkout, so a fresh clone (and CI) reuses compiled crates.
# Only the compiled dependencies are shared: before each build, scripts/toolchain/own-target.sh makes
# cargo rebuild this checkout's own crates when another checkout built there last (docs/toolchain.md).
export CARGO_TARGET_DIR ?= $(BALLAST_CACHE)/target/host
export BALLAST_CACHE
# The IDL builder compiles with other flags; its own folder keeps it from invalidating the test build.
IDL_TARGET_DIR := $(BALLAST_CACHE)/target/idl

.PHONY: help bootstrap deps build amm idl client generated check-generated test lint test-math test-rust test-ts test-own-build test-builtins-guard demo soak deploy mutants mutants-program fuzz sim-evidence bench clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

bootstrap: ## install the SBF toolchain and npm packages (idempotent; slow parts cached in ~/.cache/ballast)
	@scripts/toolchain/bootstrap-sbf.sh all
	@scripts/setup-chromium.sh
	@scripts/setup-postgres.sh install
	@$(MAKE) --no-print-directory deps

deps: node_modules/.package-lock.json
node_modules/.package-lock.json: package.json package-lock.json app/*/package.json
	@scripts/require-node.sh
	npm ci --no-audit --no-fund
	@touch $@

.toolchain/solana-compiler-builtins/.patched: scripts/toolchain/patch-compiler-builtins.py
	@scripts/toolchain/bootstrap-sbf.sh builtins

build: .toolchain/solana-compiler-builtins/.patched ## build target/deploy/ballast.so (SBPF v3), the tests' adversary AMM and solver program
	@scripts/toolchain/build-sbf.sh ballast
	@scripts/toolchain/build-sbf.sh adversary-amm
	@scripts/toolchain/build-sbf.sh test-solver

amm: .toolchain/solana-compiler-builtins/.patched ## build Raydium's CPMM program from its crates.io source (for the rebalancing tests)
	@scripts/amm/build-raydium-cpmm.sh

idl: ## regenerate idl/ballast.json (no Anchor CLI needed)
	@mkdir -p idl
	@scripts/toolchain/own-target.sh host $(IDL_TARGET_DIR)
	CARGO_TARGET_DIR=$(IDL_TARGET_DIR) cargo run --quiet -p ballast-idl -- idl/ballast.json

client: deps ## regenerate the Codama client in app/client/src/generated from idl/ballast.json
	npm run --silent generate

generated: idl client

# Compared with HEAD, not the index: generated code that is staged but not committed does not pass.
check-generated: generated ## fail when the committed IDL or client differ from what the sources generate
	@git add -N idl app/client/src/generated 2>/dev/null || true
	@git diff --exit-code --stat HEAD -- idl app/client/src/generated \
	  || { echo "error: idl/ or app/client/src/generated/ differ from the commit: run 'make generated' and commit" >&2; exit 1; }

test: bootstrap build amm check-generated ## run every test: math, program (native + SBF VM), TypeScript, a 100 s demo soak
	@scripts/run-tests.sh

lint: ## rustfmt check and clippy on every crate and target (on-chain crates deny unchecked arithmetic), Prettier and ESLint
	@scripts/toolchain/own-target.sh host
	scripts/lint-rust.sh
	npm run --silent lint

test-math: ## math crate unit and property tests
	@scripts/toolchain/own-target.sh host
	cargo test -p ballast-math

test-rust: build amm ## program tests, each run natively and in the SBF VM
	@scripts/toolchain/own-target.sh host
	cargo test -p ballast-tests

test-ts: build deps ## TypeScript tests (generated client against the .so in litesvm)
	npm test

test-own-build: .toolchain/solana-compiler-builtins/.patched ## two clones share the build cache; each must test its own build
	@scripts/test-own-build.sh

test-builtins-guard: ## build the .so with the unpatched 128-bit builtins: the deposit tests must fail against it
	@scripts/test-builtins-guard.sh

demo: bootstrap build amm ## start a local Surfpool chain with a funded demo vault (Ctrl-C stops it)
	npx tsx scripts/demo.ts $(DEMO_ARGS)

SOAK_SECONDS ?= 1800
soak: bootstrap build amm ## run the demo for SOAK_SECONDS (default 30 min) at its real pace, probing RPC; figures in target/soak/report.json
	npx tsx scripts/demo.ts --soak $(SOAK_SECONDS)

# CLUSTER: localnet, devnet, mainnet-beta or an RPC URL. An existing program is upgraded (KEYPAIR
# holds its upgrade authority); a new one needs PROGRAM_KEYPAIR. SO defaults to target/deploy/ballast.so.
deploy: deps ## deploy or upgrade the program: make deploy CLUSTER=devnet KEYPAIR=~/.config/solana/id.json [PROGRAM_KEYPAIR=…] [SO=…]
	@test -n "$(CLUSTER)" -a -n "$(KEYPAIR)" || { echo "usage: make deploy CLUSTER=localnet|devnet|mainnet-beta|URL KEYPAIR=path [PROGRAM_KEYPAIR=path] [SO=path]" >&2; exit 2; }
	npx tsx app/cli/src/main.ts deploy --cluster "$(CLUSTER)" --keypair $(KEYPAIR) $(if $(PROGRAM_KEYPAIR),--program-keypair $(PROGRAM_KEYPAIR)) $(if $(SO),--so $(SO))

FUZZ_CASES ?= 1000
fuzz: build amm ## stateful fuzzing, native and SBF side by side: FUZZ_CASES sequences of up to 120 steps (make test runs 40); see docs/verification.md
	@scripts/toolchain/own-target.sh host
	BALLAST_FUZZ_CASES=$(FUZZ_CASES) RUST_LOG=error cargo test -p ballast-tests --test stateful_fuzz -- --nocapture

mutants: ## mutation testing of crates/ballast-math with cargo-mutants (hours; MUTANTS_FILES=… for a part); see docs/verification.md
	@scripts/mutants.sh

mutants-program: build amm ## mutation testing of the program's handlers against the native integration tests (hours; MUTANTS_FILES=…, MUTANTS_TESTS=…)
	@MUTANTS_CRATE=program scripts/mutants.sh

sim-evidence: ## rerun the strategy evidence docs/simulator.md quotes (sweeps, bootstrap intervals, walk-forward; ~15 min)
	@scripts/sim-evidence.sh

bench: bootstrap build ## measure compute units and build times into docs/benchmarks.md
	@scripts/bench.sh

clean: ## remove this checkout's build outputs (the shared cache stays)
	rm -rf target .toolchain
