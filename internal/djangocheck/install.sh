#!/usr/bin/env bash
# install.sh VENV PINS: create the virtual environment VENV and put in it the
# packages PINS lists (django-5.2.18.pins: a path in Debian's pool and its
# SHA256 a line), downloaded from deb.debian.org and checked.
#
# Why Debian's packages and not pip: the issue asked for Django installed with
# pip from a requirements file, but the machines this project is built on
# reach no PyPI (it is refused), while Debian's archive is reachable and ships
# exactly the Django releases the scenarios name, as pure-Python packages. A
# .deb pinned by its SHA256 is as reproducible as a hashed requirements line.
# The packages' dist-packages folder is copied into the environment's
# site-packages; nothing is installed system-wide and no dpkg database changes.
# The environment is made --without-pip: nothing in it installs anything.
#
# Debian's sid moves on: when a pinned file is gone from the pool, this says
# so, and the fix is a new pin read from the Packages.xz index.
set -euo pipefail

venv=${1:?usage: install.sh VENV PINS}
pins=${2:?usage: install.sh VENV PINS}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
index=$mirror/dists/sid/main/binary-all/Packages.xz

for tool in python3 curl dpkg-deb sha256sum; do
	command -v "$tool" >/dev/null || { echo "install.sh: $tool is needed" >&2; exit 1; }
done

rm -rf "$venv"
python3 -m venv --without-pip "$venv"
site=$("$venv/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
debs=$venv/debs
unpacked=$venv/unpacked
mkdir -p "$debs" "$unpacked"

grep -v -e '^#' -e '^[[:space:]]*$' "$pins" | while read -r path sum; do
	file=$debs/$(basename "$path")
	code=$(curl -sS -o "$file" -w '%{http_code}' "$mirror/$path") || {
		echo "install.sh: cannot download $mirror/$path" >&2; exit 1; }
	if [ "$code" = 404 ]; then
		echo "install.sh: $path is gone from Debian's pool (sid moves on)." >&2
		echo "  Update its line in $pins: the package's new Filename and SHA256 are in" >&2
		echo "  $index" >&2
		exit 1
	elif [ "$code" != 200 ]; then
		echo "install.sh: $mirror/$path answered HTTP $code" >&2; exit 1
	fi
	got=$(sha256sum "$file" | cut -d' ' -f1)
	if [ "$got" != "$sum" ]; then
		echo "install.sh: $path has SHA256 $got, $pins pins $sum" >&2; exit 1
	fi
	dpkg-deb -x "$file" "$unpacked"
done

cp -R "$unpacked"/usr/lib/python3/dist-packages/. "$site"/
rm -rf "$debs" "$unpacked"
"$venv/bin/python" -c 'import django; print("install.sh: Django", django.get_version(), "in", django.__path__[0])'
