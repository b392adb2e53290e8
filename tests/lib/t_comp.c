// SPDX-License-Identifier: MIT
/*
 * One-shot and streaming compression/decompression on the CPU engine:
 * every format, level, window and chunking; round trips through zlib in
 * both directions; every error kind.
 */
#include <string.h>

#include <zlib.h>

#include <warp/warp.h>

#include "tap.h"

static const char *const fmt_names[] = { "deflate", "zlib", "gzip" };

static struct warp_ctx *ctx_cpu(void)
{
	struct warp_ctx_opts o = { .policy = WARP_POLICY_CPU, .workers = 2 };
	struct warp_ctx *ctx = NULL;
	int r = warp_ctx_new(&o, &ctx);

	CHECK(r == 0, "warp_ctx_new: %d", r);
	return ctx;
}

static struct warp_sess *sess_new(struct warp_ctx *ctx, int fmt, int level,
				  int wbits, unsigned int flags)
{
	struct warp_sess_opts o = { .format = fmt, .level = level,
				    .window_bits = wbits, .flags = flags };
	struct warp_sess *s = NULL;
	int r = warp_sess_new(ctx, &o, &s);

	CHECK(r == 0, "warp_sess_new(%d, %d, %d): %d", fmt, level, wbits, r);
	return s;
}

TEST(oneshot_roundtrip_all_formats_levels)
{
	static const size_t sizes[] = { 0, 1, 100, 4096, 65536 + 17,
					1 << 20 };
	struct warp_ctx *ctx = ctx_cpu();
	size_t nsizes = tap_quick ? 4 : 6;
	int fmt, level, kind;
	size_t si;

	for (fmt = 0; fmt < 3; fmt++) {
		for (level = 1; level <= 9; level++) {
			struct warp_sess *s = sess_new(ctx, fmt, level, 0, 0);

			for (si = 0; si < nsizes; si++) {
				for (kind = 0; kind < DATA_KINDS; kind++) {
					size_t n = sizes[si];
					size_t cap = warp_compress_bound(fmt, n);
					uint8_t *in = xmalloc(n);
					uint8_t *c = xmalloc(cap);
					uint8_t *d = xmalloc(n + 1);
					struct warp_result res;
					long cl, dl;

					fill_kind(kind, in, n, si * 31 + level);
					cl = warp_compress(s, in, n, c, cap, &res);
					CHECK(cl > 0 && res.engine == WARP_ENGINE_CPU,
					      "%s -%d %zu %s: %ld", fmt_names[fmt],
					      level, n, kind_name(kind), cl);
					if (cl <= 0)
						goto next;
					dl = ref_inflate(fmt, c, cl, d, n + 1);
					CHECK(dl == (long)n && !memcmp(in, d, n),
					      "zlib inflate of %s -%d %zu %s: %ld",
					      fmt_names[fmt], level, n,
					      kind_name(kind), dl);
					memset(d, 0xaa, n + 1);
					dl = warp_decompress(s, c, cl, d, n + 1, &res);
					CHECK(dl == (long)n && !memcmp(in, d, n) &&
					      res.consumed == (size_t)cl &&
					      res.engine == WARP_ENGINE_CPU,
					      "warp inflate of %s -%d %zu %s: %ld",
					      fmt_names[fmt], level, n,
					      kind_name(kind), dl);
next:
					free(in);
					free(c);
					free(d);
				}
			}
			warp_sess_free(s);
		}
	}
	warp_ctx_free(ctx);
}

TEST(oneshot_decompress_zlib_made)
{
	struct warp_ctx *ctx = ctx_cpu();
	size_t n = tap_quick ? 100000 : 1000000;
	uint8_t *in = xmalloc(n), *c = xmalloc(n * 2), *d = xmalloc(n);
	int fmt, level, kind;

	for (kind = 0; kind < DATA_KINDS; kind++) {
		fill_kind(kind, in, n, kind + 5);
		for (fmt = 0; fmt < 3; fmt++) {
			struct warp_sess *s = sess_new(ctx, fmt, 0, 0, 0);

			for (level = 0; level <= 9; level += 3) {
				long cl = ref_deflate(fmt, level, in, n, c,
						      n * 2);
				long dl;

				CHECK(cl > 0, "zlib deflate");
				dl = warp_decompress(s, c, cl, d, n, NULL);
				CHECK(dl == (long)n && !memcmp(in, d, n),
				      "%s zlib -%d %s: %ld", fmt_names[fmt],
				      level, kind_name(kind), dl);
			}
			warp_sess_free(s);
		}
	}
	free(in);
	free(c);
	free(d);
	warp_ctx_free(ctx);
}

