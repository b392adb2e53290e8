// SPDX-License-Identifier: MIT
/*
 * User-space driver for the HiSilicon QM queue with the ZIP engine
 * (uacce api "hisi_qm_v2" and later), written from
 * docs/hisi-qm-zip-interface.md: stateless (block) deflate, zlib and gzip.
 *
 * DUS region: SQ ring (sq_depth x sqe_size) | CQ ring (cq_depth x 16) | ...
 * | RX stop flag (size - 8) | TX stop flag (size - 4).
 * MMIO region: 64-bit doorbell at 0x1000 (v2 format: queue id, command,
 * index); the hisi_sim model adds an SQ-only doorbell at 0x1008 and a
 * need-wakeup word at 0x1040.
 *
 * Ordering (one writer per shared word):
 *  - SQE slot: written by us, then a full fence, then the SQ doorbell
 *    (release of the SQE to the device).  The device writes results into
 *    the same slot before the CQE.
 *  - CQE: the device writes words 0..13, a write barrier, then w7 with the
 *    phase bit.  We load w7 with acquire; everything the device wrote
 *    before it (CQE body, SQE results) is visible after that load.
 *  - CQ doorbell: written by us after we have copied the SQE out of the
 *    slot (release: the slot may be reused by the device's view only after).
 *  - Need-wakeup (model only): the model sets it, fences, re-reads the
 *    doorbells, sleeps; we write the doorbell, full fence, read it, and
 *    kick when set, so one side always sees the other's store.
 *  - TX/RX stop flags: written by the kernel; read before ringing.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>

#include <misc/uacce/hisi_qm.h>
#include <misc/uacce/uacce.h>

#include "../core/core.h"

#define QM_DB_OFFSET		0x1000
#define QM_DB_CMD_SQ		0
#define QM_DB_CMD_CQ		1
#define QM_CQE_SIZE		16
#define ZIP_SQE_SIZE		128
#define ZIP_MAX_BUF		(8u << 20)
#define ZIP_BOUNCE		256

/* dw3 status */
#define ZIP_ST_OK		0x00
#define ZIP_ST_NEGACOMP		0x0d
#define ZIP_ST_DSTLEN		0x0e
#define ZIP_ST_CRC		0x10
#define ZIP_ST_DATA		0x11	/* the model's malformed data */
#define ZIP_ST_DECOMP_END	0x13
#define ZIP_LSTBLK		0x100

/* dw7 */
#define ZIP_DW7_FINISH		(1u << 25)
#define ZIP_DW7_STATEFUL	(1u << 26)
#define ZIP_DW7_NEW		(1u << 27)
#define ZIP_DW7_TYPE_SHIFT	28

/* dw9 algorithms */
#define ZIP_ALG_DEFLATE		0x01
#define ZIP_ALG_ZLIB		0x02
#define ZIP_ALG_GZIP		0x03

struct zip_sqe {
	uint32_t dw[32];
};

_Static_assert(sizeof(struct zip_sqe) == ZIP_SQE_SIZE, "ZIP SQE is 128 B");

struct hzip {
	uint16_t qid;
	uint16_t sq_depth;
	uint16_t cq_depth;
	uint32_t sqe_size;
	int api_ver;
	uint32_t sq_tail;
	uint32_t cq_head;
	uint32_t phase;
	int ring;			/* SQEs on the ring */
	int owned;			/* jobs held: ring, waiting, early */
	struct warp_job *waiting;	/* next gzip member, no slot yet */
	struct warp_job *early;		/* finished without the device */
	bool sim;
	uint8_t *sq;
	uint8_t *cq;
	struct warp_job *slots[];
};

static int api_version(const char *api)
{
	char *end;
	long v;

	if (strncmp(api, "hisi_qm_v", 9))
		return 0;
	v = strtol(api + 9, &end, 10);
	return end != api + 9 && v > 0 ? (int)v : 0;
}

static bool hzip_match(const char *api)
{
	/* v1 has no zlib/gzip SQE format for user space (interface §10). */
	return api_version(api) >= 2;
}

static const char *alg_of(int format)
{
	return format == WARP_FMT_GZIP ? "gzip" :
	       format == WARP_FMT_ZLIB ? "zlib" : "deflate";
}

