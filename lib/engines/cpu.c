// SPDX-License-Identifier: MIT
/*
 * The CPU engine.
 *
 * Which library does what (measurements in docs/cpu-engine.md):
 *  - one-shot compression, levels 1..3: ISA-L stateless deflate (fastest);
 *  - one-shot compression, levels 4..9: libdeflate (zlib's ratio at two to
 *    three times its speed);
 *  - streaming compression: ISA-L for levels 1..3, zlib otherwise (libdeflate
 *    has no streaming interface);
 *  - windows smaller than 32 KiB at levels 4..9: zlib (the others cannot
 *    restrict the window);
 *  - decompression, one-shot and streaming: ISA-L inflate on raw deflate,
 *    with our own header parser and trailer check around it so that every
 *    gzip header field, multiple members, and each error kind are handled
 *    the same way on every path;
 *  - without ISA-L (static builds): libdeflate for one-shot compression, zlib
 *    for the rest.
 */
#include <stdlib.h>
#include <string.h>

#include <libdeflate.h>
#include <zlib.h>

#include "../internal.h"

#if WARP_HAVE_ISAL
#include <isa-l/igzip_lib.h>
#endif

#define CHUNK_MAX ((size_t)1 << 30)	/* per call into 32-bit APIs */

/* ------------------------------------------------------------------ */
/* Decoder                                                             */
/* ------------------------------------------------------------------ */

enum { DS_HDR, DS_BODY, DS_TRL, DS_NEXT, DS_END, DS_ERR };

struct cpu_dec {
	struct warp_params p;
	int st;
	int err;
	struct hdr_parser hp;
	/* Input bytes handed back by the inflater, ahead of the caller's. */
	uint8_t pend[32];
	size_t pend_off, pend_len;
	uint8_t trl[8];
	size_t trl_have;
	uint32_t check;		/* zlib backend: computed here */
	uint64_t isize;
	uint32_t last_check;	/* checksum of the last finished member */
	bool use_isal;
#if WARP_HAVE_ISAL
	struct inflate_state *is;
#endif
	z_stream zs;
	bool zs_ready;
};

struct cursor {
	const uint8_t *p;
	size_t n;
};

static void dec_begin_member(struct cpu_dec *d)
{
	d->trl_have = 0;
	d->isize = 0;
	d->check = check_init(d->p.format);
	hdr_init(&d->hp, d->p.format);
	d->st = d->p.format == WARP_FMT_DEFLATE ? DS_BODY : DS_HDR;
}

static int dec_begin_body(struct cpu_dec *d)
{
#if WARP_HAVE_ISAL
	if (d->use_isal) {
		isal_inflate_init(d->is);
		d->is->crc_flag = d->p.format == WARP_FMT_GZIP ? ISAL_GZIP_NO_HDR :
				  d->p.format == WARP_FMT_ZLIB ? ISAL_ZLIB_NO_HDR :
				  ISAL_DEFLATE;
		return 0;
	}
#endif
	if (!d->zs_ready) {
		memset(&d->zs, 0, sizeof(d->zs));
		if (inflateInit2(&d->zs, -15) != Z_OK)
			return -ENOMEM;
		d->zs_ready = true;
	} else {
		inflateReset(&d->zs);
	}
	return 0;
}

struct cpu_dec *cpu_dec_new(const struct warp_params *p)
{
	struct cpu_dec *d = calloc(1, sizeof(*d));

	if (!d)
		return NULL;
	d->p = *p;
#if WARP_HAVE_ISAL
	d->is = malloc(sizeof(*d->is));
	if (!d->is) {
		free(d);
		return NULL;
	}
	d->use_isal = true;
#endif
	cpu_dec_reset(d);
	return d;
}

void cpu_dec_free(struct cpu_dec *d)
{
	if (!d)
		return;
	if (d->zs_ready)
		inflateEnd(&d->zs);
#if WARP_HAVE_ISAL
	free(d->is);
#endif
	free(d);
}

void cpu_dec_reset(struct cpu_dec *d)
{
	d->err = 0;
	d->pend_off = d->pend_len = 0;
	d->last_check = 0;
	dec_begin_member(d);
	if (d->st == DS_BODY && dec_begin_body(d)) {
		d->st = DS_ERR;
		d->err = -ENOMEM;
	}
}