TEST(window_bits_are_honoured)
{
	struct warp_ctx *ctx = ctx_cpu();
	size_t n = 300000;
	uint8_t *in = xmalloc(n), *c = xmalloc(n * 2), *d = xmalloc(n);
	static const int levels[] = { 1, 3, 6, 9 };
	int wb, li;

	/* Repeats 20 KiB apart: only a >= 32 KiB window could reach. */
	fill_random(in, 20000, 9);
	for (size_t i = 20000; i < n; i++)
		in[i] = in[i - 20000] ^ (i % 997 == 0);
	for (wb = 9; wb <= 15; wb++) {
		for (li = 0; li < 4; li++) {
			struct warp_sess *s = sess_new(ctx, 0, levels[li], wb,
						       0);
			long cl = warp_compress(s, in, n, c, n * 2, NULL);
			z_stream z = { 0 };
			int zr;

			CHECK(cl > 0, "compress wb %d", wb);
			/* A raw inflater with exactly that window. */
			inflateInit2(&z, -wb);
			z.next_in = c;
			z.avail_in = cl;
			z.next_out = d;
			z.avail_out = n;
			zr = inflate(&z, Z_FINISH);
			CHECK(zr == Z_STREAM_END && z.total_out == n &&
			      !memcmp(in, d, n),
			      "wb %d level %d: zlib(-%d) says %d", wb,
			      levels[li], wb, zr);
			inflateEnd(&z);
			warp_sess_free(s);
		}
	}
	free(in);
	free(c);
	free(d);
	warp_ctx_free(ctx);
}

/* Compress with random input/output chunking and flushes. */
static long stream_compress(struct warp_sess *s, const uint8_t *in, size_t n,
			    uint8_t *out, size_t cap, uint32_t seed,
			    size_t max_chunk)
{
	struct warp_stream *st;
	size_t ip = 0, op = 0;
	uint32_t rs = seed | 1;
	int r = warp_stream_new(s, WARP_DIR_COMPRESS, &st);

	if (r)
		return r;
	for (;;) {
		size_t ic = MIN_CHUNK(rnd(&rs) % max_chunk + 1, n - ip);
		size_t oc = MIN_CHUNK(rnd(&rs) % max_chunk + 1, cap - op);
		int flush = ip + ic == n ? WARP_FINISH :
			    rnd(&rs) % 16 == 0 ? WARP_SYNC_FLUSH :
			    rnd(&rs) % 32 == 0 ? WARP_FULL_FLUSH :
			    WARP_NO_FLUSH;
		size_t iu, ou;

		r = warp_stream_process(st, in + ip, ic, &iu, out + op, oc,
					&ou, flush);
		ip += iu;
		op += ou;
		if (r < 0 || r == WARP_STREAM_END)
			break;
		if (op == cap) {
			r = -ENOBUFS;
			break;
		}
	}
	warp_stream_free(st);
	return r < 0 ? r : (long)op;
}

