// SPDX-License-Identifier: MIT
/*
 * libwarp on the HiSilicon ZIP device model, in the VM: discovery; one-shot
 * compression and decompression on the device (WARP_POLICY_DEVICE, every
 * result's engine checked) for deflate, zlib and gzip, levels and sizes
 * from 1 byte to 3 MiB, cross-checked both ways against zlib in-process
 * and against busybox gzip, pigz and igzip through files; gzip header
 * fields and several members; every data error; asynchronous requests with
 * callbacks; threads with their own contexts; a full queue; a device
 * failure and a device deleted under load (WARP_POLICY_AUTO: later work
 * goes to the CPU, no request lost or corrupted).
 */
#include <pthread.h>
#include <sys/stat.h>

#include "warp_test.h"

#define DEV_ID		0
#define SMALL_ID	1	/* a depth-8 device for the full-queue test */
#define MIB		(1u << 20)
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

static struct warp_ctx *ctx_new(int policy)
{
	struct warp_ctx_opts o = { .policy = policy };
	struct warp_ctx *ctx;
	int r = warp_ctx_new(&o, &ctx);

	if (r)
		tap_bail("warp_ctx_new: %d", r);
	return ctx;
}

/* ---- discovery ---- */

static void test_discovery(void)
{
	struct warp_dev_info *list = NULL;
	char name[64];
	int n, i, found = -1;
	struct warp_ctx *ctx;

	if (hsim_uacce_name(DEV_ID, name, sizeof(name)))
		tap_bail("no uacce device for hisi_sim%d", DEV_ID);
	n = warp_dev_scan(NULL, &list);
	tap_ok(n >= 1, "warp_dev_scan lists %d device(s)", n);
	for (i = 0; i < n; i++)
		if (!strcmp(list[i].name, name))
			found = i;
	tap_ok(found >= 0, "%s is listed", name);
	if (found >= 0) {
		struct warp_dev_info *d = &list[found];

		tap_ok(d->usable, "%s usable (%s)", name, d->why);
		tap_ok(!strcmp(d->api, "hisi_qm_v3") && (d->flags & 1) &&
		       d->mmio_size == 8192 && d->dus_size > 0 &&
		       d->isolate == 0,
		       "api %s, flags %u, regions %llu/%llu", d->api,
		       d->flags, (unsigned long long)d->mmio_size,
		       (unsigned long long)d->dus_size);
		tap_ok(warp_dev_has_alg(d, "deflate") &&
		       warp_dev_has_alg(d, "zlib") &&
		       warp_dev_has_alg(d, "gzip") &&
		       !warp_dev_has_alg(d, "zli"),
		       "algorithms matched as whole lines");
		tap_ok(warp_dev_pick(NULL, list, n, "gzip", -1) == found,
		       "warp_dev_pick chooses it");
	}
	warp_dev_list_free(list);
	ctx = ctx_new(WARP_POLICY_DEVICE);
	tap_is(warp_ctx_device_count(ctx), 1, "a context sees one device");
	warp_ctx_free(ctx);
}

/* ---- one-shot on the device, cross-checked with zlib ---- */

static int round_trip(struct warp_ctx *ctx, int fmt, int level, size_t n,
		      unsigned int seed)
{
	struct warp_sess *s = sess_new(ctx, fmt, level, WARP_POLICY_DEVICE);
	size_t cap = warp_compress_bound(fmt, n);
	unsigned char *in = xmalloc(n), *c = xmalloc(cap),
		      *d = xmalloc(n + 1);
	struct warp_result res;
	long cl, dl;
	int ok = 1;

	fill_data(in, n, seed);
	/* device -> zlib */
	cl = warp_compress(s, in, n, c, cap, &res);
	if (cl <= 0 || res.engine != WARP_ENGINE_DEVICE || res.consumed != n) {
		tap_diag("compress %s n=%zu: %ld engine %s", fmt_name[fmt], n,
			 cl, warp_engine_name(res.engine));
		ok = 0;
	} else if (z_decompress(fmt, c, cl, d, n + 1) != (long)n ||
		   memcmp(d, in, n)) {
		tap_diag("zlib cannot read the device's %s n=%zu",
			 fmt_name[fmt], n);
		ok = 0;
	}
	/* zlib -> device */
	cl = z_compress(fmt, level, in, n, c, cap);
	memset(d, 0, n + 1);
	dl = warp_decompress(s, c, cl, d, n, &res);
	if (dl != (long)n || res.engine != WARP_ENGINE_DEVICE ||
	    res.consumed != (size_t)cl || memcmp(d, in, n)) {
		tap_diag("device decompress of zlib %s n=%zu: %ld (%s) "
			 "engine %s consumed %zu/%ld",
			 fmt_name[fmt], n, dl, warp_strerror((int)dl),
			 warp_engine_name(res.engine), res.consumed, cl);
		ok = 0;
	}
	warp_sess_free(s);
	free(in);
	free(c);
	free(d);
	return ok;
}

