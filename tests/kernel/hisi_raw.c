// SPDX-License-Identifier: MIT
/*
 * hisi_sim raw-queue test: no library. Opens queues of the model, fills
 * SQEs by hand and checks every format (deflate, zlib, gzip) in both
 * directions, block and stream, against user-space zlib both ways; every
 * status path; output full; 1 byte to 8 MiB; buffers the device faults in;
 * bad addresses; ring wrap; need-wakeup, kick and poll().
 */
#include "hisi_test.h"

#define DEV_ID		1
#define SMALL_ID	2
#define TMO		60000

static char dev[64], small[64];
static const char *alg_name[] = { "", "deflate", "zlib", "gzip" };

static long dev_block_comp(struct hq *q, int alg, const void *in, uint32_t n,
			   unsigned char *out, uint32_t cap, struct hsqe *s)
{
	unsigned int h = hdr_len(alg);

	memcpy(out, hdr_bytes(alg), h);
	sqe_init(q, s, alg, DW7_NEW | DW7_FINISH, in, n, out + h, cap - h);
	if (hq_run(q, s, TMO))
		return -1000;
	return SQE_STATUS(s) ? -(long)SQE_STATUS(s) : h + SQE_PRODUCED(s);
}

static long dev_block_decomp(struct hq *q, int alg, const unsigned char *in,
			     uint32_t n, void *out, uint32_t cap,
			     struct hsqe *s)
{
	unsigned int h = hdr_len(alg);

	sqe_init(q, s, alg, DW7_NEW | DW7_FINISH, in + h, n - h, out, cap);
	if (hq_run(q, s, TMO))
		return -1000;
	return SQE_STATUS(s) ? -(long)SQE_STATUS(s) : SQE_PRODUCED(s);
}

/* Device compresses, zlib inflates; zlib deflates, device inflates. */
static void block_roundtrip(struct hq *cq, struct hq *dq, int alg, size_t n)
{
	size_t cap = n + n / 8 + 1024;
	unsigned char *in = xmalloc(n), *c = xmalloc(cap), *d = xmalloc(n + 1);
	struct hsqe s;
	long clen, dlen;
	int ok;

	fill_data(in, n, n + alg);
	clen = dev_block_comp(cq, alg, in, n, c, cap, &s);
	dlen = clen > 0 ? zlib_decompress_buf(alg, c, clen, d, n + 1) : -1;
	ok = clen > 0 && dlen == (long)n && !memcmp(in, d, n) &&
	     SQE_CONSUMED(&s) == n && s.dw[30] == n &&
	     s.dw[31] == dev_cksum(alg, in, n);
	if (!ok)
		tap_diag("clen %ld dlen %ld consumed %u isize %u ck %08x/%08x",
			 clen, dlen, SQE_CONSUMED(&s), s.dw[30], s.dw[31],
			 dev_cksum(alg, in, n));
	tap_ok(ok, "%s block compress %zu bytes, zlib inflates it", alg_name[alg], n);

	clen = zlib_compress_buf(alg, in, n, c, cap);
	memset(d, 0, n + 1);
	dlen = clen > 0 ? dev_block_decomp(dq, alg, c, clen, d, n, &s) : -1;
	ok = dlen == (long)n && !memcmp(in, d, n) &&
	     SQE_CONSUMED(&s) + hdr_len(alg) == clen && s.dw[30] == n &&
	     s.dw[31] == dev_cksum(alg, in, n) && SQE_STATUS(&s) == ST_OK &&
	     !(s.dw[3] & LSTBLK);
	if (!ok)
		tap_diag("clen %ld dlen %ld status %#x consumed %u", clen,
			 dlen, s.dw[3], SQE_CONSUMED(&s));
	tap_ok(ok, "%s block decompress of zlib's %zu bytes", alg_name[alg], n);
	free(in);
	free(c);
	free(d);
}