static long stream_decompress_f(struct warp_sess *s, const uint8_t *in,
				size_t n, uint8_t *out, size_t cap,
				uint32_t seed, size_t max_chunk, size_t *used,
				unsigned int flags)
{
	struct warp_stream *st;
	size_t ip = 0, op = 0;
	uint32_t rs = seed | 1;
	int r = warp_stream_new(s, WARP_DIR_DECOMPRESS, &st);
	int stall = 0;

	if (r)
		return r;
	for (;;) {
		size_t ic = MIN_CHUNK(rnd(&rs) % max_chunk + 1, n - ip);
		size_t oc = MIN_CHUNK(rnd(&rs) % max_chunk + 1, cap - op);
		size_t iu, ou;

		r = warp_stream_process(st, in + ip, ic, &iu, out + op, oc,
					&ou, ip + ic == n ? WARP_FINISH :
					WARP_NO_FLUSH);
		ip += iu;
		op += ou;
		if (r == WARP_STREAM_END && ip < n &&
		    !(flags & WARP_SESS_STOP_AT_END)) {
			/* The rest must be refused as trailing data. */
			r = warp_stream_process(st, in + ip, n - ip, &iu,
						out + op, cap - op, &ou,
						WARP_FINISH);
			CHECK(r < 0 || (iu == 0 && ou == 0),
			      "data after the end: %d %zu %zu", r, iu, ou);
			ip += iu;
			op += ou;
			break;
		}
		if (r < 0 || r == WARP_STREAM_END)
			break;
		stall = iu || ou ? 0 : stall + 1;
		if (stall > 1000 || (op == cap && !oc)) {
			r = -ENOBUFS;
			break;
		}
	}
	warp_stream_free(st);
	if (used)
		*used = ip;
	return r < 0 ? r : (long)op;
}

static long stream_decompress(struct warp_sess *s, const uint8_t *in,
			      size_t n, uint8_t *out, size_t cap,
			      uint32_t seed, size_t max_chunk, size_t *used)
{
	return stream_decompress_f(s, in, n, out, cap, seed, max_chunk, used,
				   0);
}

TEST(stream_roundtrip_chunking)
{
	static const size_t chunks[] = { 1, 7, 4096, 100000 };
	static const int levels[] = { 1, 2, 3, 4, 6, 9 };
	struct warp_ctx *ctx = ctx_cpu();
	size_t n = tap_quick ? 30000 : 200000;
	uint8_t *in = xmalloc(n), *c = xmalloc(n * 2), *d = xmalloc(n + 10);
	int fmt, li, ci, kind;

	for (fmt = 0; fmt < 3; fmt++) {
		for (li = 0; li < 6; li++) {
			struct warp_sess *s = sess_new(ctx, fmt, levels[li], 0,
						       0);

			for (ci = 0; ci < 4; ci++) {
				size_t m = chunks[ci] == 1 ? n / 10 : n;

				kind = (li + ci) % DATA_KINDS;
				fill_kind(kind, in, m, li * 10 + ci);
				long cl = stream_compress(s, in, m, c, n * 2,
							  li + ci, chunks[ci]);
				long dl;

				CHECK(cl > 0, "%s -%d chunk %zu: %ld",
				      fmt_names[fmt], levels[li], chunks[ci], cl);
				if (cl <= 0)
					continue;
				dl = ref_inflate(fmt, c, cl, d, m + 10);
				CHECK(dl == (long)m && !memcmp(in, d, m),
				      "zlib check %s -%d chunk %zu: %ld",
				      fmt_names[fmt], levels[li], chunks[ci],
				      dl);
				dl = stream_decompress(s, c, cl, d, m + 10,
						       ci + 77, chunks[ci],
						       NULL);
				CHECK(dl == (long)m && !memcmp(in, d, m),
				      "stream inflate %s -%d chunk %zu: %ld",
				      fmt_names[fmt], levels[li], chunks[ci],
				      dl);
			}
			warp_sess_free(s);
		}
	}
	free(in);
	free(c);
	free(d);
	warp_ctx_free(ctx);
}

