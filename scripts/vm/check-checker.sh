#!/bin/sh
# SPDX-License-Identifier: MIT
#
# The test of the debug kernel's checks: run a VM test against the test
# driver built with UACCE_MOCK_FAULTY=y (a use-after-free, a lock inversion
# and a leak) and require that the run fails and that KASAN, lockdep and
# kmemleak each reported. A debug kernel that stays silent fails this.
#
# usage: check-checker.sh BUILD_DIR TEST_PROGRAM
set -eu

build=$1
prog=$2
out="$build/kmod/debug-faulty"
logdir="$build/vm/log-checker"
image="$build/vm/initramfs-faulty.cpio.gz"

kdir=$(scripts/vm/debug-kernel.sh)
scripts/kmod-build.sh "$kdir" "$out" UACCE_MOCK_FAULTY=y
scripts/vm/initramfs.sh "$image" \
	--modules "$(find "$out" -name '*.ko' | sort)" --tests "$prog"

if scripts/vm/run.sh --kernel "$kdir/arch/x86/boot/bzImage" \
	--initrd "$image" --mode test --append uacce.kmemleak=1 --mem 2048 \
	--expect "$(basename "$prog")" --logdir "$logdir" \
	> "$logdir.out" 2>&1; then
	echo "checker: FAILED: the faulty driver passed on the debug kernel"
	exit 1
fi

status=0
check() {
	if grep -qE "$2" "$logdir/console.log"; then
		echo "checker: ok - $1 reported"
	else
		echo "checker: FAILED - no $1 report"
		status=1
	fi
}
check "KASAN use-after-free" "KASAN: (slab-)?use-after-free"
check "lockdep lock inversion" "possible circular locking dependency"
check "kmemleak leak" "unreferenced object"
if [ "$status" != 0 ]; then
	tail -n 200 "$logdir/console.log"
	exit 1
fi
echo "checker: PASSED (the faulty build was caught)"
