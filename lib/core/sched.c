// SPDX-License-Identifier: MIT
/*
 * Scheduling: which engine runs a request, and device queue leases.
 *
 * A session leases at most one queue per direction, on its first request
 * that suits a device, and keeps it until it is freed; the data path then
 * touches only the session's own queue.  Leases come from the context's
 * idle list (ctx->lock) or from a newly opened queue on the device
 * warp_dev_pick() chooses.  A queue that fails is closed and the session
 * tries another one (or the CPU) on its next request.
 */
#include <stdlib.h>
#include <string.h>

#include "core.h"

static const char *alg_name(int format)
{
	switch (format) {
	case WARP_FMT_ZLIB:
		return "zlib";
	case WARP_FMT_GZIP:
		return "gzip";
	default:
		return "deflate";
	}
}

struct warp_queue *sched_get_queue(struct warp_sess *sess, int dir)
{
	struct warp_ctx *ctx = sess->ctx;
	struct warp_queue **pp, *q;
	struct warp_dev_info *cand;
	int i, n, r;

	if (sess->q[dir])
		return sess->q[dir];
	if (sess->no_dev[dir] || !ctx->nusable)
		return NULL;

	pthread_mutex_lock(&ctx->lock);
	for (pp = &ctx->idle; (q = *pp); pp = &q->next) {
		if (q->dir == dir && q->drv->supports(q->dev, &sess->p, dir)) {
			*pp = q->next;
			q->next = NULL;
			break;
		}
	}
	pthread_mutex_unlock(&ctx->lock);
	if (q) {
		sess->q[dir] = q;
		return q;
	}

	/* Candidates: usable devices whose driver supports the request. */
	cand = calloc(ctx->ndevs, sizeof(*cand));
	if (!cand)
		return NULL;
	for (i = 0, n = 0; i < ctx->ndevs; i++) {
		const struct warp_drv *drv = drv_find(ctx->devs[i].api);

		if (ctx->devs[i].usable && drv &&
		    drv->supports(&ctx->devs[i], &sess->p, dir))
			cand[n++] = ctx->devs[i];
	}
	while (n > 0) {
		const struct warp_dev_info *dev = NULL;

		i = warp_dev_pick(ctx->sysfs_root, cand, n,
				  alg_name(sess->p.format), -1);
		if (i < 0)
			break;
		for (r = 0; r < ctx->ndevs; r++)
			if (!strcmp(ctx->devs[r].name, cand[i].name))
				dev = &ctx->devs[r];
		r = queue_open(ctx->dev_root, dev, drv_find(dev->api), dir,
			       &q);
		if (!r) {
			sess->q[dir] = q;
			break;
		}
		/* This device cannot give us a queue: try the next one. */
		cand[i] = cand[--n];
	}
	free(cand);
	if (!sess->q[dir])
		sess->no_dev[dir] = true;
	return sess->q[dir];
}

void sched_put_queue(struct warp_sess *sess, int dir, bool broken)
{
	struct warp_ctx *ctx = sess->ctx;
	struct warp_queue *q = sess->q[dir];

	if (!q)
		return;
	sess->q[dir] = NULL;
	if (broken || q->dead || q->drv->inflight(q)) {
		queue_close(q);
		return;
	}
	pthread_mutex_lock(&ctx->lock);
	q->next = ctx->idle;
	ctx->idle = q;
	pthread_mutex_unlock(&ctx->lock);
}

bool sched_use_device(struct warp_sess *sess, const struct warp_op *op)
{
	struct warp_queue *q;

	if (sess->policy == WARP_POLICY_CPU || !sess->ctx->nusable)
		return false;
	if (op->dir != WARP_DIR_COMPRESS && op->dir != WARP_DIR_DECOMPRESS)
		return false;
	if (sess->policy == WARP_POLICY_AUTO &&
	    op->src_len < sess->ctx->min_dev)
		return false;
	q = sched_get_queue(sess, op->dir);
	return q && q->drv->accepts(q, &sess->p, op);
}

void sched_release_all(struct warp_ctx *ctx)
{
	while (ctx->idle) {
		struct warp_queue *q = ctx->idle;

		ctx->idle = q->next;
		queue_close(q);
	}
}
