// SPDX-License-Identifier: MIT
/*
 * inflate*() on top of libwarp, with the system zlib for what libwarp
 * cannot do exactly.
 *
 * The engine of a zlib-wrapped or auto-detected stream is chosen once its
 * first two bytes are in: they say gzip or zlib, the window size and
 * whether a preset dictionary is needed (then: system zlib, which is given
 * the two bytes first).  The zlib header checks are made here, with
 * zlib's messages.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static int to_sys(z_streamp strm, struct warpz_state *s, const char *why);

static int sys_call(z_streamp strm, struct warpz_state *s, int flush)
{
	int r;

	warpz_sh_in(strm, s);
	r = warpz_sys()->inflate(&s->sh, flush);
	warpz_sh_out(strm, s);
	return r;
}

static uint32_t out_check(int format, uint32_t c, const void *p, size_t n)
{
	if (!n || format == WARP_FMT_DEFLATE)
		return c;
	return format == WARP_FMT_GZIP ? warp_crc32(c, p, n) :
					 warp_adler32(c, p, n);
}

/* Parse inflateInit2/inflateReset2's windowBits like zlib. */
static int set_wbits(struct warpz_state *s, int windowBits)
{
	int wrap, wb = windowBits;

	if (wb < 0) {
		if (wb < -15)
			return Z_STREAM_ERROR;
		wrap = 0;
		wb = -wb;
	} else {
		wrap = (wb >> 4) + 5;
		if (wb < 48)
			wb &= 15;
	}
	if (wb && (wb < 8 || wb > 15))
		return Z_STREAM_ERROR;
	s->wrap = wrap & 3;
	s->wbits = windowBits;
	s->level = wb;		/* the window, 0: from the header */
	return Z_OK;
}

static void start(z_streamp strm, struct warpz_state *s)
{
	const struct warpz_cfg *cfg = warpz_cfg();
	int wb = s->level;

	strm->total_in = strm->total_out = 0;
	strm->msg = NULL;
	if (s->wrap)
		strm->adler = s->wrap & 1;
	s->eng = WZ_PENDING;
	s->sticky_sys = false;
	s->why = NULL;
	s->hdr_n = 0;
	s->done = s->bad = s->body = false;
	s->format = s->wrap == 0 ? WARP_FMT_DEFLATE :
		    s->wrap == 2 ? WARP_FMT_GZIP : s->wrap == 1 ?
		    WARP_FMT_ZLIB : -1;
	if (cfg->off)
		s->why = "WARP_ZLIB_POLICY=off";
	else if (!cfg->inflate)
		s->why = "inflate=0";
	else if (s->custom_alloc && !cfg->alloc_ok)
		s->why = "custom zalloc/zfree";
	else if (s->wrap != 1 && s->wrap != 3 && wb != 15 && wb != 0)
		s->why = "window smaller than 32 KiB";
	else if (s->wrap == 0 && wb == 0)
		s->why = "window smaller than 32 KiB";
	if (s->why)
		s->sticky_sys = true;
}

WZ_EXPORT int inflateInit2_(z_streamp strm, int windowBits,
			    const char *version, int stream_size)
{
	struct warpz_state *s;
	int r;

	if (!version || version[0] != ZLIB_VERSION[0] ||
	    stream_size != (int)sizeof(z_stream))
		return Z_VERSION_ERROR;
	if (!strm)
		return Z_STREAM_ERROR;
	strm->msg = NULL;
	s = warpz_alloc_state(strm, WZ_INFLATE);
	if (!s)
		return Z_MEM_ERROR;
	strm->state = (struct internal_state *)s;
	r = set_wbits(s, windowBits);
	if (r != Z_OK) {
		warpz_free_state(strm, s);
		return r;
	}
	start(strm, s);
	if (s->sticky_sys) {
		r = warpz_sys_open(strm, s);
		if (r != Z_OK) {
			warpz_free_state(strm, s);
			return r;
		}
	}
	return Z_OK;
}

WZ_EXPORT int inflateInit_(z_streamp strm, const char *version,
			   int stream_size)
{
	return inflateInit2_(strm, MAX_WBITS, version, stream_size);
}

static int bad(z_streamp strm, struct warpz_state *s, const char *msg)
{
	strm->msg = (char *)msg;
	s->bad = true;
	return Z_DATA_ERROR;
}

