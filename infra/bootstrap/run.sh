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
case "$command" in test | bench | jest | eval | eval-memory) ensure_nats test ;; *) ensure_nats dev ;; esac

# The migrate step: roles, schemas, migrations, and the streams (as the provisioner, the one NATS
# identity that may create them).
if [ -n "${PROJECT_NATS_PID:-}" ]; then
  NATS_NKEY_SEED=$(identity_seed provisioner) run_node infra/bootstrap/prepare.ts
  # Tests and benchmarks act on the bus as the tester; the apps they start get their own identities.
  case "$command" in test | bench | jest | eval | eval-memory) NATS_NKEY_SEED=$(identity_seed tester) && export NATS_NKEY_SEED ;; esac
else
  run_node infra/bootstrap/prepare.ts
fi

# Apps run from JavaScript compiled once into dist/ (SWC; Nx caches it, so an unchanged project is not compiled again).
# ESLint (type-aware rules, project boundaries from tags) with the boundary rule's own tests, and
# Prettier's check. ESLint caches by file content in tmp/cache (a fresh clone lints everything).
lint() {
  local failed=0
  log "lint: ESLint (type-aware; project boundaries from Nx tags) and Prettier"
  node --test --test-reporter=dot 'infra/eslint/*.test.mjs' || failed=1
  eslint --max-warnings=0 --cache --cache-strategy content --cache-location tmp/cache/eslint/ . || failed=1
  prettier --check --log-level=warn '**/*.{ts,tsx,js,mjs,cjs,json,css}' || { log "formatting: run npm run format"; failed=1; }
  return "$failed"
}
build() { log "compiling the apps to dist/ (cached by Nx)"; nx run-many --target=build --outputStyle=static --parallel=2; }

case "$command" in
  bootstrap) ;;
  bench)
    [ -f "bench/${1:-}.bench.ts" ] || fail "usage: npm run bench -- <name>; one of: $(cd bench && ls *.bench.ts | sed 's/.bench.ts//' | tr '\n' ' ')"
    # BENCH_NODE_ARGS: flags for the bench's own process, e.g. "--cpu-prof --cpu-prof-dir=tmp/prof".
    build; node ${BENCH_NODE_ARGS:-} -r @swc-node/register "bench/$1.bench.ts" ;;
  # Memory recall on long scripted conversations (evals/memory), reported as numbers.
  eval-memory) build; node -r @swc-node/register evals/memory/run.ts "$@" ;;
  # Coaching quality: scripted conversations against every prompt version (evals/coaching), as a table.
  eval) node -r @swc-node/register evals/coaching/run.ts "$@" ;;
  start) build; node -r @swc-node/register infra/bootstrap/start.ts "$@" ;;
  # The operator's admin command (docs/gateway.md#admins), with the gateway's environment.
  admin) build; node --enable-source-maps dist/apps/gateway/src/admin-cli.js "$@" ;;
  # One or a few Jest files against the same servers and identities as `npm test`, for example
  # `npm run jest -- -c apps/chat/jest.config.js apps/chat/test/turn-queue.spec.ts`.
  jest)
    case " $* " in *tests/system*) ensure_chromium ;; esac
    build
    export NODE_OPTIONS="--experimental-vm-modules --no-warnings=ExperimentalWarning ${NODE_OPTIONS:-}"
    jest "$@" ;;
  test)
    # `npm test` runs every step; `npm test -- <step>...` (or npm run test:unit, test:integration,
    # test:system, lint) runs only those. Every step runs even when an earlier one failed.
    steps=("$@")
    [ ${#steps[@]} -gt 0 ] || steps=(typecheck lint unit integration system)
    case " ${steps[*]} " in *" system "*) ensure_chromium ;; esac
    # Jest loads ESM-only packages (Nest 12, MikroORM 7) from CommonJS through vm modules.
    export NODE_OPTIONS="--experimental-vm-modules --no-warnings=ExperimentalWarning ${NODE_OPTIONS:-}"
    export TANDEM_TEST_SUMMARY_DIR=$PWD/tmp/test-summary
    rm -rf "$TANDEM_TEST_SUMMARY_DIR"
    status=0
    for step in "${steps[@]}"; do
      step_started=$SECONDS
      case "$step" in
        typecheck)
          log "type-checking the workspace"
          tsc -p tsconfig.json --noEmit --incremental --tsBuildInfoFile tmp/cache/typecheck.tsbuildinfo || status=1
          tsc -p apps/web/tsconfig.json --incremental --tsBuildInfoFile tmp/cache/typecheck-web.tsbuildinfo || status=1 ;;
        lint) lint || status=1 ;;
        # Unit tests: no server, cached by Nx (only projects whose inputs changed run again).
        unit)
          log "unit tests (nx run-many -t test)"
          nx run-many --target=test --outputStyle=stream --parallel=2 || status=1 ;;
        # Each project against the real PostgreSQL and NATS; a fresh database and bus namespace per file.
        integration)
          build || status=1
          log "integration tests (nx run-many -t test:integration)"
          nx run-many --target=test:integration --outputStyle=stream --parallel=2 || status=1 ;;
        # The apps as processes, after everything else, one file at a time.
        system)
          build || status=1
          log "whole-system tests (nx run-many -t test:system)"
          nx run-many --target=test:system --outputStyle=stream --parallel=1 || status=1 ;;
        *) fail "unknown test step: $step (expected typecheck, lint, unit, integration or system)" ;;
      esac
      log "$step: $((SECONDS - step_started)) s"
    done
    [ -d "$TANDEM_TEST_SUMMARY_DIR" ] && node infra/jest/print-summary.js "$TANDEM_TEST_SUMMARY_DIR"
    exit "$status" ;;
  *) fail "unknown command: $command (expected bootstrap, start, test, jest, bench, eval, eval-memory or admin)" ;;
esac
