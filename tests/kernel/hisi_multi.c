// SPDX-License-Identifier: MIT
/*
 * hisi_sim with many users: queues in parallel from several processes,
 * one process's queue cannot reach another process's memory, and one queue
 * shared by several threads, synchronously (a context lock around send and
 * receive) and asynchronously (senders and a receiver at the same time).
 */
#include <pthread.h>
#include "hisi_test.h"

#define DEV_ID		3
#define NPROC		4
#define TMO		60000
#define SECRET_ADDR	((void *)0x5a5a00000000ull)

static char dev[64];

/* One round trip of @n bytes: device compresses, device decompresses. */
static int roundtrip(struct hq *cq, struct hq *dq, int alg, size_t n,
		     unsigned int seed)
{
	unsigned char *in = xmalloc(n), *c = xmalloc(n + n / 8 + 1024);
	unsigned char *d = xmalloc(n);
	unsigned int h = hdr_len(alg);
	struct hsqe s;
	int ok;

	fill_data(in, n, seed);
	sqe_init(cq, &s, alg, DW7_NEW | DW7_FINISH, in, n, c,
		 n + n / 8 + 1024);
	ok = !hq_run(cq, &s, TMO) && SQE_STATUS(&s) == ST_OK;
	if (ok) {
		uint32_t clen = SQE_PRODUCED(&s);

		memmove(c + h, c, clen);
		memcpy(c, hdr_bytes(alg), h);
		ok = zlib_decompress_buf(alg, c, clen + h, d, n) == (long)n &&
		     !memcmp(in, d, n);
		memset(d, 0, n);
		sqe_init(dq, &s, alg, DW7_NEW | DW7_FINISH, c + h, clen, d, n);
		ok = ok && !hq_run(dq, &s, TMO) && SQE_STATUS(&s) == ST_OK &&
		     SQE_PRODUCED(&s) == n && !memcmp(in, d, n);
	}
	free(in);
	free(c);
	free(d);
	return ok;
}

static int child_parallel(int k)
{
	struct hq q[4];
	unsigned int seed = 1000 * k + 1;
	int i, ok = 1;

	for (i = 0; i < 4; i++)
		if (hq_open(&q[i], dev, i & 1))
			return 10;
	for (i = 0; i < 24 && ok; i++) {
		seed = seed * 1103515245u + 12345u;
		ok = roundtrip(&q[(i % 2) * 2], &q[(i % 2) * 2 + 1],
			       1 + (seed >> 8) % 3, 1 + (seed >> 4) % 60000,
			       seed);
	}
	for (i = 0; i < 4; i++)
		hq_close(&q[i]);
	return ok ? 0 : 1;
}

static void parallel(void)
{
	pid_t pid[NPROC];
	int i, st, good = 0;

	for (i = 0; i < NPROC; i++) {
		pid[i] = fork();
		if (pid[i] == 0)
			_exit(child_parallel(i));
	}
	for (i = 0; i < NPROC; i++)
		if (waitpid(pid[i], &st, 0) == pid[i] && WIFEXITED(st) &&
		    WEXITSTATUS(st) == 0)
			good++;
	tap_is(good, NPROC, "%d processes x 4 queues, 24 round trips each",
	       NPROC);
}

/*
 * The parent maps a secret at SECRET_ADDR after the fork; the child's
 * queue is bound to the child's mm, where that address is unmapped or
 * holds the child's own data.
 */
