#!/bin/sh
# SPDX-License-Identifier: MIT
#
# Build the test VM's initramfs: static busybox, tests/vm/init as /init,
# the given kernel modules in /modules, test programs in /tests, tools in
# /tools, and an optional demo script.
#
# usage: initramfs.sh OUT.cpio.gz --modules "a.ko b.ko" --tests "t1 t2"
#        [--tools "bin1 bin2"] [--bins "/usr/bin/x ..."] [--demo script]
#        [--files "src:dst ..."]
#
# Programs may be dynamically linked: the shared libraries ldd names are
# copied in at the same paths. --bins copies host programs (pigz, igzip,
# ...) to the same path in the guest.
set -eu

out=$1
shift
modules= tests= tools= bins= demo= files=
while [ $# -gt 0 ]; do
	case "$1" in
	--modules) modules=$2 ;;
	--tests) tests=$2 ;;
	--tools) tools=$2 ;;
	--bins) bins=$2 ;;
	--demo) demo=$2 ;;
	--files) files=$2 ;;
	*) echo "initramfs: unknown option $1" >&2; exit 2 ;;
	esac
	shift 2
done

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/bin" "$root/sbin" "$root/proc" "$root/sys" "$root/dev" \
	"$root/tmp" "$root/modules" "$root/tests" "$root/tools" "$root/etc"
cp /bin/busybox "$root/bin/busybox"
cp tests/vm/init "$root/init"
chmod +x "$root/init"
for m in $modules; do cp "$m" "$root/modules/"; done
for t in $tests; do cp "$t" "$root/tests/"; done
for t in $tools; do cp "$t" "$root/tools/"; done
for b in $bins; do
	mkdir -p "$root/$(dirname "$b")"
	cp "$b" "$root/$b"
done

# Shared libraries of every dynamic program, and its loader.
for p in $tests $tools $bins; do
	ldd "$p" 2>/dev/null | grep -o '/[^ ]*' || true
done | sort -u | while read -r lib; do
	mkdir -p "$root/$(dirname "$lib")"
	cp -L "$lib" "$root/$lib"
done
[ -z "$demo" ] || cp "$demo" "$root/demo.sh"
for f in $files; do
	mkdir -p "$root/$(dirname "${f#*:}")"
	cp "${f%%:*}" "$root/${f#*:}"
done

(cd "$root" && find . | cpio -o -H newc --quiet) | gzip -1 > "$out.tmp"
mv "$out.tmp" "$out"