static void test_one_shot(void)
{
	static const size_t sizes[] = { 1, 2, 100, 4095, 65536, 1000003,
					3 * MIB };
	static const int levels[] = { 1, 6, 9 };
	struct warp_ctx *ctx = ctx_new(WARP_POLICY_DEVICE);
	int fmt, k, bad;
	size_t i;

	for (fmt = 0; fmt < 3; fmt++) {
		bad = 0;
		for (i = 0; i < ARRAY_SIZE(sizes); i++)
			bad += !round_trip(ctx, fmt, levels[(i + fmt) % 3],
					   sizes[i], i + 10 * fmt);
		tap_ok(!bad, "%s: device <-> zlib, 1 byte .. 3 MiB",
		       fmt_name[fmt]);
	}
	for (k = 0; k < 3; k++)
		tap_ok(round_trip(ctx, WARP_FMT_GZIP, levels[k], 200000, 77),
		       "gzip level %d on the device", levels[k]);
	warp_ctx_free(ctx);
}

/* ---- files: busybox gzip, pigz, igzip ---- */

static int write_file(const char *path, const void *p, size_t n)
{
	FILE *f = fopen(path, "wb");
	int ok = f && fwrite(p, 1, n, f) == n;

	if (f && fclose(f))
		ok = 0;
	return ok;
}

static long read_file(const char *path, void *p, size_t cap)
{
	FILE *f = fopen(path, "rb");
	long n;

	if (!f)
		return -1;
	n = fread(p, 1, cap, f);
	fclose(f);
	return n;
}

static void test_tools(void)
{
	static const char *const tools[] = { "gzip", "/usr/bin/pigz",
					     "/usr/bin/igzip" };
	struct warp_ctx *ctx = ctx_new(WARP_POLICY_DEVICE);
	struct warp_sess *s = sess_new(ctx, WARP_FMT_GZIP, 6,
				       WARP_POLICY_DEVICE);
	size_t n = 700001, cap = warp_compress_bound(WARP_FMT_GZIP, n);
	unsigned char *in = xmalloc(n), *c = xmalloc(cap),
		      *d = xmalloc(n + 1);
	struct warp_result res;
	char cmd[256];
	size_t t;
	long l;

	fill_data(in, n, 5);
	l = warp_compress(s, in, n, c, cap, &res);
	if (l <= 0 || res.engine != WARP_ENGINE_DEVICE ||
	    !write_file("/tmp/wd.gz", c, l) ||
	    !write_file("/tmp/wd.raw", in, n))
		tap_bail("device compression to /tmp/wd.gz: %ld", l);
	for (t = 0; t < ARRAY_SIZE(tools); t++) {
		snprintf(cmd, sizeof(cmd), "%s -dc < /tmp/wd.gz > /tmp/wd.out",
			 tools[t]);
		tap_ok(!system(cmd) &&
		       read_file("/tmp/wd.out", d, n + 1) == (long)n &&
		       !memcmp(d, in, n),
		       "%s -d reads the device's gzip", tools[t]);
		snprintf(cmd, sizeof(cmd),
			 "%s -c%s < /tmp/wd.raw > /tmp/wd2.gz", tools[t],
			 t == 2 ? "1" : "6");
		l = system(cmd) ? -1 : read_file("/tmp/wd2.gz", c, cap);
		memset(d, 0, n);
		tap_ok(l > 0 && warp_decompress(s, c, l, d, n, &res) ==
				(long)n &&
		       res.engine == WARP_ENGINE_DEVICE && !memcmp(d, in, n),
		       "the device reads %s's gzip", tools[t]);
	}
	unlink("/tmp/wd.gz");
	unlink("/tmp/wd2.gz");
	unlink("/tmp/wd.raw");
	unlink("/tmp/wd.out");
	warp_sess_free(s);
	warp_ctx_free(ctx);
	free(in);
	free(c);
	free(d);
}

