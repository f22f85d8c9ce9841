#!/usr/bin/env bash
# python.sh DIR PINS: a Python 3.12 or later at DIR/bin/python3, for the
# Django 6.1 environment (Django 6.x requires Python 3.12; Debian 12, where
# this project is built, has 3.11). A python3.13, python3.12 or python3 on the
# PATH that is new enough is used as it is (DIR/bin/python3 links to it).
# Otherwise CPython is built from the source tarball PINS pins (Debian's
# orig tarball of python3.13, downloaded and checked by fetch.sh), into DIR:
# that needs a C compiler, make, and the headers of SQLite (libsqlite3-dev,
# for the sqlite3 module Django's SQLite backend uses), zlib and libffi, and
# takes minutes, once.
set -euo pipefail

dir=${1:?usage: python.sh DIR PINS}
pins=${2:?usage: python.sh DIR PINS}
. "$(dirname "$0")/fetch.sh"
new_enough='import sys, sqlite3; sys.exit(sys.version_info < (3, 12))'

rm -rf "$dir"
mkdir -p "$dir/bin"
dir=$(cd "$dir" && pwd) # configure's --prefix must be absolute
for candidate in python3.13 python3.12 python3; do
	if command -v "$candidate" >/dev/null && "$candidate" -c "$new_enough" 2>/dev/null; then
		ln -s "$(command -v "$candidate")" "$dir/bin/python3"
		echo "python.sh: using $(command -v "$candidate") ($("$candidate" --version))"
		exit 0
	fi
done

echo "python.sh: no Python 3.12 or later with sqlite3 here: building CPython from $pins (minutes)"
src=$dir/src
fetch_pinned "$pins" "$src"
tar -xf "$src"/*.orig.tar.* -C "$src"
build=$(echo "$src"/Python-*/)
log=$dir/build.log
if ! (cd "$build" && ./configure --prefix="$dir" --without-ensurepip &&
	make -j"$(nproc)" && make install) >"$log" 2>&1; then
	echo "python.sh: the build failed; the end of $log:" >&2
	tail -20 "$log" >&2
	exit 1
fi
rm -rf "$src"
"$dir/bin/python3" -c "$new_enough" || {
	echo "python.sh: the Python built has no sqlite3 module: install libsqlite3-dev and run again" >&2
	exit 1
}
echo "python.sh: built $("$dir/bin/python3" --version) in $dir"
