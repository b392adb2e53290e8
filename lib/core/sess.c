// SPDX-License-Identifier: MIT
/*
 * Sessions: synchronous and asynchronous requests, completion polling,
 * streams.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core.h"

#define SESS_MAX_INFLIGHT	1024
#define DEV_SPIN		2000
#define DEV_TIMEOUT_MS		10000

static bool dev_failure(int status)
{
	return status == -EIO || status == -ENXIO || status == -ENODEV ||
	       status == -ETIMEDOUT || status == -EACCES;
}

static void sess_check_fork(struct warp_sess *sess)
{
	struct warp_ctx *ctx = sess->ctx;
	int dir;

	ctx_check_fork(ctx);
	if (sess->gen == ctx->gen)
		return;
	/* A child of fork(): the parent's requests and queues are not ours. */
	sess->gen = ctx->gen;
	pthread_mutex_init(&sess->lock, NULL);
	pthread_cond_init(&sess->cond, NULL);
	sess->done_head = NULL;
	sess->done_tail = &sess->done_head;
	sess->inflight = 0;
	sess->dev_inflight = 0;
	for (dir = 0; dir < 2; dir++) {
		queue_forget(sess->q[dir]);
		sess->q[dir] = NULL;
		sess->no_dev[dir] = false;
	}
}

WARP_API int warp_sess_new(struct warp_ctx *ctx,
			   const struct warp_sess_opts *opts,
			   struct warp_sess **out)
{
	struct warp_sess_opts def = { .format = WARP_FMT_GZIP };
	struct warp_sess *sess;

	if (!ctx || !out)
		return -EINVAL;
	if (!opts)
		opts = &def;
	if (opts->format < WARP_FMT_DEFLATE || opts->format > WARP_FMT_GZIP ||
	    opts->level < 0 || opts->level > 9 ||
	    (opts->window_bits && (opts->window_bits < 8 ||
				   opts->window_bits > 15)) ||
	    opts->policy < WARP_POLICY_DEFAULT ||
	    opts->policy > WARP_POLICY_DEVICE ||
	    (opts->flags & ~WARP_SESS_STOP_AT_END))
		return -EINVAL;
	ctx_check_fork(ctx);
	sess = calloc(1, sizeof(*sess));
	if (!sess)
		return -ENOMEM;
	sess->ctx = ctx;
	sess->gen = ctx->gen;
	sess->p.format = opts->format;
	sess->p.level = opts->level ? opts->level : 6;
	sess->p.wbits = opts->window_bits ? MAX(opts->window_bits, 9) : 15;
	sess->p.flags = opts->flags;
	sess->policy = opts->policy ? opts->policy : ctx->policy;
	if (sess->policy == WARP_POLICY_DEVICE && !ctx->nusable) {
		free(sess);
		return -ENODEV;
	}
	sess->eng = cpu_eng_new();
	if (!sess->eng) {
		free(sess);
		return -ENOMEM;
	}
	pthread_mutex_init(&sess->lock, NULL);
	pthread_cond_init(&sess->cond, NULL);
	sess->done_tail = &sess->done_head;
	*out = sess;
	return 0;
}

static void drop_done(struct warp_sess *sess)
{
	struct warp_job *job;

	pthread_mutex_lock(&sess->lock);
	while ((job = sess->done_head)) {
		sess->done_head = job->next;
		sess->inflight--;
		free(job);
	}
	sess->done_tail = &sess->done_head;
	pthread_mutex_unlock(&sess->lock);
}

WARP_API void warp_sess_free(struct warp_sess *sess)
{
	if (!sess)
		return;
	sess_check_fork(sess);
	/* Let the workers and devices finish with our buffers first. */
	while (sess->inflight) {
		if (!warp_poll(sess, 0, 10))
			continue;
	}
	drop_done(sess);
	sched_put_queue(sess, WARP_DIR_COMPRESS, false);
	sched_put_queue(sess, WARP_DIR_DECOMPRESS, false);
	cpu_eng_free(sess->eng);
	pthread_cond_destroy(&sess->cond);
	pthread_mutex_destroy(&sess->lock);
	free(sess);
}

