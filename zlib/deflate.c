// SPDX-License-Identifier: MIT
/*
 * deflate*() on top of libwarp, with the system zlib for what libwarp
 * cannot do exactly.  The return codes follow zlib.h and zlib 1.2.13's
 * observable behaviour; see docs/zlib.md for the policy.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define RANK(f) (((f) * 2) - ((f) > 4 ? 9 : 0))

static const char *errmsg(int err)
{
	return zError(err);
}

static int wrap_of(const struct warpz_state *s)
{
	return s->format == WARP_FMT_GZIP ? 2 :
	       s->format == WARP_FMT_ZLIB ? 1 : 0;
}

static uint32_t check_start(int format)
{
	return format == WARP_FMT_GZIP ? 0 : 1;
}

static uint32_t check_update(int format, uint32_t c, const void *p, size_t n)
{
	if (!n || format == WARP_FMT_DEFLATE)
		return c;
	return format == WARP_FMT_GZIP ? warp_crc32(c, p, n) :
					 warp_adler32(c, p, n);
}

/* zlib's data_type guess: text when no "black-listed" byte occurs. */
static int guess_type(const uint8_t *p, size_t n)
{
	bool white = false;
	size_t i;

	for (i = 0; i < n; i++) {
		uint8_t c = p[i];

		if (c <= 6 || (c >= 14 && c <= 25) || (c >= 28 && c <= 31))
			return Z_BINARY;
		if (c == 9 || c == 10 || c == 13 || c >= 32)
			white = true;
	}
	return white ? Z_TEXT : Z_BINARY;
}

static int sys_call(z_streamp strm, struct warpz_state *s, int flush)
{
	int r;

	warpz_sh_in(strm, s);
	r = warpz_sys()->deflate(&s->sh, flush);
	warpz_sh_out(strm, s);
	return r;
}

WZ_EXPORT int deflateInit2_(z_streamp strm, int level, int method,
			    int windowBits, int memLevel, int strategy,
			    const char *version, int stream_size)
{
	const struct warpz_cfg *cfg;
	struct warpz_state *s;
	int wrap = 1;

	if (!version || version[0] != ZLIB_VERSION[0] ||
	    stream_size != (int)sizeof(z_stream))
		return Z_VERSION_ERROR;
	if (!strm)
		return Z_STREAM_ERROR;
	strm->msg = NULL;
	if (level == Z_DEFAULT_COMPRESSION)
		level = 6;
	if (windowBits < 0) {
		wrap = 0;
		if (windowBits < -15)
			return Z_STREAM_ERROR;
		windowBits = -windowBits;
	} else if (windowBits > 15) {
		wrap = 2;
		windowBits -= 16;
	}
	if (memLevel < 1 || memLevel > 9 || method != Z_DEFLATED ||
	    windowBits < 8 || windowBits > 15 || level < 0 || level > 9 ||
	    strategy < 0 || strategy > Z_FIXED ||
	    (windowBits == 8 && wrap != 1))
		return Z_STREAM_ERROR;
	if (windowBits == 8)
		windowBits = 9;
	s = warpz_alloc_state(strm, WZ_DEFLATE);
	if (!s)
		return Z_MEM_ERROR;
	s->level = level;
	s->mem_level = memLevel;
	s->strategy = strategy;
	s->format = wrap == 2 ? WARP_FMT_GZIP :
		    wrap == 1 ? WARP_FMT_ZLIB : WARP_FMT_DEFLATE;
	/* The form the system zlib takes. */
	s->wbits = wrap == 0 ? -windowBits :
		   wrap == 2 ? windowBits + 16 : windowBits;
	cfg = warpz_cfg();
	if (cfg->off)
		s->why = "WARP_ZLIB_POLICY=off";
	else if (s->custom_alloc && !cfg->alloc_ok)
		s->why = "custom zalloc/zfree";
	else if (windowBits != 15)
		s->why = "window smaller than 32 KiB";
	else if (memLevel != 8)
		s->why = "memLevel other than 8";
	if (s->why)
		s->sticky_sys = true;
	strm->state = (struct internal_state *)s;
	strm->total_in = strm->total_out = 0;
	strm->data_type = Z_UNKNOWN;
	strm->adler = wrap == 2 ? 0 : 1;
	s->check = check_start(s->format);
	if (s->sticky_sys) {
		int r = warpz_sys_open(strm, s);

		if (r != Z_OK) {
			warpz_free_state(strm, s);
			return r;
		}
	}
	return Z_OK;
}

