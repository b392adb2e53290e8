// SPDX-License-Identifier: GPL-2.0-only
/*
 * The ZIP engine of the model: executes one SQE with the kernel's zlib.
 *
 * All data moves through the engine's two bounce buffers, HSIM_CHUNK bytes
 * at a time, read from and written to the queue owner's memory by virtual
 * address (sva.c). The kernel zlib runs raw deflate; the zlib and gzip
 * trailers are produced and checked here, the headers are the driver's job
 * (docs/hisi-qm-zip-interface.md section 5.7).
 *
 * Block (stateless) requests are complete streams and use the engine's own
 * zlib workspaces. Stream (stateful) requests keep a zlib state between
 * requests in a struct hsim_stream, keyed by the queue owner's mm, the
 * stream context address of the SQE and the direction; see
 * docs/hisi-sim.md for its life cycle.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bitrev.h>
#include <linux/crc32.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/zutil.h>
#include <asm/unaligned.h>

#include "hisi_sim.h"

#define ALG_DEFLATE		1
#define ALG_ZLIB		2
#define ALG_GZIP		3

#define DW7_FINISH		BIT(25)
#define DW7_STATEFUL		BIT(26)
#define DW7_NEW			BIT(27)

#define DIR_COMP		0
#define DIR_DECOMP		1

#define HSIM_MEM_LEVEL		8

/**
 * struct hsim_stream - zlib state of one stream between its requests
 * @node: entry in hdev->streams (LRU order), under hdev->strm_lock
 * @mm: key: the queue owner's address space
 * @ctx: key: stream context address in the SQE
 * @dir: key: DIR_COMP or DIR_DECOMP
 * @busy: an engine is using it, under hdev->strm_lock
 * @alg: algorithm of the stream
 * @finishing: compression: Z_FINISH has been issued
 * @body_done: zlib reported Z_STREAM_END; the trailer remains
 * @trailer: compression: trailer to write; decompression: bytes collected
 * @tr_len: trailer size for @alg
 * @tr_pos: trailer bytes written (compression) or collected
 * @zs: the zlib stream
 * @ws: its workspace
 *
 * Only the engine that has it busy touches the fields after @busy.
 */
struct hsim_stream {
	struct list_head node;
	struct mm_struct *mm;
	u64 ctx;
	u16 dir;
	bool busy;

	u8 alg;
	bool finishing;
	bool body_done;
	u8 trailer[8];
	u8 tr_len;
	u8 tr_pos;
	z_stream zs;
	void *ws;
};

/* One request's progress through its buffers. */
struct hsim_io {
	struct hsim_engine *eng;
	struct hsim_queue *q;
	struct hsim_req *r;
	z_stream *zs;
	u32 in_off;	/* input bytes copied into the bounce buffer */
	u32 out_off;	/* output bytes written to the destination */
	u32 ck;		/* running checksum, natural form */
	u32 isize;	/* running uncompressed size */
};

static u8 hsim_trailer_len(u8 alg)
{
	return alg == ALG_ZLIB ? 4 : alg == ALG_GZIP ? 8 : 0;
}

static u32 hsim_ck_init(u8 alg)
{
	return alg == ALG_ZLIB ? 1 : 0;
}

static u32 hsim_ck_update(u8 alg, u32 ck, const u8 *p, size_t n)
{
	if (!n)
		return ck;
	if (alg == ALG_ZLIB)
		return zlib_adler32(ck, p, n);
	if (alg == ALG_GZIP)
		return ~crc32_le(~ck, p, n);
	return ck;
}

/* dw31 carries the gzip CRC as ~bitrev32(crc) (interface doc 5.8). */
static u32 hsim_ck_to_sqe(u8 alg, u32 ck)
{
	return alg == ALG_GZIP ? ~bitrev32(ck) : ck;
}

static u32 hsim_ck_from_sqe(u8 alg, u32 v)
{
	return alg == ALG_GZIP ? bitrev32(~v) : v;
}

static void hsim_make_trailer(u8 alg, u32 ck, u32 isize, u8 *t)
{
	if (alg == ALG_ZLIB) {
		put_unaligned_be32(ck, t);
	} else if (alg == ALG_GZIP) {
		put_unaligned_le32(ck, t);
		put_unaligned_le32(isize, t + 4);
	}
}