/* The system zlib takes the stream, starting with the kept header bytes. */
static int go_sys(z_streamp strm, struct warpz_state *s, const char *why)
{
	uint8_t sink;
	int r;

	s->why = why;
	r = warpz_sys_open(strm, s);
	if (r != Z_OK)
		return r;
	if (s->hdr_n) {
		s->sh.next_in = s->hdr;
		s->sh.avail_in = s->hdr_n;
		s->sh.next_out = &sink;
		s->sh.avail_out = 0;
		r = warpz_sys()->inflate(&s->sh, Z_NO_FLUSH);
		if (r != Z_OK || s->sh.avail_in)
			return Z_STREAM_ERROR;
	}
	return Z_OK;
}

static int go_warp(z_streamp strm, struct warpz_state *s, int flush)
{
	struct warp_sess_opts o = { .format = s->format,
				    .flags = WARP_SESS_STOP_AT_END,
				    .policy = s->custom_alloc ?
					      WARP_POLICY_CPU : 0 };
	struct warp_ctx *ctx = warpz_ctx();
	size_t used = 0, made = 0;
	uint8_t sink;
	int r;

	if (!ctx)
		return go_sys(strm, s, "no libwarp context");
	/* Streams unless inflate=0/1 (policy, docs/zlib.md). */
	if (warpz_cfg()->inflate < 2 &&
	    (flush != Z_FINISH || s->custom_alloc ||
	     strm->total_in != (uLong)s->hdr_n ||
	     strm->avail_in + s->hdr_n < warpz_cfg()->min_inflate))
		return go_sys(strm, s, "streaming inflate (inflate=1)");
	if (s->ws && s->ws_format == s->format) {
		WZ_WITH_ALLOC(strm, s, warp_stream_reset(s->ws));
	} else {
		warpz_drop_warp(s);
		if (WZ_WITH_ALLOC(strm, s, warp_sess_new(ctx, &o, &s->sess)) < 0) {
			s->sess = NULL;
			return go_sys(strm, s, "libwarp session failed");
		}
		if (WZ_WITH_ALLOC(strm, s, warp_stream_new(s->sess,
				WARP_DIR_DECOMPRESS, &s->ws)) < 0) {
			s->ws = NULL;
			warpz_drop_warp(s);
			return go_sys(strm, s, "libwarp stream failed");
		}
		s->ws_format = s->format;
	}
	s->eng = WZ_WARP;
	s->check = s->format == WARP_FMT_GZIP ? 0 : 1;
	if (s->hdr_n) {
		warpz_alloc_enter(strm, s);
		r = warp_stream_process(s->ws, s->hdr, s->hdr_n, &used, &sink,
					0, &made, WARP_NO_FLUSH);
		warpz_alloc_leave();
		if (r < 0 || used != (size_t)s->hdr_n)
			return bad(strm, s, "incorrect header check");
	}
	warpz_log("inflate stream %p: libwarp, format %d", (void *)strm,
		  s->format);
	return Z_OK;
}

/* Look at the first two bytes; choose the engine. */
static int decide(z_streamp strm, struct warpz_state *s, int flush)
{
	unsigned int cmf = s->hdr[0], flg = s->hdr[1], len, wb = s->level;

	if (flush == Z_BLOCK || flush == Z_TREES)
		return go_sys(strm, s, "Z_BLOCK/Z_TREES");
	if (s->wrap == 0)
		return go_warp(strm, s, flush);
	if ((s->wrap & 2) && cmf == 0x1f && flg == 0x8b) {
		s->format = WARP_FMT_GZIP;
		if (wb && wb != 15)
			return go_sys(strm, s, "window smaller than 32 KiB");
		return go_warp(strm, s, flush);
	}
	if (!(s->wrap & 1) || ((cmf << 8) + flg) % 31)
		return bad(strm, s, "incorrect header check");
	if ((cmf & 0xf) != Z_DEFLATED)
		return bad(strm, s, "unknown compression method");
	len = (cmf >> 4) + 8;
	if (!wb)
		wb = len;
	if (len > 15 || len > wb)
		return bad(strm, s, "invalid window size");
	s->format = WARP_FMT_ZLIB;
	if (flg & 0x20)
		return go_sys(strm, s, "preset dictionary");
	if (len != 15)
		return go_sys(strm, s, "window smaller than 32 KiB");
	return go_warp(strm, s, flush);
}