static void dec_setup(struct cpu_dec *d, const struct warp_params *p)
{
	d->p = *p;
	cpu_dec_reset(d);
}

/* Current input: the handed-back bytes first, then the caller's. */
static bool src_get(struct cpu_dec *d, struct cursor *cur,
		    const uint8_t **p, size_t *n)
{
	if (d->pend_off < d->pend_len) {
		*p = d->pend + d->pend_off;
		*n = d->pend_len - d->pend_off;
		return true;
	}
	*p = cur->p;
	*n = cur->n;
	return false;
}

static void src_advance(struct cpu_dec *d, struct cursor *cur, bool pend,
			size_t n)
{
	if (pend) {
		d->pend_off += n;
		if (d->pend_off == d->pend_len)
			d->pend_off = d->pend_len = 0;
	} else {
		cur->p += n;
		cur->n -= n;
	}
}

static bool src_empty(const struct cpu_dec *d, const struct cursor *cur)
{
	return d->pend_off == d->pend_len && !cur->n;
}

#if WARP_HAVE_ISAL
/*
 * ISA-L pulls input into its bit buffer (read_in, read_in_length bits) up
 * to 8 bytes ahead of what it has decoded, and counts those bytes as read.
 * At the end of a stream some of them lie after it (trailer, next member,
 * other data), so they must not stay counted: hand the whole bytes in the
 * bit buffer back to the source of this call (so they count as not
 * taken) and keep only the leftover bits of the byte being read.  Returns
 * how many.
 *
 * dec_body() does this whenever a call ends with ISA-L's output full or at
 * the end of the stream, so no byte past the end is ever reported used:
 *
 *  - Only bytes taken in this call are handed back (the last @taken of the
 *    source, the top of read_in).  Whole bytes kept from earlier calls stay
 *    in read_in, below them, and lie inside the stream: they were kept
 *    because ISA-L stopped for input and needed more bits than it had (the
 *    stream goes on after them), or while it reads a block header (below),
 *    or, again, as such older bytes.  At the end of the stream all whole
 *    bytes in read_in are past it, so then they were all taken in this call.
 *  - When ISA-L stopped for input with room for output, the bytes in
 *    read_in are needed and inside the stream; they stay, so all input is
 *    used, as zlib's inflate() does.
 *  - In ISAL_BLOCK_HDR, ISA-L keeps an unfinished block header in
 *    tmp_in_buffer, after the bytes in read_in: nothing is handed back
 *    then (it would reorder the input), and all of it is header.
 */
static size_t isal_give_back(struct inflate_state *is, size_t taken)
{
	size_t g;

	if (is->read_in_length < 8 || is->block_state == ISAL_BLOCK_HDR)
		return 0;
	g = MIN((size_t)is->read_in_length / 8, taken);
	is->read_in_length -= 8 * g;
	is->read_in &= ((uint64_t)1 << is->read_in_length) - 1;
	return g;
}
#endif