static bool hzip_supports(const struct warp_dev_info *dev,
			  const struct warp_params *p, int dir)
{
	return warp_dev_has_alg(dev, alg_of(p->format));
}

/*
 * Length of the zlib/gzip header at the start of @src (which must be
 * followed by at least one byte of body), or the data error it makes.
 */
static int parse_header(int format, const uint8_t *src, size_t len)
{
	struct hdr_parser hp;
	size_t used;
	int r;

	hdr_init(&hp, format);
	r = hdr_feed(&hp, src, len, &used);
	if (r < 0)
		return r;
	if (r == 0 || used == len)
		return WARP_E_TRUNCATED;
	return (int)used;
}

/* A piece the device can make: a whole raw deflate stream, no history. */
static bool part_ok(const struct warp_op *op)
{
	return op->flags == (WARP_OP_PART | WARP_OP_LAST) && !op->dict_len;
}

static bool hzip_accepts(const struct warp_queue *q,
			 const struct warp_params *p, const struct warp_op *op)
{
	if (op->src_len > ZIP_MAX_BUF)
		return false;
	if (op->dir == WARP_DIR_DECOMPRESS)
		return !op->flags;
	/* Windows below 4 KiB cannot be asked for (interface 5.4). */
	if (p->wbits < 12)
		return false;
	if (op->flags)
		return part_ok(op) && op->src_len;
	return true;
}

static volatile uint32_t *dus_word(const struct warp_queue *q, size_t off)
{
	return (volatile uint32_t *)((uint8_t *)q->dus + off);
}

static bool tx_stopped(const struct warp_queue *q)
{
	return __atomic_load_n(dus_word(q, q->dus_size - 4), __ATOMIC_ACQUIRE);
}

static bool rx_stopped(const struct warp_queue *q)
{
	return __atomic_load_n(dus_word(q, q->dus_size - 8), __ATOMIC_ACQUIRE);
}

static void ring(struct warp_queue *q, size_t off, uint64_t v)
{
	volatile uint64_t *db = (volatile uint64_t *)((uint8_t *)q->mmio + off);

	__atomic_store_n(db, v, __ATOMIC_RELEASE);
}

static uint64_t db_value(const struct hzip *h, unsigned int cmd,
			 uint32_t index)
{
	return (uint64_t)(h->qid & 0x3ff) | (uint64_t)cmd << 12 |
	       (uint64_t)(index & 0xffff) << 32;
}

static int hzip_init(struct warp_queue *q)
{
	struct hisi_qp_ctx qctx = { .id = 0, .qc_type = q->dir };
	struct hisi_qp_info info = { 0 };
	struct hzip *h;
	size_t need;

	if (ioctl(q->fd, UACCE_CMD_QM_SET_QP_CTX, &qctx) < 0)
		return -errno;
	if (ioctl(q->fd, UACCE_CMD_QM_SET_QP_INFO, &info) < 0) {
		/* Older kernels: the fixed values of v1/v2 hardware. */
		info.sqe_size = ZIP_SQE_SIZE;
		info.sq_depth = 1024;
		info.cq_depth = 1024;
	}
	if (info.sqe_size != ZIP_SQE_SIZE || info.sq_depth < 2 ||
	    info.cq_depth < info.sq_depth)
		return -EINVAL;
	need = (size_t)info.sqe_size * info.sq_depth +
	       (size_t)QM_CQE_SIZE * info.cq_depth + 8;
	if (q->dus_size < need || q->mmio_size < QM_DB_OFFSET + 8)
		return -EINVAL;

	h = calloc(1, sizeof(*h) + info.sq_depth * sizeof(h->slots[0]));
	if (!h)
		return -ENOMEM;
	h->qid = qctx.id;
	h->sqe_size = info.sqe_size;
	h->sq_depth = info.sq_depth;
	h->cq_depth = info.cq_depth;
	h->api_ver = api_version(q->dev->api);
	h->phase = 1;
	h->sq = q->dus;
	h->cq = (uint8_t *)q->dus + (size_t)h->sqe_size * h->sq_depth;
	/* A real device rejects the model's kick; the model accepts it. */
	h->sim = ioctl(q->fd, UACCE_CMD_QM_SIM_KICK) == 0 &&
		 q->mmio_size >= HISI_QM_SIM_WAKE_OFFSET + 4;
	q->priv = h;
	return 0;
}

