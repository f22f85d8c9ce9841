#!/usr/bin/env bash
# servers.sh CMD [ARGS...]: run CMD beside a throwaway PostgreSQL and a
# throwaway MariaDB, then stop both and delete everything they wrote.
#
# Both servers come from Debian's packages (installed with apt when missing),
# run from fresh data directories under one temporary folder, listen on
# 127.0.0.1 on free ports, and run as an unprivileged user when this script
# runs as root (PostgreSQL refuses root). CMD sees where they are in
# DBQUIRKS_POSTGRES (a pgx connection URL) and DBQUIRKS_MARIADB (a
# go-sql-driver DSN), the variables `dbquirks record` reads.
#
# Anything missing is a failure, never a skip: `make test-servers` exists to
# prove the recordings against real servers.
set -euo pipefail

die() { echo "servers.sh: $*" >&2; exit 1; }
[ $# -gt 0 ] || die "usage: servers.sh CMD [ARGS...]"

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

pg_bindir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

# install_missing installs the server packages that are not there yet. The
# packages' own services must not start: a policy-rc.d that refuses them is
# put in place for the install when the machine has none.
install_missing() {
	local need=()
	[ -n "$(pg_bindir)" ] || need+=(postgresql)
	command -v mariadbd >/dev/null 2>&1 || [ -x /usr/sbin/mariadbd ] || need+=(mariadb-server)
	[ ${#need[@]} -gt 0 ] || return 0
	echo "servers.sh: installing ${need[*]}" >&2
	local policy=""
	if [ ! -e /usr/sbin/policy-rc.d ]; then
		policy=/usr/sbin/policy-rc.d
		printf '#!/bin/sh\nexit 101\n' | as_root tee "$policy" >/dev/null
		as_root chmod 755 "$policy"
	fi
	as_root apt-get update -q
	DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -q --no-install-recommends "${need[@]}" >&2
	[ -z "$policy" ] || as_root rm -f "$policy"
}

# free_port prints a TCP port on 127.0.0.1 that nothing listens on.
free_port() {
	local port
	for _ in $(seq 1 100); do
		port=$((20000 + RANDOM % 40000))
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
			echo "$port"
			return 0
		fi
	done
	die "no free port found"
}

install_missing
PG_BIN=$(pg_bindir)
[ -x "$PG_BIN/initdb" ] || die "PostgreSQL's initdb is missing under /usr/lib/postgresql"
MARIADBD=$(command -v mariadbd || echo /usr/sbin/mariadbd)
[ -x "$MARIADBD" ] || die "mariadbd is missing"
command -v mariadb-install-db >/dev/null || die "mariadb-install-db is missing"

pg_user=""
mdb_user=$(id -un)
if [ "$(id -u)" -eq 0 ]; then
	id postgres >/dev/null 2>&1 || die "user postgres is missing (the postgresql package creates it)"
	id mysql >/dev/null 2>&1 || die "user mysql is missing (the mariadb-server package creates it)"
	pg_user=postgres
	mdb_user=mysql
fi
as_pg() { if [ -n "$pg_user" ]; then runuser -u "$pg_user" -- "$@"; else "$@"; fi; }

top=$(mktemp -d "${TMPDIR:-/tmp}/dbquirks-servers.XXXXXX")
chmod 755 "$top"
pg_dir="$top/postgres"
mdb_dir="$top/mariadb"
mkdir -p "$pg_dir" "$mdb_dir"
[ -z "$pg_user" ] || chown "$pg_user" "$pg_dir"
[ "$mdb_user" = "$(id -un)" ] || chown "$mdb_user" "$mdb_dir"

pg_started=""
mdb_pid=""
cleanup() {
	local status=$?
	if [ -n "$pg_started" ]; then
		as_pg "$PG_BIN/pg_ctl" -D "$pg_dir/data" -m immediate -w stop >/dev/null 2>&1 || true
	fi
	if [ -n "$mdb_pid" ]; then
		kill "$mdb_pid" 2>/dev/null || true
		for _ in $(seq 1 100); do kill -0 "$mdb_pid" 2>/dev/null || break; sleep 0.1; done
		kill -9 "$mdb_pid" 2>/dev/null || true
	fi
	rm -rf "$top"
	exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# PostgreSQL: a cluster with trust authentication on 127.0.0.1 only. The
# recorder creates each scenario's database with its own explicit locale.
pg_port=$(free_port)
as_pg "$PG_BIN/initdb" -D "$pg_dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 --no-sync >"$pg_dir/initdb.log" 2>&1 ||
	{ cat "$pg_dir/initdb.log" >&2; die "initdb failed"; }
pg_started=1
as_pg "$PG_BIN/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w -t 60 \
	-o "-c listen_addresses=127.0.0.1 -p $pg_port -c unix_socket_directories=$pg_dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
	start >/dev/null || { cat "$pg_dir/server.log" >&2; die "PostgreSQL did not start"; }

# MariaDB: a fresh data directory, root without a password on 127.0.0.1
# only, no binary log, no durability (the data is thrown away).
mdb_port=$(free_port)
mariadb-install-db --no-defaults --user="$mdb_user" --datadir="$mdb_dir/data" \
	--auth-root-authentication-method=normal --skip-test-db >"$mdb_dir/install.log" 2>&1 ||
	{ cat "$mdb_dir/install.log" >&2; die "mariadb-install-db failed"; }
mdb_user_opt=()
[ "$(id -u)" -ne 0 ] || mdb_user_opt=(--user="$mdb_user")
"$MARIADBD" --no-defaults "${mdb_user_opt[@]}" --datadir="$mdb_dir/data" \
	--bind-address=127.0.0.1 --port="$mdb_port" --socket="$mdb_dir/mariadb.sock" \
	--pid-file="$mdb_dir/mariadb.pid" --log-error="$mdb_dir/server.log" \
	--skip-log-bin --skip-name-resolve --innodb-buffer-pool-size=64M \
	--innodb-flush-log-at-trx-commit=0 --innodb-doublewrite=0 2>>"$mdb_dir/server.log" &
mdb_pid=$!
for i in $(seq 1 300); do
	if mariadb-admin --no-defaults --protocol=tcp -h 127.0.0.1 -P "$mdb_port" -u root ping >/dev/null 2>&1; then
		break
	fi
	kill -0 "$mdb_pid" 2>/dev/null || { cat "$mdb_dir/server.log" >&2; die "MariaDB exited while starting"; }
	[ "$i" -lt 300 ] || { cat "$mdb_dir/server.log" >&2; die "MariaDB did not answer within 30 s"; }
	sleep 0.1
done

export DBQUIRKS_POSTGRES="postgres://postgres@127.0.0.1:$pg_port/postgres?sslmode=disable"
export DBQUIRKS_MARIADB="root@tcp(127.0.0.1:$mdb_port)/"
echo "servers.sh: PostgreSQL on 127.0.0.1:$pg_port, MariaDB on 127.0.0.1:$mdb_port" >&2
"$@"
