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
#define ZIP_MIN_OUT		64

/* dw3 status */
#define ZIP_ST_OK		0x00
#define ZIP_ST_NEGACOMP		0x0d
#define ZIP_ST_DSTLEN		0x0e
#define ZIP_ST_CRC		0x10
#define ZIP_ST_DECOMP_END	0x13

/* dw7 */
#define ZIP_DW7_FINISH		(1u << 25)
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
	int inflight;
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

/* Length of the zlib/gzip header at the start of @src, or an error. */
static int parse_header(int format, const uint8_t *src, size_t len)
{
	struct hdr_parser hp;
	size_t used;
	int r;

	hdr_init(&hp, format);
	r = hdr_feed(&hp, src, len, &used);
	if (r != 1)
		return r < 0 ? r : -EINVAL;
	return (int)used;
}

static bool hzip_accepts(const struct warp_queue *q,
			 const struct warp_params *p, const struct warp_op *op)
{
	int h;

	if (op->flags || !op->src_len || op->src_len > ZIP_MAX_BUF ||
	    op->dst_cap < ZIP_MIN_OUT)
		return false;
	if (op->dir == WARP_DIR_COMPRESS)
		return true;
	h = parse_header(p->format, op->src, op->src_len);
	return h >= 0 && (size_t)h < op->src_len;
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

static int hzip_submit(struct warp_queue *q, const struct warp_params *p,
		       struct warp_job *job)
{
	struct hzip *h = q->priv;
	const struct warp_op *op = &job->op;
	struct zip_sqe sqe = { 0 };
	uint32_t slot = h->sq_tail, type;
	uint64_t src, dst;
	size_t in_len, out_cap, hlen = 0;
	int r;

	if (q->dead)
		return -EIO;
	if (h->inflight >= h->sq_depth - 1 || h->slots[slot])
		return -EBUSY;
	if (tx_stopped(q)) {
		q->dead = true;
		return -EIO;
	}
	src = (uintptr_t)op->src;
	dst = (uintptr_t)op->dst;
	in_len = op->src_len;
	out_cap = op->dst_cap;
	if (op->dir == WARP_DIR_COMPRESS) {
		/* Software header, as the hardware writes none (§5.7). */
		hlen = hdr_write(p->format, p->level, 15, op->dst);
		dst += hlen;
		out_cap -= hlen;
	} else {
		r = parse_header(p->format, op->src, op->src_len);
		if (r < 0)
			return r;
		hlen = r;
		src += hlen;
		in_len -= hlen;
	}
	out_cap = MIN(out_cap, (size_t)ZIP_MAX_BUF);

	type = h->api_ver >= 3 || p->format == WARP_FMT_DEFLATE ? 3 : 0;
	sqe.dw[4] = in_len;
	sqe.dw[7] = type << ZIP_DW7_TYPE_SHIFT | ZIP_DW7_NEW | ZIP_DW7_FINISH;
	sqe.dw[9] = (p->format == WARP_FMT_GZIP ? ZIP_ALG_GZIP :
		     p->format == WARP_FMT_ZLIB ? ZIP_ALG_ZLIB :
		     ZIP_ALG_DEFLATE) | window_code(p->wbits) << 12;
	if (type == 3)
		sqe.dw[26] = slot;
	else
		sqe.dw[13] = slot;
	sqe.dw[14] = out_cap;
	sqe.dw[18] = (uint32_t)src;
	sqe.dw[19] = (uint32_t)(src >> 32);
	sqe.dw[20] = (uint32_t)dst;
	sqe.dw[21] = (uint32_t)(dst >> 32);

	job->drv_priv[0] = hlen;
	job->drv_priv[1] = slot;
	h->slots[slot] = job;
	memcpy(h->sq + (size_t)slot * h->sqe_size, &sqe, sizeof(sqe));
	h->sq_tail = (slot + 1) % h->sq_depth;
	h->inflight++;

	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (h->sim)
		ring(q, HISI_QM_SIM_SQ_DB_OFFSET,
		     db_value(h, QM_DB_CMD_SQ, h->sq_tail));
	ring(q, QM_DB_OFFSET, db_value(h, QM_DB_CMD_SQ, h->sq_tail));
	if (h->sim) {
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
		if (*(volatile uint32_t *)((uint8_t *)q->mmio +
					   HISI_QM_SIM_WAKE_OFFSET) &
		    HISI_QM_SIM_NEED_WAKEUP)
			ioctl(q->fd, UACCE_CMD_QM_SIM_KICK);
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

/*
 * Stateless decompression result: the hardware may or may not have read
 * the trailer (interface §5.7, UNVERIFIED), so look for it at both places
 * and check it against our own checksum of the output.
 */
static int finish_decompress(const struct warp_params *p,
			     const struct warp_op *op, size_t hlen,
			     size_t dw0, struct warp_result *res)
{
	size_t tl = trl_len(p->format), pos = hlen + dw0;
	const uint8_t *s = op->src;
	uint32_t check;

	if (!tl) {
		res->consumed = pos;
	} else {
		check = check_update(p->format, check_init(p->format),
				     op->dst, res->produced);
		if (pos + tl <= op->src_len &&
		    !trl_check(p->format, s + pos, check, res->produced))
			res->consumed = pos + tl;
		else if (dw0 >= tl &&
			 !trl_check(p->format, s + pos - tl, check,
				    res->produced))
			res->consumed = pos;
		else
			return WARP_E_CHECKSUM;
		res->check = check;
	}
	/* More members or trailing bytes: the CPU engine sorts them out. */
	if (res->consumed < op->src_len &&
	    !(p->flags & WARP_SESS_STOP_AT_END))
		return WARP_E_TRAILING;
	return 0;
}

static void complete(struct warp_queue *q, struct warp_job *job,
		     const struct zip_sqe *sqe)
{
	struct warp_sess *sess = job->sess;
	const struct warp_params *p = &sess->p;
	const struct warp_op *op = &job->op;
	struct warp_result *res = &job->res;
	size_t hlen = job->drv_priv[0];
	uint32_t st = sqe->dw[3] & 0xff;

	memset(res, 0, sizeof(*res));
	res->engine = WARP_ENGINE_DEVICE;
	if (op->dir == WARP_DIR_COMPRESS) {
		if (st == ZIP_ST_DSTLEN) {
			res->status = WARP_E_OUTPUT_FULL;
			return;
		}
		if ((st != ZIP_ST_OK && st != ZIP_ST_NEGACOMP) ||
		    sqe->dw[0] != op->src_len ||
		    hlen + sqe->dw[1] > op->dst_cap) {
			res->status = -EIO;
			return;
		}
		res->consumed = op->src_len;
		res->produced = hlen + sqe->dw[1];
		if (p->format == WARP_FMT_GZIP && res->produced >= 18)
			res->check = le32((uint8_t *)op->dst +
					  res->produced - 8);
		else if (p->format == WARP_FMT_ZLIB && res->produced >= 6)
			res->check = be32((uint8_t *)op->dst +
					  res->produced - 4);
		return;
	}
	if (st == ZIP_ST_DSTLEN) {
		res->status = WARP_E_OUTPUT_FULL;
		return;
	}
	if (st == ZIP_ST_CRC) {
		res->status = WARP_E_CHECKSUM;
		return;
	}
	if ((st != ZIP_ST_OK && st != ZIP_ST_DECOMP_END) ||
	    hlen + sqe->dw[0] > op->src_len || sqe->dw[1] > op->dst_cap) {
		res->status = WARP_E_CORRUPT;
		return;
	}
	res->produced = sqe->dw[1];
	res->status = finish_decompress(p, op, hlen, sqe->dw[0], res);
}

static int hzip_poll(struct warp_queue *q, struct warp_job **done, int max)
{
	struct hzip *h = q->priv;
	int n = 0;
	uint32_t i;

	while (n < max && h->inflight && !q->dead) {
		uint8_t *cqe = h->cq + (size_t)h->cq_head * QM_CQE_SIZE;
		uint16_t w7 = __atomic_load_n((uint16_t *)(cqe + 14),
					      __ATOMIC_ACQUIRE);
		struct zip_sqe sqe;
		struct warp_job *job;
		uint16_t slot;

		if ((w7 & 1) != h->phase)
			break;
		slot = *(uint16_t *)(cqe + 8);
		if (slot >= h->sq_depth || !h->slots[slot]) {
			q->dead = true;
			break;
		}
		memcpy(&sqe, h->sq + (size_t)slot * h->sqe_size, sizeof(sqe));
		job = h->slots[slot];
		h->slots[slot] = NULL;
		h->inflight--;
		complete(q, job, &sqe);
		done[n++] = job;

		if (++h->cq_head == h->cq_depth) {
			h->cq_head = 0;
			h->phase ^= 1;
		}
		if (rx_stopped(q)) {
			q->dead = true;
			break;
		}
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
		ring(q, QM_DB_OFFSET, db_value(h, QM_DB_CMD_CQ, h->cq_head));
	}
	if (!q->dead)
		return n;
	/* The device is gone: hand every queued job back for elsewhere. */
	for (i = 0; i < h->sq_depth && n < max; i++) {
		struct warp_job *job = h->slots[i];

		if (!job)
			continue;
		h->slots[i] = NULL;
		h->inflight--;
		memset(&job->res, 0, sizeof(job->res));
		job->res.engine = WARP_ENGINE_DEVICE;
		job->res.status = -EIO;
		done[n++] = job;
	}
	return n;
}

static int hzip_inflight(const struct warp_queue *q)
{
	const struct hzip *h = q->priv;

	return h ? h->inflight : 0;
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