static u32 hsim_errno_status(int err)
{
	switch (err) {
	case -EFAULT:
	case -ESRCH:
		return HZIP_ST_ADDR;
	case -EILSEQ:
		return HZIP_ST_DATA;
	default:
		return HZIP_ST_HW;
	}
}

/* Refill the zlib input from the source once it is used up. */
static int hsim_io_refill(struct hsim_io *io)
{
	struct hsim_req *r = io->r;
	u32 n;
	int ret;

	if (io->zs->avail_in || io->in_off == r->in_len)
		return 0;
	n = min_t(u32, HSIM_CHUNK, r->in_len - io->in_off);
	ret = hsim_read_user(io->q, io->eng->ibuf, r->src + io->in_off, n);
	if (ret)
		return ret;
	io->zs->next_in = io->eng->ibuf;
	io->zs->avail_in = n;
	io->in_off += n;
	return 0;
}

static bool hsim_io_in_done(struct hsim_io *io)
{
	return io->in_off == io->r->in_len && !io->zs->avail_in;
}

static u32 hsim_io_consumed(struct hsim_io *io)
{
	return io->in_off - io->zs->avail_in;
}

static int hsim_io_write(struct hsim_io *io, const u8 *p, u32 n)
{
	int ret = hsim_write_user(io->q, io->r->dst + io->out_off, p, n);

	if (!ret)
		io->out_off += n;
	return ret;
}

/*
 * Run deflate over the request's input, with @flush_last once all of it is
 * in. Returns 0 with *ended on Z_STREAM_END, with *full when the
 * destination ran out first, or with neither when a sync flush completed.
 */
static int hsim_deflate_loop(struct hsim_io *io, int flush_last, bool *ended,
			     bool *full)
{
	struct hsim_req *r = io->r;
	z_stream *zs = io->zs;
	u8 *obuf = io->eng->obuf;

	for (;;) {
		u32 room, avail, av_in, took, made;
		const u8 *in0;
		int flush, zret, ret;
		bool last;

		ret = hsim_io_refill(io);
		if (ret)
			return ret;
		last = io->in_off == r->in_len;
		flush = last ? flush_last : Z_NO_FLUSH;
		room = r->out_len - io->out_off;
		if (!room) {
			*full = true;
			return 0;
		}
		avail = min_t(u32, room, HSIM_CHUNK);
		zs->next_out = obuf;
		zs->avail_out = avail;
		in0 = zs->next_in;
		av_in = zs->avail_in;

		zret = zlib_deflate(zs, flush);

		took = av_in - zs->avail_in;
		made = avail - zs->avail_out;
		io->ck = hsim_ck_update(r->alg, io->ck, in0, took);
		io->isize += took;
		ret = hsim_io_write(io, obuf, made);
		if (ret)
			return ret;
		if (zret == Z_STREAM_END) {
			*ended = true;
			return 0;
		}
		if (zret == Z_BUF_ERROR && last)
			return 0;	/* nothing left to flush */
		if (zret != Z_OK && zret != Z_BUF_ERROR)
			return -EIO;
		if (last && flush == Z_SYNC_FLUSH && !zs->avail_in &&
		    zs->avail_out)
			return 0;	/* sync flush complete */
		ret = hsim_queue_abort(io->q);
		if (ret)
			return ret;
	}
}

/*
 * Run inflate until the end of the deflate data, the end of the input or
 * a full destination (*full). @spare: stateless; let inflate write one byte
 * past the destination size to tell "exactly full" from "too small".
 */
static int hsim_inflate_loop(struct hsim_io *io, bool spare, bool *ended,
			     bool *full)
{
	struct hsim_req *r = io->r;
	z_stream *zs = io->zs;
	u8 *obuf = io->eng->obuf;
	int idle = 0;

	for (;;) {
		u32 room, avail, av_in, took, made;
		int zret, ret;

		ret = hsim_io_refill(io);
		if (ret)
			return ret;
		room = r->out_len - io->out_off;
		if (!room && !spare) {
			*full = true;
			return 0;
		}
		avail = min_t(u32, room + spare, HSIM_CHUNK);
		zs->next_out = obuf;
		zs->avail_out = avail;
		av_in = zs->avail_in;

		zret = zlib_inflate(zs, Z_SYNC_FLUSH);

		took = av_in - zs->avail_in;
		made = avail - zs->avail_out;
		if (made > room) {
			ret = hsim_io_write(io, obuf, room);
			if (ret)
				return ret;
			*full = true;
			return 0;
		}
		io->ck = hsim_ck_update(r->alg, io->ck, obuf, made);
		io->isize += made;
		ret = hsim_io_write(io, obuf, made);
		if (ret)
			return ret;
		if (zret == Z_STREAM_END) {
			*ended = true;
			return 0;
		}
		if (zret != Z_OK && zret != Z_BUF_ERROR)
			return -EILSEQ;
		if (zs->avail_out && hsim_io_in_done(io))
			return 0;	/* needs more input */
		if (!took && !made && ++idle > 2)
			return -EILSEQ;
		ret = hsim_queue_abort(io->q);
		if (ret)
			return ret;
	}
}