WZ_EXPORT int deflateInit_(z_streamp strm, int level, const char *version,
			   int stream_size)
{
	return deflateInit2_(strm, level, Z_DEFLATED, MAX_WBITS, 8,
			     Z_DEFAULT_STRATEGY, version, stream_size);
}

/* Choose the engine at the first call with work to do. */
static int commit(z_streamp strm, struct warpz_state *s, int flush)
{
	const struct warpz_cfg *cfg = warpz_cfg();
	struct warp_ctx *ctx = warpz_ctx();
	struct warp_sess_opts o = { .format = s->format, .level = s->level,
				    .policy = s->custom_alloc ?
					      WARP_POLICY_CPU : 0 };
	int r;

	if (!ctx)
		s->why = "no libwarp context";
	else if (s->strategy != Z_DEFAULT_STRATEGY)
		s->why = "strategy other than default";
	else if (s->level == 0)
		s->why = "level 0";
	else if (flush == Z_BLOCK || flush == Z_TREES)
		s->why = "Z_BLOCK";
	else if (flush == Z_FINISH && strm->total_in == 0 &&
		 !s->custom_alloc &&
		 (cfg->oneshot_levels & 1u << s->level) &&
		 strm->avail_in >= cfg->min_oneshot &&
		 /* Staging the output costs more than streaming saves,
		  * unless a device takes the request. */
		 (strm->avail_out >= warp_compress_bound(s->format,
							 strm->avail_in) ||
		  warp_ctx_device_count(ctx) > 0 ||
		  !(cfg->stream_levels & 1u << s->level)))
		s->eng = WZ_ONESHOT;
	else if (cfg->stream_levels & 1u << s->level)
		s->eng = WZ_WARP;
	else
		s->why = "level not offloaded";
	if (s->eng == WZ_PENDING)
		return warpz_sys_open(strm, s);
	if (s->sess && (s->ws_format != s->format || s->ws_level != s->level))
		warpz_drop_warp(s);
	if (!s->sess) {
		r = WZ_WITH_ALLOC(strm, s, warp_sess_new(ctx, &o, &s->sess));
		if (r < 0) {
			s->sess = NULL;
			s->eng = WZ_PENDING;
			s->why = "libwarp session failed";
			return warpz_sys_open(strm, s);
		}
		s->ws_format = s->format;
		s->ws_level = s->level;
	}
	if (s->eng == WZ_WARP) {
		if (s->ws) {
			WZ_WITH_ALLOC(strm, s, warp_stream_reset(s->ws));
		} else {
			r = WZ_WITH_ALLOC(strm, s, warp_stream_new(s->sess,
						WARP_DIR_COMPRESS, &s->ws));
			if (r < 0) {
				s->ws = NULL;
				s->eng = WZ_PENDING;
				s->why = "libwarp stream failed";
				return warpz_sys_open(strm, s);
			}
		}
	}
	warpz_log("deflate stream %p: libwarp %s, level %d, format %d",
		  (void *)strm, s->eng == WZ_ONESHOT ? "one-shot" : "stream",
		  s->level, s->format);
	return Z_OK;
}

static void took_input(z_streamp strm, struct warpz_state *s, size_t n)
{
	if (!n)
		return;
	if (strm->data_type == Z_UNKNOWN)
		strm->data_type = guess_type(strm->next_in, MIN(n, 65536));
	s->check = check_update(s->format, s->check, strm->next_in, n);
	if (s->format != WARP_FMT_DEFLATE)
		strm->adler = s->check;
	strm->next_in += n;
	strm->avail_in -= n;
	strm->total_in += n;
}

static void gave_output(z_streamp strm, size_t n)
{
	strm->next_out += n;
	strm->avail_out -= n;
	strm->total_out += n;
}

static int oneshot_run(z_streamp strm, struct warpz_state *s)
{
	size_t len = strm->avail_in, cap = warp_compress_bound(s->format, len);
	struct warp_result res;
	long r;

	if (strm->avail_out >= cap) {
		r = warp_compress(s->sess, strm->next_in, len, strm->next_out,
				  strm->avail_out, &res);
		if (r < 0)
			return Z_STREAM_ERROR;
		warpz_set_engine(res.engine);
		took_input(strm, s, len);
		gave_output(strm, r);
		s->olen = s->opos = 0;
		return Z_OK;
	}
	s->obuf = malloc(cap);
	if (!s->obuf)
		return Z_MEM_ERROR;
	r = warp_compress(s->sess, strm->next_in, len, s->obuf, cap, &res);
	if (r < 0) {
		free(s->obuf);
		s->obuf = NULL;
		return Z_STREAM_ERROR;
	}
	warpz_set_engine(res.engine);
	took_input(strm, s, len);
	s->olen = r;
	s->opos = 0;
	return Z_OK;
}

