// SPDX-License-Identifier: MIT
/*
 * Library contexts, fork detection, the CPU worker pool, error strings.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "core.h"

#define STR2(x) #x
#define STR(x) STR2(x)

WARP_API const char *warp_version(void)
{
	return STR(WARP_VERSION_MAJOR) "." STR(WARP_VERSION_MINOR) "."
	       STR(WARP_VERSION_PATCH);
}

WARP_API const char *warp_engine_name(int engine)
{
	switch (engine) {
	case WARP_ENGINE_CPU:
		return "cpu";
	case WARP_ENGINE_DEVICE:
		return "device";
	default:
		return "none";
	}
}

WARP_API const char *warp_strerror(int err)
{
	switch (err) {
	case 0:
		return "success";
	case WARP_E_OUTPUT_FULL:
		return "output buffer too small";
	case WARP_E_CORRUPT:
		return "corrupt compressed data";
	case WARP_E_TRUNCATED:
		return "compressed data truncated";
	case WARP_E_TRAILING:
		return "trailing garbage after compressed data";
	case WARP_E_CHECKSUM:
		return "checksum mismatch";
	case -ENOTSUP:
		return "unsupported feature (preset dictionary)";
	case -ENODEV:
		return "no usable device";
	case -EINVAL:
		return "invalid argument";
	case -ENOMEM:
		return "out of memory";
	case -EAGAIN:
		return "too many requests in flight";
	case -EIO:
		return "device error";
	default:
		return err < 0 ? "error" : "success";
	}
}

/* ---- worker pool ---- */

static void *pool_worker(void *arg)
{
	struct warp_ctx *ctx = arg;
	struct warp_pool *pool = &ctx->pool;
	struct cpu_eng *eng = cpu_eng_new();
	struct warp_job *job;

	for (;;) {
		pthread_mutex_lock(&pool->lock);
		while (!pool->head && !pool->stop)
			pthread_cond_wait(&pool->cond, &pool->lock);
		job = pool->head;
		if (!job) {
			pthread_mutex_unlock(&pool->lock);
			break;
		}
		pool->head = job->next;
		if (!pool->head)
			pool->tail = &pool->head;
		pthread_mutex_unlock(&pool->lock);

		if (eng) {
			cpu_run(eng, &job->sess->p, &job->op, &job->res);
		} else {
			memset(&job->res, 0, sizeof(job->res));
			job->res.status = -ENOMEM;
		}
		if (job->diag) {
			/* A device-only request: only the error counts. */
			int st = job->res.status < 0 ? job->res.status :
				 -ENODEV;

			memset(&job->res, 0, sizeof(job->res));
			job->res.engine = WARP_ENGINE_DEVICE;
			job->res.status = st;
		}
		sess_complete(job->sess, job);
	}
	cpu_eng_free(eng);
	return NULL;
}

static void pool_init(struct warp_pool *pool, unsigned int want)
{
	pthread_mutex_init(&pool->lock, NULL);
	pthread_cond_init(&pool->cond, NULL);
	pool->head = NULL;
	pool->tail = &pool->head;
	pool->threads = NULL;
	pool->nthreads = 0;
	pool->want = want;
	pool->stop = false;
}

/* Start the threads on first use.  Called with ctx->lock held. */
static int pool_start(struct warp_ctx *ctx)
{
	struct warp_pool *pool = &ctx->pool;
	unsigned int i;

	if (pool->nthreads)
		return 0;
	pool->threads = calloc(pool->want, sizeof(*pool->threads));
	if (!pool->threads)
		return -ENOMEM;
	for (i = 0; i < pool->want; i++) {
		if (pthread_create(&pool->threads[i], NULL, pool_worker, ctx))
			break;
	}
	__atomic_store_n(&pool->nthreads, i, __ATOMIC_RELEASE);
	return i ? 0 : -EAGAIN;
}

int pool_submit(struct warp_ctx *ctx, struct warp_job *job)
{
	struct warp_pool *pool = &ctx->pool;

	if (!__atomic_load_n(&pool->nthreads, __ATOMIC_ACQUIRE)) {
		int r;

		pthread_mutex_lock(&ctx->lock);
		r = pool_start(ctx);
		pthread_mutex_unlock(&ctx->lock);
		if (r)
			return r;
	}
	job->next = NULL;
	pthread_mutex_lock(&pool->lock);
	*pool->tail = job;
	pool->tail = &job->next;
	pthread_cond_signal(&pool->cond);
	pthread_mutex_unlock(&pool->lock);
	return 0;
}