TEST(stream_sync_flush_makes_output_decodable)
{
	struct warp_ctx *ctx = ctx_cpu();
	int fmt, level;

	for (fmt = 0; fmt < 3; fmt++) {
		for (level = 1; level <= 9; level += 4) {
			struct warp_sess *s = sess_new(ctx, fmt, level, 0, 0);
			struct warp_stream *st;
			uint8_t in[5000], out[10000], d[6000];
			size_t iu, ou, total = 0;
			z_stream z = { 0 };
			int r;

			fill_text(in, sizeof(in), 3);
			warp_stream_new(s, WARP_DIR_COMPRESS, &st);
			r = warp_stream_process(st, in, sizeof(in), &iu, out,
						sizeof(out), &ou,
						WARP_SYNC_FLUSH);
			CHECK(r == 0 && iu == sizeof(in) && ou > 0 &&
			      ou < sizeof(out), "sync flush: %d %zu %zu", r,
			      iu, ou);
			/* Everything so far must decode without the end. */
			inflateInit2(&z, fmt == 0 ? -15 : fmt == 1 ? 15 : 31);
			z.next_in = out;
			z.avail_in = ou;
			z.next_out = d;
			z.avail_out = sizeof(d);
			r = inflate(&z, Z_SYNC_FLUSH);
			total = z.total_out;
			CHECK(r == Z_OK && total == sizeof(in) &&
			      !memcmp(d, in, sizeof(in)),
			      "%s -%d: decoded %zu of %zu after flush (%d)",
			      fmt_names[fmt], level, total, sizeof(in), r);
			inflateEnd(&z);
			warp_stream_free(st);
			warp_sess_free(s);
		}
	}
	warp_ctx_free(ctx);
}

/* Build a gzip member with every optional header field through zlib. */
static long gz_with_header(const uint8_t *in, size_t n, uint8_t *out,
			   size_t cap, bool hcrc)
{
	static uint8_t extra[] = { 'A', 'B', 3, 0, 'x', 'y', 'z' };
	gz_header h = { 0 };
	z_stream z = { 0 };
	long r;

	deflateInit2(&z, 6, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY);
	h.text = 1;
	h.time = 123456789;
	h.os = 3;
	h.extra = extra;
	h.extra_len = sizeof(extra);
	h.name = (Bytef *)"file name.txt";
	h.comment = (Bytef *)"a comment, with words";
	h.hcrc = hcrc;
	deflateSetHeader(&z, &h);
	z.next_in = (Bytef *)in;
	z.avail_in = n;
	z.next_out = out;
	z.avail_out = cap;
	r = deflate(&z, Z_FINISH) == Z_STREAM_END ? (long)z.total_out : -1;
	deflateEnd(&z);
	return r;
}

TEST(gzip_header_fields_and_members)
{
	struct warp_ctx *ctx = ctx_cpu();
	struct warp_sess *s = sess_new(ctx, WARP_FMT_GZIP, 0, 0, 0);
	struct warp_sess *s1 = sess_new(ctx, WARP_FMT_GZIP, 0, 0,
					WARP_SESS_STOP_AT_END);
	uint8_t in[30000], c[80000], d[100000];
	struct warp_result res;
	long l1, l2, l3, dl, total;
	size_t chunk, used;

	fill_text(in, sizeof(in), 11);
	l1 = gz_with_header(in, 10000, c, sizeof(c), true);
	l2 = gz_with_header(in + 10000, 0, c + l1, sizeof(c) - l1, false);
	l3 = ref_deflate(2, 9, in + 10000, 20000, c + l1 + l2,
			 sizeof(c) - l1 - l2);
	CHECK(l1 > 0 && l2 > 0 && l3 > 0, "zlib made the members");
	total = l1 + l2 + l3;

	dl = warp_decompress(s, c, l1, d, sizeof(d), &res);
	CHECK(dl == 10000 && !memcmp(d, in, 10000),
	      "one member with FEXTRA FNAME FCOMMENT FHCRC: %ld", dl);
	dl = warp_decompress(s, c, total, d, sizeof(d), &res);
	CHECK(dl == 30000 && !memcmp(d, in, 30000) &&
	      res.consumed == (size_t)total,
	      "three members (one empty): %ld", dl);
	dl = warp_decompress(s1, c, total, d, sizeof(d), &res);
	CHECK(dl == 10000 && res.consumed == (size_t)l1,
	      "STOP_AT_END stops after the first member: %ld %zu", dl,
	      res.consumed);
	for (chunk = 1; chunk <= 4096; chunk *= 8) {
		dl = stream_decompress(s, c, total, d, sizeof(d), chunk,
				       chunk, &used);
		CHECK(dl == 30000 && !memcmp(d, in, 30000),
		      "streamed members, chunk %zu: %ld", chunk, dl);
		dl = stream_decompress_f(s1, c, total, d, sizeof(d), chunk,
					 chunk, &used, WARP_SESS_STOP_AT_END);
		CHECK(dl == 10000 && used == (size_t)l1,
		      "streamed STOP_AT_END, chunk %zu: %ld used %zu", chunk,
		      dl, used);
	}
	/* A wrong header CRC is a checksum error. */
	{
		uint8_t bad[80000];
		size_t hdr_end;

		memcpy(bad, c, l1);
		/* The HCRC is the 2 bytes before the deflate data: find it by
		 * walking the header: 10 + 2 + 7 + 14 + 22. */
		hdr_end = 10 + 2 + 7 + strlen("file name.txt") + 1 +
			  strlen("a comment, with words") + 1;
		bad[hdr_end] ^= 0x01;
		dl = warp_decompress(s, bad, l1, d, sizeof(d), NULL);
		CHECK(dl == WARP_E_CHECKSUM, "bad HCRC: %ld", dl);
	}
	warp_sess_free(s);
	warp_sess_free(s1);
	warp_ctx_free(ctx);
}