/* ---- gzip header fields and members ---- */

static void put32le(unsigned char *p, uint32_t v)
{
	p[0] = v;
	p[1] = v >> 8;
	p[2] = v >> 16;
	p[3] = v >> 24;
}

/* One gzip member of @in with the optional fields @flg asks for. */
static size_t gz_member(unsigned char *out, const unsigned char *in,
			size_t n, int flg)
{
	size_t o = 0;
	long l;

	out[o++] = 0x1f;
	out[o++] = 0x8b;
	out[o++] = 8;
	out[o++] = flg;
	put32le(out + o, 1700000000);
	o += 4;
	out[o++] = 0;
	out[o++] = 3;
	if (flg & 4) {	/* FEXTRA: two subfields */
		out[o++] = 12;
		out[o++] = 0;
		memcpy(out + o, "AB\x02\0xyCD\x02\0zw", 12);
		o += 12;
	}
	if (flg & 8) {	/* FNAME */
		strcpy((char *)out + o, "file-name.txt");
		o += 14;
	}
	if (flg & 16) {	/* FCOMMENT */
		strcpy((char *)out + o, "a comment");
		o += 10;
	}
	if (flg & 2) {	/* FHCRC */
		uint32_t crc = crc32(0, out, o);

		out[o++] = crc;
		out[o++] = crc >> 8;
	}
	l = z_compress(WARP_FMT_DEFLATE, 6, in, n, out + o, n + 1024);
	if (l < 0)
		tap_bail("zlib deflate");
	o += l;
	put32le(out + o, crc32(0, in, n));
	put32le(out + o + 4, n);
	return o + 8;
}

static void test_gzip_members(void)
{
	struct warp_ctx *ctx = ctx_new(WARP_POLICY_DEVICE);
	struct warp_sess *s = sess_new(ctx, WARP_FMT_GZIP, 6,
				       WARP_POLICY_DEVICE);
	size_t n = 150000, k, o = 0;
	unsigned char *in = xmalloc(3 * n), *c = xmalloc(4 * n),
		      *d = xmalloc(3 * n + 1);
	struct warp_result res;
	long l;

	fill_data(in, 3 * n, 9);
	o = gz_member(c, in, n, 2 | 4 | 8 | 16);
	l = warp_decompress(s, c, o, d, n, &res);
	tap_ok(l == (long)n && res.engine == WARP_ENGINE_DEVICE &&
	       res.consumed == o && !memcmp(d, in, n),
	       "FEXTRA, FNAME, FCOMMENT, FHCRC header through the device");
	c[12] ^= 1;	/* inside FEXTRA: the header CRC no longer matches */
	l = warp_decompress(s, c, o, d, n, &res);
	tap_is(l, WARP_E_CHECKSUM, "wrong header CRC: checksum error");
	c[12] ^= 1;
	for (k = 1; k < 3; k++)
		o += gz_member(c + o, in + k * n, n, k == 1 ? 8 : 0);
	memset(d, 0, 3 * n);
	l = warp_decompress(s, c, o, d, 3 * n + 1, &res);
	tap_ok(l == (long)(3 * n) && res.engine == WARP_ENGINE_DEVICE &&
	       res.consumed == o && !memcmp(d, in, 3 * n),
	       "three gzip members through the device (%ld, %s)", l,
	       warp_engine_name(res.engine));
	warp_sess_free(s);
	warp_ctx_free(ctx);
	free(in);
	free(c);
	free(d);
}

