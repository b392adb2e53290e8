// SPDX-License-Identifier: MIT
/*
 * Asynchronous requests, several contexts and threads, fork, policies.
 */
#include <pthread.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <warp/warp.h>

#include "tap.h"

struct areq {
	uint8_t *in, *c, *d;
	size_t n, cap;
	long clen;
	int status;
	int engine;
	int calls;
	size_t produced;
};

static void on_done(void *arg, const struct warp_result *res)
{
	struct areq *a = arg;

	a->calls++;
	a->status = res->status;
	a->engine = res->engine;
	a->produced = res->produced;
}

static int run_async_batch(struct warp_sess *s, int nreq, uint32_t seed)
{
	struct areq *a = calloc(nreq, sizeof(*a));
	int i, bad = 0, polled = 0;

	for (i = 0; i < nreq; i++) {
		struct warp_op op = { .dir = WARP_DIR_COMPRESS };
		int r;

		a[i].n = 1000 + (seed * 7919 + i * 131) % 60000;
		a[i].cap = warp_compress_bound(WARP_FMT_GZIP, a[i].n);
		a[i].in = xmalloc(a[i].n);
		a[i].c = xmalloc(a[i].cap);
		a[i].d = xmalloc(a[i].n);
		fill_kind(i % DATA_KINDS, a[i].in, a[i].n, seed + i);
		op.src = a[i].in;
		op.src_len = a[i].n;
		op.dst = a[i].c;
		op.dst_cap = a[i].cap;
		while ((r = warp_submit(s, &op, on_done, &a[i])) == -EAGAIN)
			polled += warp_poll(s, 0, 10);
		CHECK(r == 0, "submit %d: %d", i, r);
	}
	while (warp_sess_inflight(s))
		polled += warp_poll(s, 0, -1);
	CHECK(polled == nreq, "polled %d of %d", polled, nreq);
	/* Now decompress them all asynchronously too. */
	for (i = 0; i < nreq; i++) {
		struct warp_op op = { .dir = WARP_DIR_DECOMPRESS };

		CHECK(a[i].calls == 1 && a[i].status == 0 &&
		      a[i].engine == WARP_ENGINE_CPU,
		      "compress %d: calls %d status %d", i, a[i].calls,
		      a[i].status);
		a[i].clen = a[i].produced;
		op.src = a[i].c;
		op.src_len = a[i].clen;
		op.dst = a[i].d;
		op.dst_cap = a[i].n;
		CHECK(warp_submit(s, &op, on_done, &a[i]) == 0, "submit d");
	}
	while (warp_sess_inflight(s))
		warp_poll(s, 3, -1);
	for (i = 0; i < nreq; i++) {
		bool ok = a[i].calls == 2 && a[i].status == 0 &&
			  a[i].produced == a[i].n &&
			  !memcmp(a[i].in, a[i].d, a[i].n);

		CHECK(ok, "request %d round trip (status %d)", i, a[i].status);
		bad += !ok;
		free(a[i].in);
		free(a[i].c);
		free(a[i].d);
	}
	free(a);
	return bad;
}

TEST(async_many_in_flight)
{
	struct warp_ctx_opts o = { .policy = WARP_POLICY_CPU, .workers = 2 };
	struct warp_ctx *ctx;
	struct warp_sess *s;
	struct warp_sess_opts so = { .format = WARP_FMT_GZIP, .level = 1 };

	CHECK(warp_ctx_new(&o, &ctx) == 0, "ctx");
	CHECK(warp_sess_new(ctx, &so, &s) == 0, "sess");
	CHECK(run_async_batch(s, tap_quick ? 64 : 300, 1) == 0, "batch");
	CHECK(warp_poll(s, 0, 0) == 0, "nothing left");
	CHECK(warp_poll(s, 0, -1) == 0, "nothing in flight: no wait");
	warp_sess_free(s);
	warp_ctx_free(ctx);
}

TEST(async_inflight_limit_and_errors)
{
	struct warp_ctx_opts o = { .policy = WARP_POLICY_CPU, .workers = 1 };
	struct warp_sess_opts so = { .format = WARP_FMT_ZLIB };
	static struct areq a[1100];
	static uint8_t junk[64], out[64];
	struct warp_op op = {
		.dir = WARP_DIR_DECOMPRESS, .src = junk, .src_len = sizeof(junk),
		.dst = out, .dst_cap = sizeof(out),
	};
	struct warp_ctx *ctx;
	struct warp_sess *s;
	int i, r = 0, max, done = 0;

	memset(junk, 0xff, sizeof(junk));
	warp_ctx_new(&o, &ctx);
	warp_sess_new(ctx, &so, &s);
	max = warp_sess_max_inflight(s);
	CHECK(max > 0 && max < 1100, "max %d", max);
	for (i = 0; i <= max && i < 1100; i++) {
		r = warp_submit(s, &op, on_done, &a[i]);
		if (r)
			break;
	}
	CHECK(r == -EAGAIN && i == max, "limit: %d at %d", r, i);
	while (warp_sess_inflight(s))
		done += warp_poll(s, 100, -1);
	CHECK(done == max, "done %d", done);
	for (i = 0; i < max; i++)
		CHECK(a[i].calls == 1 && a[i].status == WARP_E_CORRUPT,
		      "junk %d: %d", i, a[i].status);
	warp_sess_free(s);
	warp_ctx_free(ctx);
}