WARP_API size_t warp_compress_bound(int format, size_t len)
{
	/* Stored blocks: 5 bytes per 16 KiB or less, plus framing. */
	return len + 5 * (len / 16384 + 1) + 18 + 64;
}

static int check_op(const struct warp_op *op)
{
	if (op->dir != WARP_DIR_COMPRESS && op->dir != WARP_DIR_DECOMPRESS)
		return -EINVAL;
	if ((op->src_len && !op->src) || (op->dst_cap && !op->dst))
		return -EINVAL;
	if (op->flags & ~(WARP_OP_PART | WARP_OP_LAST))
		return -EINVAL;
	if ((op->flags & WARP_OP_PART) && op->dir != WARP_DIR_COMPRESS)
		return -EINVAL;
	return 0;
}

/* ---- device path ---- */

/* Hand finished device jobs to their owners; return how many were ours. */
static int dev_reap(struct warp_sess *sess, struct warp_queue *q,
		    struct warp_job *sync_job)
{
	struct warp_job *done[64];
	int n, i, mine = 0;

	n = q->drv->poll(q, done, ARRAY_SIZE(done));
	for (i = 0; i < n; i++) {
		struct warp_job *job = done[i];

		if (job == sync_job) {
			mine = 1;
			continue;
		}
		sess->dev_inflight--;
		if (job->res.status < 0 && sess->policy != WARP_POLICY_DEVICE) {
			/* Failed on the device: the CPU decides (and reports
			 * the exact data error, if there is one). */
			if (!pool_submit(sess->ctx, job))
				continue;
		} else if (job->res.status == DRV_E_DIAGNOSE) {
			/* Device only: the CPU just names the error. */
			job->diag = true;
			if (!pool_submit(sess->ctx, job))
				continue;
			job->res.status = -ENODEV;
		} else if (dev_failure(job->res.status)) {
			job->res.status = -ENODEV;
		}
		sess_complete(sess, job);
	}
	return mine;
}

static int dev_run(struct warp_sess *sess, const struct warp_op *op,
		   struct drv_stream *strm, struct warp_result *res)
{
	struct warp_queue *q = sess->q[op->dir];
	struct warp_job job = { .sess = sess, .op = *op, .strm = strm };
	struct timespec t0, t;
	int r, spins = 0, stale = 0;

	for (;;) {
		r = q->drv->submit(q, &sess->p, &job);
		if (r != -EBUSY)
			break;
		dev_reap(sess, q, NULL);
	}
	if (r)
		goto broken;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (!dev_reap(sess, q, &job)) {
		if (q->dead) {
			r = -EIO;
			goto broken;
		}
		if (++spins < DEV_SPIN)
			continue;
		r = queue_wait(q, 10);
		if (r && r != -ETIMEDOUT) {
			q->dead = true;
			continue;
		}
		/*
		 * Readable, yet nothing came last time: a POLLIN that does
		 * not mean a completion (the model derives it from the
		 * last CQ doorbell it saw, see docs/hisi-sim.md).  Back off
		 * instead of spinning in poll().
		 */
		if (!r && stale++)
			usleep(MIN(10u << MIN(stale, 6), 500u));
		clock_gettime(CLOCK_MONOTONIC, &t);
		if ((t.tv_sec - t0.tv_sec) * 1000 +
		    (t.tv_nsec - t0.tv_nsec) / 1000000 > DEV_TIMEOUT_MS) {
			r = -ETIMEDOUT;
			q->dead = true;
			goto broken;
		}
	}
	*res = job.res;
	return res->status;

broken:
	/* Collect what the queue still holds, then let it go. */
	if (q->dead)
		dev_reap(sess, q, &job);
	sched_put_queue(sess, op->dir, true);
	memset(res, 0, sizeof(*res));
	res->engine = WARP_ENGINE_DEVICE;
	res->status = r;
	return r;
}