static int error_of(z_streamp strm, struct warpz_state *s, int r)
{
	switch (r) {
	case -ENOMEM:
		strm->msg = (char *)"insufficient memory";
		return Z_MEM_ERROR;
	case WARP_E_CHECKSUM:
		return bad(strm, s, "incorrect data check");
	case WARP_E_TRAILING:
	case WARP_E_CORRUPT:
	case WARP_E_TRUNCATED:
	default:
		return bad(strm, s, "invalid compressed data");
	}
}

static void advance(z_streamp strm, struct warpz_state *s, size_t used,
		    size_t made)
{
	s->check = out_check(s->format, s->check, strm->next_out, made);
	if (s->format != WARP_FMT_DEFLATE)
		strm->adler = s->check;
	strm->next_in += used;
	strm->avail_in -= used;
	strm->total_in += used;
	strm->next_out += made;
	strm->avail_out -= made;
	strm->total_out += made;
}

/*
 * The whole stream in one call (Z_FINISH on the first call): one libwarp
 * request, which may run on the device.  Return 1 when it worked, 0 to go
 * on with the stream (nothing is reported to the caller in that case).
 */
static int try_oneshot(z_streamp strm, struct warpz_state *s, size_t back)
{
	struct warp_op op = {
		.dir = WARP_DIR_DECOMPRESS,
		.src = strm->next_in - back,
		.src_len = strm->avail_in + back,
		.dst = strm->next_out,
		.dst_cap = strm->avail_out,
	};
	struct warp_result res;

	if (op.src_len < warpz_cfg()->min_inflate || !s->sess ||
	    s->custom_alloc ||
	    warp_run(s->sess, &op, &res) < 0 || res.consumed < back)
		return 0;
	advance(strm, s, res.consumed - back, res.produced);
	warpz_set_engine(res.engine);
	strm->data_type = 64;
	s->done = true;
	return 1;
}

WZ_EXPORT int inflate(z_streamp strm, int flush)
{
	struct warpz_state *s = warpz_get(strm, WZ_INFLATE);
	size_t used, made, in0, out0;
	int hdr_here = 0, r;

	if (!s || !strm->next_out || (!strm->next_in && strm->avail_in))
		return Z_STREAM_ERROR;
	if (s->eng == WZ_SYS)
		return sys_call(strm, s, flush);
	if (s->bad)
		return Z_DATA_ERROR;
	if (s->done)
		return Z_STREAM_END;
	in0 = strm->avail_in;
	out0 = strm->avail_out;
	if (s->eng == WZ_PENDING) {
		if (s->wrap) {
			while (s->hdr_n < 2 && strm->avail_in) {
				s->hdr[s->hdr_n++] = *strm->next_in++;
				strm->avail_in--;
				strm->total_in++;
				hdr_here++;
			}
			if (s->hdr_n < 2)
				goto out;
		}
		r = decide(strm, s, flush);
		if (r != Z_OK)
			return r;
		if (s->eng == WZ_SYS) {
			r = sys_call(strm, s, flush);
			if (r == Z_BUF_ERROR && hdr_here && flush != Z_FINISH)
				r = Z_OK;
			return r;
		}
		if (flush == Z_FINISH && hdr_here == s->hdr_n &&
		    strm->total_in == (uLong)s->hdr_n &&
		    try_oneshot(strm, s, s->hdr_n))
			return Z_STREAM_END;
		if (warpz_cfg()->inflate < 2) {
			/* Not done in one request: the system zlib streams. */
			r = to_sys(strm, s, "streaming inflate (inflate=1)");
			if (r != Z_OK)
				return r;
			r = sys_call(strm, s, flush);
			if (r == Z_BUF_ERROR && hdr_here && flush != Z_FINISH)
				r = Z_OK;
			return r;
		}
	}
	warpz_alloc_enter(strm, s);
	r = warp_stream_process(s->ws, strm->next_in, strm->avail_in, &used,
				strm->next_out, strm->avail_out, &made,
				WARP_NO_FLUSH);
	warpz_alloc_leave();
	advance(strm, s, used, made);
	if (used)
		s->body = true;
	if (r < 0)
		return error_of(strm, s, r);
	if (r == WARP_STREAM_END) {
		s->done = true;
		strm->data_type = 64;
		return Z_STREAM_END;
	}
out:
	if ((in0 == strm->avail_in && out0 == strm->avail_out) ||
	    flush == Z_FINISH)
		return Z_BUF_ERROR;
	return Z_OK;
}