/* Collect trailer bytes from the input into @t[*pos .. len). */
static int hsim_take_trailer(struct hsim_io *io, u8 *t, u8 *pos, u8 len)
{
	while (*pos < len) {
		u32 n;
		int ret = hsim_io_refill(io);

		if (ret)
			return ret;
		if (!io->zs->avail_in)
			break;
		n = min_t(u32, len - *pos, io->zs->avail_in);
		memcpy(t + *pos, io->zs->next_in, n);
		io->zs->next_in += n;
		io->zs->avail_in -= n;
		*pos += n;
	}
	return 0;
}

static bool hsim_trailer_ok(u8 alg, const u8 *t, u32 ck, u32 isize)
{
	if (alg == ALG_ZLIB)
		return get_unaligned_be32(t) == ck;
	if (alg == ALG_GZIP)
		return get_unaligned_le32(t) == ck &&
		       get_unaligned_le32(t + 4) == isize;
	return true;
}

static int hsim_comp_block(struct hsim_engine *eng, struct hsim_queue *q,
			   struct hsim_req *r)
{
	struct hsim_io io = { .eng = eng, .q = q, .r = r };
	u8 tlen = hsim_trailer_len(r->alg);
	bool ended = false, full = false;
	unsigned int level;
	z_stream zs = {};
	u8 t[8];
	int ret;

	level = clamp_t(unsigned int, READ_ONCE(hsim_comp_level), 1, 9);
	zs.workspace = eng->def_ws;
	if (zlib_deflateInit2(&zs, level, Z_DEFLATED, -r->wbits,
			      HSIM_MEM_LEVEL, Z_DEFAULT_STRATEGY) != Z_OK)
		return -EIO;
	io.zs = &zs;
	io.ck = hsim_ck_init(r->alg);

	ret = hsim_deflate_loop(&io, Z_FINISH, &ended, &full);
	if (!ret && ended) {
		if (r->out_len - io.out_off < tlen) {
			full = true;
		} else {
			hsim_make_trailer(r->alg, io.ck, io.isize, t);
			ret = hsim_io_write(&io, t, tlen);
		}
	}
	zlib_deflateEnd(&zs);
	if (ret)
		return ret;

	r->consumed = hsim_io_consumed(&io);
	r->produced = io.out_off;
	r->status = (ended && !full) ? HZIP_ST_OK : HZIP_ST_DSTLEN;
	r->isize = io.isize;
	r->cksum = hsim_ck_to_sqe(r->alg, io.ck);
	return 0;
}

static int hsim_decomp_block(struct hsim_engine *eng, struct hsim_queue *q,
			     struct hsim_req *r)
{
	struct hsim_io io = { .eng = eng, .q = q, .r = r };
	u8 tlen = hsim_trailer_len(r->alg), tpos = 0;
	bool ended = false, full = false;
	z_stream zs = {};
	u8 t[8];
	int ret;

	zs.workspace = eng->inf_ws;
	if (zlib_inflateInit2(&zs, -MAX_WBITS) != Z_OK)
		return -EIO;
	io.zs = &zs;
	io.ck = hsim_ck_init(r->alg);

	ret = hsim_inflate_loop(&io, true, &ended, &full);
	if (!ret && ended)
		ret = hsim_take_trailer(&io, t, &tpos, tlen);
	zlib_inflateEnd(&zs);
	if (ret)
		return ret;

	r->consumed = hsim_io_consumed(&io);
	r->produced = io.out_off;
	if (full)
		r->status = HZIP_ST_DSTLEN;
	else if (!ended)
		r->status = HZIP_ST_DATA;	/* truncated */
	else if (tpos == tlen && !hsim_trailer_ok(r->alg, t, io.ck, io.isize))
		r->status = HZIP_ST_CRC;
	else
		r->status = HZIP_ST_OK;	/* a missing trailer is not checked */
	r->isize = io.isize;
	r->cksum = hsim_ck_to_sqe(r->alg, io.ck);
	return 0;
}