/* Return 1 at the end of the body, 0 otherwise, or an error. */
static int dec_body(struct cpu_dec *d, struct cursor *cur, uint8_t **out,
		    size_t *out_left)
{
	const uint8_t *in;
	size_t n, taken, made;
	bool pend = src_get(d, cur, &in, &n);

	n = MIN(n, CHUNK_MAX);
#if WARP_HAVE_ISAL
	if (d->use_isal) {
		struct inflate_state *is = d->is;
		int r;

		is->next_in = (uint8_t *)in;
		is->avail_in = n;
		is->next_out = *out;
		is->avail_out = MIN(*out_left, CHUNK_MAX);
		r = isal_inflate(is);
		/* On errors ISA-L may leave avail_in wrapped: use pointers. */
		taken = is->next_in >= in && is->next_in <= in + n ?
			(size_t)(is->next_in - in) : 0;
		made = is->next_out >= *out && is->next_out <= *out + *out_left ?
		       (size_t)(is->next_out - *out) : 0;
		if (r >= 0 && (!is->avail_out ||
			       is->block_state == ISAL_BLOCK_FINISH))
			taken -= isal_give_back(is, taken);
		src_advance(d, cur, pend, taken);
		*out += made;
		*out_left -= made;
		d->isize += made;
		if (r < 0)
			return r == ISAL_NEED_DICT ? -ENOTSUP : WARP_E_CORRUPT;
		if (is->block_state == ISAL_BLOCK_FINISH) {
			/* What is left is the padding of the last byte. */
			is->read_in = 0;
			is->read_in_length = 0;
			d->check = is->crc;
			return 1;
		}
		return 0;
	}
#endif
	{
		z_stream *zs = &d->zs;
		int r;

		zs->next_in = (Bytef *)in;
		zs->avail_in = n;
		zs->next_out = *out;
		zs->avail_out = MIN(*out_left, CHUNK_MAX);
		r = inflate(zs, Z_NO_FLUSH);
		taken = n - zs->avail_in;
		made = zs->next_out - *out;
		src_advance(d, cur, pend, taken);
		d->check = check_update(d->p.format, d->check, *out, made);
		*out += made;
		*out_left -= made;
		d->isize += made;
		if (r == Z_STREAM_END)
			return 1;
		if (r == Z_DATA_ERROR || r == Z_NEED_DICT)
			return WARP_E_CORRUPT;
		if (r == Z_MEM_ERROR)
			return -ENOMEM;
		return 0;
	}
}

int cpu_dec_process(struct cpu_dec *d, const uint8_t *in, size_t in_len,
		    size_t *in_used, uint8_t *out, size_t out_cap,
		    size_t *out_used, int flush)
{
	struct cursor cur = { in, in_len };
	uint8_t *o = out;
	size_t o_left = out_cap;
	bool final = flush == WARP_FINISH;
	const uint8_t *p;
	size_t n, used;
	bool pend;
	int r = 0;

	if (d->st == DS_ERR) {
		r = -EINVAL;
		goto out;
	}
	for (;;) {
		switch (d->st) {
		case DS_HDR:
			pend = src_get(d, &cur, &p, &n);
			if (!n)
				goto need_input;
			r = hdr_feed(&d->hp, p, n, &used);
			src_advance(d, &cur, pend, used);
			if (r < 0)
				goto fail;
			if (r == 1) {
				r = dec_begin_body(d);
				if (r)
					goto fail;
				d->st = DS_BODY;
			}
			break;
		case DS_BODY: {
			size_t before_in = cur.n + d->pend_len - d->pend_off;
			size_t before_out = o_left;

			r = dec_body(d, &cur, &o, &o_left);
			if (r < 0)
				goto fail;
			if (r == 1) {
				d->st = trl_len(d->p.format) ? DS_TRL : DS_END;
				d->last_check = d->check;
				break;
			}
			if (before_in == cur.n + d->pend_len - d->pend_off &&
			    before_out == o_left && src_empty(d, &cur))
				goto need_input;
			if (!o_left)
				goto out_full;
			if (before_in == cur.n + d->pend_len - d->pend_off &&
			    before_out == o_left)
				goto need_input;
			break;
		}
		case DS_TRL: {
			size_t want = trl_len(d->p.format) - d->trl_have;

			pend = src_get(d, &cur, &p, &n);
			if (!n)
				goto need_input;
			n = MIN(n, want);
			memcpy(d->trl + d->trl_have, p, n);
			d->trl_have += n;
			src_advance(d, &cur, pend, n);
			if (d->trl_have < trl_len(d->p.format))
				break;
			r = trl_check(d->p.format, d->trl, d->check, d->isize);
			if (r)
				goto fail;
			d->st = d->p.format == WARP_FMT_GZIP ? DS_NEXT : DS_END;
			break;
		}
		case DS_NEXT: {
			uint8_t m[2];
			size_t have = 0;

			if (d->p.flags & WARP_SESS_STOP_AT_END) {
				d->st = DS_END;
				break;
			}
			if (d->pend_off < d->pend_len)
				m[have++] = d->pend[d->pend_off];
			if (d->pend_off + 1 < d->pend_len)
				m[have++] = d->pend[d->pend_off + 1];
			if (have < 2 && cur.n)
				m[have++] = cur.p[0];
			if (have < 2 && cur.n > 1)
				m[have++] = cur.p[1];
			if (have == 0) {
				if (!final)
					goto need_input;
				d->st = DS_END;
				break;
			}
			if (m[0] != 0x1f || (have == 2 && m[1] != 0x8b)) {
				r = WARP_E_TRAILING;
				goto fail;
			}
			if (have < 2) {
				if (final) {
					r = WARP_E_TRAILING;
					goto fail;
				}
				/* Keep the lone byte until the next call. */
				if (cur.n) {
					d->pend[0] = cur.p[0];
					d->pend_off = 0;
					d->pend_len = 1;
					cur.p++;
					cur.n--;
				}
				goto need_input;
			}
			dec_begin_member(d);
			break;
		}
		case DS_END:
			if (!(d->p.flags & WARP_SESS_STOP_AT_END) &&
			    !src_empty(d, &cur)) {
				r = WARP_E_TRAILING;
				goto fail;
			}
			r = WARP_STREAM_END;
			goto out;
		default:
			r = -EINVAL;
			goto out;
		}
	}

need_input:
	if (final && src_empty(d, &cur)) {
		r = WARP_E_TRUNCATED;
		goto fail;
	}
	r = 0;
	goto out;
out_full:
	r = 0;
	goto out;
fail:
	d->st = DS_ERR;
	d->err = r;
out:
	*in_used = in_len - cur.n;
	*out_used = out_cap - o_left;
	return r;
}

