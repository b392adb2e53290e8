// SPDX-License-Identifier: MIT
/*
 * A plain zlib program: compress2/uncompress and a one-call
 * deflate/inflate of a 1 MiB buffer, then a streamed level-1 deflate.
 * Linked against the warp zlib (statically: libwarpz.a), it says which
 * engine ran each request ("device" on a uacce device, "cpu" otherwise,
 * "system zlib" when the request was not offloaded).  TAP output.
 *
 * Build (static, for the VM image):
 *   make zlib && cc -static -O2 -o zlib_vm_demo tests/zlib/zlib_vm_demo.c \
 *       -DWARPZ_STATIC_DEMO build/zlib/libwarpz.a -ldeflate -pthread
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#ifdef WARPZ_STATIC_DEMO
/* Linkable from a static program only (hidden in libz.so.1). */
int warpz_last_engine(void);
const char *warp_engine_name(int engine);
#define ENGINE() \
	(warpz_last_engine() ? warp_engine_name(warpz_last_engine()) : \
			       "system zlib")
#else
#define ENGINE() "(see WARP_ZLIB_DEBUG=2)"
#endif

static int n, fails;

static void ok(int c, const char *what)
{
	n++;
	fails += !c;
	printf("%s %d - %s\n", c ? "ok" : "not ok", n, what);
}

int main(void)
{
	size_t len = 1 << 20, i;
	uLong cl = compressBound(len), dl = len;
	unsigned char *in = malloc(len), *c = malloc(cl), *d = malloc(len);
	const char *eng;
	z_stream s;
	int r;

	for (i = 0; i < len; i++)
		in[i] = "uacce warp zlib demo\n"[(i * 7 + i / 4096) % 21];
	printf("TAP version 13\n# zlib %s\n", zlibVersion());
	r = compress2(c, &cl, in, len, 1);
	eng = ENGINE();
	printf("# compress2 level 1: %lu -> %lu bytes, engine %s\n",
	       (unsigned long)len, cl, eng);
	ok(r == Z_OK, "compress2");
	r = uncompress(d, &dl, c, cl);
	printf("# uncompress: engine %s\n", ENGINE());
	ok(r == Z_OK && dl == len && !memcmp(d, in, len), "uncompress");

	memset(&s, 0, sizeof(s));
	deflateInit2(&s, 6, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY);
	s.next_in = in;
	s.avail_in = len;
	s.next_out = c;
	s.avail_out = deflateBound(&s, len);
	r = deflate(&s, Z_FINISH);
	printf("# deflate gzip level 6, one call: %lu bytes, engine %s\n",
	       s.total_out, ENGINE());
	ok(r == Z_STREAM_END, "deflate Z_FINISH in one call");
	cl = s.total_out;
	deflateEnd(&s);
	memset(&s, 0, sizeof(s));
	inflateInit2(&s, 47);
	s.next_in = c;
	s.avail_in = cl;
	s.next_out = d;
	s.avail_out = len;
	r = inflate(&s, Z_FINISH);
	printf("# inflate auto-detect, one call: engine %s\n", ENGINE());
	ok(r == Z_STREAM_END && s.total_out == len && !memcmp(d, in, len),
	   "inflate Z_FINISH in one call");
	inflateEnd(&s);

	/* Streamed in 64 KiB pieces: a libwarp stream. */
	memset(&s, 0, sizeof(s));
	deflateInit(&s, 1);
	s.next_out = c;
	s.avail_out = compressBound(len);
	for (i = 0; i < len; i += 65536) {
		s.next_in = in + i;
		s.avail_in = 65536;
		r = deflate(&s, i + 65536 >= len ? Z_FINISH : Z_NO_FLUSH);
	}
	cl = s.total_out;
	deflateEnd(&s);
	printf("# streamed deflate level 1, 64 KiB pieces: engine %s\n",
	       ENGINE());
	dl = len;
	ok(r == Z_STREAM_END && uncompress(d, &dl, c, cl) == Z_OK &&
	   dl == len && !memcmp(d, in, len), "streamed deflate round trip");
	printf("1..%d\n", n);
	free(in);
	free(c);
	free(d);
	return fails ? 1 : 0;
}