/* Stream states */

static void hsim_stream_free(struct hsim_stream *st)
{
	vfree(st->ws);
	kfree(st);
}

static struct hsim_stream *hsim_stream_alloc(u16 dir, int node)
{
	struct hsim_stream *st = kzalloc_node(sizeof(*st), GFP_KERNEL, node);
	size_t ws;

	if (!st)
		return NULL;
	ws = dir == DIR_COMP ?
		zlib_deflate_workspacesize(MAX_WBITS, HSIM_MEM_LEVEL) :
		zlib_inflate_workspacesize();
	st->ws = vmalloc_node(ws, node);
	if (!st->ws) {
		kfree(st);
		return NULL;
	}
	st->dir = dir;
	return st;
}

/*
 * Find (or, for a new stream, create) the state of @r's stream and mark it
 * busy. NULL with *status set when the request cannot run.
 */
static struct hsim_stream *hsim_stream_get(struct hsim_queue *q,
					   struct hsim_req *r, u16 dir,
					   u32 *status)
{
	struct hsim_dev *hdev = q->hdev;
	struct mm_struct *mm = q->uq->mm;
	struct hsim_stream *st, *found = NULL, *victim = NULL;

	mutex_lock(&hdev->strm_lock);
	list_for_each_entry(st, &hdev->streams, node) {
		if (st->mm == mm && st->ctx == r->ctx && st->dir == dir) {
			found = st;
			break;
		}
	}
	if (found && found->busy) {
		/* The same stream context used from two queues at once. */
		found = NULL;
		*status = HZIP_ST_PARAM;
		goto out_unlock;
	}
	if (!found && !r->new_stream) {
		*status = HZIP_ST_PARAM;
		goto out_unlock;
	}
	if (!found) {
		if (hdev->nr_streams >= max(READ_ONCE(hsim_max_streams), 1U)) {
			list_for_each_entry(st, &hdev->streams, node) {
				if (!st->busy) {
					victim = st;
					break;
				}
			}
			if (!victim) {
				*status = HZIP_ST_HW;
				goto out_unlock;
			}
			list_del(&victim->node);
			hdev->nr_streams--;
		}
		found = hsim_stream_alloc(dir, dev_to_node(&hdev->bdev->dev));
		if (!found) {
			*status = HZIP_ST_HW;
			goto out_unlock;
		}
		found->mm = mm;
		found->ctx = r->ctx;
		list_add_tail(&found->node, &hdev->streams);
		hdev->nr_streams++;
	}
	found->busy = true;
	list_move_tail(&found->node, &hdev->streams);
out_unlock:
	mutex_unlock(&hdev->strm_lock);
	if (victim)
		hsim_stream_free(victim);
	return found;
}

/* Give a stream back; @end: the stream is over, free its state. */
static void hsim_stream_put(struct hsim_dev *hdev, struct hsim_stream *st,
			    bool end)
{
	mutex_lock(&hdev->strm_lock);
	st->busy = false;
	if (end) {
		list_del(&st->node);
		hdev->nr_streams--;
	}
	mutex_unlock(&hdev->strm_lock);
	if (end)
		hsim_stream_free(st);
}

/**
 * hsim_streams_drop() - free stream states of an address space
 * @hdev: the device
 * @mm: the address space whose last queue on @hdev is gone, NULL for all
 */
void hsim_streams_drop(struct hsim_dev *hdev, struct mm_struct *mm)
{
	struct hsim_stream *st, *tmp;
	LIST_HEAD(dead);

	mutex_lock(&hdev->strm_lock);
	list_for_each_entry_safe(st, tmp, &hdev->streams, node) {
		if (mm && st->mm != mm)
			continue;
		WARN_ON_ONCE(st->busy);
		list_move(&st->node, &dead);
		hdev->nr_streams--;
	}
	mutex_unlock(&hdev->strm_lock);
	list_for_each_entry_safe(st, tmp, &dead, node)
		hsim_stream_free(st);
}