/*
 * Decode with WARP_SESS_STOP_AT_END, input in chunks of @ic bytes and
 * output in chunks of @oc; return the output length or an error and set
 * @used to the input consumed.
 */
static long stream_decode_stop(struct warp_sess *s, const uint8_t *in,
			       size_t n, uint8_t *out, size_t cap, size_t ic,
			       size_t oc, size_t *used)
{
	struct warp_stream *st;
	size_t ip = 0, op = 0;
	int r = warp_stream_new(s, WARP_DIR_DECOMPRESS, &st);
	int stall = 0;

	*used = 0;
	if (r)
		return r;
	for (;;) {
		size_t ci = MIN_CHUNK(ic, n - ip), co = MIN_CHUNK(oc, cap - op);
		size_t iu, ou;

		r = warp_stream_process(st, in + ip, ci, &iu, out + op, co,
					&ou, ip + ci == n ? WARP_FINISH :
					WARP_NO_FLUSH);
		ip += iu;
		op += ou;
		if (r < 0 || r == WARP_STREAM_END)
			break;
		stall = iu || ou ? 0 : stall + 1;
		if (stall > 1000) {
			r = -ENOBUFS;
			break;
		}
	}
	warp_stream_free(st);
	*used = ip;
	return r < 0 ? r : (long)op;
}

/*
 * The end of a stream arrives while the output is full: ISA-L has then
 * already read the last bytes of the deflate data, and up to 8 after it,
 * into its bit buffer.  Bytes after the stream (trailer aside) must never
 * be reported as consumed: in_used ends exactly at the end of the stream.
 */
TEST(stream_end_exact_when_output_full)
{
	static const size_t sizes[] = { 0, 1, 100, 4999, 70000 };
	static const size_t ochunks[] = { 1, 2, 3, 7, 64, 4096 };
	static const size_t ichunks[] = { 1, 5, 8, 9, 1000, (size_t)-1 };
	struct warp_ctx *ctx = ctx_cpu();
	size_t cap = 80000, trail = 24;
	uint8_t *in = xmalloc(cap), *c = xmalloc(cap * 2 + trail);
	uint8_t *d = xmalloc(cap);
	int fmt, si, k, bad = 0;

	for (fmt = 0; fmt < 3; fmt++) {
		struct warp_sess *s = sess_new(ctx, fmt, 1, 0,
					       WARP_SESS_STOP_AT_END);

		for (si = 0; si < 5; si++) {
			size_t n = sizes[si], used;
			long cl, dl;

			fill_kind(si % DATA_KINDS, in, n, 40 + si);
			cl = ref_deflate(fmt, si % 2 ? 9 : 1, in, n, c,
					 cap * 2);
			CHECK(cl > 0, "zlib deflate %s n %zu", fmt_names[fmt],
			      n);
			if (cl <= 0)
				continue;
			fill_random(c + cl, trail, si);
			c[cl] = 0x55;	/* not another gzip member */
			for (k = 0; k < 36; k++) {
				size_t ic = ichunks[k % 6], oc = ochunks[k / 6];

				/* Also: output space exactly the size. */
				if (k == 35)
					oc = n ? n : 1;
				dl = stream_decode_stop(s, c, cl + trail, d,
							cap, ic, oc, &used);
				CHECK(dl == (long)n && !memcmp(d, in, n) &&
				      used == (size_t)cl,
				      "%s n %zu in %zd out %zu: %ld, used %zu "
				      "of %ld", fmt_names[fmt], n, (ssize_t)ic,
				      oc, dl, used, cl);
				bad += dl != (long)n || used != (size_t)cl;
			}
		}
		warp_sess_free(s);
	}
	CHECK(!bad, "%d cases wrong", bad);
	free(in);
	free(c);
	free(d);
	warp_ctx_free(ctx);
}