static void hzip_fini(struct warp_queue *q)
{
	free(q->priv);
	q->priv = NULL;
}

static uint32_t window_code(int wbits)
{
	if (wbits >= 15)
		return 4;	/* 32 KiB */
	if (wbits == 14)
		return 2;	/* 16 KiB */
	if (wbits == 13)
		return 1;	/* 8 KiB */
	return 0;		/* 4 KiB */
}

/* job->drv_priv[] of a job the driver holds */
enum {
	JP_HLEN,	/* software header bytes of the current SQE */
	JP_SLOT,	/* its SQ slot */
	JP_BOUNCE,	/* small-output bounce buffer, or 0 */
	JP_IN_OFF,	/* decompression: where the current member starts */
	JP_OUT_OFF,	/* decompression: output of the earlier members */
	JP_CAPPED,	/* the output space was cut to ZIP_MAX_BUF */
};

static uint8_t *out_base(const struct warp_job *job)
{
	return job->drv_priv[JP_BOUNCE] ?
	       (uint8_t *)(uintptr_t)job->drv_priv[JP_BOUNCE] : job->op.dst;
}

static size_t out_total(const struct warp_job *job)
{
	return job->drv_priv[JP_BOUNCE] ? ZIP_BOUNCE : job->op.dst_cap;
}

static void list_add(struct warp_job **head, struct warp_job *job)
{
	job->next = NULL;
	while (*head)
		head = &(*head)->next;
	*head = job;
}

/* Finish @job without the device (data errors found in software, ...). */
static void early_done(struct hzip *h, struct warp_job *job, int status)
{
	memset(&job->res, 0, sizeof(job->res));
	job->res.engine = WARP_ENGINE_DEVICE;
	job->res.status = status;
	list_add(&h->early, job);
}

static void kick(struct warp_queue *q, struct hzip *h)
{
	uint64_t db = db_value(h, QM_DB_CMD_SQ, h->sq_tail);

	/*
	 * The SQE stores before the doorbell store: a full fence, as the
	 * interface asks.  On the model, the SQ-only doorbell word first,
	 * then the shared register, then (need-wakeup, pairing with the
	 * model's full barrier) a kick when its engines sleep.
	 */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (h->sim)
		ring(q, HISI_QM_SIM_SQ_DB_OFFSET, db);
	ring(q, QM_DB_OFFSET, db);
	if (h->sim) {
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
		if (*(volatile uint32_t *)((uint8_t *)q->mmio +
					   HISI_QM_SIM_WAKE_OFFSET) &
		    HISI_QM_SIM_NEED_WAKEUP)
			ioctl(q->fd, UACCE_CMD_QM_SIM_KICK);
	}
}

/*
 * Put the current piece of @job (its whole input, or for decompression the
 * gzip member at JP_IN_OFF) on the ring.  0, -EBUSY (no free slot), -EIO
 * (queue stopped) or the data error of a member's header.
 */
static int post(struct warp_queue *q, const struct warp_params *p,
		struct warp_job *job)
{
	struct hzip *h = q->priv;
	const struct warp_op *op = &job->op;
	struct zip_sqe sqe = { 0 };
	uint32_t slot = h->sq_tail, type, alg;
	uint8_t *out = out_base(job);
	size_t in_len, out_cap, hlen = 0, total = out_total(job);
	uint64_t src, dst;
	int r;

