#!/bin/sh
# SPDX-License-Identifier: MIT
#
# The shared library exports exactly the warp_* symbols of the version
# script, all versioned, and has a soname.
set -u
so=$1
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok $((pass + fail)) - $1"; }
bad() { fail=$((fail + 1)); echo "not ok $((pass + fail)) - $1"; }

echo "TAP version 13"
echo "1..4"
exported=$(nm -D --defined-only "$so" | awk '$2 == "T" { print $3 }' |
	sed 's/@.*//' | sort)
listed=$(sed -n 's/^[[:space:]]*\(warp_[a-z0-9_]*\);/\1/p' lib/libwarp.map |
	sort)
if [ "$exported" = "$listed" ]; then ok "exports match lib/libwarp.map"
else bad "exports differ: $(echo "$exported" | tr '\n' ' ')"; fi
if nm -D --defined-only "$so" | awk '$2 == "T"' | grep -qv '@@WARP_0.1'
then bad "unversioned export"; else ok "every export is versioned"; fi
if nm -D --defined-only "$so" | awk '$2 == "T" { print $3 }' |
	grep -v '^warp_' | grep -q .
then bad "non-warp_ symbol exported"; else ok "only warp_ symbols"; fi
if readelf -d "$so" | grep -q 'SONAME.*libwarp.so.0'
then ok "soname libwarp.so.0"; else bad "soname"; fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