TEST(errors_are_distinct)
{
	struct warp_ctx *ctx = ctx_cpu();
	uint8_t in[20000], c[30000], d[25000], bad[30000];
	int fmt;

	CHECK(WARP_E_OUTPUT_FULL != WARP_E_CORRUPT &&
	      WARP_E_CORRUPT != WARP_E_TRUNCATED &&
	      WARP_E_TRUNCATED != WARP_E_TRAILING &&
	      WARP_E_TRAILING != WARP_E_CHECKSUM &&
	      WARP_E_CHECKSUM != WARP_E_OUTPUT_FULL &&
	      WARP_E_CHECKSUM != WARP_E_CORRUPT &&
	      WARP_E_OUTPUT_FULL != WARP_E_TRUNCATED &&
	      WARP_E_OUTPUT_FULL != WARP_E_TRAILING &&
	      WARP_E_CORRUPT != WARP_E_TRAILING &&
	      WARP_E_CHECKSUM != WARP_E_TRUNCATED, "distinct codes");
	CHECK(strcmp(warp_strerror(WARP_E_CHECKSUM),
		     warp_strerror(WARP_E_CORRUPT)), "distinct strings");
	fill_text(in, sizeof(in), 4);
	for (fmt = 0; fmt < 3; fmt++) {
		struct warp_sess *s = sess_new(ctx, fmt, 0, 0, 0);
		long cl = warp_compress(s, in, sizeof(in), c, sizeof(c), NULL);
		long dl, cut;
		int level;

		CHECK(cl > 0, "compress");
		/* Output too small: compress and decompress. */
		for (level = 1; level <= 9; level += 2) {
			struct warp_sess *sl = sess_new(ctx, fmt, level, 0, 0);

			dl = warp_compress(sl, in, sizeof(in), d, 50, NULL);
			CHECK(dl == WARP_E_OUTPUT_FULL,
			      "%s -%d compress into 50 bytes: %ld",
			      fmt_names[fmt], level, dl);
			warp_sess_free(sl);
		}
		dl = warp_decompress(s, c, cl, d, sizeof(in) - 1, NULL);
		CHECK(dl == WARP_E_OUTPUT_FULL, "%s decompress short: %ld",
		      fmt_names[fmt], dl);
		dl = warp_decompress(s, c, cl, d, 0, NULL);
		CHECK(dl == WARP_E_OUTPUT_FULL, "%s decompress into 0: %ld",
		      fmt_names[fmt], dl);
		/* Truncated at every cut point (stepping for speed). */
		for (cut = 0; cut < cl; cut += cut < 40 ? 1 : 97) {
			dl = warp_decompress(s, c, cut, d, sizeof(d), NULL);
			CHECK(dl == WARP_E_TRUNCATED,
			      "%s cut at %ld of %ld: %ld", fmt_names[fmt], cut,
			      cl, dl);
		}
		for (cut = cl - 10; cut < cl; cut++) {
			dl = warp_decompress(s, c, cut, d, sizeof(d), NULL);
			CHECK(dl == WARP_E_TRUNCATED,
			      "%s cut at %ld of %ld: %ld", fmt_names[fmt], cut,
			      cl, dl);
			dl = stream_decompress(s, c, cut, d, sizeof(d), cut, 5,
					       NULL);
			CHECK(dl == WARP_E_TRUNCATED,
			      "%s streamed cut at %ld: %ld", fmt_names[fmt],
			      cut, dl);
		}
		/* Trailing garbage. */
		memcpy(bad, c, cl);
		memcpy(bad + cl, "garbage", 7);
		dl = warp_decompress(s, bad, cl + 7, d, sizeof(d), NULL);
		CHECK(dl == WARP_E_TRAILING, "%s trailing: %ld",
		      fmt_names[fmt], dl);
		dl = stream_decompress(s, bad, cl + 7, d, sizeof(d), 1, 3,
				       NULL);
		CHECK(dl == WARP_E_TRAILING, "%s streamed trailing: %ld",
		      fmt_names[fmt], dl);
		bad[cl] = 0x1f;
		dl = warp_decompress(s, bad, cl + 1, d, sizeof(d), NULL);
		CHECK(dl == WARP_E_TRAILING, "%s one trailing byte: %ld",
		      fmt_names[fmt], dl);
		/* Corrupt: a reserved block type (BTYPE 11) at the start. */
		memcpy(bad, c, cl);
		bad[fmt == 0 ? 0 : fmt == 1 ? 2 : 10] |= 0x06;
		dl = warp_decompress(s, bad, cl, d, sizeof(d), NULL);
		CHECK(dl == WARP_E_CORRUPT, "%s BTYPE 3: %ld",
		      fmt_names[fmt], dl);
		if (fmt) {
			memcpy(bad, c, cl);
			bad[0] ^= 0x40;
			dl = warp_decompress(s, bad, cl, d, sizeof(d), NULL);
			CHECK(dl == WARP_E_CORRUPT, "%s bad magic: %ld",
			      fmt_names[fmt], dl);
			/* Wrong checksum: the trailer's first byte. */
			memcpy(bad, c, cl);
			bad[cl - (fmt == 1 ? 4 : 8)] ^= 0x10;
			dl = warp_decompress(s, bad, cl, d, sizeof(d), NULL);
			CHECK(dl == WARP_E_CHECKSUM, "%s bad check: %ld",
			      fmt_names[fmt], dl);
			dl = stream_decompress(s, bad, cl, d, sizeof(d), 9, 1000,
					       NULL);
			CHECK(dl == WARP_E_CHECKSUM, "%s streamed check: %ld",
			      fmt_names[fmt], dl);
		}
		if (fmt == 2) {
			memcpy(bad, c, cl);
			bad[cl - 1] ^= 0x01;	/* ISIZE */
			dl = warp_decompress(s, bad, cl, d, sizeof(d), NULL);
			CHECK(dl == WARP_E_CHECKSUM, "gzip bad ISIZE: %ld", dl);
		}
		warp_sess_free(s);
	}
	{
		/* zlib with a preset dictionary is not supported. */
		struct warp_sess *s = sess_new(ctx, WARP_FMT_ZLIB, 0, 0, 0);
		z_stream z = { 0 };
		long dl;

		deflateInit(&z, 6);
		deflateSetDictionary(&z, (const Bytef *)"dictionary", 10);
		z.next_in = in;
		z.avail_in = 100;
		z.next_out = c;
		z.avail_out = sizeof(c);
		deflate(&z, Z_FINISH);
		dl = warp_decompress(s, c, z.total_out, d, sizeof(d), NULL);
		CHECK(dl == -ENOTSUP, "FDICT: %ld", dl);
		deflateEnd(&z);
		warp_sess_free(s);
	}
	warp_ctx_free(ctx);
}

