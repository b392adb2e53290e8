#!/bin/sh
# SPDX-License-Identifier: MIT
#
# Boot the test VM under QEMU/TCG, run the tests (or the demo) and judge
# the run. Fails on: a failed or missing test program, a TAP plan not met,
# no "=== DONE" (crash, hang, timeout), and any kernel splat on the console.
#
# usage: run.sh --kernel IMG --initrd CPIO [--mode test|demo]
#               [--expect "prog ..."] [--only "prog ..."] [--logdir DIR]
#               [--timeout SECONDS] [--mem MiB] [--append "kernel args"]
set -eu

kernel= initrd= mode=test expect= only= logdir=build/vm/log
timeout=1200 mem=1024 append=
while [ $# -gt 0 ]; do
	case "$1" in
	--kernel) kernel=$2 ;;
	--initrd) initrd=$2 ;;
	--mode) mode=$2 ;;
	--expect) expect=$2 ;;
	--only) only=$2 ;;
	--logdir) logdir=$2 ;;
	--timeout) timeout=$2 ;;
	--mem) mem=$2 ;;
	--append) append=$2 ;;
	*) echo "run.sh: unknown option $1" >&2; exit 2 ;;
	esac
	shift 2
done

mkdir -p "$logdir"
console="$logdir/console.log"
out="$logdir/tests.log"
rm -f "$console" "$out"

cmdline="console=ttyS0 panic=-1 no_hash_pointers uacce.mode=$mode"
[ -z "$only" ] || cmdline="$cmdline uacce.only=$(echo $only | tr ' ' ,)"
[ -z "$append" ] || cmdline="$cmdline $append"

echo "vm: booting $(basename "$kernel") ($mode), logs in $logdir"
start=$(date +%s)
rc=0
timeout -s KILL "$timeout" qemu-system-x86_64 -accel tcg -cpu max \
	-smp 2 -m "$mem" -nodefaults -display none -no-reboot \
	-kernel "$kernel" -initrd "$initrd" -append "$cmdline" \
	-serial "file:$console" -serial "file:$out" || rc=$?
echo "vm: guest ran $(($(date +%s) - start)) s (qemu status $rc)"

# Serial lines end in CRLF.
sed -i 's/\r$//' "$console" "$out" 2>/dev/null || true
touch "$out" "$console"

if [ "$mode" = demo ]; then
	sed -n '/^=== RUN demo/,/^=== EXIT demo/p' "$out" | sed '1d;$d'
fi

fail=0
# Judge every program: exit status, plan and results.
awk -v expect="$expect" -v mode="$mode" '
function judge(name, why) {
	if (why == "" && mode != "test") {
		printf("vm: %-24s ok\n", name)
		passed++
	} else if (why == "") {
		printf("vm: %-24s ok (%d/%d)\n", name, oks, plan)
		passed++
	} else {
		printf("vm: %-24s FAILED: %s\n", name, why)
		failed++
	}
	seen[name] = 1
}
/^=== RUN / { name = $3; plan = -1; oks = 0; noks = 0; inprog = 1; next }
/^=== EXIT / {
	why = ""
	if ($4 != 0) why = "exit status " $4
	if (mode == "test") {
		if (plan < 0) why = why " no TAP plan"
		else if (oks + noks != plan)
			why = why " ran " oks + noks " of " plan " tests"
		if (noks) why = why " " noks " not ok"
	}
	judge($3, why)
	points_ok += oks; points_bad += noks
	inprog = 0
	next
}
/^=== DONE/ { done = 1 }
/^=== MODULES / && NF > 2 {
	printf("vm: modules left loaded:"); for (i = 3; i <= NF; i++) printf(" %s", $i)
	print ""; failed++
}
inprog && /^1\.\.[0-9]+/ { plan = substr($1, 4) + 0 }
inprog && /^ok / { oks++ }
inprog && /^not ok / { noks++ }
END {
	if (inprog) { printf("vm: %-24s FAILED: did not finish\n", name); failed++ }
	n = split(expect, want, " ")
	for (i = 1; i <= n; i++)
		if (!(want[i] in seen)) {
			printf("vm: %-24s FAILED: never ran\n", want[i]); failed++
		}
	if (!done) { print "vm: the guest did not reach the end of its run"; failed++ }
	printf("vm: %d programs ok, %d failed; %d test points ok, %d not ok\n",
	       passed, failed, points_ok, points_bad)
	exit failed ? 1 : 0
}' "$out" || fail=1

# Any kernel splat fails the run, whatever the tests said.
splats='BUG:|WARNING:|Oops|general protection|Kernel panic|kernel BUG'
splats="$splats|possible circular locking|possible recursive locking"
splats="$splats|inconsistent lock state|lock held when returning"
splats="$splats|suspicious RCU usage|refcount_t:|blocked for more than"
splats="$splats|UBSAN:|KASAN:|kmemleak:.*new suspected|unreferenced object"
splats="$splats|Call Trace:|sleeping function called from invalid context"
splats="$splats|list_add corruption|list_del corruption|bad page state"
if grep -E "$splats" "$console" > "$logdir/splats.txt"; then
	echo "vm: kernel splat in the guest log:"
	cat "$logdir/splats.txt"
	fail=1
fi

if [ "$fail" != 0 ]; then
	echo "vm: ---- test output ($out) ----"
	cat "$out"
	echo "vm: ---- kernel log, last 300 lines ($console) ----"
	tail -n 300 "$console"
	echo "vm: FAILED"
	exit 1
fi
echo "vm: PASSED"
