#!/bin/sh
# SPDX-License-Identifier: MIT
#
# Benchmark warp zip/unzip against gzip, pigz, igzip and libdeflate-gzip on
# a corpus made of files every Debian machine has, in the same run, and
# write a table (Markdown) to $BENCH_OUT (default build/user/bench.md).
#
# usage: bench/run.sh path/to/warp [corpus-MiB]
#   BENCH_RUNS=N    best of N runs per tool (default 3)
set -u
W=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
MIB=${2:-64}
RUNS=${BENCH_RUNS:-3}
OUT=${BENCH_OUT:-$(pwd)/build/user/bench.md}
T=$(mktemp -d "${TMPDIR:-/tmp}/warp-bench-XXXXXX")
trap 'rm -rf "$T"' EXIT
NCPU=$(nproc)

# ---- corpus: documentation, licences, man pages, binaries, libraries ----
corpus=$T/corpus
{
	cat /usr/share/common-licenses/* 2>/dev/null
	find /usr/share/doc -type f -name '*.gz' 2>/dev/null | sort |
		head -2000 | xargs zcat 2>/dev/null
	find /usr/share/man -type f -name '*.gz' 2>/dev/null | sort |
		head -3000 | xargs zcat 2>/dev/null
	find /usr/share/perl* /usr/share/python3 /usr/lib/python3* -type f \
		-name '*.p[ym]' 2>/dev/null | sort | head -3000 |
		xargs cat 2>/dev/null
	find /usr/bin /usr/lib/x86_64-linux-gnu -maxdepth 1 -type f \
		-size +100k 2>/dev/null | sort | head -200 | xargs cat 2>/dev/null
} | head -c $((MIB << 20)) > "$corpus"
size=$(stat -c %s "$corpus")

BEST_RUNS=$RUNS
. "$(dirname "$0")/timing.sh"
mibs() { echo "scale=1; $size / 1048576 / $1" | bc -l; }

rows=$T/rows
: > "$rows"
# name, compress command (stdin corpus -> stdout), decompress command
add() {
	name=$1
	comp=$2
	dec=$3
	command -v "${comp%% *}" >/dev/null 2>&1 || { echo "skip $name"; return; }
	tc=$(best "$comp < '$corpus' > '$T/out.gz'" "rm -f '$T/out.gz'") ||
		{ echo "$name failed"; return; }
	csize=$(stat -c %s "$T/out.gz")
	# Every output is checked by gzip itself, not by its producer.
	if ! gzip -dc "$T/out.gz" | cmp -s - "$corpus"; then
		echo "$name: output does not decompress with gzip" >&2
		return
	fi
	td=$(best "$dec < '$T/out.gz' > '$T/out'" "rm -f '$T/out'") || td=0
	cmp -s "$T/out" "$corpus" || td=0
	ratio=$(echo "scale=3; $size / $csize" | bc -l)
	printf '%s|%s|%s|%s|%s\n' "$name" "$(mibs "$tc")" "$ratio" \
		"$([ "$td" = 0 ] && echo - || mibs "$td")" "$tc" >> "$rows"
	echo "$name: $(mibs "$tc") MiB/s ratio $ratio"
}

add "gzip -1" "gzip -1 -c" "gzip -dc"
add "gzip -6" "gzip -6 -c" "gzip -dc"
add "pigz -1 -p $NCPU" "pigz -1 -p $NCPU -c" "pigz -dc"
add "pigz -6 -p $NCPU" "pigz -6 -p $NCPU -c" "pigz -dc"
add "igzip -1 (1 thread)" "igzip -1 -c" "igzip -dc"
add "igzip -3 (1 thread)" "igzip -3 -c" "igzip -dc"
add "libdeflate-gzip -1" "libdeflate-gzip -1 -c" "libdeflate-gunzip -c"
add "libdeflate-gzip -6" "libdeflate-gzip -6 -c" "libdeflate-gunzip -c"
add "warp zip -1 -p 1" "$W zip -1 -p 1 -c" "$W unzip -c"
add "warp zip -1" "$W zip -1 -c" "$W unzip -c"
add "warp zip -3" "$W zip -3 -c" "$W unzip -c"
add "warp zip -6 -p 1" "$W zip -6 -p 1 -c" "$W unzip -c"
add "warp zip -6" "$W zip -6 -c" "$W unzip -c"
add "warp zip -9" "$W zip -9 -c" "$W unzip -c"

val() { awk -F'|' -v n="$1" -v c="$2" '$1 == n { print $c }' "$rows"; }
ratio_of() { # a/b of column 2 (throughput)
	a=$(val "$1" 2)
	b=$(val "$2" 2)
	[ -n "$a" ] && [ -n "$b" ] && awk -v a="$a" -v b="$b" 'BEGIN { printf "%.2f", a / b }'
}

{
	echo "# warp benchmark"
	echo
	echo "Corpus: $(echo "scale=1; $size / 1048576" | bc -l) MiB of" \
		"documentation, man pages, scripts and binaries from this" \
		"machine; $NCPU CPUs; best of $RUNS runs; every output" \
		"verified with gzip -d."
	echo
	echo "| tool | compress MiB/s | ratio | decompress MiB/s |"
	echo "|---|---:|---:|---:|"
	awk -F'|' '{ printf "| %s | %s | %s | %s |\n", $1, $2, $3, $4 }' \
		"$rows"
	echo
	echo "Targets:"
	echo
	echo "- warp zip -1 vs single-threaded igzip -1: throughput" \
		"x$(ratio_of "warp zip -1" "igzip -1 (1 thread)"), ratio" \
		"$(val "warp zip -1" 3) vs $(val "igzip -1 (1 thread)" 3)" \
		"(target x1.8, ratio no worse)"
	echo "- warp zip -6 vs gzip -6: throughput" \
		"x$(ratio_of "warp zip -6" "gzip -6"), ratio" \
		"$(val "warp zip -6" 3) vs $(val "gzip -6" 3)" \
		"(target x4, ratio within 1%)"
	echo
	echo "One-shot 4 KiB requests through libwarp vs the engine called" \
		"directly (warp bench, 1 thread):"
	echo
	echo '```'
	"$W" bench -e cpu,isal -s 4k -l 1 -T 2 -i "$corpus" 2>&1
	echo
	"$W" bench -e cpu,libdeflate,zlib -s 4k -l 6 -T 2 -i "$corpus" 2>&1
	echo
	"$W" bench -e cpu,isal,libdeflate,zlib -d -s 4k -l 6 -T 2 \
		-i "$corpus" 2>&1
	echo '```'
} > "$OUT"
cat "$OUT"
