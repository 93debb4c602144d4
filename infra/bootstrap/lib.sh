# Shared steps of the bootstrap. Every function checks before it acts, so a second run is fast.
# shellcheck shell=bash

STATE_DIR=${TANDEM_STATE_DIR:-$PWD/tmp/infra}
DEFAULT_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres
DEFAULT_NATS_URL=nats://127.0.0.1:4222

log() { printf '\033[36mbootstrap\033[0m %s\n' "$*" >&2; }
fail() { printf '\033[31mbootstrap: %s\033[0m\n' "$*" >&2; exit 1; }

# Is something listening on host:port? (bash's /dev/tcp needs no extra tool)
port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

wait_for_port() {
  local host=$1 port=$2 what=$3
  for _ in $(seq 1 60); do port_open "$host" "$port" && return 0; sleep 0.5; done
  fail "$what did not start listening on $host:$port within 30 s"
}

docker_engine() { command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; }

# Compose v2 (the docker plugin) where present, else the standalone docker-compose.
compose() { if docker compose version >/dev/null 2>&1; then docker compose "$@"; else docker-compose "$@"; fi; }

can_install_packages() { [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; }

apt_install() {
  can_install_packages || return 1
  log "installing Debian packages: $*"
  [ -n "${APT_UPDATED:-}" ] || { apt-get update -qq >/dev/null; APT_UPDATED=1; }
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

run_node() { node -r @swc-node/register "$@"; }

ensure_dependencies() {
  local marker=node_modules/.package-lock.json
  if [ ! -x node_modules/.bin/node ] || [ ! -f "$marker" ] || [ package.json -nt "$marker" ] || [ package-lock.json -nt "$marker" ]; then
    log "installing npm dependencies (npm install; npm ci misses platform-specific optional packages here)"
    npm install --no-audit --no-fund --loglevel=error
    touch "$marker"
  fi
  hash -r
}

ensure_node_runtime() {
  local bin
  bin=$(command -v node)
  case "$(node -p process.versions.node)" in
    24.*) ;;
    *) fail "node on PATH is $(node -v) at $bin; run through npm (npm start / npm test) so node_modules/.bin/node (Node 24) comes first" ;;
  esac
}

# PostgreSQL, in the documented order: DATABASE_URL; a server on 127.0.0.1:5432; docker compose;
# the machine's own packages; otherwise say what to install.
ensure_postgres() {
  if [ -n "${DATABASE_URL:-}" ]; then
    log "PostgreSQL: using DATABASE_URL"
  elif port_open 127.0.0.1 5432; then
    export DATABASE_URL=$DEFAULT_DATABASE_URL
    log "PostgreSQL: using the server on 127.0.0.1:5432"
  elif docker_engine; then
    log "PostgreSQL: starting it with docker compose"
    compose up -d postgres
    wait_for_port 127.0.0.1 5432 PostgreSQL
    export DATABASE_URL=postgres://postgres:postgres@127.0.0.1:5432/postgres
  else
    start_local_postgres
  fi
  wait_for_postgres
  ensure_pgvector
  # A password per service role, generated once for this machine (a deployment gives the migrate
  # step <SERVICE>_DATABASE_PASSWORD and each service its own <SERVICE>_DATABASE_URL instead).
  export DATABASE_PASSWORDS_FILE=${DATABASE_PASSWORDS_FILE:-$STATE_DIR/database-passwords.json}
}

# A port that answers may still belong to a server that is starting up.
wait_for_postgres() {
  command -v psql >/dev/null 2>&1 || return 0
  for _ in $(seq 1 60); do psql "$DATABASE_URL" -qtAc 'select 1' >/dev/null 2>&1 && return 0; sleep 0.5; done
  fail "cannot log in to PostgreSQL at $(redact "$DATABASE_URL") (check the URL, the role and pg_hba.conf)"
}

start_local_postgres() {
  if ! command -v pg_ctlcluster >/dev/null 2>&1; then
    apt_install postgresql || fail "no PostgreSQL found. Install PostgreSQL 15+ with pgvector (Debian: apt-get install postgresql), or set DATABASE_URL to a server that has it."
  fi
  local version
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  log "PostgreSQL: starting the local cluster $version/main"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>/dev/null || true
  wait_for_port 127.0.0.1 5432 PostgreSQL
  export DATABASE_URL=$DEFAULT_DATABASE_URL
  if ! psql "$DATABASE_URL" -qtAc 'select 1' >/dev/null 2>&1; then
    # A fresh Debian cluster asks for a password over TCP: give the local superuser a dev one.
    log "PostgreSQL: setting a development password for the local postgres superuser"
    su postgres -c "psql -qc \"alter user postgres password 'postgres'\"" >/dev/null
    export DATABASE_URL=postgres://postgres:postgres@127.0.0.1:5432/postgres
  fi
}

