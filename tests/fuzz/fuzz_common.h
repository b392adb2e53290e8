/* SPDX-License-Identifier: MIT */
/*
 * Shared set-up of the libFuzzer targets: the first input byte picks the
 * format (and session flags), the rest is the compressed data.
 */
#ifndef WARP_FUZZ_COMMON_H
#define WARP_FUZZ_COMMON_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <warp/warp.h>

#define FUZZ_OUT_CAP (1u << 20)

static struct warp_ctx *fz_ctx;
static struct warp_sess *fz_sess[6];
static uint8_t *fz_out, *fz_out2;

static void fz_init(void)
{
	struct warp_ctx_opts o = { .policy = WARP_POLICY_CPU, .workers = 1 };
	int i;

	if (warp_ctx_new(&o, &fz_ctx))
		abort();
	for (i = 0; i < 6; i++) {
		struct warp_sess_opts so = {
			.format = i % 3,
			.flags = i >= 3 ? WARP_SESS_STOP_AT_END : 0,
		};

		if (warp_sess_new(fz_ctx, &so, &fz_sess[i]))
			abort();
	}
	fz_out = malloc(FUZZ_OUT_CAP);
	fz_out2 = malloc(FUZZ_OUT_CAP);
}

static int fz_is_data_error(int r)
{
	return r == WARP_E_OUTPUT_FULL || r == WARP_E_CORRUPT ||
	       r == WARP_E_TRUNCATED || r == WARP_E_TRAILING ||
	       r == WARP_E_CHECKSUM || r == -ENOTSUP;
}

#endif
