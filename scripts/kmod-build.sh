#!/bin/sh
# SPDX-License-Identifier: MIT
#
# Build every kernel module of the tree against one kernel build tree, in a
# copy of the sources under OUTDIR, so that the Debian and the debug kernel
# each get their own objects and the source tree stays clean.
#
# usage: kmod-build.sh KDIR OUTDIR [KBUILD-VARIABLE=VALUE ...]
# Modules: kernel/uacce first (the others link against it), then every
# other directory with a Kbuild file under kernel/ and tests/kernel/.
set -eu

kdir=$1
out=$2
shift 2
mkdir -p "$out"

# UACCE_KMOD_SKIP: directories to leave out (work in progress).
dirs=$(ls -d kernel/*/Kbuild tests/kernel/*/Kbuild 2>/dev/null |
	sed 's|/Kbuild$||' | grep -vx kernel/uacce || true)
for s in ${UACCE_KMOD_SKIP:-}; do
	dirs=$(echo "$dirs" | grep -vx "$s" || true)
done

# Copy with timestamps kept, so kbuild rebuilds only what changed.
tar -cf - --exclude='*.o' --exclude='*.ko' --exclude='*.mod*' \
	--exclude='.*.cmd' --exclude='Module.symvers' \
	--exclude='modules.order' include kernel $dirs | tar -xf - -C "$out"

make -C "$kdir" KCFLAGS=-Werror M="$(cd "$out" && pwd)/kernel/uacce" "$@" modules
for d in $dirs; do
	make -C "$kdir" KCFLAGS=-Werror M="$(cd "$out" && pwd)/$d" \
		KBUILD_EXTRA_SYMBOLS="$(cd "$out" && pwd)/kernel/uacce/Module.symvers" \
		"$@" modules
done
