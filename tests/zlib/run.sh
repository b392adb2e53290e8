#!/bin/sh
# SPDX-License-Identifier: MIT
#
# Every test of the warp zlib (make check-zlib).  TAP; the last line is
# "N passed, N failed"; exits non-zero on any failure.
#
#   WZ_O=build/zlib WZ_FUZZ_TIME=20 tests/zlib/run.sh
set -u
O=${WZ_O:-build/zlib}
T=$O/tests
LIB=$(cd "$O" && pwd)/libz.so.1
SYSZ=$(readlink -f /lib/$(gcc -print-multiarch)/libz.so.1)
FUZZ_TIME=${WZ_FUZZ_TIME:-20}
pass=0
fail=0
todo=0
n=0
work=$(mktemp -d "${TMPDIR:-/tmp}/warpz-XXXXXX")
trap 'rm -rf "$work"' EXIT

ok() { n=$((n + 1)); pass=$((pass + 1)); echo "ok $n - $1"; }
bad() { n=$((n + 1)); fail=$((fail + 1)); echo "not ok $n - $1"; }
check() { # check "description" command...
	d=$1
	shift
	if "$@" >"$work/out" 2>&1; then ok "$d"; else
		bad "$d"
		sed 's/^/# /' "$work/out" | tail -20
	fi
}
# Run a TAP program; fold its results into ours.
tap() { # tap "name" command...
	name=$1
	shift
	"$@" >"$work/tap" 2>"$work/tap.err"
	rc=$?
	p=$(grep -c '^ok ' "$work/tap")
	t=$(grep '^not ok ' "$work/tap" | grep -c '# TODO')
	f=$(grep '^not ok ' "$work/tap" | grep -vc '# TODO')
	grep '^not ok ' "$work/tap" | grep -v '# TODO' | head -20 |
		sed "s/^/# $name: /"
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
	pass=$((pass + p))
	fail=$((fail + f))
	todo=$((todo + t))
	n=$((n + p + f))
	echo "# $name: $p passed, $f failed, $t todo"
	tail -3 "$work/tap.err" | sed "s/^/# $name: /"
}

echo "TAP version 13"

# ---- corpus ----
mkdir -p "$work/c"
cat /usr/share/common-licenses/* /usr/share/doc/*/copyright 2>/dev/null |
	head -c 6000000 >"$work/c/text"
head -c 4000000 "$(readlink -f /usr/bin/git)" >"$work/c/bin"
: >"$work/c/empty"
printf 'x' >"$work/c/one"
head -c 3000000 /dev/urandom >"$work/c/random"
files="text bin empty one random"

# ---- ABI ----
readelf --dyn-syms -W "$LIB" | awk '$7 != "UND" && $5 == "GLOBAL" {print $8}' |
	sort >"$work/ours.syms"
readelf --dyn-syms -W "$SYSZ" | awk '$7 != "UND" && $5 == "GLOBAL" {print $8}' |
	sort >"$work/sys.syms"
check "exports and symbol versions equal $SYSZ's" \
	diff "$work/ours.syms" "$work/sys.syms"
check "SONAME libz.so.1" sh -c "readelf -d '$LIB' | grep -q 'SONAME.*\[libz.so.1\]'"
check "does not link the system zlib" \
	sh -c "! readelf -d '$LIB' | grep NEEDED | grep -q libz"

# ---- API and differential tests ----
tap zapi "$T/zapi"
WARP_ZLIB_POLICY=off tap zapi-off "$T/zapi"
tap zdiff "$T/zdiff" 400 0x1234567
WARP_ZLIB_POLICY=levels=1-9,oneshot=,inflate=2 \
	tap zdiff-streams "$T/zdiff" 200 0x7654321
WARP_ZLIB_POLICY=min=0,inflate=1 tap zdiff-oneshot "$T/zdiff" 100 0x42
WARP_ZLIB_POLICY=inflate=1 tap zdiff-inflate1 "$T/zdiff" 100 0x4141
ZT_ALLOC=1 tap zdiff-zalloc "$T/zdiff" 150 0x4343
WARP_ZLIB_POLICY=levels=1-9,inflate=2 ZT_ALLOC=1 \
	tap zdiff-zalloc-streams "$T/zdiff" 100 0x4444