/* ------------------------------------------------------------------ */
/* Streaming encoder                                                   */
/* ------------------------------------------------------------------ */

struct cpu_enc {
	struct warp_params p;
	bool use_isal;
	bool ended;
	bool flushed;		/* a flush completed and no input came since */
#if WARP_HAVE_ISAL
	struct isal_zstream *zs;
	uint8_t *lvlbuf;
	size_t lvlbuf_size;
#endif
	z_stream z;
	bool z_ready;
};

#if WARP_HAVE_ISAL
static size_t isal_lvlbuf_size(int level)
{
	switch (level) {
	case 1:
		return ISAL_DEF_LVL1_DEFAULT;
	case 2:
		return ISAL_DEF_LVL2_DEFAULT;
	default:
		return ISAL_DEF_LVL3_DEFAULT;
	}
}

static int isal_gzip_flag(int format)
{
	return format == WARP_FMT_GZIP ? IGZIP_GZIP :
	       format == WARP_FMT_ZLIB ? IGZIP_ZLIB : IGZIP_DEFLATE;
}
#endif

static int zlib_wbits(const struct warp_params *p, bool raw)
{
	int wb = MAX(p->wbits, 9);

	if (raw || p->format == WARP_FMT_DEFLATE)
		return -wb;
	return p->format == WARP_FMT_GZIP ? wb + 16 : wb;
}

int cpu_enc_reset(struct cpu_enc *c)
{
	c->ended = false;
	c->flushed = false;
#if WARP_HAVE_ISAL
	if (c->use_isal) {
		struct isal_zstream *zs = c->zs;

		isal_deflate_init(zs);
		zs->level = c->p.level;
		zs->level_buf = c->lvlbuf;
		zs->level_buf_size = c->lvlbuf_size;
		zs->gzip_flag = isal_gzip_flag(c->p.format);
		zs->hist_bits = c->p.wbits < 15 ? c->p.wbits : 0;
		return 0;
	}
#endif
	if (c->z_ready)
		return deflateReset(&c->z) == Z_OK ? 0 : -EINVAL;
	memset(&c->z, 0, sizeof(c->z));
	if (deflateInit2(&c->z, c->p.level, Z_DEFLATED, zlib_wbits(&c->p, false),
			 8, Z_DEFAULT_STRATEGY) != Z_OK)
		return -ENOMEM;
	c->z_ready = true;
	return 0;
}