	if (h->ring >= h->sq_depth - 1 || h->slots[slot])
		return -EBUSY;
	if (tx_stopped(q)) {
		q->dead = true;
		return -EIO;
	}
	alg = p->format == WARP_FMT_GZIP ? ZIP_ALG_GZIP :
	      p->format == WARP_FMT_ZLIB ? ZIP_ALG_ZLIB : ZIP_ALG_DEFLATE;
	if (job->strm) {
		/* Stream step: raw deflate, the core does the framing. */
		alg = ZIP_ALG_DEFLATE;
		src = op->src_len ? (uintptr_t)op->src : 0;
		in_len = op->src_len;
		dst = (uintptr_t)op->dst;
		out_cap = op->dst_cap;
	} else if (op->dir == WARP_DIR_COMPRESS) {
		src = (uintptr_t)op->src;
		in_len = op->src_len;
		if (op->flags & WARP_OP_PART) {
			/*
			 * A raw deflate piece and its check: ask for zlib or
			 * gzip, whose trailer carries the Adler-32 / CRC-32,
			 * and write no header.
			 */
			alg = p->format == WARP_FMT_ZLIB ? ZIP_ALG_ZLIB :
			      ZIP_ALG_GZIP;
		} else {
			/* Software header: the hardware writes none (5.7). */
			hlen = hdr_write(p->format, p->level, 15, out);
		}
		dst = (uintptr_t)out + hlen;
		out_cap = total - hlen;
	} else {
		size_t off = job->drv_priv[JP_IN_OFF];

		r = parse_header(p->format, (const uint8_t *)op->src + off,
				 op->src_len - off);
		if (r < 0)
			return r;
		hlen = r;
		src = (uintptr_t)op->src + off + hlen;
		in_len = op->src_len - off - hlen;
		dst = (uintptr_t)out + job->drv_priv[JP_OUT_OFF];
		out_cap = total - job->drv_priv[JP_OUT_OFF];
	}
	job->drv_priv[JP_CAPPED] = out_cap > ZIP_MAX_BUF;
	out_cap = MIN(out_cap, (size_t)ZIP_MAX_BUF);

	type = h->api_ver >= 3 || alg == ZIP_ALG_DEFLATE ? 3 : 0;
	sqe.dw[4] = in_len;
	sqe.dw[7] = type << ZIP_DW7_TYPE_SHIFT | ZIP_DW7_NEW | ZIP_DW7_FINISH;
	sqe.dw[9] = alg | window_code(p->wbits) << 12;
	if (type == 3)
		sqe.dw[26] = slot;
	else
		sqe.dw[13] = slot;
	sqe.dw[14] = out_cap;
	sqe.dw[18] = (uint32_t)src;
	sqe.dw[19] = (uint32_t)(src >> 32);
	sqe.dw[20] = (uint32_t)dst;
	sqe.dw[21] = (uint32_t)(dst >> 32);
	if (job->strm) {
		struct drv_stream *ds = job->strm;
		uint64_t ctx = (uintptr_t)ds->ctx_buf;

		/* Stateful; "new" starts the device's state afresh (6.2). */
		sqe.dw[7] = type << ZIP_DW7_TYPE_SHIFT | ZIP_DW7_STATEFUL |
			    (ds->new_stream ? ZIP_DW7_NEW : 0) |
			    (ds->finish ? ZIP_DW7_FINISH : 0);
		sqe.dw[15] = ds->ctx_dw[0];
		sqe.dw[28] = ds->ctx_dw[1];
		sqe.dw[29] = ds->ctx_dw[2];
		sqe.dw[22] = (uint32_t)ctx;
		sqe.dw[23] = (uint32_t)(ctx >> 32);
	}

	job->drv_priv[JP_HLEN] = hlen;
	job->drv_priv[JP_SLOT] = slot;
	h->slots[slot] = job;
	memcpy(h->sq + (size_t)slot * h->sqe_size, &sqe, sizeof(sqe));
	h->sq_tail = (slot + 1) % h->sq_depth;
	h->ring++;
	kick(q, h);
	return 0;
}

/* Empty input: a stream of one empty final block, no device needed. */
static void compress_empty(struct hzip *h, const struct warp_params *p,
			   struct warp_job *job)
{
	uint8_t buf[32], *o = buf;
	size_t n;

	o += hdr_write(p->format, p->level, 15, o);
	*o++ = 0x03;
	*o++ = 0x00;
	trl_write(p->format, check_init(p->format), 0, o);
	n = o - buf + trl_len(p->format);
	if (n > job->op.dst_cap) {
		early_done(h, job, WARP_E_OUTPUT_FULL);
		return;
	}
	memcpy(job->op.dst, buf, n);
	early_done(h, job, 0);
	job->res.produced = n;
	job->res.check = p->format == WARP_FMT_DEFLATE ? 0 :
			 check_init(p->format);
}

static int unbounce(struct warp_job *job);

