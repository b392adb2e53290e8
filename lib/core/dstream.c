// SPDX-License-Identifier: MIT
/*
 * Streams on the device: warp_stream_process() over the stateful (stream)
 * mode of the interface (section 6), raw deflate on the device, framing on
 * the CPU.
 *
 * The device runs raw deflate only; the library writes and parses the
 * zlib/gzip headers (every gzip field), computes the checksum and ISIZE
 * of the uncompressed side, writes and checks the trailers and walks gzip
 * members, with the same rules and errors as the CPU engine.  So the
 * device never has to place a trailer or carry dw30/dw31, and gzip
 * members start new device streams.
 *
 * Compression gathers input into a buffer (DS_IN_BUF) and sends it when it
 * is full or a flush asks: a sync flush request (dw7 bit 25 = 0; the output
 * ends byte-aligned without a final block), or a finishing one.  A full
 * flush is a sync flush after which the next request starts a new device
 * stream (no history).  Finishing with nothing gathered needs no device:
 * after a sync flush the output is byte-aligned, so an empty final fixed
 * block (03 00) ends the stream, as UADK does with a stored block.  The
 * device's output goes to a buffer 1.125x the input plus 4 KiB (UADK keeps
 * the same ratio) and from there to the caller as space allows; should the
 * device still fill it, the next request (with no input) collects the rest.
 *
 * Decompression hands the caller's input straight to the device and its
 * output space too when it is at least DS_SMALL_OUT bytes (else a bounce
 * buffer), step by step: the device consumes what it can, reports exact
 * counts, and lstblk (status 0x13) once the final block ends.
 *
 * A device stream cannot move to the CPU half way (the device holds the
 * history and the bit position), so a failure mid-stream is -EIO; only
 * sessions with WARP_POLICY_DEVICE get device streams.
 */
#include <stdlib.h>
#include <string.h>

#include "core.h"

#define DS_IN_BUF	(256u << 10)
#define DS_OUT_BUF	(DS_IN_BUF + DS_IN_BUF / 8 + 4096)
#define DS_SMALL_OUT	256
#define DS_MAX_STEP	(8u << 20)

enum { D_HDR, D_BODY, D_TRL, D_NEXT, D_END };

struct dstream {
	struct warp_sess *sess;
	int dir;
	struct drv_stream ds;
	/* output waiting for the caller */
	uint8_t *obuf;
	size_t ooff, olen;
	uint32_t check;
	uint64_t isize;
	int err;		/* sticky: an error, or -EINVAL after the end */
	bool dev_new;		/* next request: a new device stream */
	bool dev_pending;	/* the device may hold more output */
	/* compression */
	uint8_t *ibuf;
	size_t ilen;
	bool started, finished;
	/* decompression */
	int st;
	struct hdr_parser hp;
	uint8_t trl[8];
	size_t trl_have;
	uint8_t hold;
	bool held;
};

bool dstream_possible(struct warp_sess *sess, int dir)
{
	struct warp_queue *q;

	if (!sess->ctx->nusable)
		return false;
	if (dir == WARP_DIR_COMPRESS && sess->p.wbits < 12)
		return false;
	q = sched_get_queue(sess, dir);
	return q && q->drv == &warp_hisi_zip_drv;
}

void dstream_reset(struct dstream *d)
{
	int format = d->sess->p.format;

	d->ooff = d->olen = 0;
	d->check = check_init(format);
	d->isize = 0;
	d->err = 0;
	d->dev_new = true;
	d->dev_pending = false;
	d->ilen = 0;
	d->started = d->finished = false;
	d->st = D_HDR;
	hdr_init(&d->hp, format);
	d->trl_have = 0;
	d->held = false;
	memset(d->ds.ctx_dw, 0, sizeof(d->ds.ctx_dw));
}

struct dstream *dstream_new(struct warp_sess *sess, int dir)
{
	struct dstream *d = calloc(1, sizeof(*d));

	if (!d)
		return NULL;
	d->sess = sess;
	d->dir = dir;
	d->ds.ctx_buf = aligned_alloc(4096, DRV_STREAM_CTX_SIZE);
	d->obuf = malloc(dir == WARP_DIR_COMPRESS ? DS_OUT_BUF + 16 :
			 DS_SMALL_OUT);
	if (dir == WARP_DIR_COMPRESS)
		d->ibuf = malloc(DS_IN_BUF);
	if (!d->ds.ctx_buf || !d->obuf ||
	    (dir == WARP_DIR_COMPRESS && !d->ibuf)) {
		dstream_free(d);
		return NULL;
	}
	memset(d->ds.ctx_buf, 0, DRV_STREAM_CTX_SIZE);
	dstream_reset(d);
	return d;
}