struct cpu_enc *cpu_enc_new(const struct warp_params *p)
{
	struct cpu_enc *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	c->p = *p;
#if WARP_HAVE_ISAL
	if (p->level <= 3) {
		c->use_isal = true;
		c->zs = malloc(sizeof(*c->zs));
		c->lvlbuf_size = isal_lvlbuf_size(p->level);
		c->lvlbuf = malloc(c->lvlbuf_size);
		if (!c->zs || !c->lvlbuf)
			goto fail;
	}
#endif
	if (cpu_enc_reset(c))
		goto fail;
	return c;
fail:
	cpu_enc_free(c);
	return NULL;
}

void cpu_enc_free(struct cpu_enc *c)
{
	if (!c)
		return;
#if WARP_HAVE_ISAL
	free(c->zs);
	free(c->lvlbuf);
#endif
	if (c->z_ready)
		deflateEnd(&c->z);
	free(c);
}

int cpu_enc_process(struct cpu_enc *c, const uint8_t *in, size_t in_len,
		    size_t *in_used, uint8_t *out, size_t out_cap,
		    size_t *out_used, int flush)
{
	size_t ileft = in_len, oleft = out_cap;
	int r = 0;

	*in_used = *out_used = 0;
	if (c->ended)
		return in_len ? -EINVAL : WARP_STREAM_END;
	if (flush < WARP_NO_FLUSH || flush > WARP_FINISH)
		return -EINVAL;
	/* Like zlib, do not emit a second empty flush block for nothing. */
	if (c->flushed && !in_len &&
	    (flush == WARP_SYNC_FLUSH || flush == WARP_FULL_FLUSH))
		return 0;
	c->flushed = false;
	do {
		size_t ni = MIN(ileft, CHUNK_MAX), no = MIN(oleft, CHUNK_MAX);
		bool last_piece = ni == ileft;
		size_t ti, to;

#if WARP_HAVE_ISAL
		if (c->use_isal) {
			struct isal_zstream *zs = c->zs;

			zs->next_in = (uint8_t *)in + (in_len - ileft);
			zs->avail_in = ni;
			zs->next_out = out + (out_cap - oleft);
			zs->avail_out = no;
			zs->flush = !last_piece ? NO_FLUSH :
				    flush == WARP_SYNC_FLUSH ? SYNC_FLUSH :
				    flush == WARP_FULL_FLUSH ? FULL_FLUSH :
				    NO_FLUSH;
			zs->end_of_stream = last_piece && flush == WARP_FINISH;
			if (isal_deflate(zs) != COMP_OK)
				return -EINVAL;
			ti = ni - zs->avail_in;
			to = no - zs->avail_out;
			if (zs->internal_state.state == ZSTATE_END)
				r = WARP_STREAM_END;
		} else
#endif
		{
			z_stream *z = &c->z;
			int zf = !last_piece ? Z_NO_FLUSH :
				 flush == WARP_SYNC_FLUSH ? Z_SYNC_FLUSH :
				 flush == WARP_FULL_FLUSH ? Z_FULL_FLUSH :
				 flush == WARP_FINISH ? Z_FINISH : Z_NO_FLUSH;
			int zr;

			z->next_in = (Bytef *)in + (in_len - ileft);
			z->avail_in = ni;
			z->next_out = out + (out_cap - oleft);
			z->avail_out = no;
			zr = deflate(z, zf);
			if (zr == Z_STREAM_ERROR)
				return -EINVAL;
			ti = ni - z->avail_in;
			to = no - z->avail_out;
			if (zr == Z_STREAM_END)
				r = WARP_STREAM_END;
		}
		ileft -= ti;
		oleft -= to;
		if (!ti && !to)
			break;
	} while (oleft && ileft && r != WARP_STREAM_END);
	if (r == WARP_STREAM_END)
		c->ended = true;
	else if (!ileft && oleft &&
		 (flush == WARP_SYNC_FLUSH || flush == WARP_FULL_FLUSH))
		c->flushed = true;
	*in_used = in_len - ileft;
	*out_used = out_cap - oleft;
	return r;
}

/* ------------------------------------------------------------------ */
/* One-shot                                                            */
/* ------------------------------------------------------------------ */

struct cpu_eng {
#if WARP_HAVE_ISAL
	struct isal_zstream *zs;
	uint8_t *lvlbuf;
#endif
	struct libdeflate_compressor *ld[10];
	struct cpu_dec *dec;
};

