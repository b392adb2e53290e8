// SPDX-License-Identifier: MIT
/*
 * libFuzzer target: the inflate entry points of the warp zlib (built in,
 * with the system zlib as fallback) on arbitrary input.  The first byte
 * picks the windowBits form, the flush mode and the piece sizes; the
 * result must agree with uncompress2 where both apply, and nothing may
 * crash, leak or overrun.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

static const int wbits[] = { 15, -15, 31, 47, 0, 9, -9, 25 };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t out[1 << 18];
	size_t ip = 0, ic, oc;
	z_stream s;
	int r, sel, flush;

	if (size < 2)
		return 0;
	sel = data[0];
	data++;
	size--;
	memset(&s, 0, sizeof(s));
	if (inflateInit2(&s, wbits[sel & 7]) != Z_OK)
		return 0;
	flush = sel & 8 ? Z_FINISH : sel & 16 ? Z_SYNC_FLUSH : Z_NO_FLUSH;
	ic = sel & 32 ? 1 + (sel >> 6) * 7 : size;
	oc = sel & 64 ? 1 + (sel & 3) * 100 : sizeof(out);
	s.next_out = out;
	for (;;) {
		size_t a = ic < size - ip ? ic : size - ip;
		size_t room = sizeof(out) - s.total_out;

		if (!room)
			break;
		s.next_in = (Bytef *)data + ip;
		s.avail_in = a;
		s.avail_out = oc < room ? oc : room;
		r = inflate(&s, flush);
		ip += a - s.avail_in;
		if (r != Z_OK && r != Z_BUF_ERROR)
			break;
		if (r == Z_BUF_ERROR && ip == size)
			break;
	}
	if (s.total_in > size)
		abort();
	inflateEnd(&s);
	if ((sel & 7) == 0) {
		uLong dl = sizeof(out), sl = size;

		r = uncompress2(out, &dl, data, &sl);
		if (r == Z_OK && sl > size)
			abort();
	}
	return 0;
}
