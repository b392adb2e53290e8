/* SPDX-License-Identifier: MIT */
/*
 * The warp command: shared declarations.
 */
#ifndef WARP_TOOL_H
#define WARP_TOOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

int cmd_list(int argc, char **argv);
int cmd_zip(int argc, char **argv, bool unzip);
int cmd_bench(int argc, char **argv);

double now_sec(void);
/* Parse "4k", "1m", "100"; return -1 on error. */
long long parse_size(const char *s);

extern const char *prog;

static inline size_t MIN_SIZE(size_t a, size_t b)
{
	return a < b ? a : b;
}

#endif /* WARP_TOOL_H */