struct cpu_eng *cpu_eng_new(void)
{
	return calloc(1, sizeof(struct cpu_eng));
}

void cpu_eng_free(struct cpu_eng *e)
{
	size_t i;

	if (!e)
		return;
#if WARP_HAVE_ISAL
	free(e->zs);
	free(e->lvlbuf);
#endif
	for (i = 0; i < ARRAY_SIZE(e->ld); i++)
		libdeflate_free_compressor(e->ld[i]);
	cpu_dec_free(e->dec);
	free(e);
}

static uint32_t trailer_check(int format, const uint8_t *end)
{
	if (format == WARP_FMT_GZIP)
		return end[-8] | end[-7] << 8 | end[-6] << 16 |
		       (uint32_t)end[-5] << 24;
	if (format == WARP_FMT_ZLIB)
		return (uint32_t)end[-4] << 24 | end[-3] << 16 | end[-2] << 8 |
		       end[-1];
	return 0;
}

#if WARP_HAVE_ISAL
static int isal_prepare(struct cpu_eng *e)
{
	if (!e->zs)
		e->zs = malloc(sizeof(*e->zs));
	if (!e->lvlbuf)
		e->lvlbuf = malloc(ISAL_DEF_LVL3_DEFAULT);
	return e->zs && e->lvlbuf ? 0 : -ENOMEM;
}

static int isal_oneshot(struct cpu_eng *e, const struct warp_params *p,
			const struct warp_op *op, struct warp_result *res,
			bool part, bool last)
{
	struct isal_zstream *zs;
	int r = isal_prepare(e);

	if (r)
		return r;
	zs = e->zs;
	if (part && op->dict && op->dict_len)
		isal_deflate_init(zs);	/* a dictionary needs the full state */
	else
		isal_deflate_stateless_init(zs);
	zs->level = p->level;
	zs->level_buf = e->lvlbuf;
	zs->level_buf_size = isal_lvlbuf_size(p->level);
	zs->hist_bits = p->wbits < 15 ? p->wbits : 0;
	zs->gzip_flag = part ? IGZIP_DEFLATE : isal_gzip_flag(p->format);
	zs->flush = part && !last ? FULL_FLUSH : NO_FLUSH;
	zs->end_of_stream = !part || last;
	if (part && op->dict && op->dict_len) {
		size_t dl = MIN(op->dict_len, (size_t)IGZIP_HIST_SIZE);

		r = isal_deflate_set_dict(zs, (uint8_t *)op->dict +
					  op->dict_len - dl, dl);
		if (r != COMP_OK)
			return -EINVAL;
	}
	zs->next_in = (uint8_t *)op->src;
	zs->avail_in = op->src_len;
	zs->next_out = op->dst;
	zs->avail_out = MIN(op->dst_cap, (size_t)UINT32_MAX);
	r = isal_deflate_stateless(zs);
	if (r == STATELESS_OVERFLOW)
		return WARP_E_OUTPUT_FULL;
	if (r != COMP_OK)
		return -EINVAL;
	res->consumed = op->src_len;
	res->produced = zs->total_out;
	return 0;
}
#endif

static int zlib_oneshot(const struct warp_params *p, const struct warp_op *op,
			struct warp_result *res, bool part, bool last)
{
	z_stream z;
	int r, zr;

	memset(&z, 0, sizeof(z));
	if (deflateInit2(&z, p->level, Z_DEFLATED, zlib_wbits(p, part), 8,
			 Z_DEFAULT_STRATEGY) != Z_OK)
		return -ENOMEM;
	if (part && op->dict && op->dict_len) {
		size_t dl = MIN(op->dict_len, (size_t)1 << p->wbits);

		deflateSetDictionary(&z, (const Bytef *)op->dict +
				     op->dict_len - dl, dl);
	}
	z.next_in = (Bytef *)op->src;
	z.avail_in = op->src_len;
	z.next_out = op->dst;
	z.avail_out = MIN(op->dst_cap, (size_t)UINT32_MAX);
	zr = deflate(&z, part && !last ? Z_SYNC_FLUSH : Z_FINISH);
	if (part && !last)
		r = zr == Z_OK && z.avail_out && !z.avail_in ? 0 :
		    WARP_E_OUTPUT_FULL;
	else
		r = zr == Z_STREAM_END ? 0 : WARP_E_OUTPUT_FULL;
	res->consumed = op->src_len - z.avail_in;
	res->produced = z.total_out;
	deflateEnd(&z);
	return r;
}