/* ---- data errors through the device ---- */

static void expect_err(struct warp_sess *s, const void *src, size_t n,
		       size_t cap, int want, const char *what)
{
	unsigned char *d = xmalloc(cap);
	struct warp_result res;
	long l = warp_decompress(s, src, n, d, cap, &res);

	if (l != want)
		tap_diag("got %ld (%s) engine %s", l, warp_strerror((int)l),
			 warp_engine_name(res.engine));
	tap_ok(l == want && res.engine == WARP_ENGINE_DEVICE,
	       "%s: %s on the device path", what, warp_strerror(want));
	free(d);
}

static void test_errors(void)
{
	struct warp_ctx *ctx = ctx_new(WARP_POLICY_DEVICE);
	size_t n = 100000, cap = warp_compress_bound(WARP_FMT_GZIP, n);
	unsigned char *in = xmalloc(n), *c = xmalloc(cap + 16),
		      *d = xmalloc(n);
	struct warp_result res;
	int fmt;
	long l;

	fill_data(in, n, 21);
	for (fmt = 0; fmt < 3; fmt++) {
		struct warp_sess *s = sess_new(ctx, fmt, 6,
					       WARP_POLICY_DEVICE);
		size_t h = fmt == WARP_FMT_GZIP ? 10 :
			   fmt == WARP_FMT_ZLIB ? 2 : 0;
		const char *f = fmt_name[fmt];
		char what[64];

		l = warp_compress(s, in, n, c, 200, &res);
		tap_ok(l == WARP_E_OUTPUT_FULL &&
		       res.engine == WARP_ENGINE_DEVICE,
		       "%s compression into 200 bytes: output full", f);
		l = warp_compress(s, in, n, c, cap, &res);
		if (l <= 0 || res.engine != WARP_ENGINE_DEVICE)
			tap_bail("%s compression: %ld", f, l);
		snprintf(what, sizeof(what), "%s output one byte short", f);
		expect_err(s, c, l, n - 1, WARP_E_OUTPUT_FULL, what);
		snprintf(what, sizeof(what), "%s cut in the middle", f);
		expect_err(s, c, l / 2, n, WARP_E_TRUNCATED, what);
		if (fmt != WARP_FMT_DEFLATE) {
			snprintf(what, sizeof(what), "%s without its trailer",
				 f);
			expect_err(s, c, l - 3, n, WARP_E_TRUNCATED, what);
			c[l - 1 - (fmt == WARP_FMT_GZIP ? 4 : 0)] ^= 0x55;
			snprintf(what, sizeof(what), "%s wrong checksum", f);
			expect_err(s, c, l, n, WARP_E_CHECKSUM, what);
			c[l - 1 - (fmt == WARP_FMT_GZIP ? 4 : 0)] ^= 0x55;
			memcpy(c + l, "garbage!", 8);
			snprintf(what, sizeof(what), "%s trailing garbage", f);
			expect_err(s, c, l + 8, n, WARP_E_TRAILING, what);
			c[0] ^= 0x40;
			snprintf(what, sizeof(what), "%s bad header", f);
			expect_err(s, c, l, n, WARP_E_CORRUPT, what);
			c[0] ^= 0x40;
		}
		/* A first block of the reserved type 3. */
		c[h] = (c[h] & ~6) | 6;
		snprintf(what, sizeof(what), "%s reserved block type", f);
		expect_err(s, c, l, n, WARP_E_CORRUPT, what);
		warp_sess_free(s);
	}
	warp_ctx_free(ctx);
	free(in);
	free(c);
	free(d);
}

/* ---- asynchronous ---- */

struct areq {
	unsigned char *in, *out;
	size_t n, cap;
	struct warp_result res;
	int calls;
};

static void on_done(void *arg, const struct warp_result *res)
{
	struct areq *a = arg;

	a->res = *res;
	a->calls++;
}

