#!/bin/sh
# SPDX-License-Identifier: MIT
#
# Run every libFuzzer target for a bounded time from a seed corpus of
# valid deflate/zlib/gzip streams (format byte + parameters + data).
#
# usage: tests/fuzz/run.sh SECONDS target...
set -u
secs=$1
shift
work=$(mktemp -d "${TMPDIR:-/tmp}/warp-fuzz-XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/seeds"
python3 - "$work/seeds" <<'PY'
import sys, zlib, gzip, os
d = sys.argv[1]
data = [b"", b"a", b"hello hello hello hello\n" * 50, os.urandom(300),
        bytes(range(256)) * 4]
i = 0
for x in data:
    for fmt, wb in ((0, -15), (1, 15), (2, 31)):
        for lvl in (1, 6, 9):
            c = zlib.compressobj(lvl, zlib.DEFLATED, wb)
            z = c.compress(x) + c.flush()
            for pre in (bytes([fmt, 7, 9]), bytes([fmt + 3, 200, 1])):
                open(os.path.join(d, "s%d" % i), "wb").write(pre + z)
                i += 1
    g = gzip.compress(x) + gzip.compress(x[:10])
    open(os.path.join(d, "m%d" % i), "wb").write(bytes([2, 3, 5]) + g)
    i += 1
PY
n=0
pass=0
fail=0
echo "TAP version 13"
echo "1..$#"
for bin in "$@"; do
	name=$(basename "$bin")
	n=$((n + 1))
	mkdir -p "$work/$name"
	if "$bin" -max_total_time="$secs" -max_len=4096 -timeout=20 \
		-rss_limit_mb=2048 -print_final_stats=1 \
		-artifact_prefix="$work/$name-" "$work/$name" "$work/seeds" \
		> "$work/$name.log" 2>&1; then
		pass=$((pass + 1))
		echo "ok $n - $name ($(grep -o 'stat::number_of_executed_units: *[0-9]*' "$work/$name.log" | grep -o '[0-9]*$') runs)"
	else
		fail=$((fail + 1))
		echo "not ok $n - $name"
		tail -40 "$work/$name.log" | sed 's/^/# /'
		for a in "$work/$name"-*; do
			[ -e "$a" ] || continue
			mkdir -p "${WARP_FUZZ_ARTIFACTS:-build/user/fuzz-artifacts}"
			cp "$a" "${WARP_FUZZ_ARTIFACTS:-build/user/fuzz-artifacts}/"
			echo "# artifact kept: $(basename "$a")"
		done
	fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
