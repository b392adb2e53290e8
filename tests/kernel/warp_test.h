/* SPDX-License-Identifier: MIT */
/*
 * Shared by the libwarp VM tests (warp_*.c): sessions, and zlib in-process
 * as the reference both ways.
 */
#ifndef UACCE_TESTS_WARP_TEST_H
#define UACCE_TESTS_WARP_TEST_H

#include <zlib.h>

#include <warp/warp.h>

#include "hisi_test.h"

static const char *const fmt_name[] = { "deflate", "zlib", "gzip" };

/* A session or bail out; level 0 is the default (6). */
static inline struct warp_sess *sess_new(struct warp_ctx *ctx, int fmt,
					 int level, int policy)
{
	struct warp_sess_opts o = { .format = fmt, .level = level,
				    .policy = policy };
	struct warp_sess *s;
	int r = warp_sess_new(ctx, &o, &s);

	if (r)
		tap_bail("warp_sess_new: %d", r);
	return s;
}

/* zlib in-process: windowBits for a libwarp format. */
static inline int zwbits(int fmt)
{
	return fmt == WARP_FMT_DEFLATE ? -15 : fmt == WARP_FMT_ZLIB ? 15 : 31;
}

static inline long z_compress(int fmt, int level, const void *in,
			      size_t n, void *out, size_t cap)
{
	z_stream zs = { 0 };
	long r;

	if (deflateInit2(&zs, level, Z_DEFLATED, zwbits(fmt), 8,
			 Z_DEFAULT_STRATEGY) != Z_OK)
		return -1;
	zs.next_in = (void *)in;
	zs.avail_in = n;
	zs.next_out = out;
	zs.avail_out = cap;
	r = deflate(&zs, Z_FINISH) == Z_STREAM_END ? (long)zs.total_out : -1;
	deflateEnd(&zs);
	return r;
}

/* Decompress everything (gzip: every member). Size or -1. */
static inline long z_decompress(int fmt, const void *in, size_t n,
				void *out, size_t cap)
{
	z_stream zs = { 0 };
	long r = -1;
	int zr;

	if (inflateInit2(&zs, zwbits(fmt)) != Z_OK)
		return -1;
	zs.next_in = (void *)in;
	zs.avail_in = n;
	zs.next_out = out;
	zs.avail_out = cap;
	for (;;) {
		zr = inflate(&zs, Z_FINISH);
		if (zr != Z_STREAM_END)
			break;
		if (fmt != WARP_FMT_GZIP || !zs.avail_in) {
			r = zs.total_out;
			break;
		}
		inflateReset(&zs);
	}
	inflateEnd(&zs);
	return zs.avail_in ? -1 : r;
}

#endif /* UACCE_TESTS_WARP_TEST_H */