ensure_pgvector() {
  command -v psql >/dev/null 2>&1 || { log "pgvector: no psql here to check; the prepare step will"; return 0; }
  local available
  available=$(psql "$DATABASE_URL" -qtAc "select count(*) from pg_available_extensions where name = 'vector'" 2>/dev/null) ||
    fail "cannot connect to PostgreSQL at $(redact "$DATABASE_URL")"
  [ "$available" = 1 ] && return 0
  local host
  host=$(node -p "new URL(process.argv[1]).hostname" "$DATABASE_URL")
  case "$host" in
    127.0.0.1|localhost|::1|'') ;;
    *) fail "the PostgreSQL server at $host has no pgvector extension: install it there (postgresql-NN-pgvector, or the pgvector/pgvector image)" ;;
  esac
  ls /usr/lib/postgresql/*/bin/pg_config >/dev/null 2>&1 || apt_install "postgresql-server-dev-$(psql "$DATABASE_URL" -qtAc 'show server_version_num' | cut -c1-2)" ||
    fail "pgvector is missing and cannot be built here: install postgresql-NN-pgvector, or run this as root so the bootstrap can build it"
  log "pgvector: not installed; building it from Debian's pgvector source package (about a minute, once)"
  bash infra/bootstrap/build-pgvector.sh
}

redact() { sed -E 's#(://[^:/@]+):[^@]*@#\1:***@#' <<<"$1"; }

# NATS: the project's own nats-server, with a user per service and permissions generated from the
# contract registry (docs/security.md#the-bus); the machine's server on 4222 lets anyone in, so it
# is not used. It runs as long as this command: a throwaway store for tests and benchmarks (subjects
# namespaced per test file), a kept one in $STATE_DIR/bus for npm start. With NATS_URL set, that
# server is used as it is (a deployment's, with its own users: give each process NATS_NKEY_SEED).
# The seeds of its identities (tools and tests read them from NATS_IDENTITIES_FILE): a development
# machine's stand-in for a secret store, readable by its owner only.
NATS_IDENTITIES_FILE=${NATS_IDENTITIES_FILE:-$STATE_DIR/nats-identities.json}

ensure_nats() {
  local mode=$1 dir port
  if [ -n "${NATS_URL:-}" ]; then log "NATS: using NATS_URL"; return 0; fi
  command -v nats-server >/dev/null 2>&1 || apt_install nats-server ||
    fail "no nats-server found. Install nats-server 2.9+ (Debian: apt-get install nats-server), or set NATS_URL (and NATS_NKEY_SEED per process) to a server with JetStream."
  if [ "$mode" = test ]; then
    dir=$(mktemp -d "${TMPDIR:-/tmp}/tandem-nats-XXXXXX")
  else
    dir=$STATE_DIR/bus
    mkdir -p "$dir"
  fi
  port=$(free_port)
  run_node infra/bootstrap/nats-config.ts "$NATS_IDENTITIES_FILE" "$dir" "$port" "$mode"
  nats-server -c "$dir/nats.conf" -l "$dir/nats.log" &
  PROJECT_NATS_PID=$! PROJECT_NATS_DIR=$dir PROJECT_NATS_MODE=$mode
  trap stop_project_nats EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  wait_for_port 127.0.0.1 "$port" nats-server
  export NATS_URL=nats://127.0.0.1:$port NATS_IDENTITIES_FILE
  log "NATS: the project's nats-server on $NATS_URL, a user per service (log: $dir/nats.log)"
}

stop_project_nats() {
  [ -n "${PROJECT_NATS_PID:-}" ] || return 0
  kill "$PROJECT_NATS_PID" 2>/dev/null || true
  wait "$PROJECT_NATS_PID" 2>/dev/null || true
  if [ "$PROJECT_NATS_MODE" = test ]; then rm -rf "$PROJECT_NATS_DIR"; fi
}

# The seed of one NATS identity (a service, provisioner or tester) from this machine's identities file.
identity_seed() { node -p 'require(process.argv[1])[process.argv[2]]' "$NATS_IDENTITIES_FILE" "$1"; }

free_port() { node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })'; }

# The browser tests (tests/system/test/browser.spec.ts) drive Debian's chromium package through
# playwright-core, which downloads no browser. Installed only for the commands that run them.
ensure_chromium() {
  local chromium=${CHROMIUM_PATH:-/usr/bin/chromium}
  [ -x "$chromium" ] && return 0
  log "installing Debian's chromium for the browser tests (apt-get install chromium)"
  apt_install chromium && [ -x "$chromium" ] ||
    fail "no Chromium at $chromium, and it could not be installed (apt-get needs root on Debian/Ubuntu). Install the chromium package, or set CHROMIUM_PATH to a Chromium or Chrome binary."
  export CHROMIUM_PATH=$chromium
}