/* Stream compression in random pieces; zlib must inflate the whole. */
static void stream_comp(struct hq *q, int alg, size_t n, uint32_t outmax)
{
	unsigned char *in = xmalloc(n), *c = xmalloc(2 * n + 4096);
	unsigned char *d = xmalloc(n + 1), ctx[256];
	size_t pos = 0, clen = hdr_len(alg);
	uint32_t isize = 0, ck = 0, seed = 7;
	int first = 1, ended = 0, bad = 0, reqs = 0;
	struct hsqe s;
	long dlen;

	fill_data(in, n, 99 + alg);
	memcpy(c, hdr_bytes(alg), hdr_len(alg));
	while (!ended && reqs < 10000) {
		uint32_t piece, out, flags = DW7_STATEFUL;

		seed = seed * 1103515245u + 12345u;
		piece = (seed >> 8) % 40000 + 1;
		if (piece > n - pos)
			piece = n - pos;
		out = outmax ? outmax : piece + piece / 8 + 64;
		if (first)
			flags |= DW7_NEW;
		if (pos + piece == n)
			flags |= DW7_FINISH;
		sqe_init(q, &s, alg, flags, in + pos, piece, c + clen, out);
		sqe_ctx(&s, ctx);
		s.dw[30] = isize;
		s.dw[31] = ck;
		if (hq_run(q, &s, TMO) || SQE_STATUS(&s) != ST_OK) {
			tap_diag("request %d: status %#x", reqs, s.dw[3]);
			bad = 1;
			break;
		}
		pos += SQE_CONSUMED(&s);
		clen += SQE_PRODUCED(&s);
		isize = s.dw[30];
		ck = s.dw[31];
		if (isize != pos || (alg != HZ_DEFLATE &&
				     ck != dev_cksum(alg, in, pos)))
			bad = 2;
		ended = !!(s.dw[3] & LSTBLK);
		first = 0;
		reqs++;
	}
	dlen = zlib_decompress_buf(alg, c, clen, d, n + 1);
	if (bad || !ended || dlen != (long)n || memcmp(in, d, n))
		tap_diag("bad %d ended %d dlen %ld reqs %d", bad, ended, dlen,
			 reqs);
	tap_ok(!bad && ended && dlen == (long)n && !memcmp(in, d, n),
	       "%s stream compress %zu bytes in %d requests%s", alg_name[alg],
	       n, reqs, outmax ? " with output full" : "");
	free(in);
	free(c);
	free(d);
}

/* Stream decompression of zlib's output, in pieces, with output full. */
static void stream_decomp(struct hq *q, int alg, size_t n, uint32_t inmax,
			  uint32_t outmax)
{
	size_t cap = n + n / 8 + 1024, pos, dpos = 0;
	unsigned char *in = xmalloc(n), *c = xmalloc(cap), *d = xmalloc(n + 64);
	unsigned char ctx[256];
	int first = 1, ends = 0, bad = 0, reqs = 0;
	uint32_t isize = 0, ck = 0;
	struct hsqe s;
	long clen;

	fill_data(in, n, 5 + alg);
	clen = zlib_compress_buf(alg, in, n, c, cap);
	pos = hdr_len(alg);
	while (!ends && reqs < 100000) {
		uint32_t piece = clen - pos > inmax ? inmax : clen - pos;
		uint32_t out = n + 64 - dpos > outmax ? outmax : n + 64 - dpos;

		sqe_init(q, &s, alg, DW7_STATEFUL | (first ? DW7_NEW : 0),
			 c + pos, piece, d + dpos, out);
		sqe_ctx(&s, ctx);
		s.dw[30] = isize;
		s.dw[31] = ck;
		if (hq_run(q, &s, TMO)) {
			bad = 1;
			break;
		}
		if (SQE_STATUS(&s) == ST_END && (s.dw[3] & LSTBLK))
			ends++;
		else if (s.dw[3] != ST_OK)
			bad = 3;
		pos += SQE_CONSUMED(&s);
		dpos += SQE_PRODUCED(&s);
		isize = s.dw[30];
		ck = s.dw[31];
		first = 0;
		reqs++;
		if (bad)
			break;
	}
	if (bad || ends != 1 || dpos != n || memcmp(in, d, n) ||
	    pos != (size_t)clen)
		tap_diag("bad %d ends %d dpos %zu pos %zu/%ld status %#x", bad,
			 ends, dpos, pos, clen, s.dw[3]);
	tap_ok(!bad && ends == 1 && dpos == n && !memcmp(in, d, n) &&
	       pos == (size_t)clen && isize == n,
	       "%s stream decompress %zu bytes (in %u, out %u) in %d requests",
	       alg_name[alg], n, inmax, outmax, reqs);
	free(in);
	free(c);
	free(d);
}