TEST(bad_arguments)
{
	struct warp_ctx *ctx = ctx_cpu();
	struct warp_sess_opts o = { .format = 3 };
	struct warp_sess *s = NULL;
	struct warp_op op = { .dir = 5 };
	uint8_t buf[16];

	CHECK(warp_sess_new(ctx, &o, &s) == -EINVAL, "format 3");
	o.format = 0;
	o.level = 10;
	CHECK(warp_sess_new(ctx, &o, &s) == -EINVAL, "level 10");
	o.level = 1;
	o.window_bits = 16;
	CHECK(warp_sess_new(ctx, &o, &s) == -EINVAL, "window 16");
	o.window_bits = 0;
	CHECK(warp_sess_new(ctx, &o, &s) == 0, "valid");
	CHECK(warp_run(s, &op, NULL) == -EINVAL, "dir 5");
	op.dir = WARP_DIR_DECOMPRESS;
	op.flags = WARP_OP_PART;
	CHECK(warp_run(s, &op, NULL) == -EINVAL, "PART decompress");
	op.flags = 0;
	op.src_len = 10;
	CHECK(warp_run(s, &op, NULL) == -EINVAL, "NULL src");
	op.src = buf;
	op.src_len = 0;
	CHECK(warp_run(s, &op, NULL) == WARP_E_TRUNCATED, "empty input");
	warp_sess_free(s);
	warp_ctx_free(ctx);
}