static int hzip_submit(struct warp_queue *q, const struct warp_params *p,
		       struct warp_job *job)
{
	struct hzip *h = q->priv;
	const struct warp_op *op = &job->op;
	void *bounce = NULL;
	int r;

	if (q->dead)
		return -EIO;
	if (h->ring >= h->sq_depth - 1 || h->slots[h->sq_tail])
		return -EBUSY;
	memset(job->drv_priv, 0, sizeof(job->drv_priv));
	memset(&job->res, 0, sizeof(job->res));
	if (job->strm) {
		r = post(q, p, job);
		if (!r)
			h->owned++;
		return r;
	}
	if (op->dir == WARP_DIR_COMPRESS && !op->src_len) {
		compress_empty(h, p, job);
		h->owned++;
		return 0;
	}
	/*
	 * Tiny destinations go through a bounce buffer: the device needs
	 * room for a header and a block (UADK's stream store buffer has
	 * the same reason), and the header is written before the device
	 * says whether the output fits.
	 */
	if (op->dst_cap < ZIP_BOUNCE) {
		bounce = malloc(ZIP_BOUNCE);
		if (!bounce)
			return -ENOMEM;
		job->drv_priv[JP_BOUNCE] = (uintptr_t)bounce;
	}
	r = post(q, p, job);
	if (r == -EBUSY || r == -EIO) {
		free(bounce);
		return r;
	}
	h->owned++;
	if (r < 0) {
		/* A header error: no device needed. */
		unbounce(job);
		early_done(h, job, r);
	}
	return 0;
}

static uint32_t le32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3];
}

/* The check a zlib/gzip trailer at @t carries. */
static uint32_t trl_value(int alg, const uint8_t *t)
{
	return alg == ZIP_ALG_ZLIB ? be32(t) : le32(t);
}

/* Copy a bounced result out; 0 or WARP_E_OUTPUT_FULL. */
static int unbounce(struct warp_job *job)
{
	uint8_t *b = (uint8_t *)(uintptr_t)job->drv_priv[JP_BOUNCE];
	int r = 0;

	if (!b)
		return 0;
	if (job->res.produced > job->op.dst_cap)
		r = WARP_E_OUTPUT_FULL;
	else if (!job->res.status && job->res.produced)
		memcpy(job->op.dst, b, job->res.produced);
	free(b);
	job->drv_priv[JP_BOUNCE] = 0;
	return r;
}

static int complete_compress(struct warp_job *job, const struct zip_sqe *sqe)
{
	const struct warp_op *op = &job->op;
	struct warp_result *res = &job->res;
	size_t hlen = job->drv_priv[JP_HLEN], tl;
	uint32_t st = sqe->dw[3] & 0xff, alg = sqe->dw[9] & 0xff;
	uint8_t *out = out_base(job);

	if (st == ZIP_ST_DSTLEN)
		/* Without room for the piece's trailer, or cut to 8 MiB, the
		 * caller's space may still have been enough. */
		return (op->flags & WARP_OP_PART) || job->drv_priv[JP_CAPPED] ?
		       DRV_E_DIAGNOSE : WARP_E_OUTPUT_FULL;
	if ((st != ZIP_ST_OK && st != ZIP_ST_NEGACOMP) ||
	    sqe->dw[0] != op->src_len || hlen + sqe->dw[1] > out_total(job))
		return -EIO;
	res->consumed = op->src_len;
	res->produced = hlen + sqe->dw[1];
	tl = alg == ZIP_ALG_GZIP ? 8 : alg == ZIP_ALG_ZLIB ? 4 : 0;
	if (tl && sqe->dw[1] < tl + 2)
		return -EIO;
	if (tl)
		res->check = trl_value(alg, out + res->produced - tl);
	if (op->flags & WARP_OP_PART)
		res->produced -= tl;
	return unbounce(job);
}

/*
 * One gzip member (or the zlib/deflate stream) is done.  Return 0 when
 * the job is finished (status in res), 1 when the next member is on the
 * ring, 2 when it waits for a free slot.
 */
