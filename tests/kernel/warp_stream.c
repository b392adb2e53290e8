// SPDX-License-Identifier: MIT
/*
 * libwarp streams on the HiSilicon ZIP device model, in the VM: device
 * streams (WARP_POLICY_DEVICE) for deflate, zlib and gzip with arbitrary
 * input and output chunking and every flush mode, cross-checked with zlib
 * in both directions; gzip members with header fields; the data errors;
 * device round trips; AUTO sessions keeping streams on the CPU.
 */
#include "warp_test.h"

#define DEV_ID		0
#define MIN(a, b)	((a) < (b) ? (a) : (b))

/* Requests the device model has completed so far. */
static long dev_completed(void)
{
	char buf[32];

	if (vm_read_file(HSIM_DBG "/hisi_sim0/completed", buf,
			 sizeof(buf)) < 0)
		tap_bail("read completed");
	return strtol(buf, NULL, 10);
}

/*
 * Compress @n bytes through a stream, @ic input bytes and @oc output bytes
 * at a time; a flush of kind @fl every @every input bytes (0: never).
 * Return the output size, or a negative error.
 */
static long s_compress(struct warp_sess *s, const uint8_t *in, size_t n,
		       size_t ic, size_t oc, int fl, size_t every,
		       uint8_t *out, size_t cap, int *engine)
{
	struct warp_stream *st;
	size_t ip = 0, op = 0, next = every ? every : n + 1;
	int r = warp_stream_new(s, WARP_DIR_COMPRESS, &st);

	if (r)
		return r;
	*engine = warp_stream_engine(st);
	for (;;) {
		size_t lim = MIN(next, n), il = MIN(ic, lim - ip), iu, ou;
		int flush = ip + il < lim ? WARP_NO_FLUSH :
			    lim == n ? WARP_FINISH : fl;

		r = warp_stream_process(st, in + ip, il, &iu, out + op,
					MIN(oc, cap - op), &ou, flush);
		ip += iu;
		op += ou;
		if (r < 0 || r == WARP_STREAM_END)
			break;
		if (op == cap) {
			r = -ENOSPC;
			break;
		}
		/* A flush is complete when it no longer fills the output. */
		if (flush != WARP_NO_FLUSH && flush != WARP_FINISH &&
		    iu == il && ou < MIN(oc, cap - op + ou))
			next += every;
	}
	warp_stream_free(st);
	return r < 0 ? r : (long)op;
}

/* Decompress through a stream; output size or a negative error. */
static long s_decompress(struct warp_sess *s, const uint8_t *in, size_t n,
			 size_t ic, size_t oc, uint8_t *out, size_t cap,
			 int *engine)
{
	struct warp_stream *st;
	size_t ip = 0, op = 0;
	int r = warp_stream_new(s, WARP_DIR_DECOMPRESS, &st);

	if (r)
		return r;
	*engine = warp_stream_engine(st);
	for (;;) {
		size_t il = MIN(ic, n - ip), iu, ou;

		r = warp_stream_process(st, in + ip, il, &iu, out + op,
					MIN(oc, cap - op), &ou,
					ip + il == n ? WARP_FINISH :
					WARP_NO_FLUSH);
		ip += iu;
		op += ou;
		if (r < 0 || r == WARP_STREAM_END)
			break;
		if (!iu && !ou && ip + il < n) {
			r = -EDEADLK;	/* no progress with input left */
			break;
		}
	}
	warp_stream_free(st);
	return r < 0 ? r : (long)op;
}

