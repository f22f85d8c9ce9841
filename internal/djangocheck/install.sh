#!/usr/bin/env bash
# install.sh VENV PINS [PYTHON]: create the virtual environment VENV with
# PYTHON (python3 by default) and put in it the packages PINS lists
# (django-5.2.18.pins: a path in Debian's pool and its SHA256 a line),
# downloaded from deb.debian.org and checked (fetch.sh).
#
# Why Debian's packages and not pip: the issue asked for Django installed with
# pip from a requirements file, but the machines this project is built on
# reach no PyPI (it is refused), while Debian's archive is reachable and ships
# exactly the Django releases the scenarios name, as pure-Python packages. A
# .deb pinned by its SHA256 is as reproducible as a hashed requirements line.
# The packages' dist-packages folder is copied into the environment's
# site-packages; nothing is installed system-wide and no dpkg database changes.
# The environment is made --without-pip: nothing in it installs anything.
set -euo pipefail

venv=${1:?usage: install.sh VENV PINS [PYTHON]}
pins=${2:?usage: install.sh VENV PINS [PYTHON]}
python=${3:-python3}
. "$(dirname "$0")/fetch.sh"

for tool in "$python" curl dpkg-deb sha256sum; do
	command -v "$tool" >/dev/null || { echo "install.sh: $tool is needed" >&2; exit 1; }
done

rm -rf "$venv"
"$python" -m venv --without-pip "$venv"
site=$("$venv/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
debs=$venv/debs
unpacked=$venv/unpacked

fetch_pinned "$pins" "$debs"
for deb in "$debs"/*.deb; do
	dpkg-deb -x "$deb" "$unpacked"
done
cp -R "$unpacked"/usr/lib/python3/dist-packages/. "$site"/
rm -rf "$debs" "$unpacked"
"$venv/bin/python" -c 'import django, sys; print("install.sh: Django", django.get_version(), "on Python", sys.version.split()[0], "in", django.__path__[0])'