int sess_dev_step(struct warp_sess *sess, const struct warp_op *op,
		  struct drv_stream *strm, struct warp_result *res)
{
	memset(res, 0, sizeof(*res));
	sess_check_fork(sess);
	if (!sched_get_queue(sess, op->dir)) {
		res->status = -ENODEV;
		return -ENODEV;
	}
	return dev_run(sess, op, strm, res);
}

WARP_API int warp_run(struct warp_sess *sess, const struct warp_op *op,
		      struct warp_result *res)
{
	struct warp_result tmp;
	int r;

	if (!res)
		res = &tmp;
	memset(res, 0, sizeof(*res));
	r = check_op(op);
	if (r) {
		res->status = r;
		return r;
	}
	sess_check_fork(sess);
	if (sched_use_device(sess, op)) {
		r = dev_run(sess, op, NULL, res);
		if (r >= 0)
			return r;
		if (sess->policy == WARP_POLICY_DEVICE) {
			if (r == DRV_E_DIAGNOSE) {
				/* The CPU only names the device's error. */
				r = cpu_run(sess->eng, &sess->p, op, res);
				if (r >= 0)
					r = -ENODEV;
			} else if (dev_failure(r)) {
				r = -ENODEV;
			}
			memset(res, 0, sizeof(*res));
			res->engine = WARP_ENGINE_DEVICE;
			res->status = r;
			return r;
		}
		/* Device failure or data error: the CPU has the last word. */
	} else if (sess->policy == WARP_POLICY_DEVICE) {
		res->status = -ENODEV;
		return -ENODEV;
	}
	return cpu_run(sess->eng, &sess->p, op, res);
}

/* One whole buffer in @dir: bytes produced, or a negative error. */
static long run_whole(struct warp_sess *sess, int dir, const void *src,
		      size_t src_len, void *dst, size_t dst_cap,
		      struct warp_result *res)
{
	struct warp_op op = {
		.dir = dir, .src = src, .src_len = src_len,
		.dst = dst, .dst_cap = dst_cap,
	};
	struct warp_result tmp;
	int r;

	if (!res)
		res = &tmp;
	r = warp_run(sess, &op, res);
	return r < 0 ? r : (long)res->produced;
}

WARP_API long warp_compress(struct warp_sess *sess, const void *src,
			    size_t src_len, void *dst, size_t dst_cap,
			    struct warp_result *res)
{
	return run_whole(sess, WARP_DIR_COMPRESS, src, src_len, dst, dst_cap,
			 res);
}

WARP_API long warp_decompress(struct warp_sess *sess, const void *src,
			      size_t src_len, void *dst, size_t dst_cap,
			      struct warp_result *res)
{
	return run_whole(sess, WARP_DIR_DECOMPRESS, src, src_len, dst, dst_cap,
			 res);
}

/* ---- asynchronous ---- */

void sess_complete(struct warp_sess *sess, struct warp_job *job)
{
	job->next = NULL;
	pthread_mutex_lock(&sess->lock);
	*sess->done_tail = job;
	sess->done_tail = &job->next;
	pthread_cond_signal(&sess->cond);
	pthread_mutex_unlock(&sess->lock);
}