/* Submit @count compressions of @n bytes, all in flight; verify them. */
static int async_batch(struct warp_sess *s, int count, size_t n, int fmt,
		       int *on_dev)
{
	struct areq *a = calloc(count, sizeof(*a));
	unsigned char *d = xmalloc(n);
	int i, r, bad = 0;

	*on_dev = 0;
	for (i = 0; i < count; i++) {
		struct warp_op op = { .dir = WARP_DIR_COMPRESS };

		a[i].n = n - i % 7;
		a[i].cap = warp_compress_bound(fmt, n);
		a[i].in = xmalloc(n);
		a[i].out = xmalloc(a[i].cap);
		fill_data(a[i].in, a[i].n, 100 + i);
		op.src = a[i].in;
		op.src_len = a[i].n;
		op.dst = a[i].out;
		op.dst_cap = a[i].cap;
		while ((r = warp_submit(s, &op, on_done, &a[i])) == -EAGAIN)
			warp_poll(s, 0, 10);
		if (r) {
			tap_diag("submit %d: %d", i, r);
			bad++;
			a[i].calls = 1;
			a[i].res.status = r;
		}
	}
	while (warp_sess_inflight(s))
		warp_poll(s, 0, -1);
	for (i = 0; i < count; i++) {
		if (a[i].calls != 1 || a[i].res.status) {
			tap_diag("request %d: %d callbacks, status %d", i,
				 a[i].calls, a[i].res.status);
			bad++;
		} else if (z_decompress(fmt, a[i].out, a[i].res.produced, d,
					n) != (long)a[i].n ||
			   memcmp(d, a[i].in, a[i].n)) {
			tap_diag("request %d: wrong output", i);
			bad++;
		}
		*on_dev += a[i].res.engine == WARP_ENGINE_DEVICE;
		free(a[i].in);
		free(a[i].out);
	}
	free(a);
	free(d);
	return bad;
}

static void test_async(void)
{
	struct warp_ctx *ctx = ctx_new(WARP_POLICY_DEVICE);
	struct warp_sess *s = sess_new(ctx, WARP_FMT_GZIP, 6,
				       WARP_POLICY_DEVICE);
	int dev, bad;

	bad = async_batch(s, 300, 16384, WARP_FMT_GZIP, &dev);
	tap_ok(!bad && dev == 300,
	       "300 requests in flight, one callback each, all on the "
	       "device (%d)",
	       dev);
	warp_sess_free(s);
	warp_ctx_free(ctx);
}

/* ---- threads, each with its own context ---- */

static void *thread_main(void *arg)
{
	long id = (long)arg, bad = 0;
	struct warp_ctx *ctx = ctx_new(WARP_POLICY_DEVICE);
	int i;

	for (i = 0; i < 8; i++)
		bad += !round_trip(ctx, (id + i) % 3, 1 + (i % 9),
				   20000 + 3001 * i, id * 100 + i);
	warp_ctx_free(ctx);
	return (void *)bad;
}

static void test_threads(void)
{
	pthread_t t[4];
	long i, bad = 0;
	void *ret;

	for (i = 0; i < 4; i++)
		if (pthread_create(&t[i], NULL, thread_main, (void *)i))
			tap_bail("pthread_create");
	for (i = 0; i < 4; i++) {
		pthread_join(t[i], &ret);
		bad += (long)ret;
	}
	tap_is(bad, 0, "4 threads, own contexts, 32 round trips on the device");
}

/* ---- a full queue ---- */

static void test_full_queue(void)
{
	struct warp_ctx *ctx;
	struct warp_sess *s;
	int dev, bad;

	/* Only the depth-8 device exists now. */
	tap_is(hsim_new(SMALL_ID, 2, 8, 1), 0, "create a device of depth 8");
	ctx = ctx_new(WARP_POLICY_DEVICE);
	s = sess_new(ctx, WARP_FMT_ZLIB, 6, WARP_POLICY_DEVICE);
	bad = async_batch(s, 60, 20000, WARP_FMT_ZLIB, &dev);
	tap_ok(!bad && dev == 60,
	       "device policy: 60 requests through 7 slots, all on the device");
	warp_sess_free(s);
	s = sess_new(ctx, WARP_FMT_ZLIB, 6, WARP_POLICY_AUTO);
	bad = async_batch(s, 60, 20000, WARP_FMT_ZLIB, &dev);
	tap_ok(!bad && dev >= 7 && dev < 60,
	       "auto policy: a full ring spills to the CPU (%d on the device)",
	       dev);
	warp_sess_free(s);
	warp_ctx_free(ctx);
	tap_is(hsim_del(SMALL_ID), 0, "delete the depth-8 device");
}