static void *thread_main(void *arg)
{
	long id = (long)arg;
	struct warp_ctx_opts o = { .policy = WARP_POLICY_CPU, .workers = 1 };
	struct warp_sess_opts so = { .format = (int)(id % 3), .level = 3 };
	struct warp_ctx *ctx;
	struct warp_sess *s;
	long bad = 0;
	int r;

	/* Each thread its own context: nothing global may interfere. */
	r = warp_ctx_new(&o, &ctx);
	if (r)
		return (void *)1;
	warp_sess_new(ctx, &so, &s);
	bad += run_async_batch(s, tap_quick ? 20 : 60, id);
	warp_sess_free(s);
	warp_ctx_free(ctx);
	return (void *)bad;
}

static struct warp_ctx *shared_ctx;

static void *thread_shared(void *arg)
{
	long id = (long)arg;
	struct warp_sess_opts so = { .format = WARP_FMT_GZIP, .level = 6 };
	struct warp_sess *s;
	long bad;

	/* One context, a session per thread. */
	if (warp_sess_new(shared_ctx, &so, &s))
		return (void *)1;
	bad = run_async_batch(s, tap_quick ? 20 : 50, id + 100);
	warp_sess_free(s);
	return (void *)bad;
}

TEST(threads_and_independent_contexts)
{
	struct warp_ctx_opts o = { .policy = WARP_POLICY_CPU, .workers = 2 };
	pthread_t t[6];
	void *ret;
	long i;

	for (i = 0; i < 3; i++)
		pthread_create(&t[i], NULL, thread_main, (void *)i);
	CHECK(warp_ctx_new(&o, &shared_ctx) == 0, "shared ctx");
	for (i = 3; i < 6; i++)
		pthread_create(&t[i], NULL, thread_shared, (void *)i);
	for (i = 0; i < 6; i++) {
		pthread_join(t[i], &ret);
		CHECK(ret == NULL, "thread %ld: %ld bad", i, (long)ret);
	}
	warp_ctx_free(shared_ctx);
}

TEST(fork_child_uses_context)
{
	struct warp_ctx_opts o = { .policy = WARP_POLICY_CPU, .workers = 2 };
	struct warp_sess_opts so = { .format = WARP_FMT_GZIP, .level = 1 };
	struct warp_ctx *ctx;
	struct warp_sess *s;
	int st = -1;
	pid_t pid;

	warp_ctx_new(&o, &ctx);
	warp_sess_new(ctx, &so, &s);
	/* Start the worker pool in the parent first. */
	CHECK(run_async_batch(s, 10, 3) == 0, "parent before fork");
	pid = fork();
	if (pid == 0) {
		int bad = run_async_batch(s, 10, 4);
		uint8_t in[1000], c[2000], d[1000];
		long cl, dl;

		fill_text(in, sizeof(in), 1);
		cl = warp_compress(s, in, sizeof(in), c, sizeof(c), NULL);
		dl = warp_decompress(s, c, cl, d, sizeof(d), NULL);
		bad += dl != sizeof(in) || memcmp(in, d, sizeof(in));
		warp_sess_free(s);
		warp_ctx_free(ctx);
		_exit(bad ? 1 : 0);
	}
	CHECK(pid > 0, "fork");
	waitpid(pid, &st, 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "child status %d", st);
	CHECK(run_async_batch(s, 10, 5) == 0, "parent after fork");
	warp_sess_free(s);
	warp_ctx_free(ctx);
}

TEST(policy_device_without_device)
{
	char root[512];
	struct warp_ctx_opts o = { .policy = WARP_POLICY_DEVICE };
	struct warp_ctx *ctx = NULL;
	struct warp_sess_opts so = { .policy = WARP_POLICY_DEVICE };
	struct warp_sess *s = NULL;

	/* An empty sysfs: no device is a normal case ... */
	snprintf(root, sizeof(root), "%s/emptysys", tmpdir());
	o.sysfs_root = root;
	CHECK(warp_ctx_new(&o, &ctx) == -ENODEV, "device-only ctx");
	o.policy = WARP_POLICY_AUTO;
	CHECK(warp_ctx_new(&o, &ctx) == 0, "auto ctx");
	CHECK(warp_ctx_device_count(ctx) == 0, "no devices");
	/* ... unless a session insists on one. */
	CHECK(warp_sess_new(ctx, &so, &s) == -ENODEV, "device-only sess");
	so.policy = WARP_POLICY_DEFAULT;
	CHECK(warp_sess_new(ctx, &so, &s) == 0, "default sess");
	{
		uint8_t in[5000], c[6000];
		struct warp_result res;
		long cl;

		fill_text(in, sizeof(in), 2);
		cl = warp_compress(s, in, sizeof(in), c, sizeof(c), &res);
		CHECK(cl > 0 && res.engine == WARP_ENGINE_CPU,
		      "falls to the CPU: %ld engine %d", cl, res.engine);
		CHECK(!strcmp(warp_engine_name(res.engine), "cpu"), "name");
	}
	warp_sess_free(s);
	warp_ctx_free(ctx);
}