static int complete_decompress(struct warp_queue *q, struct warp_job *job,
			       const struct zip_sqe *sqe)
{
	struct hzip *h = q->priv;
	const struct warp_params *p = &job->sess->p;
	const struct warp_op *op = &job->op;
	struct warp_result *res = &job->res;
	const uint8_t *s = op->src;
	size_t in_off = job->drv_priv[JP_IN_OFF];
	size_t out_off = job->drv_priv[JP_OUT_OFF];
	size_t hlen = job->drv_priv[JP_HLEN], tl = trl_len(p->format), pos;
	uint32_t st = sqe->dw[3] & 0xff, dw0 = sqe->dw[0], dw1 = sqe->dw[1];
	uint32_t check;
	int r;

	if (st == ZIP_ST_DSTLEN) {
		res->status = job->drv_priv[JP_CAPPED] ? DRV_E_DIAGNOSE :
			      WARP_E_OUTPUT_FULL;
		goto done;
	}
	if (st == ZIP_ST_CRC) {
		res->status = WARP_E_CHECKSUM;
		goto done;
	}
	/*
	 * Any other refusal: the statuses for malformed and for truncated
	 * input are not documented (interface 5.5), so the CPU names it.
	 */
	pos = in_off + hlen + dw0;
	if ((st != ZIP_ST_OK && st != ZIP_ST_DECOMP_END) ||
	    pos > op->src_len || out_off + dw1 > out_total(job)) {
		res->status = DRV_E_DIAGNOSE;
		goto done;
	}
	/*
	 * Whether the hardware reads the trailer is not known (5.7): look
	 * for it after what it consumed, then as the last bytes consumed.
	 */
	if (tl) {
		check = check_update(p->format, check_init(p->format),
				     out_base(job) + out_off, dw1);
		if (pos + tl <= op->src_len &&
		    !trl_check(p->format, s + pos, check, dw1)) {
			pos += tl;
		} else if (dw0 < tl ||
			   trl_check(p->format, s + pos - tl, check, dw1)) {
			res->status = DRV_E_DIAGNOSE;
			goto done;
		}
		res->check = check;
	}
	out_off += dw1;
	job->drv_priv[JP_OUT_OFF] = out_off;
	res->consumed = pos;
	res->produced = out_off;
	if (pos == op->src_len || (p->flags & WARP_SESS_STOP_AT_END)) {
		res->status = 0;
		goto done;
	}
	/* More input: another gzip member (gzip's rule), else an error. */
	if (p->format != WARP_FMT_GZIP || op->src_len - pos < 2 ||
	    s[pos] != 0x1f || s[pos + 1] != 0x8b) {
		res->status = WARP_E_TRAILING;
		goto done;
	}
	job->drv_priv[JP_IN_OFF] = pos;
	r = post(q, p, job);
	if (!r)
		return 1;
	if (r == -EBUSY) {
		list_add(&h->waiting, job);
		return 2;
	}
	res->status = r;
done:
	if (!res->status)
		res->status = unbounce(job);
	else
		unbounce(job);
	return 0;
}

/* A stream step: exact counts; the status says only good or bad. */
static int complete_stream(struct warp_job *job, const struct zip_sqe *sqe)
{
	struct drv_stream *ds = job->strm;
	struct warp_result *res = &job->res;
	uint32_t st = sqe->dw[3] & 0xff;

	ds->end = sqe->dw[3] & ZIP_LSTBLK;
	ds->ctx_dw[0] = sqe->dw[15];
	ds->ctx_dw[1] = sqe->dw[28];
	ds->ctx_dw[2] = sqe->dw[29];
	if (st != ZIP_ST_OK && st != ZIP_ST_DECOMP_END)
		return st == ZIP_ST_DATA ? WARP_E_CORRUPT : -EIO;
	if (sqe->dw[0] > job->op.src_len || sqe->dw[1] > job->op.dst_cap)
		return -EIO;
	res->consumed = sqe->dw[0];
	res->produced = sqe->dw[1];
	return 0;
}