WARP_API int warp_submit(struct warp_sess *sess, const struct warp_op *op,
			 warp_done_fn done, void *arg)
{
	struct warp_job *job;
	int r = check_op(op);

	if (r)
		return r;
	sess_check_fork(sess);
	if (sess->inflight >= SESS_MAX_INFLIGHT)
		return -EAGAIN;
	job = calloc(1, sizeof(*job));
	if (!job)
		return -ENOMEM;
	job->sess = sess;
	job->op = *op;
	job->done = done;
	job->arg = arg;

	if (sched_use_device(sess, op)) {
		struct warp_queue *q = sess->q[op->dir];

		r = q->drv->submit(q, &sess->p, job);
		if (r == -EBUSY && sess->policy == WARP_POLICY_DEVICE) {
			/* Back off: make room by reaping, then retry. */
			while (r == -EBUSY && !q->dead) {
				dev_reap(sess, q, NULL);
				r = q->drv->submit(q, &sess->p, job);
			}
		}
		if (!r) {
			sess->inflight++;
			sess->dev_inflight++;
			return 0;
		}
		if (r != -EBUSY) {
			dev_reap(sess, q, NULL);
			if (!q->drv->inflight(q))
				sched_put_queue(sess, op->dir, true);
		}
		if (sess->policy == WARP_POLICY_DEVICE) {
			free(job);
			return -ENODEV;
		}
		/* A full or failed queue: the CPU takes this one. */
	} else if (sess->policy == WARP_POLICY_DEVICE) {
		free(job);
		return -ENODEV;
	}
	r = pool_submit(sess->ctx, job);
	if (r) {
		free(job);
		return r;
	}
	sess->inflight++;
	return 0;
}

static void dev_poll_all(struct warp_sess *sess)
{
	int dir;

	for (dir = 0; dir < 2; dir++) {
		struct warp_queue *q = sess->q[dir];

		if (!q || !q->drv->inflight(q))
			continue;
		dev_reap(sess, q, NULL);
		if (q->dead && !q->drv->inflight(q))
			sched_put_queue(sess, dir, true);
	}
}

static void deadline(struct timespec *ts, int ms)
{
	clock_gettime(CLOCK_REALTIME, ts);
	ts->tv_sec += ms / 1000;
	ts->tv_nsec += (long)(ms % 1000) * 1000000;
	if (ts->tv_nsec >= 1000000000) {
		ts->tv_sec++;
		ts->tv_nsec -= 1000000000;
	}
}

static bool expired(const struct timespec *ts)
{
	struct timespec now;

	clock_gettime(CLOCK_REALTIME, &now);
	return now.tv_sec > ts->tv_sec ||
	       (now.tv_sec == ts->tv_sec && now.tv_nsec >= ts->tv_nsec);
}

/* Take up to @max (0: all) completions off the list.  sess->lock held. */
static struct warp_job *take_done(struct warp_sess *sess, unsigned int max)
{
	struct warp_job *list = sess->done_head, *job = list;
	unsigned int k;

	if (!list)
		return NULL;
	if (max) {
		for (k = 1; job->next && k < max; k++)
			job = job->next;
		sess->done_head = job->next;
		job->next = NULL;
	} else {
		sess->done_head = NULL;
	}
	if (!sess->done_head)
		sess->done_tail = &sess->done_head;
	return list;
}

WARP_API int warp_poll(struct warp_sess *sess, unsigned int max,
		       int timeout_ms)
{
	struct warp_job *list, *job;
	struct timespec ts;
	unsigned int n = 0;
	bool timed_out = false;
	int dir, stale = 0;

	sess_check_fork(sess);
	if (timeout_ms > 0)
		deadline(&ts, timeout_ms);
	for (;;) {
		if (sess->dev_inflight)
			dev_poll_all(sess);
		pthread_mutex_lock(&sess->lock);
		list = take_done(sess, max);
		if (list || !sess->inflight || !timeout_ms || timed_out) {
			pthread_mutex_unlock(&sess->lock);
			break;
		}
		if (sess->dev_inflight) {
			/* Device work in flight: wait on its queue a little. */
			pthread_mutex_unlock(&sess->lock);
			for (dir = 0; dir < 2; dir++) {
				struct warp_queue *q = sess->q[dir];

				if (q && q->drv->inflight(q)) {
					/* As in dev_run(): a stale POLLIN. */
					if (!queue_wait(q, 1) && stale++)
						usleep(MIN(10u << MIN(stale, 6),
							   500u));
					break;
				}
			}
			timed_out = timeout_ms > 0 && expired(&ts);
			continue;
		}
		if (timeout_ms < 0)
			pthread_cond_wait(&sess->cond, &sess->lock);
		else if (pthread_cond_timedwait(&sess->cond, &sess->lock, &ts))
			timed_out = true;
		pthread_mutex_unlock(&sess->lock);
	}
	while ((job = list)) {
		list = job->next;
		sess->inflight--;
		if (job->done)
			job->done(job->arg, &job->res);
		free(job);
		n++;
	}
	return n;
}