static void test_compress(struct warp_ctx *ctx)
{
	static const struct {
		size_t n, ic, oc;
		int fl;
		size_t every;
	} c[] = {
		{ 1, 1, 1, 0, 0 },
		{ 30000, 1, 7, 0, 0 },
		{ 700000, 65536, 100000, 0, 0 },
		{ 300000, 4096, 3000, WARP_SYNC_FLUSH, 20000 },
		{ 300000, 10000, 65536, WARP_FULL_FLUSH, 50000 },
		{ 2000000, 1 << 20, 1 << 20, 0, 0 },
	};
	size_t i, cap = 2200000;
	uint8_t *in = xmalloc(cap), *out = xmalloc(cap), *d = xmalloc(cap);
	int fmt, eng, bad;
	long l;

	fill_data(in, cap, 3);
	for (fmt = 0; fmt < 3; fmt++) {
		struct warp_sess *s = sess_new(ctx, fmt, 6, WARP_POLICY_DEVICE);
		long done = dev_completed();

		bad = 0;
		for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
			l = s_compress(s, in, c[i].n, c[i].ic, c[i].oc,
				       c[i].fl, c[i].every, out, cap, &eng);
			if (l <= 0 || eng != WARP_ENGINE_DEVICE ||
			    z_decompress(fmt, out, l, d, cap) !=
			    (long)c[i].n || memcmp(d, in, c[i].n)) {
				tap_diag("%s case %zu: %ld engine %s",
					 fmt_name[fmt], i, l,
					 warp_engine_name(eng));
				bad++;
			}
		}
		tap_ok(!bad, "%s device stream compression, 1 byte .. 2 MB, "
		       "chunks of 1 byte .. 1 MiB, sync and full flushes, "
		       "zlib reads it", fmt_name[fmt]);
		/* 1 + 1 + 3 + 15 + 6 + 8 requests at least */
		done = dev_completed() - done;
		tap_ok(done >= 34, "%s: the device ran %ld requests",
		       fmt_name[fmt], done);
		warp_sess_free(s);
	}
	free(in);
	free(out);
	free(d);
}

static void test_decompress(struct warp_ctx *ctx)
{
	static const struct {
		size_t n, ic, oc;
	} c[] = {
		{ 1, 1, 1 },
		{ 8000, 1, 100000 },
		{ 300000, 7000, 16384 },
		{ 100000, 100000, 3 },
		{ 2000000, 1 << 20, 1 << 20 },
	};
	size_t i, cap = 2200000;
	uint8_t *in = xmalloc(cap), *z = xmalloc(cap), *d = xmalloc(cap);
	int fmt, eng, bad;
	long l, zl;

	fill_data(in, cap, 4);
	for (fmt = 0; fmt < 3; fmt++) {
		struct warp_sess *s = sess_new(ctx, fmt, 6, WARP_POLICY_DEVICE);
		long done = dev_completed();

		bad = 0;
		for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
			zl = z_compress(fmt, 6, in, c[i].n, z, cap);
			memset(d, 0, c[i].n);
			l = s_decompress(s, z, zl, c[i].ic, c[i].oc, d, cap,
					 &eng);
			if (l != (long)c[i].n || eng != WARP_ENGINE_DEVICE ||
			    memcmp(d, in, c[i].n)) {
				tap_diag("%s case %zu: %ld (%s) engine %s",
					 fmt_name[fmt], i, l,
					 warp_strerror((int)l),
					 warp_engine_name(eng));
				bad++;
			}
		}
		tap_ok(!bad, "%s device stream decompression of zlib's, "
		       "input chunks of 1 byte .. 1 MiB, output of 3 bytes "
		       ".. 1 MiB", fmt_name[fmt]);
		done = dev_completed() - done;
		tap_ok(done > 1000, "%s: the device ran %ld requests",
		       fmt_name[fmt], done);

		/* Device to device. */
		l = s_compress(s, in, 1500000, 100000, 70000, 0, 0, z, cap,
			       &eng);
		zl = l > 0 ? s_decompress(s, z, l, 33333, 250000, d, cap,
					  &eng) : l;
		tap_ok(zl == 1500000 && !memcmp(d, in, 1500000),
		       "%s: device stream to device stream", fmt_name[fmt]);
		warp_sess_free(s);
	}
	free(in);
	free(z);
	free(d);
}

static size_t gz_member(uint8_t *out, const uint8_t *in, size_t n)
{
	static const uint8_t hdr[] = {
		0x1f, 0x8b, 8, 2 | 4 | 8 | 16, 0, 0, 0, 0, 0, 3,
		4, 0, 'a', 'b', 0, 0,		/* FEXTRA */
		'n', 'a', 'm', 'e', 0,		/* FNAME */
		'c', 0,				/* FCOMMENT */
	};
	size_t o = sizeof(hdr);
	uint32_t crc;
	long l;

	memcpy(out, hdr, o);
	crc = crc32(0, out, o);
	out[o++] = crc;
	out[o++] = crc >> 8;
	l = z_compress(WARP_FMT_DEFLATE, 6, in, n, out + o, n + 1024);
	o += l;
	crc = crc32(0, in, n);
	memcpy(out + o, (uint8_t[]){ crc, crc >> 8, crc >> 16, crc >> 24,
				     n, n >> 8, n >> 16, n >> 24 }, 8);
	return o + 8;
}

