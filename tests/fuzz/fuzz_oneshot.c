// SPDX-License-Identifier: MIT
/*
 * Fuzz one-shot decompression (warp_decompress/warp_run): never crash,
 * only documented errors, results within the buffers.
 */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct warp_result res;
	struct warp_sess *s;
	size_t cap;
	long r;

	if (!fz_ctx)
		fz_init();
	if (size < 2)
		return 0;
	s = fz_sess[data[0] % 6];
	/* Second byte: output space, from tiny to the whole buffer. */
	cap = data[1] < 200 ? (size_t)data[1] * 64 : FUZZ_OUT_CAP;
	r = warp_decompress(s, data + 2, size - 2, fz_out, cap, &res);
	if (r < 0 && !fz_is_data_error(r))
		abort();
	if (r >= 0 && (res.produced != (size_t)r || res.produced > cap ||
		       res.consumed > size - 2))
		abort();
	if (res.engine != WARP_ENGINE_CPU)
		abort();
	return 0;
}