TEST(parts_concatenate_to_one_stream)
{
	struct warp_ctx *ctx = ctx_cpu();
	size_t n = tap_quick ? 300000 : 3000000, part = n / 7 + 1;
	uint8_t *in = xmalloc(n), *c = xmalloc(n * 2), *d = xmalloc(n);
	static const int levels[] = { 1, 2, 3, 6 };
	int li, fmt;

	fill_kind(3, in, n, 8);
	for (fmt = 0; fmt < 3; fmt++) {
		for (li = 0; li < 4; li++) {
			struct warp_sess *s = sess_new(ctx, fmt, levels[li], 0,
						       0);
			size_t off = 0, cl;
			uint32_t check = fmt == 1 ? 1 : 0;
			long dl;

			cl = fmt == 2 ? 10 : fmt == 1 ? 2 : 0;
			memcpy(c, fmt == 2 ? "\x1f\x8b\x08\0\0\0\0\0\0\x03" :
			       "\x78\x9c", cl);
			while (off < n) {
				size_t len = MIN_CHUNK(part, n - off);
				struct warp_op op = {
					.dir = WARP_DIR_COMPRESS,
					.flags = WARP_OP_PART |
						 (off + len == n ?
						  WARP_OP_LAST : 0),
					.src = in + off, .src_len = len,
					.dst = c + cl, .dst_cap = n * 2 - cl,
					.dict = off ? in : NULL, .dict_len = off,
				};
				struct warp_result res;
				int r = warp_run(s, &op, &res);

				CHECK(r == 0, "part at %zu: %d", off, r);
				if (r)
					break;
				cl += res.produced;
				if (fmt == 2)
					check = warp_crc32_combine(check,
								   res.check,
								   len);
				else if (fmt == 1)
					check = adler32_combine(check,
								res.check,
								len);
				off += len;
			}
			if (fmt == 2) {
				for (int i = 0; i < 4; i++)
					c[cl + i] = check >> (8 * i);
				for (int i = 0; i < 4; i++)
					c[cl + 4 + i] = (uint32_t)n >> (8 * i);
				cl += 8;
			} else if (fmt == 1) {
				for (int i = 0; i < 4; i++)
					c[cl + i] = check >> (24 - 8 * i);
				cl += 4;
			}
			dl = ref_inflate(fmt, c, cl, d, n);
			CHECK(dl == (long)n && !memcmp(in, d, n),
			      "%s -%d parts: zlib says %ld", fmt_names[fmt],
			      levels[li], dl);
			warp_sess_free(s);
		}
	}
	free(in);
	free(c);
	free(d);
	warp_ctx_free(ctx);
}

TEST(checksum_helpers_match_zlib)
{
	uint8_t buf[100000];
	uint32_t a, b;

	fill_random(buf, sizeof(buf), 2);
	CHECK(warp_crc32(0, buf, sizeof(buf)) ==
	      crc32(0, buf, sizeof(buf)), "crc32");
	CHECK(warp_adler32(1, buf, sizeof(buf)) ==
	      adler32(1, buf, sizeof(buf)), "adler32");
	a = warp_crc32(0, buf, 30000);
	b = warp_crc32(0, buf + 30000, 70000);
	CHECK(warp_crc32_combine(a, b, 70000) == crc32(0, buf, sizeof(buf)),
	      "combine");
}
