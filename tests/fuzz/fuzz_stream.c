// SPDX-License-Identifier: MIT
/*
 * Fuzz streaming decompression with input and output cut at places the
 * input chooses, and check it against one-shot decompression of the same
 * data: same outcome, same bytes.
 */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct warp_stream *st;
	struct warp_sess *s;
	const uint8_t *in;
	size_t n, ip = 0, op = 0, ich, och;
	long one;
	int r = 0, stall = 0;

	if (!fz_ctx)
		fz_init();
	if (size < 3)
		return 0;
	s = fz_sess[data[0] % 6];
	ich = data[1] % 64 + 1;
	och = data[2] % 64 + 1;
	in = data + 3;
	n = size - 3;

	one = warp_decompress(s, in, n, fz_out2, FUZZ_OUT_CAP, NULL);
	if (warp_stream_new(s, WARP_DIR_DECOMPRESS, &st))
		abort();
	for (;;) {
		size_t ic = ich < n - ip ? ich : n - ip;
		size_t oc = och < FUZZ_OUT_CAP - op ? och : FUZZ_OUT_CAP - op;
		size_t iu, ou;

		r = warp_stream_process(st, in + ip, ic, &iu, fz_out + op, oc,
					&ou, ip + ic == n ? WARP_FINISH :
					WARP_NO_FLUSH);
		if (iu > ic || ou > oc)
			abort();
		ip += iu;
		op += ou;
		if (r == WARP_STREAM_END && ip < n &&
		    !(data[0] % 6 >= 3)) {
			r = warp_stream_process(st, in + ip, n - ip, &iu,
						fz_out + op, 0, &ou,
						WARP_FINISH);
			break;
		}
		if (r < 0 || r == WARP_STREAM_END)
			break;
		if (op == FUZZ_OUT_CAP)
			break;
		stall = iu || ou ? 0 : stall + 1;
		if (stall > 3)
			abort();	/* no progress without an answer */
	}
	warp_stream_free(st);
	if (r < 0 && !fz_is_data_error(r) && r != -EINVAL)
		abort();
	if (op == FUZZ_OUT_CAP)
		return 0;	/* one-shot said OUTPUT_FULL: not comparable */
	if (one >= 0) {
		if (r != WARP_STREAM_END || (size_t)one != op ||
		    memcmp(fz_out, fz_out2, op))
			abort();
	} else if (one != WARP_E_OUTPUT_FULL && r != one) {
		abort();
	}
	return 0;
}
