/* SPDX-License-Identifier: MIT */
/*
 * A tiny TAP test runner: every TEST() is one test point; CHECK() failures
 * inside it are printed as diagnostics and make the point "not ok".
 */
#ifndef WARP_TEST_TAP_H
#define WARP_TEST_TAP_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

struct test_case {
	const char *name;
	void (*fn)(void);
	struct test_case *next;
};

extern int tap_failures;	/* failed CHECKs in the current test */
extern long tap_checks;		/* CHECKs run in total */
extern bool tap_quick;		/* WARP_TEST_QUICK: smaller inputs */

void tap_register(struct test_case *tc);

#define TEST(fn_name)							\
	static void fn_name(void);					\
	static struct test_case tc_##fn_name = { #fn_name, fn_name };	\
	__attribute__((constructor)) static void reg_##fn_name(void)	\
	{								\
		tap_register(&tc_##fn_name);				\
	}								\
	static void fn_name(void)

#define CHECK(cond, ...)						\
	do {								\
		tap_checks++;						\
		if (!(cond)) {						\
			tap_failures++;					\
			if (tap_failures <= 10) {			\
				printf("# %s:%d: failed: %s: ",		\
				       __FILE__, __LINE__, #cond);	\
				printf(__VA_ARGS__);			\
				printf("\n");				\
			}						\
		}							\
	} while (0)

static inline size_t MIN_CHUNK(size_t a, size_t b)
{
	return a < b ? a : b;
}

/* Test data helpers (main.c). */
uint32_t rnd(uint32_t *state);
void fill_text(uint8_t *p, size_t n, uint32_t seed);
void fill_random(uint8_t *p, size_t n, uint32_t seed);
void fill_kind(int kind, uint8_t *p, size_t n, uint32_t seed);
#define DATA_KINDS 4
const char *kind_name(int kind);
void *xmalloc(size_t n);
/* zlib reference: return produced size or -1. */
long ref_inflate(int format, const void *src, size_t len, void *dst,
		 size_t cap);
long ref_deflate(int format, int level, const void *src, size_t len,
		 void *dst, size_t cap);
/* Run a shell command with stdin/stdout from/to files; return exit code. */
int run_filter(const char *cmd, const char *in, const char *out);
int write_file(const char *path, const void *p, size_t n);
void *read_file(const char *path, size_t *n);
const char *tmpdir(void);
bool have_cmd(const char *name);

#endif /* WARP_TEST_TAP_H */
