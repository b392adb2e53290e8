#!/bin/sh
# SPDX-License-Identifier: MIT
#
# warp zip/unzip against gzip, pigz, igzip, libdeflate-gzip and zlib (via
# python3), in both directions, and gzip's file semantics.  Never compares
# compressed bytes: only what every tool decompresses.
#
# usage: tests/compat/compat.sh path/to/warp
set -u
W=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
T=$(mktemp -d "${TMPDIR:-/tmp}/warp-compat-XXXXXX")
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 2

n=0
pass=0
fail=0
ok() { n=$((n + 1)); pass=$((pass + 1)); echo "ok $n - $1"; }
bad() { n=$((n + 1)); fail=$((fail + 1)); echo "not ok $n - $1"; }
check() { # description, command...
	d=$1
	shift
	if "$@" >/dev/null 2>&1; then ok "$d"; else bad "$d"; fi
}
have() { command -v "$1" >/dev/null 2>&1; }

echo "TAP version 13"

# ---- corpus ----
cat /usr/share/common-licenses/* > text 2>/dev/null || :
while [ "$(stat -c %s text)" -lt 3000000 ]; do cat text text > t2; mv t2 text; done
head -c 3000000 /bin/bash > binary 2>/dev/null || head -c 3000000 /usr/bin/* > binary
head -c 2000000 /dev/urandom > random
: > empty
printf x > one
head -c 4194304 /dev/zero | tr '\0' 'a' > exact4m	# a chunk multiple
cat text binary random text binary > big	# several chunks
FILES="text binary random empty one exact4m big"
tail -c +1001 text > tail1k

gz_python() { # zlib reads every member (python's gzip module uses zlib)
	python3 -c 'import gzip,sys; sys.stdout.buffer.write(gzip.decompress(sys.stdin.buffer.read()))'
}

# ---- warp zip -> others ----
for lvl in 1 3 6 9; do
	for f in $FILES; do
		"$W" zip -$lvl -c "$f" > "$f.$lvl.gz" || { bad "warp zip -$lvl $f"; continue; }
		check "warp -$lvl $f | gzip -d" sh -c "gzip -dc '$f.$lvl.gz' | cmp -s - '$f'"
		if have pigz; then check "warp -$lvl $f | pigz -d" sh -c "pigz -dc '$f.$lvl.gz' | cmp -s - '$f'"; fi
		if have igzip; then check "warp -$lvl $f | igzip -d" sh -c "igzip -dc '$f.$lvl.gz' | cmp -s - '$f'"; fi
		check "warp -$lvl $f | zlib" sh -c "gz_python() { python3 -c 'import gzip,sys; sys.stdout.buffer.write(gzip.decompress(sys.stdin.buffer.read()))'; }; gz_python < '$f.$lvl.gz' | cmp -s - '$f'"
		check "warp -$lvl $f | warp unzip" sh -c "'$W' unzip -c '$f.$lvl.gz' | cmp -s - '$f'"
	done
	# libdeflate-gunzip reads one member; levels 1..3 write one member.
	if have libdeflate-gunzip && [ "$lvl" -le 3 ]; then
		check "warp -$lvl big | libdeflate-gunzip (one member)" \
			sh -c "libdeflate-gunzip -c < big.$lvl.gz | cmp -s - big"
	fi
done
check "one member at -1 (gzip -l sees the full size)" \
	sh -c "[ \$(gzip -l big.1.gz | awk 'NR==2 {print \$2}') -eq \$(stat -c %s big) ]"

# ---- others -> warp unzip ----
for f in text binary big empty; do
	gzip -c -1 "$f" > "$f.g1.gz"; gzip -c -9 "$f" > "$f.g9.gz"
	check "gzip -1 $f | warp" sh -c "'$W' unzip -c '$f.g1.gz' | cmp -s - '$f'"
	check "gzip -9 $f | warp" sh -c "'$W' unzip -c '$f.g9.gz' | cmp -s - '$f'"
	if have pigz; then
		pigz -p 2 -c "$f" > "$f.p.gz"
		check "pigz $f | warp" sh -c "'$W' unzip -c '$f.p.gz' | cmp -s - '$f'"
		pigz -i -p 2 -c "$f" > "$f.pi.gz"
		check "pigz -i $f | warp" sh -c "'$W' unzip -c '$f.pi.gz' | cmp -s - '$f'"
	fi
	if have igzip; then
		for l in 0 1 3; do
			igzip -$l -c "$f" > "$f.i$l.gz"
			check "igzip -$l $f | warp" sh -c "'$W' unzip -c '$f.i$l.gz' | cmp -s - '$f'"
		done
	fi
	if have libdeflate-gzip; then
		libdeflate-gzip -12 -c "$f" > "$f.l.gz"
		check "libdeflate-gzip -12 $f | warp" sh -c "'$W' unzip -c '$f.l.gz' | cmp -s - '$f'"
	fi
	python3 -c 'import gzip,sys; sys.stdout.buffer.write(gzip.compress(open(sys.argv[1],"rb").read(), 6))' "$f" > "$f.z.gz"
	check "zlib $f | warp" sh -c "'$W' unzip -c '$f.z.gz' | cmp -s - '$f'"
done
cat text.g1.gz binary.g9.gz empty.g1.gz > multi.gz
cat text binary > multi.ref
check "concatenated members" sh -c "'$W' unzip -c multi.gz | cmp -s - multi.ref"
check "stdin to stdout" sh -c "'$W' zip < text | '$W' unzip | cmp -s - text"
check "a procfs file (size 0)" sh -c "'$W' zip -c /proc/version | gzip -dc | cmp -s - /proc/version"
check "gzip -N header (file name stored)" sh -c "cp text named && gzip -N -f named && '$W' unzip -c named.gz | cmp -s - text"

# ---- file semantics ----
cp text f1 && chmod 640 f1 && touch -d '2020-01-02 03:04:05' f1
"$W" zip f1
check "zip replaces f1 with f1.gz" sh -c "[ -f f1.gz ] && [ ! -e f1 ]"
check "mode kept" sh -c "[ \$(stat -c %a f1.gz) = 640 ]"
check "mtime kept" sh -c "[ \$(stat -c %Y f1.gz) = \$(date -d '2020-01-02 03:04:05' +%s) ]"
"$W" unzip f1.gz
check "unzip restores f1" sh -c "[ ! -e f1.gz ] && cmp -s f1 text"
cp text f2 && "$W" zip -k f2
check "-k keeps the input" sh -c "[ -f f2 ] && [ -f f2.gz ]"
echo other > f3 && echo old > f3.gz
"$W" zip f3 2>/dev/null; st=$?
check "existing output: refused, input kept" sh -c "[ $st -ne 0 ] && [ -f f3 ] && [ \"\$(cat f3.gz)\" = old ]"
"$W" zip -f f3
check "-f overwrites" sh -c "[ ! -e f3 ] && [ \"\$(gzip -dc f3.gz)\" = other ]"
cp text m1 && cp binary m2 && cp random m3
"$W" zip -3 m1 m2 m3
check "many files" sh -c "gzip -t m1.gz m2.gz m3.gz && [ ! -e m1 ] && [ ! -e m2 ] && [ ! -e m3 ]"
"$W" unzip m1.gz m2.gz m3.gz
check "many files back" sh -c "cmp -s m1 text && cmp -s m2 binary && cmp -s m3 random"
check "-t accepts a good file" "$W" unzip -t text.g9.gz
check "-v prints the ratio" sh -c "'$W' zip -v -c text 2>&1 >/dev/null | grep -q '%'"
cp text.g9.gz already.gz
"$W" zip already.gz 2>/dev/null; st=$?
check ".gz suffix: unchanged" sh -c "[ $st -eq 2 ] && [ -f already.gz ] && [ ! -e already.gz.gz ]"
echo data > nosuffix
"$W" unzip nosuffix 2>/dev/null; st=$?
check "unknown suffix: ignored" sh -c "[ $st -eq 2 ] && [ -f nosuffix ]"

# Errors leave the input and no output, no temporary file.
for kind in corrupt truncated trailing checksum; do
	case $kind in
	corrupt) { head -c 20 big.6.gz; head -c 5000 /dev/urandom; } > e.gz ;;
	truncated) head -c 100000 big.6.gz > e.gz ;;
	trailing) { cat text.g1.gz; echo garbage; } > e.gz ;;
	checksum) python3 - <<'PY'
d = bytearray(open("text.g1.gz", "rb").read())
d[-8] ^= 0xff
open("e.gz", "wb").write(d)
PY
	;;
	esac
	cp e.gz e.keep
	"$W" unzip e.gz 2>err; st=$?
	check "$kind: fails" test $st -eq 1
	check "$kind: input untouched, no output, no temp" sh -c \
		"cmp -s e.gz e.keep && [ ! -e e ] && ! ls -a | grep -q warp-"
	check "$kind: -t fails" sh -c "! '$W' unzip -t e.gz"
	echo "# $kind: $(cat err)"
	rm -f e.gz e.keep err
done

# An interrupted compression leaves the input and no partial output.
cat big big big big > huge
cp huge huge.ref
"$W" zip -9 -p 1 huge & pid=$!
sleep 0.3
kill -INT $pid 2>/dev/null
wait $pid; st=$?
if [ -e huge ]; then
	check "interrupted: input intact, no output, no temp" sh -c \
		"cmp -s huge huge.ref && [ ! -e huge.gz ] && ! ls -a | grep -q warp-"
else
	check "finished before the signal: output complete" sh -c \
		"gzip -dc huge.gz | cmp -s - huge.ref"
fi

# Standard input that is a regular file is read from its offset, and left
# at its end, as read() would.
check "stdin from its offset" sh -c "{ dd bs=1000 count=1 of=/dev/null 2>/dev/null; '$W' zip -c; } < text | gzip -dc | cmp -s - tail1k"
check "stdin left at its end" sh -c "{ '$W' zip -c > /dev/null; wc -c; } < text | grep -qx 0"

# A file that shrinks or grows while it is compressed is an error: the
# input stays, no output, no temporary file (unless the change came too
# late to be seen: then the output must be complete).
for change in shrink grow; do
	cp huge.ref chg
	"$W" zip -9 -p 1 chg 2>err & pid=$!
	sleep 0.3
	case $change in
	shrink) truncate -s 1000000 chg ;;
	grow) cat text >> chg ;;
	esac
	wait $pid; st=$?
	if [ $st -ne 0 ]; then
		check "$change: clear error, input kept, no output" sh -c \
			"grep -q 'changed size' err && [ -e chg ] && [ ! -e chg.gz ] && ! ls -a | grep -q warp-"
	else
		check "$change: too late to see, output complete" sh -c \
			"gzip -dc chg.gz | cmp -s - huge.ref"
	fi
	rm -f chg chg.gz err
done
cp huge.ref chg
{ sleep 0.3; truncate -s 1000000 chg; } &
"$W" zip -9 -p 1 -c < chg > chg.gz 2>err; st=$?
wait
check "shrinking stdin: clear error" sh -c \
	"[ $st -eq 1 ] && grep -q 'changed size' err || gzip -dc chg.gz | cmp -s - huge.ref"
rm -f chg chg.gz err

echo "1..$n"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