static void complete(struct warp_queue *q, struct warp_job *job,
		     const struct zip_sqe *sqe, bool *more)
{
	struct warp_result *res = &job->res;
	size_t consumed = res->consumed, produced = res->produced;

	*more = false;
	res->engine = WARP_ENGINE_DEVICE;
	if (job->strm) {
		memset(res, 0, sizeof(*res));
		res->engine = WARP_ENGINE_DEVICE;
		res->status = complete_stream(job, sqe);
	} else if (job->op.dir == WARP_DIR_COMPRESS) {
		memset(res, 0, sizeof(*res));
		res->engine = WARP_ENGINE_DEVICE;
		res->status = complete_compress(job, sqe);
		if (res->status)
			unbounce(job);
	} else {
		/* Members so far are in res; a failure reports no progress. */
		res->consumed = consumed;
		res->produced = produced;
		*more = complete_decompress(q, job, sqe) != 0;
	}
	if (!*more && res->status) {
		res->consumed = 0;
		res->produced = 0;
	}
}

/* Hand every job the driver holds back with -EIO (dead queue). */
static int give_back(struct hzip *h, struct warp_job **done, int n, int max)
{
	uint32_t i;

	for (i = 0; i < h->sq_depth && n < max; i++) {
		struct warp_job *job = h->slots[i];

		if (!job)
			continue;
		h->slots[i] = NULL;
		h->ring--;
		list_add(&h->waiting, job);
	}
	while (h->waiting && n < max) {
		struct warp_job *job = h->waiting;

		h->waiting = job->next;
		free((void *)(uintptr_t)job->drv_priv[JP_BOUNCE]);
		job->drv_priv[JP_BOUNCE] = 0;
		memset(&job->res, 0, sizeof(job->res));
		job->res.engine = WARP_ENGINE_DEVICE;
		job->res.status = -EIO;
		h->owned--;
		done[n++] = job;
	}
	return n;
}

static int hzip_poll(struct warp_queue *q, struct warp_job **done, int max)
{
	struct hzip *h = q->priv;
	int n = 0;

	/* Members that waited for a slot. */
	while (h->waiting && !q->dead) {
		struct warp_job *job = h->waiting;
		int r = post(q, &job->sess->p, job);

		if (r == -EBUSY || r == -EIO)
			break;
		h->waiting = job->next;
		if (r < 0) {
			job->res.status = r;
			job->res.consumed = job->res.produced = 0;
			unbounce(job);
			list_add(&h->early, job);
		}
	}
	while (n < max && h->early) {
		struct warp_job *job = h->early;

		h->early = job->next;
		h->owned--;
		done[n++] = job;
	}
	while (n < max && h->ring && !q->dead) {
		uint8_t *cqe = h->cq + (size_t)h->cq_head * QM_CQE_SIZE;
		uint16_t w7 = __atomic_load_n((uint16_t *)(cqe + 14),
					      __ATOMIC_ACQUIRE);
		struct zip_sqe sqe;
		struct warp_job *job;
		uint16_t slot;
		bool more;

		/*
		 * A stopped queue first: its CQ may be gone (a removed
		 * device's pages are replaced by zeroes, see queue.c), and
		 * what it still holds runs again elsewhere.
		 */
		if (rx_stopped(q)) {
			q->dead = true;
			break;
		}
		if ((w7 & 1) != h->phase)
			break;
		slot = *(volatile uint16_t *)(cqe + 8);
		if (slot >= h->sq_depth || !h->slots[slot]) {
			q->dead = true;
			break;
		}
		memcpy(&sqe, h->sq + (size_t)slot * h->sqe_size, sizeof(sqe));
		job = h->slots[slot];
		h->slots[slot] = NULL;
		h->ring--;

		if (++h->cq_head == h->cq_depth) {
			h->cq_head = 0;
			h->phase ^= 1;
		}
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
		ring(q, QM_DB_OFFSET, db_value(h, QM_DB_CMD_CQ, h->cq_head));

		complete(q, job, &sqe, &more);
		if (!more) {
			h->owned--;
			done[n++] = job;
		}
	}
	if (q->dead)
		n = give_back(h, done, n, max);
	return n;
}

static int hzip_inflight(const struct warp_queue *q)
{
	const struct hzip *h = q->priv;

	return h ? h->owned : 0;
}

const struct warp_drv warp_hisi_zip_drv = {
	.name = "hisi_zip",
	.match = hzip_match,
	.supports = hzip_supports,
	.accepts = hzip_accepts,
	.init = hzip_init,
	.fini = hzip_fini,
	.submit = hzip_submit,
	.poll = hzip_poll,
	.inflight = hzip_inflight,
};