static int warp_step(z_streamp strm, struct warpz_state *s, int flush)
{
	int wf = flush == Z_FINISH ? WARP_FINISH :
		 flush == Z_FULL_FLUSH ? WARP_FULL_FLUSH :
		 flush == Z_NO_FLUSH ? WARP_NO_FLUSH : WARP_SYNC_FLUSH;
	size_t used, made;
	int r;

	warpz_alloc_enter(strm, s);
	r = warp_stream_process(s->ws, strm->next_in, strm->avail_in, &used,
				strm->next_out, strm->avail_out, &made, wf);
	warpz_alloc_leave();
	took_input(strm, s, used);
	gave_output(strm, made);
	if (r < 0) {
		strm->msg = (char *)"libwarp stream error";
		return Z_STREAM_ERROR;
	}
	return r == WARP_STREAM_END ? 1 : 0;
}

WZ_EXPORT int deflate(z_streamp strm, int flush)
{
	struct warpz_state *s = warpz_get(strm, WZ_DEFLATE);
	int old_flush, r;

	if (!s || flush > Z_BLOCK || flush < 0)
		return Z_STREAM_ERROR;
	if (s->eng == WZ_SYS)
		return sys_call(strm, s, flush);
	if (!strm->next_out || (strm->avail_in && !strm->next_in) ||
	    (s->finished && flush != Z_FINISH)) {
		strm->msg = (char *)errmsg(Z_STREAM_ERROR);
		return Z_STREAM_ERROR;
	}
	if (!strm->avail_out) {
		strm->msg = (char *)errmsg(Z_BUF_ERROR);
		return Z_BUF_ERROR;
	}
	old_flush = s->last_flush;
	s->last_flush = flush;
	if (s->eng == WZ_ONESHOT && s->opos < s->olen) {
		size_t n = MIN(s->olen - s->opos, (size_t)strm->avail_out);

		memcpy(strm->next_out, s->obuf + s->opos, n);
		s->opos += n;
		gave_output(strm, n);
		if (s->opos < s->olen) {
			s->last_flush = -1;
			return Z_OK;
		}
		s->done = true;
		return Z_STREAM_END;
	}
	if (!strm->avail_in && RANK(flush) <= RANK(old_flush) &&
	    flush != Z_FINISH) {
		strm->msg = (char *)errmsg(Z_BUF_ERROR);
		return Z_BUF_ERROR;
	}
	if (s->finished && strm->avail_in) {
		strm->msg = (char *)errmsg(Z_BUF_ERROR);
		return Z_BUF_ERROR;
	}
	if (s->done)
		return Z_STREAM_END;
	if (s->eng == WZ_PENDING) {
		if (!strm->avail_in && flush == Z_NO_FLUSH)
			return Z_OK;
		r = commit(strm, s, flush);
		if (r != Z_OK)
			return r;
		if (s->eng == WZ_SYS) {
			s->last_flush = -2;
			return sys_call(strm, s, flush);
		}
	}
	if (s->eng == WZ_ONESHOT) {
		/* Later calls only drain the buffer (above). */
		r = oneshot_run(strm, s);
		if (r != Z_OK)
			return r;
		s->finished = true;
		if (s->opos < s->olen) {
			size_t n = MIN(s->olen, (size_t)strm->avail_out);

			memcpy(strm->next_out, s->obuf, n);
			s->opos = n;
			gave_output(strm, n);
		}
		if (s->opos < s->olen) {
			s->last_flush = -1;
			return Z_OK;
		}
		s->done = true;
		return Z_STREAM_END;
	}
	/* WZ_WARP */
	r = warp_step(strm, s, flush);
	if (r < 0)
		return r;
	if (flush == Z_FINISH && !strm->avail_in)
		s->finished = true;
	if (r == 1) {
		s->done = true;
		return Z_STREAM_END;
	}
	if (!strm->avail_out)
		s->last_flush = -1;
	return Z_OK;
}

