// SPDX-License-Identifier: MIT
/*
 * Fuzz asynchronous decompression (warp_submit + warp_poll): the result
 * delivered to the callback must equal the synchronous one.
 */
#include "fuzz_common.h"

struct got {
	int calls;
	struct warp_result res;
};

static void done(void *arg, const struct warp_result *res)
{
	struct got *g = arg;

	g->calls++;
	g->res = *res;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct warp_op op = { .dir = WARP_DIR_DECOMPRESS };
	struct warp_result sync;
	struct got g = { 0 };
	struct warp_sess *s;
	int r;

	if (!fz_ctx)
		fz_init();
	if (size < 1)
		return 0;
	s = fz_sess[data[0] % 6];
	op.src = data + 1;
	op.src_len = size - 1;
	op.dst = fz_out;
	op.dst_cap = FUZZ_OUT_CAP;
	r = warp_submit(s, &op, done, &g);
	if (r)
		abort();
	while (warp_sess_inflight(s))
		warp_poll(s, 0, -1);
	if (g.calls != 1)
		abort();
	op.dst = fz_out2;
	r = warp_run(s, &op, &sync);
	if (r != g.res.status || sync.produced != g.res.produced ||
	    sync.consumed != g.res.consumed ||
	    (r == 0 && memcmp(fz_out, fz_out2, sync.produced)))
		abort();
	if (r < 0 && !fz_is_data_error(r))
		abort();
	return 0;
}