static uint32_t run_status(struct hq *q, struct hsqe *s)
{
	if (hq_run(q, s, TMO))
		return 0xdead;
	return s->dw[3];
}

static void status_paths(struct hq *cq, struct hq *dq)
{
	size_t n = 20000;
	unsigned char *in = xmalloc(n), *c = xmalloc(2 * n), *d = xmalloc(n);
	unsigned char ctx[64];
	struct hsqe s;
	long clen;

	fill_data(in, n, 3);
	sqe_init(cq, &s, 7, DW7_NEW | DW7_FINISH, in, n, c, 2 * n);
	tap_is(run_status(cq, &s), ST_PARAM, "unknown algorithm: param error");
	sqe_init(cq, &s, HZ_GZIP, DW7_NEW | DW7_FINISH, in, n, c, 2 * n);
	s.dw[9] |= 1 << 8;
	tap_is(run_status(cq, &s), ST_PARAM, "SGL buffers: param error");
	sqe_init(cq, &s, HZ_GZIP, DW7_NEW | DW7_FINISH, in, n, c, 2 * n);
	s.dw[9] = HZ_GZIP | 9 << 12;
	tap_is(run_status(cq, &s), ST_PARAM, "window size 9: param error");
	sqe_init(cq, &s, HZ_ZLIB, DW7_STATEFUL | DW7_NEW, in, n, c, 2 * n);
	tap_is(run_status(cq, &s), ST_PARAM, "stream without context: param error");
	sqe_init(cq, &s, HZ_ZLIB, DW7_STATEFUL, in, n, c, 2 * n);
	sqe_ctx(&s, ctx + 8);
	tap_is(run_status(cq, &s), ST_PARAM, "stream continuation without state");
	sqe_init(cq, &s, HZ_ZLIB, DW7_NEW | DW7_FINISH, in, n, c, 10);
	tap_is(run_status(cq, &s), ST_DSTLEN, "block compress, destination too small");
	sqe_init(cq, &s, HZ_DEFLATE, DW7_NEW | DW7_FINISH, in, 0, c, 100);
	tap_ok(run_status(cq, &s) == ST_OK &&
	       zlib_decompress_buf(HZ_DEFLATE, c, SQE_PRODUCED(&s), d, n) == 0,
	       "block compress of 0 bytes is an empty stream");

	clen = zlib_compress_buf(HZ_GZIP, in, n, c, 2 * n);
	sqe_init(dq, &s, HZ_GZIP, DW7_NEW | DW7_FINISH, c + 10, clen - 10, d,
		 n - 1);
	tap_is(run_status(dq, &s), ST_DSTLEN, "block decompress, destination one byte short");
	sqe_init(dq, &s, HZ_GZIP, DW7_NEW | DW7_FINISH, c + 10, clen - 10, d, n);
	tap_is(run_status(dq, &s), ST_OK, "block decompress, destination exact");
	sqe_init(dq, &s, HZ_GZIP, DW7_NEW | DW7_FINISH, c + 10, clen / 2, d, n);
	tap_is(run_status(dq, &s), ST_DATA, "block decompress of truncated data");
	c[clen - 5] ^= 0x40;	/* ISIZE */
	sqe_init(dq, &s, HZ_GZIP, DW7_NEW | DW7_FINISH, c + 10, clen - 10, d, n);
	tap_is(run_status(dq, &s), ST_CRC, "gzip trailer mismatch: CRC error");
	clen = zlib_compress_buf(HZ_ZLIB, in, n, c, 2 * n);
	c[clen - 1] ^= 1;
	sqe_init(dq, &s, HZ_ZLIB, DW7_NEW | DW7_FINISH, c + 2, clen - 2, d, n);
	tap_is(run_status(dq, &s), ST_CRC, "zlib trailer mismatch: CRC error");
	sqe_init(dq, &s, HZ_ZLIB, DW7_STATEFUL | DW7_NEW, c + 2, clen - 2, d, n);
	sqe_ctx(&s, ctx);
	tap_is(run_status(dq, &s), ST_CRC, "stream zlib trailer mismatch: CRC error");
	memset(c, 0xff, 64);
	sqe_init(dq, &s, HZ_DEFLATE, DW7_NEW | DW7_FINISH, c, 64, d, n);
	tap_is(run_status(dq, &s), ST_DATA, "malformed deflate data: data error");
	free(in);
	free(c);
	free(d);
}

