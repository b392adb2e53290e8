/* SPDX-License-Identifier: MIT */
/*
 * libwarp core objects: context, sessions, jobs, the CPU worker pool and
 * device queues.
 *
 * Locking (no lock is global; nothing is shared between contexts):
 *  - ctx->lock protects the idle-queue lists and the worker pool's start;
 *    it is taken when a session leases or returns a queue, never per
 *    request;
 *  - ctx->pool.lock protects the pool's job list (CPU asynchronous
 *    requests only);
 *  - sess->lock protects the session's completion list, which worker
 *    threads append to;
 *  - a leased queue belongs to one session, which is used by one thread at
 *    a time, so the data path of a device request takes no lock.
 *
 * Fork: every context owns a page mapped with MADV_WIPEONFORK holding a
 * non-zero word.  A child of fork() reads zero there, and the next call
 * into the context drops what belongs to the parent (worker threads, which
 * do not exist in the child, queued jobs, device queues, whose mappings the
 * child does not inherit) and re-arms the page.  No atfork handler, no
 * global state.
 */
#ifndef WARP_CORE_H
#define WARP_CORE_H

#include "../internal.h"
#include "../drivers/drv.h"

struct warp_job {
	struct warp_job *next;
	struct warp_sess *sess;
	struct warp_op op;
	struct warp_result res;
	warp_done_fn done;
	void *arg;
	/* Driver scratch (the queue slot a device job occupies, ...). */
	uint64_t drv_priv[8];
	/* Run on the CPU only to name the device's error (device policy). */
	bool diag;
	/* A device stream step (synchronous only), or NULL. */
	struct drv_stream *strm;
};

struct warp_pool {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	struct warp_job *head, **tail;
	pthread_t *threads;
	unsigned int nthreads;
	unsigned int want;
	bool stop;
};

struct warp_ctx {
	int policy;
	size_t min_dev;
	char sysfs_root[PATH_MAX];
	char dev_root[PATH_MAX];
	struct warp_dev_info *devs;
	int ndevs;
	int nusable;

	pthread_mutex_t lock;
	struct warp_queue *idle;	/* open queues nobody leases */

	struct warp_pool pool;

	volatile uint32_t *fork_word;	/* MADV_WIPEONFORK page */
	pid_t pid;			/* fallback when madvise fails */
	unsigned int gen;		/* bumped when a fork is noticed */
};

struct warp_sess {
	struct warp_ctx *ctx;
	struct warp_params p;
	int policy;
	unsigned int gen;
	struct cpu_eng *eng;
	struct warp_queue *q[2];	/* leased device queue per direction */
	bool no_dev[2];			/* opening one failed: stop trying */

	pthread_mutex_t lock;
	pthread_cond_t cond;
	struct warp_job *done_head, **done_tail;
	int inflight;			/* submitted, callback not yet run */
	int dev_inflight;
	int streams;
};

struct dstream;

struct warp_stream {
	struct warp_sess *sess;
	int dir;
	struct cpu_enc *enc;
	struct cpu_dec *dec;
	struct dstream *dev;		/* a stream on the device */
	uint64_t total_in, total_out;
};

void ctx_check_fork(struct warp_ctx *ctx);
/* One synchronous device request of a stream on the session's queue. */
int sess_dev_step(struct warp_sess *sess, const struct warp_op *op,
		  struct drv_stream *strm, struct warp_result *res);

/* Device streams (dstream.c). */
bool dstream_possible(struct warp_sess *sess, int dir);
struct dstream *dstream_new(struct warp_sess *sess, int dir);
void dstream_free(struct dstream *d);
void dstream_reset(struct dstream *d);
int dstream_process(struct dstream *d, const uint8_t *in, size_t in_len,
		    size_t *in_used, uint8_t *out, size_t out_cap,
		    size_t *out_used, int flush);
int pool_submit(struct warp_ctx *ctx, struct warp_job *job);
void sess_complete(struct warp_sess *sess, struct warp_job *job);

/* Queue leases (sched.c). */
struct warp_queue *sched_get_queue(struct warp_sess *sess, int dir);
void sched_put_queue(struct warp_sess *sess, int dir, bool broken);
bool sched_use_device(struct warp_sess *sess, const struct warp_op *op);
void sched_release_all(struct warp_ctx *ctx);

#endif /* WARP_CORE_H */