static void isolation(void)
{
	int go[2], st, pg = getpagesize();
	struct hq pq;
	pid_t pid;

	if (pipe(go) || hq_open(&pq, dev, QC_COMP))
		tap_bail("pipe/open");
	pid = fork();
	if (pid == 0) {
		unsigned char c[8192], d[8192], *mine;
		struct hsqe s;
		struct hq q;
		char x;
		int ret = 0;
		void *m;

		if (read(go[0], &x, 1) != 1 || hq_open(&q, dev, QC_COMP))
			_exit(20);
		/* The parent's queue fd came along; its regions did not. */
		m = mmap(NULL, pq.dus_size, PROT_READ | PROT_WRITE, MAP_SHARED,
			 pq.fd, pg);
		if (m != MAP_FAILED)
			ret |= 1;
		sqe_init(&q, &s, HZ_DEFLATE, DW7_NEW | DW7_FINISH,
			 SECRET_ADDR, pg, c, sizeof(c));
		if (hq_run(&q, &s, TMO) || SQE_STATUS(&s) != ST_ADDR)
			ret |= 2;
		mine = mmap(SECRET_ADDR, pg, PROT_READ | PROT_WRITE,
			    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
		memset(mine, 'c', pg);
		sqe_init(&q, &s, HZ_DEFLATE, DW7_NEW | DW7_FINISH,
			 SECRET_ADDR, pg, c, sizeof(c));
		if (hq_run(&q, &s, TMO) || SQE_STATUS(&s) != ST_OK ||
		    zlib_decompress_buf(HZ_DEFLATE, c, SQE_PRODUCED(&s), d,
					sizeof(d)) != pg || d[0] != 'c')
			ret |= 4;
		hq_close(&q);
		_exit(ret);
	}
	{
		unsigned char *secret = mmap(SECRET_ADDR, pg,
			PROT_READ | PROT_WRITE,
			MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);

		memset(secret, 'S', pg);
		if (write(go[1], "g", 1) != 1)
			tap_bail("write");
		waitpid(pid, &st, 0);
		munmap(secret, pg);
	}
	tap_ok(WIFEXITED(st) && !(WEXITSTATUS(st) & 1),
	       "an inherited queue fd cannot be mapped by the child");
	tap_ok(WIFEXITED(st) && !(WEXITSTATUS(st) & 6),
	       "a queue reaches only its own process's memory (status %d)",
	       WIFEXITED(st) ? WEXITSTATUS(st) : -1);
	hq_close(&pq);
	close(go[0]);
	close(go[1]);
}

/* One queue, several threads. */
struct shared {
	struct hq q;
	pthread_mutex_t lock;		/* sync: send + receive; async: send */
	unsigned char in[2048];
	unsigned char out[256][4096];	/* async: one per slot */
	int per_thread, errors, done;
	int inflight;			/* async, under lock */
};

static void *sync_worker(void *arg)
{
	struct shared *sh = arg;
	unsigned char out[4096];
	struct hsqe s;
	int i;

	for (i = 0; i < sh->per_thread; i++) {
		pthread_mutex_lock(&sh->lock);
		sqe_init(&sh->q, &s, HZ_ZLIB, DW7_NEW | DW7_FINISH, sh->in,
			 sizeof(sh->in), out, sizeof(out));
		if (hq_run(&sh->q, &s, 10000) || SQE_STATUS(&s) != ST_OK)
			sh->errors++;
		pthread_mutex_unlock(&sh->lock);
	}
	return NULL;
}

static void *async_sender(void *arg)
{
	struct shared *sh = arg;
	struct hsqe s;
	int i, slot;

	for (i = 0; i < sh->per_thread; i++) {
		for (;;) {
			pthread_mutex_lock(&sh->lock);
			if (sh->inflight < sh->q.depth - 1)
				break;
			pthread_mutex_unlock(&sh->lock);
			sched_yield();
		}
		slot = sh->q.tail;
		sqe_init(&sh->q, &s, HZ_DEFLATE, DW7_NEW | DW7_FINISH, sh->in,
			 100 + slot, sh->out[slot], sizeof(sh->out[slot]));
		sh->inflight++;
		hq_send(&sh->q, &s);
		pthread_mutex_unlock(&sh->lock);
	}
	return NULL;
}

static void *async_receiver(void *arg)
{
	struct shared *sh = arg;
	uint64_t end = now_ms() + 60000;
	struct hsqe s;

	while (sh->done < 3 * sh->per_thread && now_ms() < end) {
		int slot = sh->q.head;

		if (hq_recv(&sh->q, &s) != 1) {
			sched_yield();
			continue;
		}
		if (SQE_STATUS(&s) != ST_OK || SQE_CONSUMED(&s) != 100u + slot)
			sh->errors++;
		sh->done++;
		pthread_mutex_lock(&sh->lock);
		sh->inflight--;
		pthread_mutex_unlock(&sh->lock);
	}
	return NULL;
}

/*
 * Senders and a receiver at once. With the shared doorbell word alone, a
 * CQ doorbell can come right after an SQ doorbell of another thread: the
 * model must take both (trapped stores); with the SQ-only word it samples.
 */
static void async_run(struct shared *sh, int sqdb, const char *how)
{
	pthread_t t[4];
	int i;

	if (hq_open(&sh->q, dev, QC_COMP))
		tap_bail("open");
	sh->q.sqdb = sqdb;
	sh->q.nokick = !sqdb;
	sh->errors = 0;
	sh->done = 0;
	sh->inflight = 0;
	sh->per_thread = 300;
	pthread_create(&t[3], NULL, async_receiver, sh);
	for (i = 0; i < 3; i++)
		pthread_create(&t[i], NULL, async_sender, sh);
	for (i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	tap_ok(!sh->errors && sh->done == 900,
	       "3 senders + 1 receiver, one queue, %s: %d of 900 completions, %d errors",
	       how, sh->done, sh->errors);
	hq_close(&sh->q);
}

static void threads(void)
{
	static struct shared sh;
	pthread_t t[4];
	int i;

	pthread_mutex_init(&sh.lock, NULL);
	fill_data(sh.in, sizeof(sh.in), 77);
	if (hq_open(&sh.q, dev, QC_COMP))
		tap_bail("open");
	sh.per_thread = 100;
	for (i = 0; i < 4; i++)
		pthread_create(&t[i], NULL, sync_worker, &sh);
	for (i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	tap_is(sh.errors, 0, "4 threads, one queue, synchronous: 400 requests");
	hq_close(&sh.q);

	async_run(&sh, 1, "SQ-only doorbell word");
	async_run(&sh, 0, "shared doorbell word only, as UADK rings");
}

int main(void)
{
	tap_plan(9);
	hsim_setup("");
	tap_is(hsim_new(DEV_ID, 64, 256, 2), 0, "create device %d", DEV_ID);
	if (hsim_uacce_name(DEV_ID, dev, sizeof(dev)))
		tap_bail("no uacce device");
	parallel();
	isolation();
	threads();
	tap_is(hsim_del(DEV_ID), 0, "delete device");
	tap_is(vm_rmmod_wait("hisi_sim"), 0, "unload hisi_sim");
	return tap_done();
}
