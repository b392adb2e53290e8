#!/bin/sh
# SPDX-License-Identifier: MIT
#
# Run the kernel's checkpatch.pl (from Debian's linux-source tarball,
# unpacked once into the cache) on the given files; fail on any warning.
set -eu

CACHE=${UACCE_CACHE:-/var/cache/uacce}
tarball=$(ls /usr/src/linux-source-*.tar.xz | sort -V | tail -n 1)
ver=$(basename "$tarball" .tar.xz)
dir="$CACHE/checkpatch/$ver"

if [ ! -f "$dir/scripts/checkpatch.pl" ]; then
	mkdir -p "$dir"
	tar -xf "$tarball" -C "$dir" --strip-components=1 \
		"$ver/scripts/checkpatch.pl" "$ver/scripts/spelling.txt" \
		"$ver/scripts/const_structs.checkpatch"
fi

status=0
for f in "$@"; do
	if ! perl "$dir/scripts/checkpatch.pl" --no-tree --quiet \
		--show-types -f "$f"; then
		status=1
	fi
done
if [ "$status" = 0 ]; then
	echo "checkpatch: $# files clean"
else
	echo "checkpatch: FAILED"
fi
exit $status