/* (Re)start @st for a new stream of @r. */
static int hsim_stream_begin(struct hsim_stream *st, struct hsim_req *r)
{
	unsigned int level;

	st->alg = r->alg;
	st->finishing = false;
	st->body_done = false;
	st->tr_len = hsim_trailer_len(r->alg);
	st->tr_pos = 0;
	memset(&st->zs, 0, sizeof(st->zs));
	st->zs.workspace = st->ws;
	if (st->dir == DIR_DECOMP)
		return zlib_inflateInit2(&st->zs, -MAX_WBITS) == Z_OK ?
			0 : -EIO;
	level = clamp_t(unsigned int, READ_ONCE(hsim_comp_level), 1, 9);
	return zlib_deflateInit2(&st->zs, level, Z_DEFLATED, -r->wbits,
				 HSIM_MEM_LEVEL, Z_DEFAULT_STRATEGY) == Z_OK ?
		0 : -EIO;
}

static int hsim_comp_stream(struct hsim_io *io, struct hsim_stream *st,
			    bool *end)
{
	struct hsim_req *r = io->r;
	bool ended = false, full = false;
	int ret;

	if (!st->body_done) {
		if (r->finish)
			st->finishing = true;
		ret = hsim_deflate_loop(io, st->finishing ? Z_FINISH :
					Z_SYNC_FLUSH, &ended, &full);
		if (ret)
			return ret;
		if (ended) {
			st->body_done = true;
			st->tr_pos = 0;
			hsim_make_trailer(st->alg, io->ck, io->isize,
					  st->trailer);
		}
	}
	if (st->body_done) {
		u32 n = min_t(u32, st->tr_len - st->tr_pos,
			      r->out_len - io->out_off);

		ret = hsim_io_write(io, st->trailer + st->tr_pos, n);
		if (ret)
			return ret;
		st->tr_pos += n;
		*end = st->tr_pos == st->tr_len;
	}
	r->status = HZIP_ST_OK | (*end ? HZIP_LSTBLK : 0);
	return 0;
}

static int hsim_decomp_stream(struct hsim_io *io, struct hsim_stream *st,
			      bool *end)
{
	struct hsim_req *r = io->r;
	bool ended = false, full = false;
	int ret;

	if (!st->body_done) {
		ret = hsim_inflate_loop(io, false, &ended, &full);
		if (ret)
			return ret;
		if (ended) {
			st->body_done = true;
			st->tr_pos = 0;
		}
	}
	r->status = HZIP_ST_OK;
	if (st->body_done) {
		ret = hsim_take_trailer(io, st->trailer, &st->tr_pos,
					st->tr_len);
		if (ret)
			return ret;
		if (st->tr_pos == st->tr_len) {
			*end = true;
			if (hsim_trailer_ok(st->alg, st->trailer, io->ck,
					    io->isize))
				r->status = HZIP_ST_DECOMP_END | HZIP_LSTBLK;
			else
				r->status = HZIP_ST_CRC;
		}
	}
	return 0;
}

static int hsim_exec_stream(struct hsim_engine *eng, struct hsim_queue *q,
			    struct hsim_req *r, u16 dir)
{
	struct hsim_io io = { .eng = eng, .q = q, .r = r };
	struct hsim_stream *st;
	bool end = false;
	u32 status = 0;
	int ret;

	st = hsim_stream_get(q, r, dir, &status);
	if (!st) {
		r->status = status;
		return 0;
	}
	if (r->new_stream) {
		ret = hsim_stream_begin(st, r);
		if (ret)
			goto out_end;
		io.ck = hsim_ck_init(r->alg);
		io.isize = 0;
	} else {
		if (st->alg != r->alg) {
			r->status = HZIP_ST_PARAM;
			hsim_stream_put(q->hdev, st, false);
			return 0;
		}
		io.ck = hsim_ck_from_sqe(r->alg, le32_to_cpu(r->dw[31]));
		io.isize = le32_to_cpu(r->dw[30]);
	}
	io.zs = &st->zs;
	st->zs.next_in = NULL;
	st->zs.avail_in = 0;

	if (dir == DIR_COMP)
		ret = hsim_comp_stream(&io, st, &end);
	else
		ret = hsim_decomp_stream(&io, st, &end);
	if (ret)
		goto out_end;

	r->consumed = hsim_io_consumed(&io);
	r->produced = io.out_off;
	r->isize = io.isize;
	r->cksum = hsim_ck_to_sqe(r->alg, io.ck);
	hsim_stream_put(q->hdev, st, end);
	return 0;

out_end:
	/* Any failure ends the stream: its zlib state is no longer sound. */
	hsim_stream_put(q->hdev, st, true);
	return ret;
}

