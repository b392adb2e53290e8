#!/bin/sh
# SPDX-License-Identifier: MIT
#
# The main job's host side: warp zip and unzip on this machine, which has no
# accelerator, so the CPU engine does the work; gzip checks the result.
#
# usage: demo-host.sh WARP_BINARY
set -eu

warp=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
step() { echo; echo "## host: $*"; }

step "a real file: documentation and programs of this machine"
find /usr/share/doc /usr/bin -type f -size -4M 2>/dev/null | sort |
	head -n 2000 | xargs cat 2>/dev/null | head -c 48M > "$dir/corpus"
ls -l "$dir/corpus"

step "warp zip -v (no device here: the CPU engine)"
t0=$(date +%s.%N)
"$warp" zip -v -k "$dir/corpus" 2>&1
t1=$(date +%s.%N)
echo "warp zip -6: $(echo "scale=2; 48 / ($t1 - $t0)" | bc) MiB/s"
t0=$(date +%s.%N)
gzip -6 -c "$dir/corpus" > "$dir/ref.gz"
t1=$(date +%s.%N)
echo "gzip -6:     $(echo "scale=2; 48 / ($t1 - $t0)" | bc) MiB/s"
ls -l "$dir/corpus.gz" "$dir/ref.gz"

step "gzip -t and gzip -d read warp's output"
gzip -t "$dir/corpus.gz" && echo "gzip -t: ok"
gzip -dc "$dir/corpus.gz" | cmp - "$dir/corpus" && echo "gzip -d: identical"

step "warp unzip reads gzip's output"
"$warp" unzip -v -c "$dir/ref.gz" 2>"$dir/unzip.log" | cmp - "$dir/corpus" &&
	echo "warp unzip: identical"
cat "$dir/unzip.log"
