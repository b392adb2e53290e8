# SPDX-License-Identifier: MIT
#
# Timing helper shared by the benchmark scripts (sourced, not run):
#   best CMD [PREP]   the best wall time in seconds of $BEST_RUNS runs of
#                     sh -c CMD, each after sh -c PREP (untimed), such as
#                     removing the previous run's output: truncating a big
#                     file is the file system's work, not the tool's

now() { date +%s.%N; }

best() {
	b=
	i=0
	while [ "$i" -lt "${BEST_RUNS:-1}" ]; do
		[ -z "${2:-}" ] || sh -c "$2"
		t0=$(now)
		sh -c "$1" || return 1
		t1=$(now)
		t=$(echo "$t1 - $t0" | bc -l)
		if [ -z "$b" ] || [ "$(echo "$t < $b" | bc -l)" = 1 ]; then
			b=$t
		fi
		i=$((i + 1))
	done
	echo "$b"
}