/* Decode the SQE in r->dw. 0, or the status to complete it with. */
static u32 hsim_decode(struct hsim_req *r)
{
	static const int wbits[] = { 12, 13, 14, 14, 15 };
	u32 dw7 = le32_to_cpu(r->dw[7]);
	u32 dw9 = le32_to_cpu(r->dw[9]);
	u32 win = (dw9 >> 12) & 0xf;

	r->alg = dw9 & 0xff;
	r->stateful = dw7 & DW7_STATEFUL;
	r->new_stream = dw7 & DW7_NEW;
	r->finish = dw7 & DW7_FINISH;
	r->in_len = le32_to_cpu(r->dw[4]);
	r->out_len = le32_to_cpu(r->dw[14]);
	r->src = le32_to_cpu(r->dw[18]) |
		 (u64)le32_to_cpu(r->dw[19]) << 32;
	r->dst = le32_to_cpu(r->dw[20]) |
		 (u64)le32_to_cpu(r->dw[21]) << 32;
	r->ctx = le32_to_cpu(r->dw[22]) |
		 (u64)le32_to_cpu(r->dw[23]) << 32;
	r->consumed = 0;
	r->produced = 0;
	r->isize = le32_to_cpu(r->dw[30]);
	r->cksum = le32_to_cpu(r->dw[31]);

	if (r->alg < ALG_DEFLATE || r->alg > ALG_GZIP)
		return HZIP_ST_PARAM;
	if ((dw9 >> 8) & 0xf)		/* hardware SGL: not modelled */
		return HZIP_ST_PARAM;
	if (win >= ARRAY_SIZE(wbits))
		return HZIP_ST_PARAM;
	r->wbits = wbits[win];
	if (r->stateful && !r->ctx)
		return HZIP_ST_PARAM;
	return 0;
}

/**
 * hsim_zip_exec() - execute one SQE
 * @eng: the engine; current is using the queue owner's mm
 * @q: the queue (claimed by @eng)
 * @r: the SQE in r->dw; the results are returned in @r
 *
 * Return: 0 when @r holds a completion (any status), -EINTR when the queue
 * is stopping and the request was abandoned without one.
 */
int hsim_zip_exec(struct hsim_engine *eng, struct hsim_queue *q,
		  struct hsim_req *r)
{
	u16 dir = READ_ONCE(q->qc_type) ? DIR_DECOMP : DIR_COMP;
	u32 status = hsim_decode(r);
	int ret;

	if (status) {
		r->status = status;
		return 0;
	}
	if (r->stateful)
		ret = hsim_exec_stream(eng, q, r, dir);
	else if (dir == DIR_COMP)
		ret = hsim_comp_block(eng, q, r);
	else
		ret = hsim_decomp_block(eng, q, r);
	if (ret == -EINTR)
		return ret;
	if (ret) {
		r->consumed = 0;
		r->produced = 0;
		r->isize = le32_to_cpu(r->dw[30]);
		r->cksum = le32_to_cpu(r->dw[31]);
		r->status = hsim_errno_status(ret);
	}
	return 0;
}

/**
 * hsim_engine_init() - allocate an engine's zlib workspaces and buffers
 * @eng: the engine, with ->hdev set
 *
 * Return: 0 or -ENOMEM (nothing left allocated).
 */
int hsim_engine_init(struct hsim_engine *eng)
{
	int node = dev_to_node(&eng->hdev->bdev->dev);

	eng->def_ws = vmalloc_node(zlib_deflate_workspacesize(MAX_WBITS,
							     HSIM_MEM_LEVEL),
				   node);
	eng->inf_ws = vmalloc_node(zlib_inflate_workspacesize(), node);
	eng->ibuf = kvmalloc_node(HSIM_CHUNK, GFP_KERNEL, node);
	eng->obuf = kvmalloc_node(HSIM_CHUNK, GFP_KERNEL, node);
	if (!eng->def_ws || !eng->inf_ws || !eng->ibuf || !eng->obuf) {
		hsim_engine_fini(eng);
		return -ENOMEM;
	}
	return 0;
}

void hsim_engine_fini(struct hsim_engine *eng)
{
	kvfree(eng->obuf);
	kvfree(eng->ibuf);
	vfree(eng->inf_ws);
	vfree(eng->def_ws);
	eng->obuf = NULL;
	eng->ibuf = NULL;
	eng->inf_ws = NULL;
	eng->def_ws = NULL;
}
