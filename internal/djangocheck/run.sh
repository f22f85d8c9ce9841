#!/usr/bin/env bash
# run.sh DIR RELEASE...: check.py's tests, then check.py on DIR/cases.json
# with the environment of each Django RELEASE under DIR (DIR/5.2.18...).
# `make test-django` runs it inside internal/record/testdata/servers.sh, so
# that the scenarios about PostgreSQL and MariaDB find their servers in
# DBQUIRKS_POSTGRES and DBQUIRKS_MARIADB. Every release runs even when one
# fails, so one run says everything that is wrong.
set -uo pipefail

dir=${1:?usage: run.sh DIR RELEASE...}
shift
here=$(dirname "$0")
export PYTHONDONTWRITEBYTECODE=1

DBQUIRKS=$dir/dbquirks "$dir/$1/bin/python" -m unittest discover -s "$here" || exit 1
failed=0
for release in "$@"; do
	echo "== Django $release"
	"$dir/$release/bin/python" "$here/check.py" "$dir/cases.json" || failed=1
done
exit $failed
