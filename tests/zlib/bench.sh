#!/bin/sh
# SPDX-License-Identifier: MIT
#
# The same real programs with the system zlib and with the warp libz.so.1
# (LD_PRELOAD), in one run, on a corpus built from files every Debian
# machine has (licences, copyright files, binaries).  Every output made
# with the library is decompressed by the system zlib and compared.
#
#   tests/zlib/bench.sh [build/zlib/libz.so.1]   (make bench-zlib)
#   WZ_BENCH_MB=32 WZ_BENCH_REPS=3
set -u
LIB=$(readlink -f "${1:-build/zlib/libz.so.1}")
MB=${WZ_BENCH_MB:-32}
REPS=${WZ_BENCH_REPS:-3}
PY=$(command -v python3)
work=$(mktemp -d "${TMPDIR:-/tmp}/warpz-bench-XXXXXX")
trap 'rm -rf "$work"' EXIT

# Corpus: half text, half binaries.
{
	cat /usr/share/common-licenses/* /usr/share/doc/*/copyright \
		/usr/share/dict/* 2>/dev/null | head -c $((MB * 524288))
	for f in /usr/lib/x86_64-linux-gnu/*.so* /usr/bin/*; do
		[ -f "$f" ] && cat "$f"
	done 2>/dev/null | head -c $((MB * 524288))
} >"$work/corpus"
size=$(stat -c %s "$work/corpus")
echo "corpus: $size bytes (text + binaries), best of $REPS runs"
echo "library: $LIB"
echo

BEST_RUNS=$REPS
. "$(dirname "$0")/../../bench/timing.sh"
mbs() { echo "scale=1; $size / 1048576 / $1" | bc -l; }

printf '%-44s %10s %10s %8s\n' "program" "system" "warp" "speedup"
printf '%-44s %10s %10s %8s\n' "" "MiB/s" "MiB/s" ""
row() { # row name sys-seconds warp-seconds [note]
	s=$(mbs "$2")
	w=$(mbs "$3")
	x=$(echo "scale=2; $2 / $3" | bc -l)
	printf '%-44s %10s %10s %7sx %s\n' "$1" "$s" "$w" "$x" "${4:-}"
}

# Python: time inside the process (no interpreter start-up).
cat >"$work/py.py" <<'EOF'
import sys, time, zlib
f, what, lvl = sys.argv[1], sys.argv[2], int(sys.argv[3])
d = open(f, "rb").read()
best = None
for _ in range(int(sys.argv[4])):
    t = time.perf_counter()
    if what == "compress":
        out = zlib.compress(d, lvl)
    elif what == "compressobj":
        c = zlib.compressobj(lvl)
        out = b"".join(c.compress(d[i:i + 65536])
                       for i in range(0, len(d), 65536)) + c.flush()
    elif what == "decompress":
        z = open(f + ".z", "rb").read()
        t = time.perf_counter()
        out = zlib.decompress(z)
        assert out == d
    else:
        # 64 KiB pieces, bytes after the end must come back unused
        z = open(f + ".z", "rb").read() + b"after"
        t = time.perf_counter()
        o = zlib.decompressobj()
        out = b"".join(o.decompress(z[i:i + 65536])
                       for i in range(0, len(z), 65536))
        assert out == d and o.eof and o.unused_data == b"after"
    t = time.perf_counter() - t
    best = t if best is None or t < best else best
if not what.startswith("decompress"):
    open(sys.argv[5], "wb").write(out)
print(best)
EOF
pyrow() { # pyrow name what level policy
	s=$($PY "$work/py.py" "$work/corpus" "$2" "$3" "$REPS" "$work/s.z")
	w=$(env LD_PRELOAD="$LIB" WARP_ZLIB_POLICY="$4" $PY "$work/py.py" \
		"$work/corpus" "$2" "$3" "$REPS" "$work/w.z")
	note=
	if [ "${2#decompress}" = "$2" ]; then
		$PY -c "import zlib,sys; assert zlib.decompress(open(sys.argv[1],'rb').read()) == open(sys.argv[2],'rb').read()" \
			"$work/w.z" "$work/corpus" || note="OUTPUT MISMATCH"
		note="$note sizes $(stat -c %s "$work/s.z")/$(stat -c %s "$work/w.z")"
	fi
	row "$1" "$s" "$w" "$note"
}

$PY -c "import zlib; open('$work/corpus.z','wb').write(zlib.compress(open('$work/corpus','rb').read(), 6))"
pyrow "python zlib.compress level 1" compress 1 ""
pyrow "python compressobj level 1, 64 KiB pieces" compressobj 1 ""
pyrow "python zlib.compress level 1, alloc=0" compress 1 alloc=0
pyrow "python zlib.compress level 6" compress 6 ""
pyrow "python zlib.decompress" decompress 6 ""
pyrow "python decompressobj, 64 KiB pieces" decompressobj 6 ""
pyrow "python zlib.decompress, inflate=1" decompress 6 inflate=1

if command -v git >/dev/null; then
	git init -q "$work/r1"
	git init -q "$work/r2"
	s=$(best "git -C $work/r1 hash-object -w $work/corpus >/dev/null")
	w=$(best "LD_PRELOAD=$LIB git -C $work/r2 hash-object -w $work/corpus >/dev/null")
	h=$(git -C "$work/r2" hash-object "$work/corpus")
	o=$(find "$work/r2/.git/objects" -type f | head -1)
	git -C "$work/r2" cat-file -p "$h" | cmp -s - "$work/corpus" &&
		note="read back by system git" || note="MISMATCH"
	row "git hash-object -w (loose, level 1)" "$s" "$w" \
		"$note, $(stat -c %s "$o") bytes"
	t=$(best "git -C $work/r2 cat-file -p $h >/dev/null")
	w=$(best "LD_PRELOAD=$LIB git -C $work/r2 cat-file -p $h >/dev/null")
	row "git cat-file (inflate)" "$t" "$w"
	w=$(best "LD_PRELOAD=$LIB WARP_ZLIB_POLICY=inflate=1 git -C $work/r2 cat-file -p $h >/dev/null")
	row "git cat-file (inflate), inflate=1" "$t" "$w"
fi

if command -v pigz >/dev/null; then
	for l in 1 6; do
		s=$(best "pigz -p1 -$l -c $work/corpus > $work/s.gz")
		w=$(best "LD_PRELOAD=$LIB pigz -p1 -$l -c $work/corpus > $work/w.gz")
		gzip -dc "$work/w.gz" | cmp -s - "$work/corpus" &&
			note="gzip -d ok" || note="MISMATCH"
		row "pigz -p1 -$l" "$s" "$w" "$note (Z_BLOCK/dictionary: system)"
	done
fi