/* ---- device failure, device removal ---- */

static void test_failure(void)
{
	struct warp_ctx *ctx = ctx_new(WARP_POLICY_AUTO);
	struct warp_sess *s = sess_new(ctx, WARP_FMT_GZIP, 6,
				       WARP_POLICY_AUTO);
	size_t n = 50000, cap = warp_compress_bound(WARP_FMT_GZIP, n);
	unsigned char *in = xmalloc(n), *c = xmalloc(cap), *d = xmalloc(n);
	struct warp_result res;
	int dev, bad;
	long l;

	fill_data(in, n, 33);
	tap_is(hsim_dbg_write(DEV_ID, "fail_next", "1"), 0, "fail_next 1");
	l = warp_compress(s, in, n, c, cap, &res);
	tap_ok(l > 0 && res.engine == WARP_ENGINE_CPU &&
	       z_decompress(WARP_FMT_GZIP, c, l, d, n) == (long)n &&
	       !memcmp(d, in, n),
	       "a request the device fails is run on the CPU");
	l = warp_compress(s, in, n, c, cap, &res);
	tap_ok(l > 0 && res.engine == WARP_ENGINE_DEVICE,
	       "the next one runs on the device again");
	tap_is(hsim_dbg_write(DEV_ID, "fail_next", "5"), 0, "fail_next 5");
	bad = async_batch(s, 40, 30000, WARP_FMT_GZIP, &dev);
	tap_ok(!bad && dev == 35,
	       "40 asynchronous requests, 5 failed by the device: all "
	       "correct, %d on the device",
	       dev);
	warp_sess_free(s);
	warp_ctx_free(ctx);
	free(in);
	free(c);
	free(d);
}

struct load {
	struct warp_ctx *ctx;
	volatile int stop;
	int bad, dev, cpu, rounds;
};

static void *load_main(void *arg)
{
	struct load *ld = arg;
	struct warp_sess *s = sess_new(ld->ctx, WARP_FMT_ZLIB, 1,
				       WARP_POLICY_AUTO);
	int dev;

	while (!ld->stop || ld->rounds < 3) {
		ld->bad += async_batch(s, 24, 40000, WARP_FMT_ZLIB, &dev);
		ld->dev += dev;
		ld->cpu += 24 - dev;
		ld->rounds++;
	}
	warp_sess_free(s);
	return NULL;
}

static void test_removal(void)
{
	struct load ld = { .ctx = ctx_new(WARP_POLICY_AUTO) };
	pthread_t t;
	int dev0;

	if (pthread_create(&t, NULL, load_main, &ld))
		tap_bail("pthread_create");
	while (ld.rounds < 2)
		usleep(1000);
	dev0 = ld.dev;
	tap_is(hsim_del(DEV_ID), 0, "delete the device under load");
	usleep(200000);
	ld.stop = 1;
	pthread_join(t, NULL);
	tap_ok(!ld.bad && dev0 > 0 && ld.cpu > 0,
	       "%d rounds, no request lost or corrupted (%d device, %d cpu)",
	       ld.rounds, ld.dev, ld.cpu);
	warp_ctx_free(ld.ctx);
}

int main(void)
{
	hsim_setup("");
	if (hsim_new(DEV_ID, 16, 1024, 2))
		tap_bail("create hisi_sim%d", DEV_ID);
	test_discovery();
	test_one_shot();
	test_tools();
	test_gzip_members();
	test_errors();
	test_async();
	test_threads();
	test_failure();
	test_removal();
	test_full_queue();
	tap_is(vm_rmmod_wait("hisi_sim"), 0, "rmmod hisi_sim");
	tap_is(vm_rmmod_wait("uacce"), 0, "rmmod uacce");
	return tap_done();
}