WZ_EXPORT int deflateEnd(z_streamp strm)
{
	struct warpz_state *s = warpz_get(strm, WZ_DEFLATE);
	int r = Z_OK;

	if (!s)
		return Z_STREAM_ERROR;
	if (s->eng == WZ_WARP && s->ws)
		warpz_set_engine(warp_stream_engine(s->ws));
	if (s->sh_ready) {
		r = warpz_sys()->deflateEnd(&s->sh);
		/* zlib: Z_DATA_ERROR when freed early; msg is not touched. */
	} else if (s->last_flush != -2 && !s->finished) {
		r = Z_DATA_ERROR;
	}
	warpz_free_state(strm, s);
	return r;
}

static int reset(z_streamp strm, struct warpz_state *s, bool keep)
{
	const struct warpz_sys *z = warpz_sys();

	strm->total_in = strm->total_out = 0;
	strm->msg = NULL;
	strm->data_type = Z_UNKNOWN;
	if (s->sh_ready && s->sticky_sys) {
		int r;

		warpz_sh_in(strm, s);
		r = keep ? z->deflateResetKeep(&s->sh) :
			   z->deflateReset(&s->sh);
		warpz_sh_out(strm, s);
		return r;
	}
	if (s->sh_ready) {
		z->deflateEnd(&s->sh);
		s->sh_ready = false;
	}
	free(s->obuf);
	s->obuf = NULL;
	s->olen = s->opos = 0;
	s->eng = WZ_PENDING;
	s->why = NULL;
	s->last_flush = -2;
	s->finished = s->done = false;
	s->check = check_start(s->format);
	strm->adler = wrap_of(s) == 2 ? 0 : 1;
	return Z_OK;
}

WZ_EXPORT int deflateReset(z_streamp strm)
{
	struct warpz_state *s = warpz_get(strm, WZ_DEFLATE);

	return s ? reset(strm, s, false) : Z_STREAM_ERROR;
}

WZ_EXPORT int deflateResetKeep(z_streamp strm)
{
	struct warpz_state *s = warpz_get(strm, WZ_DEFLATE);

	return s ? reset(strm, s, true) : Z_STREAM_ERROR;
}

/* Move a stream that has processed nothing yet to the system zlib. */
static int to_sys(z_streamp strm, struct warpz_state *s, const char *why)
{
	if (s->eng == WZ_SYS)
		return Z_OK;
	if (s->eng != WZ_PENDING)
		return Z_STREAM_ERROR;
	s->why = why;
	return warpz_sys_open(strm, s);
}

WZ_EXPORT int deflateSetDictionary(z_streamp strm, const Bytef *dictionary,
				   uInt dictLength)
{
	struct warpz_state *s = warpz_get(strm, WZ_DEFLATE);
	int r;

	if (!s || !dictionary)
		return Z_STREAM_ERROR;
	if (s->eng == WZ_PENDING && wrap_of(s) == 2)
		return Z_STREAM_ERROR;
	r = to_sys(strm, s, "dictionary");
	if (r != Z_OK)
		return r;
	warpz_sh_in(strm, s);
	r = warpz_sys()->deflateSetDictionary(&s->sh, dictionary, dictLength);
	warpz_sh_out(strm, s);
	return r;
}

WZ_EXPORT int deflateGetDictionary(z_streamp strm, Bytef *dictionary,
				   uInt *dictLength)
{
	return warpz_get_dictionary(strm, WZ_DEFLATE, dictionary, dictLength);
}

WZ_EXPORT int deflateParams(z_streamp strm, int level, int strategy)
{
	struct warpz_state *s = warpz_get(strm, WZ_DEFLATE);
	int r;

	if (!s)
		return Z_STREAM_ERROR;
	if (level == Z_DEFAULT_COMPRESSION)
		level = 6;
	if (level < 0 || level > 9 || strategy < 0 || strategy > Z_FIXED)
		return Z_STREAM_ERROR;
	if (s->eng == WZ_SYS) {
		warpz_sh_in(strm, s);
		r = warpz_sys()->deflateParams(&s->sh, level, strategy);
		warpz_sh_out(strm, s);
		if (r == Z_OK) {
			s->level = level;
			s->strategy = strategy;
		}
		return r;
	}
	if (s->eng == WZ_PENDING) {
		s->level = level;
		s->strategy = strategy;
		return Z_OK;
	}
	if (level == s->level && strategy == s->strategy)
		return Z_OK;
	if (s->eng == WZ_ONESHOT || s->finished)
		return Z_OK;
	/*
	 * A libwarp stream cannot change its level: what came so far is
	 * flushed (zlib flushes with Z_BLOCK), and the stream goes on at its
	 * first level.  The output stays valid; only its size differs.
	 */
	if (s->last_flush != -2 && strm->avail_out) {
		r = warp_step(strm, s, Z_SYNC_FLUSH);
		if (r < 0)
			return r;
		if (strm->avail_in || !strm->avail_out)
			return Z_BUF_ERROR;
	} else if (s->last_flush != -2) {
		return Z_BUF_ERROR;
	}
	return Z_OK;
}