WZ_EXPORT int inflateEnd(z_streamp strm)
{
	struct warpz_state *s = warpz_get(strm, WZ_INFLATE);

	if (!s)
		return Z_STREAM_ERROR;
	if (s->sh_ready)
		warpz_sys()->inflateEnd(&s->sh);
	warpz_free_state(strm, s);
	return Z_OK;
}

static int reset(z_streamp strm, struct warpz_state *s, int windowBits,
		 int how)
{
	const struct warpz_sys *z = warpz_sys();
	int r;

	if (how == 2) {
		struct warpz_state t = *s;

		if (set_wbits(&t, windowBits) != Z_OK)
			return Z_STREAM_ERROR;
		set_wbits(s, windowBits);
	}
	if (s->sh_ready) {
		z->inflateEnd(&s->sh);
		s->sh_ready = false;
	}
	start(strm, s);
	if (s->sticky_sys) {
		r = warpz_sys_open(strm, s);
		if (r != Z_OK)
			return r;
	}
	return Z_OK;
}

WZ_EXPORT int inflateReset(z_streamp strm)
{
	struct warpz_state *s = warpz_get(strm, WZ_INFLATE);

	return s ? reset(strm, s, 0, 0) : Z_STREAM_ERROR;
}

WZ_EXPORT int inflateResetKeep(z_streamp strm)
{
	struct warpz_state *s = warpz_get(strm, WZ_INFLATE);

	return s ? reset(strm, s, 0, 1) : Z_STREAM_ERROR;
}

WZ_EXPORT int inflateReset2(z_streamp strm, int windowBits)
{
	struct warpz_state *s = warpz_get(strm, WZ_INFLATE);

	return s ? reset(strm, s, windowBits, 2) : Z_STREAM_ERROR;
}

/* Hand a stream that has processed nothing to the system zlib. */
static int to_sys(z_streamp strm, struct warpz_state *s, const char *why)
{
	if (s->eng == WZ_SYS)
		return Z_OK;
	/* Only the header went into libwarp: nothing decoded yet. */
	if (s->eng == WZ_WARP && !s->body && !s->done && !s->bad)
		s->eng = WZ_PENDING;
	if (s->eng != WZ_PENDING)
		return Z_STREAM_ERROR;
	return go_sys(strm, s, why);
}

WZ_EXPORT int inflateSetDictionary(z_streamp strm, const Bytef *dictionary,
				   uInt dictLength)
{
	struct warpz_state *s = warpz_get(strm, WZ_INFLATE);
	int r;

	if (!s)
		return Z_STREAM_ERROR;
	if (s->eng != WZ_SYS && s->wrap)
		return Z_STREAM_ERROR;	/* zlib: only once it asks */
	r = to_sys(strm, s, "dictionary");
	if (r != Z_OK)
		return r;
	warpz_sh_in(strm, s);
	r = warpz_sys()->inflateSetDictionary(&s->sh, dictionary, dictLength);
	warpz_sh_out(strm, s);
	return r;
}

WZ_EXPORT int inflateGetDictionary(z_streamp strm, Bytef *dictionary,
				   uInt *dictLength)
{
	return warpz_get_dictionary(strm, WZ_INFLATE, dictionary, dictLength);
}

WZ_EXPORT int inflateSync(z_streamp strm)
{
	struct warpz_state *s = warpz_get(strm, WZ_INFLATE);
	int r;

	if (!s)
		return Z_STREAM_ERROR;
	if (s->eng != WZ_SYS && to_sys(strm, s, "inflateSync") != Z_OK) {
		/* A libwarp stream cannot search for a flush point. */
		return Z_DATA_ERROR;
	}
	warpz_sh_in(strm, s);
	r = warpz_sys()->inflateSync(&s->sh);
	warpz_sh_out(strm, s);
	return r;
}

WZ_EXPORT int inflateSyncPoint(z_streamp strm)
{
	struct warpz_state *s = warpz_get(strm, WZ_INFLATE);

	if (!s)
		return Z_STREAM_ERROR;
	return s->eng == WZ_SYS ? warpz_sys()->inflateSyncPoint(&s->sh) : 0;
}