WARP_API int warp_sess_inflight(const struct warp_sess *sess)
{
	return sess->inflight;
}

WARP_API int warp_sess_max_inflight(const struct warp_sess *sess)
{
	return SESS_MAX_INFLIGHT;
}

/* ---- streams ---- */

WARP_API int warp_stream_new(struct warp_sess *sess, int dir,
			     struct warp_stream **out)
{
	struct warp_stream *st;

	if (!sess || !out ||
	    (dir != WARP_DIR_COMPRESS && dir != WARP_DIR_DECOMPRESS))
		return -EINVAL;
	sess_check_fork(sess);
	/*
	 * A stream cannot move between engines half way, so only sessions
	 * that ask for the device get a device stream.
	 */
	if (sess->policy == WARP_POLICY_DEVICE &&
	    !dstream_possible(sess, dir))
		return -ENODEV;
	st = calloc(1, sizeof(*st));
	if (!st)
		return -ENOMEM;
	st->sess = sess;
	st->dir = dir;
	if (sess->policy == WARP_POLICY_DEVICE)
		st->dev = dstream_new(sess, dir);
	else if (dir == WARP_DIR_COMPRESS)
		st->enc = cpu_enc_new(&sess->p);
	else
		st->dec = cpu_dec_new(&sess->p);
	if (!st->enc && !st->dec && !st->dev) {
		free(st);
		return -ENOMEM;
	}
	sess->streams++;
	*out = st;
	return 0;
}

WARP_API void warp_stream_free(struct warp_stream *st)
{
	if (!st)
		return;
	st->sess->streams--;
	dstream_free(st->dev);
	cpu_enc_free(st->enc);
	cpu_dec_free(st->dec);
	free(st);
}

WARP_API int warp_stream_reset(struct warp_stream *st)
{
	st->total_in = st->total_out = 0;
	if (st->dev) {
		dstream_reset(st->dev);
		return 0;
	}
	if (st->enc)
		return cpu_enc_reset(st->enc);
	cpu_dec_reset(st->dec);
	return 0;
}

WARP_API int warp_stream_process(struct warp_stream *st, const void *in,
				 size_t in_len, size_t *in_used, void *out,
				 size_t out_cap, size_t *out_used, int flush)
{
	size_t iu = 0, ou = 0;
	int r;

	if ((in_len && !in) || (out_cap && !out) || !in_used || !out_used ||
	    flush < WARP_NO_FLUSH || flush > WARP_FINISH)
		return -EINVAL;
	if (st->dev)
		r = dstream_process(st->dev, in, in_len, &iu, out, out_cap,
				    &ou, flush);
	else if (st->enc)
		r = cpu_enc_process(st->enc, in, in_len, &iu, out, out_cap,
				    &ou, flush);
	else
		r = cpu_dec_process(st->dec, in, in_len, &iu, out, out_cap,
				    &ou, flush);
	st->total_in += iu;
	st->total_out += ou;
	*in_used = iu;
	*out_used = ou;
	return r;
}

WARP_API int warp_stream_engine(const struct warp_stream *st)
{
	return st->dev ? WARP_ENGINE_DEVICE : WARP_ENGINE_CPU;
}

WARP_API void warp_stream_total(const struct warp_stream *st,
				uint64_t *total_in, uint64_t *total_out)
{
	if (total_in)
		*total_in = st->total_in;
	if (total_out)
		*total_out = st->total_out;
}