static void pool_stop(struct warp_pool *pool)
{
	unsigned int i;

	pthread_mutex_lock(&pool->lock);
	pool->stop = true;
	pthread_cond_broadcast(&pool->cond);
	pthread_mutex_unlock(&pool->lock);
	for (i = 0; i < pool->nthreads; i++)
		pthread_join(pool->threads[i], NULL);
	free(pool->threads);
	pool->threads = NULL;
	pool->nthreads = 0;
}

/* ---- fork ---- */

void ctx_check_fork(struct warp_ctx *ctx)
{
	bool child;

	if (ctx->fork_word)
		child = !*ctx->fork_word;
	else
		child = getpid() != ctx->pid;
	if (!child)
		return;
	/*
	 * We are the only thread of a new child.  The parent's worker threads
	 * and queue mappings do not exist here; its locks may have been held
	 * at fork time, so start them afresh.  Queued jobs belong to the
	 * parent's sessions: dropped (their memory is leaked, not freed,
	 * since the parent's state they point to is a copy).
	 */
	pthread_mutex_init(&ctx->lock, NULL);
	pool_init(&ctx->pool, ctx->pool.want);
	while (ctx->idle) {
		struct warp_queue *q = ctx->idle;

		ctx->idle = q->next;
		queue_forget(q);
	}
	ctx->gen++;
	ctx->pid = getpid();
	if (ctx->fork_word)
		*ctx->fork_word = 1;
}

/* ---- context ---- */

WARP_API int warp_ctx_new(const struct warp_ctx_opts *opts,
			  struct warp_ctx **out)
{
	struct warp_ctx_opts def = { 0 };
	struct warp_ctx *ctx;
	long ncpu;
	void *page;
	int n, i;

	if (!opts)
		opts = &def;
	if (opts->policy < WARP_POLICY_DEFAULT ||
	    opts->policy > WARP_POLICY_DEVICE)
		return -EINVAL;
	ctx = calloc(1, sizeof(*ctx));
	if (!ctx)
		return -ENOMEM;
	ctx->policy = opts->policy ? opts->policy : WARP_POLICY_AUTO;
	ctx->min_dev = opts->min_device_bytes ? opts->min_device_bytes : 4096;
	snprintf(ctx->sysfs_root, sizeof(ctx->sysfs_root), "%s",
		 opts->sysfs_root ? opts->sysfs_root :
		 warp_env_or("WARP_SYSFS_ROOT", "/sys"));
	snprintf(ctx->dev_root, sizeof(ctx->dev_root), "%s",
		 opts->dev_root ? opts->dev_root :
		 warp_env_or("WARP_DEV_ROOT", "/dev"));
	ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	pthread_mutex_init(&ctx->lock, NULL);
	pool_init(&ctx->pool, opts->workers ? opts->workers :
		  ncpu > 0 ? (unsigned int)ncpu : 1);

	ctx->pid = getpid();
	page = mmap(NULL, sysconf(_SC_PAGESIZE), PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (page != MAP_FAILED) {
		if (madvise(page, sysconf(_SC_PAGESIZE), MADV_WIPEONFORK)) {
			munmap(page, sysconf(_SC_PAGESIZE));
		} else {
			ctx->fork_word = page;
			*ctx->fork_word = 1;
		}
	}

	n = warp_dev_scan(ctx->sysfs_root, &ctx->devs);
	if (n < 0) {
		warp_ctx_free(ctx);
		return n;
	}
	ctx->ndevs = n;
	for (i = 0; i < n; i++)
		ctx->nusable += ctx->devs[i].usable;
	if (ctx->policy == WARP_POLICY_DEVICE && !ctx->nusable) {
		warp_ctx_free(ctx);
		return -ENODEV;
	}
	*out = ctx;
	return 0;
}

WARP_API void warp_ctx_free(struct warp_ctx *ctx)
{
	if (!ctx)
		return;
	ctx_check_fork(ctx);
	pool_stop(&ctx->pool);
	sched_release_all(ctx);
	warp_dev_list_free(ctx->devs);
	if (ctx->fork_word)
		munmap((void *)ctx->fork_word, sysconf(_SC_PAGESIZE));
	free(ctx);
}

WARP_API int warp_ctx_device_count(struct warp_ctx *ctx)
{
	return ctx->nusable;
}
