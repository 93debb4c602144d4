#!/usr/bin/env bash
# Builds pgvector from Debian's own `pgvector` source package against the installed PostgreSQL
# server. Debian 12 ships no pgvector binary for PostgreSQL 15, but trixie carries the source
# package: we add a deb-src entry for it in its own source list and lists directory, so the
# machine's binary sources stay on bookworm.
set -euo pipefail

pg_config_bin=${PG_CONFIG:-$(ls -d /usr/lib/postgresql/*/bin/pg_config 2>/dev/null | sort -V | tail -n 1)}
[ -x "$pg_config_bin" ] || { echo "build-pgvector: no PostgreSQL server found (pg_config)" >&2; exit 1; }
pg_major=$("$pg_config_bin" --version | sed -E 's/[^0-9]*([0-9]+).*/\1/')

if [ -f "$("$pg_config_bin" --sharedir)/extension/vector.control" ]; then
  echo "build-pgvector: already installed for PostgreSQL $pg_major"
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "build-pgvector: needs root to install packages; run: sudo $0" >&2
  exit 1
fi

work=$(mktemp -d /tmp/pgvector-build.XXXXXX)
chmod 755 "$work" # apt downloads as the unprivileged _apt user
trap 'rm -rf "$work"' EXIT
apt_dir=/var/lib/tandem/apt-src
mkdir -p "$apt_dir/lists/partial"
echo "deb-src http://deb.debian.org/debian trixie main" >"$apt_dir/sources.list"
apt_src=(-o Dir::Etc::SourceList="$apt_dir/sources.list" -o Dir::Etc::SourceParts=/dev/null
  -o Dir::State::Lists="$apt_dir/lists")

export DEBIAN_FRONTEND=noninteractive
echo "build-pgvector: installing build tools and postgresql-server-dev-$pg_major"
apt-get update -qq >/dev/null
apt-get install -y -qq build-essential dpkg-dev "postgresql-server-dev-$pg_major" >/dev/null
echo "build-pgvector: fetching Debian's pgvector source package"
apt-get "${apt_src[@]}" update -qq >/dev/null
(cd "$work" && apt-get "${apt_src[@]}" source --download-only -qq pgvector >/dev/null &&
  dpkg-source -x --no-check ./pgvector_*.dsc src >/dev/null)
echo "build-pgvector: compiling"
make -s -C "$work/src" PG_CONFIG="$pg_config_bin" >/dev/null
make -s -C "$work/src" PG_CONFIG="$pg_config_bin" install >/dev/null
echo "build-pgvector: installed pgvector for PostgreSQL $pg_major"
