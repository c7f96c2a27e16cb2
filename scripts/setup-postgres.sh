#!/usr/bin/env bash
# Debian's PostgreSQL for the indexer's second database: installs it if missing, starts its cluster
# and gives the current OS user a superuser role (peer authentication over the local socket), then
# prints the connection URL. Idempotent; `make bootstrap` installs, the indexer's tests start it.
source "$(dirname "$0")/toolchain/lib.sh"
sudo_cmd=(); [ "$(id -u)" = 0 ] || sudo_cmd=(sudo)
if ! command -v pg_lsclusters >/dev/null; then
  command -v apt-get >/dev/null || die "install PostgreSQL (Debian package 'postgresql') for the indexer's tests"
  step "installing Debian's postgresql for the indexer's tests" >&2
  run_logged apt-update-postgres "apt-get update failed: no network to the Debian mirrors?" "${sudo_cmd[@]}" apt-get update -qq
  run_logged apt-postgres "apt-get install postgresql failed" \
    env DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -q postgresql
fi
[ "${1:-}" = install ] && exit 0
version=$(ls /usr/lib/postgresql | sort -n | tail -1)
pg_lsclusters -h | grep -q "^$version main" || "${sudo_cmd[@]}" pg_createcluster "$version" main >&2
pg_lsclusters -h | grep -q "^$version main .* online" || "${sudo_cmd[@]}" pg_ctlcluster "$version" main start >&2
user=$(id -un)
as_postgres=("${sudo_cmd[@]}" runuser -u postgres --)
[ "$("${as_postgres[@]}" psql -tAc "SELECT 1 FROM pg_roles WHERE rolname = '$user'")" = 1 ] \
  || "${as_postgres[@]}" createuser --superuser "$user" >&2
echo "postgresql://$user@localhost/postgres?host=/var/run/postgresql"