tap zdiff-reference "$T/zdiff-sys" 100 0x1234567
export ASAN_OPTIONS=detect_leaks=1
tap zapi-asan "$T/zapi-asan"
tap zdiff-asan "$T/zdiff-asan" 100 0x5151
WARP_ZLIB_POLICY=levels=1-9,inflate=2 ZT_ALLOC=1 \
	tap zdiff-asan-zalloc "$T/zdiff-asan" 100 0x5353
WARP_ZLIB_POLICY=levels=1-9,inflate=2,min=0 \
	tap zdiff-asan-streams "$T/zdiff-asan" 100 0x5252
unset ASAN_OPTIONS

# ---- zlib's own test programs ----
check "example (zlib's test program) against our libz" "$T/example" \
	"$work/foo.gz"
check "example, WARP_ZLIB_POLICY=off" env WARP_ZLIB_POLICY=off \
	"$T/example" "$work/foo.gz"
check "example runs on our libz" sh -c "ldd '$T/example' | grep -q '$LIB'"
for f in $files; do
	check "minigzip $f | gzip -d" sh -c \
		"'$T/minigzip' -1 < '$work/c/$f' | gzip -dc | cmp - '$work/c/$f'"
	check "gzip $f | minigzip -d" sh -c \
		"gzip -c < '$work/c/$f' | '$T/minigzip' -d | cmp - '$work/c/$f'"
done

# ---- real programs, LD_PRELOAD, cross-checked with the system zlib ----
P="env LD_PRELOAD=$LIB"
if command -v pigz >/dev/null; then
	for f in $files; do
		for l in 1 6 9; do
			check "pigz -$l $f (preload) | gzip -d" sh -c \
				"$P pigz -$l -c '$work/c/$f' | gzip -dc | cmp - '$work/c/$f'"
		done
		check "pigz -p1 -1 $f (preload) | gzip -d" sh -c \
			"$P pigz -p1 -1 -c '$work/c/$f' | gzip -dc | cmp - '$work/c/$f'"
		check "pigz -z $f (preload) | pigz -dz (system)" sh -c \
			"$P pigz -z -c '$work/c/$f' | pigz -dzc | cmp - '$work/c/$f'"
		check "gzip $f | pigz -d (preload)" sh -c \
			"gzip -c '$work/c/$f' | $P pigz -dc | cmp - '$work/c/$f'"
	done
fi

PY=$(command -v python3)
cat >"$work/pyc.py" <<'EOF'
import sys, zlib
src, dst, lvl, wb, mode = sys.argv[1:6]
d = open(src, "rb").read()
if mode == "oneshot":
    out = zlib.compress(d, int(lvl), wbits=int(wb))
else:
    c = zlib.compressobj(int(lvl), zlib.DEFLATED, int(wb))
    out = b"".join(c.compress(d[i:i + 65536]) for i in range(0, len(d), 65536))
    out += c.flush()
open(dst, "wb").write(out)
maps = open("/proc/self/maps").read()
print("libs:", [l.split()[-1] for l in maps.splitlines() if "libz" in l])
EOF
cat >"$work/pyd.py" <<'EOF'
import sys, zlib
src, orig, wb, mode = sys.argv[1:5]
c = open(src, "rb").read()
if mode == "oneshot":
    d = zlib.decompress(c, int(wb))
else:
    o = zlib.decompressobj(int(wb))
    d = b"".join(o.decompress(c[i:i + 4099]) for i in range(0, len(c), 4099))
    d += o.flush()