void dstream_free(struct dstream *d)
{
	if (!d)
		return;
	free(d->ds.ctx_buf);
	free(d->obuf);
	free(d->ibuf);
	free(d);
}

/* Copy waiting output to the caller. */
static void drain(struct dstream *d, uint8_t *out, size_t out_cap,
		  size_t *made)
{
	size_t n = MIN(d->olen - d->ooff, out_cap - *made);

	if (n) {
		memcpy(out + *made, d->obuf + d->ooff, n);
		d->ooff += n;
		*made += n;
	}
	if (d->ooff == d->olen)
		d->ooff = d->olen = 0;
}

/* One device request; the counts go to *@c and *@p. */
static int step(struct dstream *d, const uint8_t *src, size_t slen,
		uint8_t *dst, size_t dcap, bool finish, size_t *c, size_t *p)
{
	struct warp_op op = { .dir = d->dir, .src = src, .src_len = slen,
			      .dst = dst, .dst_cap = dcap };
	struct warp_result res;
	int r;

	d->ds.new_stream = d->dev_new;
	d->ds.finish = finish;
	r = sess_dev_step(d->sess, &op, &d->ds, &res);
	if (r < 0)
		return r == WARP_E_CORRUPT ? r : -EIO;
	d->dev_new = false;
	*c = res.consumed;
	*p = res.produced;
	d->dev_pending = *p == dcap && !d->ds.end;
	return 0;
}

static int enc_process(struct dstream *d, const uint8_t *in, size_t in_len,
		       size_t *in_used, uint8_t *out, size_t out_cap,
		       size_t *out_used, int flush)
{
	const struct warp_params *p = &d->sess->p;
	size_t used = 0, made = 0, n, c, pr;
	int r = 0;

	if (!d->started) {
		d->olen = hdr_write(p->format, p->level, p->wbits, d->obuf);
		d->started = true;
	}
	for (;;) {
		bool all, fin;

		drain(d, out, out_cap, &made);
		if (d->olen)
			break;		/* the caller's output is full */
		if (d->finished) {
			r = WARP_STREAM_END;
			d->err = -EINVAL;
			break;
		}
		n = MIN(in_len - used, DS_IN_BUF - d->ilen);
		if (n) {
			memcpy(d->ibuf + d->ilen, in + used, n);
			if (p->format != WARP_FMT_DEFLATE)
				d->check = check_update(p->format, d->check,
							in + used, n);
			d->isize += n;
			d->ilen += n;
			used += n;
		}
		all = used == in_len;
		fin = all && flush == WARP_FINISH;
		if (!d->dev_pending && d->ilen < DS_IN_BUF &&
		    !(all && flush != WARP_NO_FLUSH && d->ilen)) {
			if (!fin)
				break;
			/* Finish with nothing left: an empty final block. */
			d->obuf[0] = 0x03;
			d->obuf[1] = 0x00;
			trl_write(p->format, d->check, d->isize, d->obuf + 2);
			d->olen = 2 + trl_len(p->format);
			d->finished = true;
			continue;
		}
		r = step(d, d->ibuf, d->ilen, d->obuf, DS_OUT_BUF, fin, &c,
			 &pr);
		if (r) {
			d->err = r;
			break;
		}
		memmove(d->ibuf, d->ibuf + c, d->ilen - c);
		d->ilen -= c;
		d->olen = pr;
		d->ooff = 0;
		if (fin && d->ds.end) {
			trl_write(p->format, d->check, d->isize,
				  d->obuf + d->olen);
			d->olen += trl_len(p->format);
			d->finished = true;
		} else if (flush == WARP_FULL_FLUSH && all && !d->ilen &&
			   !d->dev_pending) {
			d->dev_new = true;	/* no history from here on */
		}
	}
	*in_used = used;
	*out_used = made;
	return r;
}

