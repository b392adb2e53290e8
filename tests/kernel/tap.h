/* SPDX-License-Identifier: MIT */
/*
 * Minimal TAP (Test Anything Protocol) output for the VM test programs, in
 * the manner of kselftest: one "ok N - name" / "not ok N - name" line per
 * check, a plan, and an exit status that is non-zero when anything failed.
 * The plan comes first (tap_plan) when the count is fixed, or last
 * (tap_done without tap_plan) when it depends on the run; the host-side
 * harness counts the lines, and a program that dies early has no trailing
 * plan or leaves a leading one unmet, so it fails.
 */
#ifndef UACCE_TESTS_TAP_H
#define UACCE_TESTS_TAP_H

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int tap_count, tap_failed, tap_planned;

static inline void tap_plan(int n)
{
	printf("TAP version 13\n1..%d\n", n);
	fflush(stdout);
	tap_planned = 1;
}

static inline void tap_diag(const char *fmt, ...)
{
	va_list ap;

	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

/* Record one result; returns @cond so callers can chain. */
static inline int tap_ok(int cond, const char *fmt, ...)
{
	va_list ap;

	tap_count++;
	if (!cond)
		tap_failed++;
	printf("%sok %d - ", cond ? "" : "not ", tap_count);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	return cond;
}

/* Check that an int-returning call gave @want (0 or a -errno value). */
#define tap_is(got, want, ...)                                               \
	({                                                                   \
		long __g = (long)(got), __w = (long)(want);                  \
		if (__g != __w)                                              \
			tap_diag("%s:%d: got %ld (%s), want %ld", __FILE__,  \
				 __LINE__, __g,                              \
				 __g < 0 ? strerror((int)-__g) : "-", __w);  \
		tap_ok(__g == __w, __VA_ARGS__);                             \
	})

/* Stop the program: the unmet plan marks the run failed. */
#define tap_bail(...)                                                        \
	do {                                                                 \
		printf("Bail out! ");                                        \
		printf(__VA_ARGS__);                                         \
		printf(" (errno %d: %s)\n", errno, strerror(errno));         \
		exit(2);                                                     \
	} while (0)

static inline int tap_done(void)
{
	if (!tap_planned)
		printf("1..%d\n", tap_count);
	printf("# %d passed, %d failed\n", tap_count - tap_failed,
	       tap_failed);
	fflush(stdout);
	return tap_failed ? 1 : 0;
}

#endif /* UACCE_TESTS_TAP_H */