assert d == open(orig, "rb").read(), "mismatch"
EOF
pyrt() { # pyrt preload-env direction file level wbits mode
	if [ "$2" = ours2sys ]; then
		env $1 $PY "$work/pyc.py" "$work/c/$3" "$work/py.z" $4 $5 $6 &&
		$PY "$work/pyd.py" "$work/py.z" "$work/c/$3" $5 $6
	else
		$PY "$work/pyc.py" "$work/c/$3" "$work/py.z" $4 $5 $6 &&
		env $1 $PY "$work/pyd.py" "$work/py.z" "$work/c/$3" $5 $6
	fi
}
check "python3's zlib module loads libz dynamically" sh -c \
	"LD_PRELOAD=$LIB $PY '$work/pyc.py' '$work/c/one' '$work/py.z' 1 15 oneshot | grep -q '$LIB'"
for pol in "" "WARP_ZLIB_POLICY=alloc=0" "WARP_ZLIB_POLICY=inflate=1"; do
	for f in text bin one empty; do
		for lw in "1 15" "6 31" "9 -15" "1 -15" "3 31"; do
			for mode in oneshot stream; do
				for dir in ours2sys sys2ours; do
					check "python $dir $f level/wbits $lw $mode ${pol:-default}" \
						pyrt "LD_PRELOAD=$LIB $pol" $dir $f $lw $mode
				done
			done
		done
	done
done
check "python3 with LD_LIBRARY_PATH (our libz.so.1 by soname)" sh -c \
	"LD_LIBRARY_PATH=$(dirname "$LIB") $PY '$work/pyc.py' '$work/c/text' '$work/py.z' 1 15 stream | grep -q '$LIB' && $PY '$work/pyd.py' '$work/py.z' '$work/c/text' 15 stream"

if command -v git >/dev/null; then
	g="git -C $work/repo"
	git init -q "$work/repo"
	check "git hash-object -w (preload, level 1 loose object)" sh -c \
		"$P $g hash-object -w '$work/c/text' > '$work/h1' && $g cat-file -p \$(cat '$work/h1') | cmp - '$work/c/text'"
	check "git cat-file (preload) of a system-written object" sh -c \
		"$g hash-object -w '$work/c/bin' > '$work/h2' && $P $g cat-file -p \$(cat '$work/h2') | cmp - '$work/c/bin'"
	check "git fsck (preload)" $P $g fsck --no-progress --strict
	check "git gc, then fsck (preload)" sh -c \
		"$g -c user.name=t -c user.email=t@t add -A . && $P $g gc -q && $P $g fsck --no-progress"
fi

# ---- the VM demo, dynamic and static ----
check "zlib_vm_demo" "$T/zlib_vm_demo"
check "zlib_vm_demo-static (libwarpz.a)" "$T/zlib_vm_demo-static"
check "zlib_vm_demo-static is static" sh -c \
	"file '$T/zlib_vm_demo-static' | grep -q 'statically linked'"

# ---- fuzzing ----
if [ -x "$T/fuzz_zinflate" ] && [ "$FUZZ_TIME" -gt 0 ]; then
	mkdir -p "$work/seeds"
	$PY - "$work/seeds" <<'EOF'
import sys, zlib, os
d = sys.argv[1]
i = 0
for x in (b"", b"a", b"hello hello hello\n" * 40, bytes(range(256)) * 3):
    for sel, wb in ((0, 15), (1, -15), (2, 31), (3, 31), (3, 15)):
        c = zlib.compressobj(6, zlib.DEFLATED, wb)
        z = c.compress(x) + c.flush()
        for extra in (0, 8, 32, 64 + 3):
            open(os.path.join(d, "s%d" % i), "wb").write(bytes([sel | extra]) + z)
            i += 1
EOF
	half=$((FUZZ_TIME / 2))
	[ "$half" -gt 0 ] || half=1
	for pol in "" "inflate=1"; do
		check "libFuzzer, inflate entry points, ${half}s, policy '${pol:-default}'" \
			env WARP_ZLIB_POLICY="$pol" "$T/fuzz_zinflate" \
			-max_total_time=$half -rss_limit_mb=2048 \
			-artifact_prefix="$work/" "$work/seeds"
	done
fi

echo "1..$n"
[ "$todo" -gt 0 ] && echo "# $todo TODO (known, documented in docs/zlib.md)"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
