#!/bin/sh
# SPDX-License-Identifier: MIT
#
# Build the test VM's initramfs: static busybox, tests/vm/init as /init,
# the given kernel modules in /modules, test programs in /tests, tools in
# /tools, and an optional demo script.
#
# usage: initramfs.sh OUT.cpio.gz --modules "a.ko b.ko" --tests "t1 t2"
#        [--tools "bin1 bin2"] [--demo script] [--files "src:dst ..."]
set -eu

out=$1
shift
modules= tests= tools= demo= files=
while [ $# -gt 0 ]; do
	case "$1" in
	--modules) modules=$2 ;;
	--tests) tests=$2 ;;
	--tools) tools=$2 ;;
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
[ -z "$demo" ] || cp "$demo" "$root/demo.sh"
for f in $files; do
	mkdir -p "$root/$(dirname "${f#*:}")"
	cp "${f%%:*}" "$root/${f#*:}"
done

(cd "$root" && find . | cpio -o -H newc --quiet) | gzip -1 > "$out.tmp"
mv "$out.tmp" "$out"