static int ld_oneshot(struct cpu_eng *e, const struct warp_params *p,
		      const struct warp_op *op, struct warp_result *res)
{
	struct libdeflate_compressor *c = e->ld[p->level];
	size_t n;

	if (!c) {
		c = libdeflate_alloc_compressor(p->level);
		if (!c)
			return -ENOMEM;
		e->ld[p->level] = c;
	}
	if (p->format == WARP_FMT_GZIP)
		n = libdeflate_gzip_compress(c, op->src, op->src_len, op->dst,
					     op->dst_cap);
	else if (p->format == WARP_FMT_ZLIB)
		n = libdeflate_zlib_compress(c, op->src, op->src_len, op->dst,
					     op->dst_cap);
	else
		n = libdeflate_deflate_compress(c, op->src, op->src_len,
						op->dst, op->dst_cap);
	if (!n)
		return WARP_E_OUTPUT_FULL;
	res->consumed = op->src_len;
	res->produced = n;
	return 0;
}

static int cpu_compress(struct cpu_eng *e, const struct warp_params *p,
			const struct warp_op *op, struct warp_result *res)
{
	bool part = op->flags & WARP_OP_PART;
	bool last = op->flags & WARP_OP_LAST;
	bool small __attribute__((unused)) =
		op->src_len < CHUNK_MAX && op->dst_cap >= 64;
	int r;

	if (part) {
		struct warp_params raw = *p;

		raw.format = WARP_FMT_DEFLATE;
#if WARP_HAVE_ISAL
		if (p->level <= 3 && small)
			r = isal_oneshot(e, p, op, res, true, last);
		else
#endif
		/* A last piece with no history is a whole raw stream. */
		if (last && !op->dict_len && p->wbits == 15)
			r = ld_oneshot(e, &raw, op, res);
		else
			r = zlib_oneshot(p, op, res, true, last);
		if (!r)
			res->check = p->format == WARP_FMT_ZLIB ?
				     warp_adler32(1, op->src, op->src_len) :
				     warp_crc32(0, op->src, op->src_len);
		return r;
	}
#if WARP_HAVE_ISAL
	if (p->level <= 3 && small)
		r = isal_oneshot(e, p, op, res, false, true);
	else
#endif
	if (p->wbits == 15)
		r = ld_oneshot(e, p, op, res);
	else
		r = zlib_oneshot(p, op, res, false, true);
	if (!r)
		res->check = trailer_check(p->format,
					   (uint8_t *)op->dst + res->produced);
	return r;
}

static int cpu_decompress(struct cpu_eng *e, const struct warp_params *p,
			  const struct warp_op *op, struct warp_result *res)
{
	size_t used = 0, made = 0;
	int r;

	if (!e->dec) {
		e->dec = cpu_dec_new(p);
		if (!e->dec)
			return -ENOMEM;
	} else {
		dec_setup(e->dec, p);
	}
	r = cpu_dec_process(e->dec, op->src, op->src_len, &used, op->dst,
			    op->dst_cap, &made, WARP_FINISH);
	res->consumed = used;
	res->produced = made;
	res->check = e->dec->last_check;
	if (r == WARP_STREAM_END)
		return 0;
	if (r == 0)
		return WARP_E_OUTPUT_FULL;
	return r;
}

int cpu_run(struct cpu_eng *e, const struct warp_params *p,
	    const struct warp_op *op, struct warp_result *res)
{
	int r;

	memset(res, 0, sizeof(*res));
	res->engine = WARP_ENGINE_CPU;
	if (op->dir == WARP_DIR_COMPRESS)
		r = cpu_compress(e, p, op, res);
	else if (op->dir == WARP_DIR_DECOMPRESS)
		r = cpu_decompress(e, p, op, res);
	else
		r = -EINVAL;
	res->status = r;
	return r;
}
