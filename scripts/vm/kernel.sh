#!/bin/sh
# SPDX-License-Identifier: MIT
#
# Print the path of the Debian kernel image matching the installed
# linux-headers-amd64, fetching and unpacking it into the cache on first use.
# The version comes from the headers; it is never hard-coded.
set -eu

CACHE=${UACCE_CACHE:-/var/cache/uacce}

kver=$(scripts/vm/kver.sh)
dir="$CACHE/debian-kernel/$kver"
img="$dir/boot/vmlinuz-$kver"

if [ ! -s "$img" ]; then
	mkdir -p "$dir"
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	(cd "$tmp" && apt-get download -q "linux-image-$kver" >&2 ||
		{ apt-get update -q >&2 &&
		  apt-get download -q "linux-image-$kver" >&2; })
	dpkg-deb -x "$tmp"/linux-image-*.deb "$tmp/x"
	cp -a "$tmp/x/boot" "$dir/"
fi
echo "$img"
