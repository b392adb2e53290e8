#!/bin/sh
# SPDX-License-Identifier: MIT
#
# Build (once) the debug kernel from Debian's linux-source tarball with
# kernel/config/debug.config on top of x86_64 defconfig, and print the
# build directory. The build lives in the cache outside the clone, keyed
# by the source version, the config fragment and the compiler, so a second
# run on the same machine reuses it. Modules are built with
# 'make -C <dir> M=...'; the image is <dir>/arch/x86/boot/bzImage.
set -eu

CACHE=${UACCE_CACHE:-/var/cache/uacce}
frag=kernel/config/debug.config
tarball=$(ls /usr/src/linux-source-*.tar.xz | sort -V | tail -n 1)
ver=$(basename "$tarball" .tar.xz)

# The debug kernel is the same Debian release as the headers the modules
# are built for; anything else would test a different kernel.
kver=$(scripts/vm/kver.sh)
src_pkg=$(dpkg-query -W -f='${Version}' "$ver")
hdr_pkg=$(dpkg-query -W -f='${Version}' "linux-headers-$kver")
if [ "$src_pkg" != "$hdr_pkg" ]; then
	echo "debug-kernel: $ver $src_pkg differs from" \
		"linux-headers-$kver $hdr_pkg" >&2
	exit 1
fi
key=$( (cat "$frag"; gcc --version | head -n 1; echo "$src_pkg") |
	sha256sum | cut -c1-16)
src="$CACHE/debug-kernel/$ver-src"
out="$CACHE/debug-kernel/$ver-$key"

# Out-of-tree modules resolve the kernel's exports through Module.symvers;
# without in-tree modules to build, vmlinux's list is the whole of it.
symvers() {
	[ -f "$out/Module.symvers" ] || cp "$out/vmlinux.symvers" \
		"$out/Module.symvers"
}

if [ -f "$out/.uacce-built" ]; then
	symvers
	echo "$out"
	exit 0
fi

# One build at a time per machine; a second caller waits and reuses it.
mkdir -p "$CACHE/debug-kernel"
exec 9> "$CACHE/debug-kernel/.lock"
flock 9
if [ -f "$out/.uacce-built" ]; then
	echo "$out"
	exit 0
fi

log() { echo "debug-kernel: $*" >&2; }

if [ ! -f "$src/.uacce-unpacked" ]; then
	log "unpacking $tarball"
	rm -rf "$src"
	mkdir -p "$src"
	tar -xf "$tarball" -C "$src" --strip-components=1
	touch "$src/.uacce-unpacked"
fi

log "building $ver with $frag into $out (takes a while once)"
mkdir -p "$out"
start=$(date +%s)
make -s -C "$src" O="$out" x86_64_defconfig >&2
"$src/scripts/kconfig/merge_config.sh" -m -O "$out" "$out/.config" \
	"$frag" >&2
make -s -C "$src" O="$out" olddefconfig >&2

# Every option asked for must have survived the dependency resolution.
missing=$(grep '^CONFIG_' "$frag" | while read -r line; do
	grep -qx "$line" "$out/.config" || echo "$line"
done)
if [ -n "$missing" ]; then
	log "options not applied:"
	echo "$missing" >&2
	exit 1
fi

make -s -C "$src" O="$out" -j"$(nproc)" bzImage modules_prepare >&2
symvers
touch "$out/.uacce-built"
log "built in $(($(date +%s) - start)) s"
echo "$out"