WZ_EXPORT int inflateCopy(z_streamp dest, z_streamp source)
{
	struct warpz_state *s = warpz_get(source, WZ_INFLATE), *d;
	int r;

	if (!s || !dest)
		return Z_STREAM_ERROR;
	if (s->eng == WZ_WARP)
		return Z_STREAM_ERROR;	/* libwarp cannot clone a stream */
	*dest = *source;
	d = warpz_alloc_state(dest, WZ_INFLATE);
	if (!d)
		return Z_MEM_ERROR;
	*d = *s;
	d->strm = dest;
	d->sess = NULL;
	d->ws = NULL;
	d->ws_format = -1;
	d->obuf = NULL;
	d->sh_ready = false;
	dest->state = (struct internal_state *)d;
	if (s->sh_ready) {
		r = warpz_sys()->inflateCopy(&d->sh, &s->sh);
		if (r != Z_OK) {
			warpz_free_state(dest, d);
			return r;
		}
		d->sh_ready = true;
	}
	return Z_OK;
}

WZ_EXPORT int inflatePrime(z_streamp strm, int bits, int value)
{
	struct warpz_state *s = warpz_get(strm, WZ_INFLATE);
	int r;

	if (!s)
		return Z_STREAM_ERROR;
	r = to_sys(strm, s, "inflatePrime");
	if (r != Z_OK)
		return r;
	return warpz_sys()->inflatePrime(&s->sh, bits, value);
}

WZ_EXPORT int inflateGetHeader(z_streamp strm, gz_headerp head)
{
	struct warpz_state *s = warpz_get(strm, WZ_INFLATE);
	int r;

	if (!s || !(s->wrap & 2))
		return Z_STREAM_ERROR;
	r = to_sys(strm, s, "inflateGetHeader");
	if (r != Z_OK)
		return r;
	return warpz_sys()->inflateGetHeader(&s->sh, head);
}

WZ_EXPORT long inflateMark(z_streamp strm)
{
	struct warpz_state *s = warpz_get(strm, WZ_INFLATE);

	if (s && s->eng == WZ_SYS)
		return warpz_sys()->inflateMark(&s->sh);
	return -(1L << 16);
}

WZ_EXPORT int inflateUndermine(z_streamp strm, int subvert)
{
	struct warpz_state *s = warpz_get(strm, WZ_INFLATE);

	if (!s)
		return Z_STREAM_ERROR;
	if (s->eng == WZ_SYS)
		return warpz_sys()->inflateUndermine(&s->sh, subvert);
	return Z_DATA_ERROR;	/* as a zlib built without the option */
}

WZ_EXPORT int inflateValidate(z_streamp strm, int check)
{
	struct warpz_state *s = warpz_get(strm, WZ_INFLATE);

	if (!s)
		return Z_STREAM_ERROR;
	if (check && s->eng != WZ_SYS)
		return Z_OK;
	if (to_sys(strm, s, "inflateValidate") != Z_OK)
		return Z_STREAM_ERROR;
	return warpz_sys()->inflateValidate(&s->sh, check);
}

WZ_EXPORT unsigned long inflateCodesUsed(z_streamp strm)
{
	struct warpz_state *s = warpz_get(strm, WZ_INFLATE);

	if (!s)
		return (unsigned long)-1;
	if (s->eng == WZ_SYS)
		return warpz_sys()->inflateCodesUsed(&s->sh);
	return 0;
}

/* inflateBack has its own state: the system zlib's, untouched. */
WZ_EXPORT int inflateBackInit_(z_streamp strm, int windowBits,
			       unsigned char *window, const char *version,
			       int stream_size)
{
	const struct warpz_sys *z = warpz_sys();

	return z ? z->inflateBackInit_(strm, windowBits, window, version,
				       stream_size) : Z_MEM_ERROR;
}

WZ_EXPORT int inflateBack(z_streamp strm, in_func in, void *in_desc,
			  out_func out, void *out_desc)
{
	const struct warpz_sys *z = warpz_sys();

	return z ? z->inflateBack(strm, in, in_desc, out, out_desc) :
		   Z_STREAM_ERROR;
}

WZ_EXPORT int inflateBackEnd(z_streamp strm)
{
	const struct warpz_sys *z = warpz_sys();

	return z ? z->inflateBackEnd(strm) : Z_STREAM_ERROR;
}