WZ_EXPORT int deflateTune(z_streamp strm, int good_length, int max_lazy,
			  int nice_length, int max_chain)
{
	struct warpz_state *s = warpz_get(strm, WZ_DEFLATE);

	if (!s)
		return Z_STREAM_ERROR;
	if (s->eng == WZ_PENDING && to_sys(strm, s, "deflateTune") != Z_OK)
		return Z_STREAM_ERROR;
	if (s->eng == WZ_SYS)
		return warpz_sys()->deflateTune(&s->sh, good_length, max_lazy,
						nice_length, max_chain);
	return Z_OK;	/* tuning only changes the compressed size */
}

/* zlib 1.2.13's bound, for the parameters it treats as default. */
uLong warpz_deflate_bound_zlib(uLong len, int wrap_len, bool default_params)
{
	uLong fixed = len + (len >> 3) + (len >> 8) + (len >> 9) + 4;
	uLong store = len + (len >> 5) + (len >> 7) + (len >> 11) + 7;

	if (!default_params)
		return (fixed > store ? fixed : store) + wrap_len;
	return len + (len >> 12) + (len >> 14) + (len >> 25) + 13 - 6 +
	       wrap_len;
}

WZ_EXPORT uLong deflateBound(z_streamp strm, uLong sourceLen)
{
	struct warpz_state *s = warpz_get(strm, WZ_DEFLATE);
	uLong zb, wb;
	int wl;

	if (!s)
		return warpz_deflate_bound_zlib(sourceLen, 6, false);
	if (s->eng == WZ_SYS)
		return warpz_sys()->deflateBound(&s->sh, sourceLen);
	wl = wrap_of(s) == 2 ? 18 : wrap_of(s) == 1 ? 6 : 0;
	zb = warpz_deflate_bound_zlib(sourceLen, wl, true);
	/* What our engines may need, framing included. */
	wb = warp_compress_bound(s->format, sourceLen);
	return zb > wb ? zb : wb;
}

WZ_EXPORT int deflatePending(z_streamp strm, unsigned *pending, int *bits)
{
	struct warpz_state *s = warpz_get(strm, WZ_DEFLATE);

	if (!s)
		return Z_STREAM_ERROR;
	if (s->eng == WZ_SYS)
		return warpz_sys()->deflatePending(&s->sh, pending, bits);
	if (pending)
		*pending = s->eng == WZ_ONESHOT ? s->olen - s->opos : 0;
	if (bits)
		*bits = 0;
	return Z_OK;
}

WZ_EXPORT int deflatePrime(z_streamp strm, int bits, int value)
{
	struct warpz_state *s = warpz_get(strm, WZ_DEFLATE);
	int r;

	if (!s)
		return Z_STREAM_ERROR;
	r = to_sys(strm, s, "deflatePrime");
	if (r != Z_OK)
		return r;
	return warpz_sys()->deflatePrime(&s->sh, bits, value);
}

WZ_EXPORT int deflateSetHeader(z_streamp strm, gz_headerp head)
{
	struct warpz_state *s = warpz_get(strm, WZ_DEFLATE);
	int r;

	if (!s || wrap_of(s) != 2)
		return Z_STREAM_ERROR;
	r = to_sys(strm, s, "deflateSetHeader");
	if (r != Z_OK)
		return r;
	return warpz_sys()->deflateSetHeader(&s->sh, head);
}

WZ_EXPORT int deflateCopy(z_streamp dest, z_streamp source)
{
	struct warpz_state *s = warpz_get(source, WZ_DEFLATE), *d;
	int r;

	if (!s || !dest)
		return Z_STREAM_ERROR;
	if (s->eng == WZ_WARP || s->eng == WZ_ONESHOT)
		return Z_STREAM_ERROR;	/* libwarp cannot clone a stream */
	*dest = *source;
	d = warpz_alloc_state(dest, WZ_DEFLATE);
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
		r = warpz_sys()->deflateCopy(&d->sh, &s->sh);
		if (r != Z_OK) {
			warpz_free_state(dest, d);
			return r;
		}
		d->sh_ready = true;
	}
	return Z_OK;
}
