#!/usr/bin/env bash
# One entry point for `npm start`, `npm test` and `npm run bootstrap`: dependencies, the pinned
# Node runtime, PostgreSQL with pgvector, NATS with JetStream, roles, schemas and migrations,
# then the command itself. Safe to run again: every step checks before it acts.
set -euo pipefail
cd "$(dirname "$0")/../.."
command=${1:-bootstrap}
shift || true

source infra/bootstrap/lib.sh
# swc-node (apps, scripts, child processes of tests) reads decorator settings from here, whatever the cwd.
export SWC_NODE_PROJECT=$PWD/tsconfig.json
ensure_dependencies
ensure_node_runtime
ensure_postgres
ensure_nats

run_node infra/bootstrap/prepare.ts

# Apps run from JavaScript compiled once into dist/ (SWC; Nx caches it, so an unchanged project is not compiled again).
build() { log "compiling the apps to dist/ (cached by Nx)"; nx run-many --target=build --outputStyle=static --parallel=2; }

case "$command" in
  bootstrap) ;;
  bench)
    [ -f "bench/${1:-}.bench.ts" ] || fail "usage: npm run bench -- <name>; one of: $(cd bench && ls *.bench.ts | sed 's/.bench.ts//' | tr '\n' ' ')"
    exec node -r @swc-node/register "bench/$1.bench.ts" ;;
  start) build; exec node -r @swc-node/register infra/bootstrap/start.ts "$@" ;;
  test)
    # Jest loads ESM-only packages (Nest 12, MikroORM 7) from CommonJS through vm modules.
    export NODE_OPTIONS="--experimental-vm-modules --no-warnings=ExperimentalWarning ${NODE_OPTIONS:-}"
    export TANDEM_TEST_SUMMARY_DIR=$PWD/tmp/test-summary
    rm -rf "$TANDEM_TEST_SUMMARY_DIR"
    status=0
    log "type-checking the workspace"
    tsc -p tsconfig.json --noEmit || status=$?
    build || status=$?
    nx run-many --target=test --outputStyle=stream --parallel=2 "$@" || status=$?
    [ -d "$TANDEM_TEST_SUMMARY_DIR" ] && node infra/jest/print-summary.js "$TANDEM_TEST_SUMMARY_DIR"
    exit "$status" ;;
  *) fail "unknown command: $command (expected bootstrap, start or test)" ;;
esac
