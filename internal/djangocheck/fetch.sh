# fetch.sh, sourced by install.sh and python.sh: fetch_pinned PINS DIR
# downloads every file PINS lists (a path in Debian's pool and its SHA256 a
# line; # starts a comment) from deb.debian.org into DIR and checks its hash.
# Debian's sid moves on: when a pinned file is gone from the pool, it says so,
# and the fix is a new pin read from the archive's index.

mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}

fetch_pinned() {
	local pins=$1 dir=$2 path sum file code got
	mkdir -p "$dir"
	while read -r path sum; do
		file=$dir/$(basename "$path")
		code=$(curl -sS -o "$file" -w '%{http_code}' "$mirror/$path") || {
			echo "fetch: cannot download $mirror/$path" >&2; return 1; }
		if [ "$code" = 404 ]; then
			echo "fetch: $path is gone from Debian's pool (sid moves on)." >&2
			echo "  Update its line in $pins: the new file name and SHA256 are in" >&2
			echo "  $mirror/dists/sid/main/binary-all/Packages.xz for a package," >&2
			echo "  $mirror/dists/sid/main/source/Sources.xz for a source tarball" >&2
			echo "  (experimental instead of sid for a package pinned from there)." >&2
			return 1
		elif [ "$code" != 200 ]; then
			echo "fetch: $mirror/$path answered HTTP $code" >&2; return 1
		fi
		got=$(sha256sum "$file" | cut -d' ' -f1)
		if [ "$got" != "$sum" ]; then
			echo "fetch: $path has SHA256 $got, $pins pins $sum" >&2; return 1
		fi
	done < <(grep -v -e '^#' -e '^[[:space:]]*$' "$pins")
}