static int dec_process(struct dstream *d, const uint8_t *in, size_t in_len,
		       size_t *in_used, uint8_t *out, size_t out_cap,
		       size_t *out_used, int flush)
{
	const struct warp_params *p = &d->sess->p;
	size_t used = 0, made = 0, n, c, pr, tl = trl_len(p->format);
	bool fin = flush == WARP_FINISH;
	int r = 0;

	for (;;) {
		drain(d, out, out_cap, &made);
		if (d->olen)
			goto out;
		switch (d->st) {
		case D_HDR:
			r = hdr_feed(&d->hp, in + used, in_len - used, &n);
			used += n;
			if (r < 0)
				goto fail;
			if (!r)
				goto need_input;
			d->st = D_BODY;
			d->dev_new = true;
			d->dev_pending = false;
			d->check = check_init(p->format);
			d->isize = 0;
			break;
		case D_BODY: {
			size_t room = out_cap - made, slen;
			bool bounce = room < DS_SMALL_OUT;
			uint8_t *dst = bounce ? d->obuf : out + made;

			if (!room) {
				r = 0;
				goto out;
			}
			slen = MIN(in_len - used, (size_t)DS_MAX_STEP);
			room = bounce ? DS_SMALL_OUT : MIN(room,
							   (size_t)DS_MAX_STEP);
			r = step(d, in + used, slen, dst, room, false, &c,
				 &pr);
			if (r)
				goto fail;
			used += c;
			if (p->format != WARP_FMT_DEFLATE)
				d->check = check_update(p->format, d->check,
							dst, pr);
			d->isize += pr;
			if (bounce)
				d->olen = pr;
			else
				made += pr;
			if (d->ds.end) {
				d->st = tl ? D_TRL : D_END;
				d->trl_have = 0;
				break;
			}
			/* Input used up and output not full: need more. */
			if ((!d->dev_pending && c == slen) || (!c && !pr))
				goto need_input;
			break;
		}
		case D_TRL:
			n = MIN(tl - d->trl_have, in_len - used);
			memcpy(d->trl + d->trl_have, in + used, n);
			d->trl_have += n;
			used += n;
			if (d->trl_have < tl)
				goto need_input;
			r = trl_check(p->format, d->trl, d->check, d->isize);
			if (r)
				goto fail;
			d->st = p->format == WARP_FMT_GZIP ? D_NEXT : D_END;
			break;
		case D_NEXT: {
			/* Another member, gzip's way: 1f 8b, else garbage. */
			size_t have = in_len - used + d->held;
			uint8_t b0, b1;

			if (p->flags & WARP_SESS_STOP_AT_END) {
				d->st = D_END;
				break;
			}
			if (!have) {
				if (!fin)
					goto need_input;
				d->st = D_END;
				break;
			}
			b0 = d->held ? d->hold : in[used];
			if (b0 != 0x1f) {
				r = WARP_E_TRAILING;
				goto fail;
			}
			if (have < 2) {
				if (fin) {
					r = WARP_E_TRAILING;
					goto fail;
				}
				d->hold = in[used++];
				d->held = true;
				goto need_input;
			}
			b1 = d->held ? in[used] : in[used + 1];
			if (b1 != 0x8b) {
				r = WARP_E_TRAILING;
				goto fail;
			}
			hdr_init(&d->hp, p->format);
			if (d->held) {
				r = hdr_feed(&d->hp, &d->hold, 1, &n);
				d->held = false;
			}
			d->st = D_HDR;
			break;
		}
		case D_END:
			if (!(p->flags & WARP_SESS_STOP_AT_END) &&
			    used < in_len) {
				r = WARP_E_TRAILING;
				goto fail;
			}
			r = WARP_STREAM_END;
			d->err = -EINVAL;
			goto out;
		}
	}
need_input:
	if (fin && used == in_len && !d->dev_pending) {
		r = WARP_E_TRUNCATED;
		goto fail;
	}
	r = 0;
	goto out;
fail:
	d->err = r;
out:
	*in_used = used;
	*out_used = made;
	return r;
}

int dstream_process(struct dstream *d, const uint8_t *in, size_t in_len,
		    size_t *in_used, uint8_t *out, size_t out_cap,
		    size_t *out_used, int flush)
{
	*in_used = *out_used = 0;
	if (d->err)
		return d->err < 0 ? -EINVAL : d->err;
	if (d->dir == WARP_DIR_COMPRESS)
		return enc_process(d, in, in_len, in_used, out, out_cap,
				   out_used, flush);
	return dec_process(d, in, in_len, in_used, out, out_cap, out_used,
			   flush);
}
