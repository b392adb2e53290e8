#!/bin/sh
# SPDX-License-Identifier: MIT
#
# Run every user-space check step given as "name command..." arguments
# (one string each), show their TAP, and end with the total
# "N passed, N failed" over all of them.  Exits non-zero on any failure.
set -u
log=$(mktemp "${TMPDIR:-/tmp}/warp-check-XXXXXX")
trap 'rm -f "$log"' EXIT
tp=0
tf=0
bad=0
for step in "$@"; do
	echo "# ---- $step"
	sh -c "$step" > "$log" 2>&1
	st=$?
	cat "$log"
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log" | tail -1)
	if [ -z "$line" ]; then
		echo "# $step: no result line (exit $st)"
		tf=$((tf + 1))
		bad=1
		continue
	fi
	p=${line%% passed*}
	f=${line#*, }
	f=${f%% failed}
	tp=$((tp + p))
	tf=$((tf + f))
	[ "$st" -eq 0 ] || bad=1
done
echo "$tp passed, $tf failed"
[ "$bad" -eq 0 ] && [ "$tf" -eq 0 ]