static void test_gzip_and_errors(struct warp_ctx *ctx)
{
	struct warp_sess *s = sess_new(ctx, WARP_FMT_GZIP, 6, WARP_POLICY_DEVICE);
	struct warp_sess *z = sess_new(ctx, WARP_FMT_ZLIB, 6, WARP_POLICY_DEVICE);
	size_t n = 60000, o = 0, k, cap = 4 * n;
	uint8_t *in = xmalloc(3 * n), *c = xmalloc(cap), *d = xmalloc(cap);
	int eng;
	long l;

	fill_data(in, 3 * n, 8);
	for (k = 0; k < 3; k++)
		o += gz_member(c + o, in + k * n, n);
	l = s_decompress(s, c, o, 5, 4096, d, cap, &eng);
	tap_ok(l == (long)(3 * n) && eng == WARP_ENGINE_DEVICE &&
	       !memcmp(d, in, 3 * n),
	       "three gzip members with FEXTRA, FNAME, FCOMMENT, FHCRC, "
	       "5-byte input chunks");
	tap_is(s_decompress(s, c, o - 100, 1000, 4096, d, cap, &eng),
	       WARP_E_TRUNCATED, "gzip cut short: truncated");
	c[o - 5] ^= 1;	/* ISIZE of the last member */
	tap_is(s_decompress(s, c, o, 1000, 4096, d, cap, &eng),
	       WARP_E_CHECKSUM, "wrong ISIZE: checksum error");
	c[o - 5] ^= 1;
	memcpy(c + o, "\x1fjunk", 5);
	tap_is(s_decompress(s, c, o + 5, 1000, 4096, d, cap, &eng),
	       WARP_E_TRAILING, "bytes after the last member: trailing");
	tap_is(s_decompress(s, c, o + 1, 1, 4096, d, cap, &eng),
	       WARP_E_TRAILING, "a lone 0x1f after the last member: trailing");
	c[3] = 0xe0;
	tap_is(s_decompress(s, c, o, 1000, 4096, d, cap, &eng),
	       WARP_E_CORRUPT, "reserved header flags: corrupt");

	l = z_compress(WARP_FMT_ZLIB, 6, in, n, c, cap);
	c[2] = (c[2] & ~6) | 6;	/* first block of the reserved type */
	tap_is(s_decompress(z, c, l, 1000, 4096, d, cap, &eng),
	       WARP_E_CORRUPT, "zlib with a reserved block type: corrupt");
	l = z_compress(WARP_FMT_ZLIB, 6, in, n, c, cap);
	c[l - 1] ^= 1;
	tap_is(s_decompress(z, c, l, 1000, 4096, d, cap, &eng),
	       WARP_E_CHECKSUM, "zlib with a wrong Adler-32: checksum error");
	warp_sess_free(s);
	warp_sess_free(z);
	free(in);
	free(c);
	free(d);
}

static void test_auto(struct warp_ctx *ctx)
{
	struct warp_sess *s = sess_new(ctx, WARP_FMT_GZIP, 6, WARP_POLICY_AUTO);
	struct warp_stream *st;

	tap_is(warp_stream_new(s, WARP_DIR_DECOMPRESS, &st), 0,
	       "auto session: stream");
	tap_is(warp_stream_engine(st), WARP_ENGINE_CPU,
	       "auto session streams stay on the CPU");
	warp_stream_free(st);
	warp_sess_free(s);
}

int main(void)
{
	struct warp_ctx *ctx;

	hsim_setup("");
	if (hsim_new(DEV_ID, 16, 1024, 2))
		tap_bail("create hisi_sim%d", DEV_ID);
	if (warp_ctx_new(NULL, &ctx))
		tap_bail("warp_ctx_new");
	tap_is(warp_ctx_device_count(ctx), 1, "one device");
	test_compress(ctx);
	test_decompress(ctx);
	test_gzip_and_errors(ctx);
	test_auto(ctx);
	warp_ctx_free(ctx);
	tap_is(hsim_del(DEV_ID), 0, "delete the device");
	tap_is(vm_rmmod_wait("hisi_sim"), 0, "rmmod hisi_sim");
	tap_is(vm_rmmod_wait("uacce"), 0, "rmmod uacce");
	return tap_done();
}