static void bad_addresses(struct hq *cq, struct hq *dq)
{
	const uintptr_t kaddr = 0xffff888000000000ull;
	size_t n = 8192, pg = getpagesize();
	unsigned char *in = xmalloc(n), *c = xmalloc(2 * n);
	unsigned char *hole, *ro;
	struct hsqe s;

	fill_data(in, n, 11);
	sqe_init(cq, &s, HZ_GZIP, DW7_NEW | DW7_FINISH, (void *)kaddr, n, c,
		 2 * n);
	tap_is(run_status(cq, &s), ST_ADDR, "kernel source address: address fault");
	sqe_init(cq, &s, HZ_GZIP, DW7_NEW | DW7_FINISH, in, n, (void *)kaddr,
		 2 * n);
	tap_is(run_status(cq, &s), ST_ADDR, "kernel destination address: address fault");
	hole = mmap(NULL, 4 * pg, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(hole, 4 * pg);
	sqe_init(cq, &s, HZ_GZIP, DW7_NEW | DW7_FINISH, hole, n, c, 2 * n);
	tap_is(run_status(cq, &s), ST_ADDR, "unmapped source: address fault");
	sqe_init(cq, &s, HZ_GZIP, DW7_NEW | DW7_FINISH, NULL, 16, c, 2 * n);
	tap_is(run_status(cq, &s), ST_ADDR, "NULL source: address fault");
	ro = mmap(NULL, 4 * pg, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	sqe_init(cq, &s, HZ_DEFLATE, DW7_NEW | DW7_FINISH, in, n, ro, 4 * pg);
	tap_ok(run_status(cq, &s) == ST_ADDR && ro[0] == 0 && ro[pg] == 0,
	       "read-only destination: address fault, nothing written");
	munmap(ro, 4 * pg);
	sqe_init(cq, &s, HZ_DEFLATE, DW7_NEW | DW7_FINISH,
		 (void *)0x7ffffffff000ull, 0x2000000, c, 2 * n);
	tap_is(run_status(cq, &s), ST_ADDR, "source crossing the end of user space");
	sqe_init(dq, &s, HZ_DEFLATE, DW7_NEW | DW7_FINISH, in, n,
		 (void *)(kaddr + 0x1000), n);
	tap_ok(run_status(dq, &s) != ST_OK, "decompress to a kernel address fails");
	sqe_init(cq, &s, HZ_GZIP, DW7_NEW | DW7_FINISH, in, n, c, 2 * n);
	tap_is(run_status(cq, &s), ST_OK, "the queue still works afterwards");
	free(in);
	free(c);
}

/* Buffers never touched by the process: the device faults them in. */
static void untouched(struct hq *cq, struct hq *dq)
{
	size_t n = 1 << 20;
	unsigned char *src = mmap(NULL, n, PROT_READ | PROT_WRITE,
				  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	unsigned char *dst = mmap(NULL, n, PROT_READ | PROT_WRITE,
				  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	unsigned char *back = mmap(NULL, n, PROT_READ | PROT_WRITE,
				   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	struct hsqe s;
	size_t i;
	int ok;

	sqe_init(cq, &s, HZ_DEFLATE, DW7_NEW | DW7_FINISH, src, n, dst, n);
	ok = run_status(cq, &s) == ST_OK && SQE_PRODUCED(&s) > 0;
	tap_ok(ok, "compress from and into untouched memory (%u bytes out)",
	       SQE_PRODUCED(&s));
	sqe_init(dq, &s, HZ_DEFLATE, DW7_NEW | DW7_FINISH, dst,
		 SQE_PRODUCED(&s), back, n);
	ok = run_status(dq, &s) == ST_OK && SQE_PRODUCED(&s) == n;
	for (i = 0; ok && i < n; i++)
		ok = back[i] == 0;
	tap_ok(ok, "decompress into untouched memory");
	munmap(src, n);
	munmap(dst, n);
	munmap(back, n);
}

static void ring_wrap(void)
{
	unsigned char in[3000], c[4096];
	struct hsqe s[16];
	struct hq q;
	int i, ok = 1;

	if (hq_open(&q, small, QC_COMP)) {
		tap_ok(0, "open a depth-16 queue");
		tap_ok(0, "batch");
		return;
	}
	fill_data(in, sizeof(in), 1);
	for (i = 0; i < 40 && ok; i++) {
		sqe_init(&q, &s[0], HZ_ZLIB, DW7_NEW | DW7_FINISH, in,
			 sizeof(in), c, sizeof(c));
		ok = run_status(&q, &s[0]) == ST_OK;
	}
	tap_ok(ok, "40 requests through a depth-16 ring (phase wraps)");

	/*
	 * A burst of sends drained afterwards: the first CQ doorbell follows
	 * the last SQ doorbell at once, in the one shared word (the model
	 * traps those stores, docs/hisi-sim.md "Doorbells").
	 */
	for (i = 0; i < 15; i++) {
		sqe_init(&q, &s[i], HZ_DEFLATE, DW7_NEW | DW7_FINISH, in,
			 100 + i, c, sizeof(c));
		hq_send(&q, &s[i]);
	}
	for (i = 0; i < 15 && ok; i++) {
		struct hsqe r = {};
		int w = hq_wait(&q, &r, TMO);

		ok = !w && r.dw[26] == s[i].dw[26] &&
		     SQE_STATUS(&r) == ST_OK && SQE_CONSUMED(&r) == 100u + i;
		if (!ok)
			tap_diag("request %d: wait %d, tag %u (want %u), "
				 "status 0x%x, consumed %u", i, w, r.dw[26],
				 s[i].dw[26], SQE_STATUS(&r), SQE_CONSUMED(&r));
	}
	tap_ok(ok, "15 requests in flight complete in order");
	hq_close(&q);
}

static void wakeups(struct hq *q)
{
	volatile uint32_t *wake = (volatile uint32_t *)((char *)q->mmio +
						HISI_QM_SIM_WAKE_OFFSET);
	struct pollfd p = { .fd = q->fd, .events = POLLIN };
	unsigned char in[100], c[256];
	struct hsqe s;
	uint64_t t0;
	int r;

	usleep(200000);
	tap_ok(*wake & HISI_QM_SIM_NEED_WAKEUP, "idle engines publish need-wakeup");
	tap_is(ioctl(q->fd, UACCE_CMD_QM_SIM_KICK) ? -errno : 0, 0, "kick ioctl");

	fill_data(in, sizeof(in), 2);
	hsim_dbg_write(DEV_ID, "delay_us", "100000");
	sqe_init(q, &s, HZ_ZLIB, DW7_NEW | DW7_FINISH, in, sizeof(in), c,
		 sizeof(c));
	t0 = now_ms();
	hq_send(q, &s);
	r = poll(&p, 1, 0);
	tap_ok(r == 0, "poll() reports nothing before the completion");
	r = poll(&p, 1, 5000);
	tap_ok(r == 1 && (p.revents & POLLIN) && now_ms() - t0 >= 90,
	       "poll() wakes up on the completion (%llu ms)",
	       (unsigned long long)(now_ms() - t0));
	tap_ok(!hq_wait(q, &s, TMO) && SQE_STATUS(&s) == ST_OK,
	       "the completion is there");
	hsim_dbg_write(DEV_ID, "delay_us", "0");
}

int main(void)
{
	static const size_t sizes[] = { 1, 1000, 65539, 300000 };
	char buf[256];
	struct hq cq, dq;
	long v;
	int alg, i;

	tap_plan(88);
	hsim_setup("");
	tap_is(hsim_new(DEV_ID, 64, 1024, 2), 0, "create device %d", DEV_ID);
	tap_is(hsim_new(SMALL_ID, 4, 16, 1), 0, "create a small device");
	tap_is(hsim_new(DEV_ID, 4, 16, 1), -EEXIST, "duplicate id refused");
	tap_is(hsim_new(9, 4, 2, 1), -EINVAL, "depth 2 refused");
	if (hsim_uacce_name(DEV_ID, dev, sizeof(dev)) ||
	    hsim_uacce_name(SMALL_ID, small, sizeof(small)))
		tap_bail("no uacce device under hisi_sim");
	tap_diag("devices %s and %s", dev, small);

	snprintf(buf, sizeof(buf), "/sys/class/uacce/%s/api", dev);
	vm_read_file(buf, buf, sizeof(buf));
	tap_ok(!strcmp(buf, "hisi_qm_v3\n"), "api is hisi_qm_v3");
	snprintf(buf, sizeof(buf), "/sys/class/uacce/%s/algorithms", dev);
	vm_read_file(buf, buf, sizeof(buf));
	tap_ok(!strcmp(buf, "zlib\ngzip\ndeflate\n"), "algorithms");
	tap_is(uacce_attr_long(dev, "flags"), 1, "flags is 1 (SVA)");
	tap_is(uacce_attr_long(dev, "available_instances"), 64, "64 queues free");
	tap_is(uacce_attr_long(dev, "region_mmio_size"), 8192, "MMIO region size");
	v = ((1024 * 144 + 4095) & ~4095L) + 4096;
	tap_is(uacce_attr_long(dev, "region_dus_size"), v, "DUS region size");
	tap_is(uacce_attr_long(dev, "device/numa_node") >= -1, 1,
	       "parent has numa_node");
	tap_is(uacce_attr_long(dev, "isolate"), 0, "isolate reads 0");

	if (hq_open(&cq, dev, QC_COMP) || hq_open(&dq, dev, QC_DECOMP))
		tap_bail("open queues");
	tap_is(uacce_attr_long(dev, "available_instances"), 62, "two queues in use");
	{
		struct hisi_qp_ctx ctx = { .qc_type = 2 };
		struct hisi_qp_info info = {};

		tap_is(ioctl(cq.fd, UACCE_CMD_QM_SET_QP_CTX, &ctx) ? -errno : 0,
		       -EINVAL, "qc_type 2 refused");
		tap_ok(!ioctl(dq.fd, UACCE_CMD_QM_SET_QP_INFO, &info) &&
		       info.sqe_size == 128 && info.sq_depth == 1024 &&
		       info.cq_depth == 1024, "SET_QP_INFO: 128, 1024, 1024");
		tap_ok(cq.qid != dq.qid && cq.qid < 1024 && dq.qid < 1024,
		       "queue ids %u and %u", cq.qid, dq.qid);
		tap_is(ioctl(cq.fd, _IO('H', 99)) ? -errno : 0, -ENOTTY,
		       "unknown ioctl: ENOTTY");
	}

	for (alg = HZ_DEFLATE; alg <= HZ_GZIP; alg++)
		for (i = 0; i < 4; i++)
			block_roundtrip(&cq, &dq, alg, sizes[i]);
	block_roundtrip(&cq, &dq, HZ_GZIP, 8 << 20);

	for (alg = HZ_DEFLATE; alg <= HZ_GZIP; alg++)
		stream_comp(&cq, alg, 200000, 0);
	stream_comp(&cq, HZ_ZLIB, 50000, 1000);
	stream_comp(&cq, HZ_GZIP, 30000, 7);
	for (alg = HZ_DEFLATE; alg <= HZ_GZIP; alg++)
		stream_decomp(&dq, alg, 300000, 7000, 16384);
	stream_decomp(&dq, HZ_GZIP, 20000, 1, 100000);
	stream_decomp(&dq, HZ_ZLIB, 20000, 100000, 3);

	status_paths(&cq, &dq);
	bad_addresses(&cq, &dq);
	untouched(&cq, &dq);
	ring_wrap();
	wakeups(&cq);

	hq_close(&cq);
	hq_close(&dq);
	tap_is(uacce_attr_long(dev, "available_instances"), 64, "all queues free again");
	tap_is(hsim_del(SMALL_ID), 0, "delete the small device");
	tap_is(hsim_del(DEV_ID), 0, "delete device %d", DEV_ID);
	tap_is(vm_rmmod_wait("hisi_sim"), 0, "unload hisi_sim");
	return tap_done();
}
