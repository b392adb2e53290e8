/* SPDX-License-Identifier: MIT */
/*
 * Shared helpers of the hisi_sim VM tests: device creation on the hisi_sim
 * bus, a raw QM queue (open, map, SET_QP_CTX/INFO, START_Q), hand-built ZIP
 * SQEs, submission and completion exactly as docs/hisi-qm-zip-interface.md
 * describes them, and deterministic test data.
 *
 * Ring protocol (user side; the kernel side is described in
 * kernel/hisi_sim/qm.c): write the SQE into slot tail, full barrier, store
 * the doorbell (v2 format, new tail); completion: read CQE w7, compare the
 * phase, acquire barrier, read sq_head and the SQE, advance the head
 * (flipping the phase on wrap), full barrier, store the CQ doorbell.
 */
#ifndef HISI_TEST_H
#define HISI_TEST_H

#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include <misc/uacce/hisi_qm.h>
#include <misc/uacce/uacce.h>
#include "tap.h"
#include "vmutil.h"

#define HZ_DEFLATE	1
#define HZ_ZLIB		2
#define HZ_GZIP		3

#define ST_OK		0x00
#define ST_DSTLEN	0x0e
#define ST_CRC		0x10
#define ST_DATA		0x11
#define ST_END		0x13
#define ST_ADDR		0x14
#define ST_PARAM	0x15
#define ST_HW		0x16
#define LSTBLK		0x100

#define DW7_FINISH	(1u << 25)
#define DW7_STATEFUL	(1u << 26)
#define DW7_NEW		(1u << 27)
#define DW7_TYPE_V3	0x30000000u

#define QC_COMP		0
#define QC_DECOMP	1

#define HSIM_BUS	"/sys/bus/hisi_sim"
#define HSIM_DBG	"/sys/kernel/debug/hisi_sim"

struct hsqe {
	uint32_t dw[32];
};

struct hq {
	int fd;
	void *dus, *mmio;
	size_t dus_size, mmio_size;
	uint16_t qid, depth;
	uint16_t tail, head;
	int phase;
	int sqdb;	/* also write the SQ-only doorbell (model extension) */
	int nokick;	/* never kick the engines (as UADK) */
	uint32_t tag;
};

static inline uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000ull + ts.tv_nsec / 1000000;
}

/* Device management on the hisi_sim bus */

static inline int hsim_new(unsigned int id, unsigned int queues,
			   unsigned int depth, unsigned int threads)
{
	char buf[64];

	snprintf(buf, sizeof(buf), "%u %u %u %u", id, queues, depth, threads);
	return vm_write_file(HSIM_BUS "/new_device", buf);
}

static inline int hsim_del(unsigned int id)
{
	char buf[16];

	snprintf(buf, sizeof(buf), "%u", id);
	return vm_write_file(HSIM_BUS "/del_device", buf);
}

/* uacce name ("hisi_zip-N") of bus device @id. */
static inline int hsim_uacce_name(unsigned int id, char *name, size_t size)
{
	char path[128];
	struct dirent *e;
	DIR *d;
	int ret = -ENOENT;

	snprintf(path, sizeof(path), HSIM_BUS "/devices/hisi_sim%u/uacce", id);
	d = opendir(path);
	if (!d)
		return -errno;
	while ((e = readdir(d))) {
		if (!strncmp(e->d_name, "hisi_zip-", 9)) {
			if (strlen(e->d_name) < size) {
				memcpy(name, e->d_name, strlen(e->d_name) + 1);
				ret = 0;
			}
			break;
		}
	}
	closedir(d);
	return ret;
}

static inline long uacce_attr_long(const char *dev, const char *attr)
{
	char path[160], buf[64];
	int ret;

	snprintf(path, sizeof(path), "/sys/class/uacce/%s/%s", dev, attr);
	ret = vm_read_file(path, buf, sizeof(buf));
	if (ret < 0)
		return ret;
	return strtol(buf, NULL, 10);
}

static inline int hsim_dbg_write(unsigned int id, const char *file,
				 const char *val)
{
	char path[160];

	snprintf(path, sizeof(path), HSIM_DBG "/hisi_sim%u/%s", id, file);
	return vm_write_file(path, val);
}

/* Load both modules (uacce may already be loaded). */
static inline void hsim_setup(const char *params)
{
	int ret = vm_insmod("uacce", "");

	if (ret && ret != -EEXIST)
		tap_bail("insmod uacce: %d", ret);
	ret = vm_insmod("hisi_sim", params);
	if (ret && ret != -EEXIST)
		tap_bail("insmod hisi_sim: %d", ret);
}

/* Queues */

static inline uint64_t hq_db_value(struct hq *q, unsigned int cmd,
				   unsigned int idx)
{
	return (uint64_t)(q->qid & 0x3ff) | (uint64_t)cmd << 12 |
	       (uint64_t)idx << 32;
}

static inline volatile uint32_t *hq_stop_flags(struct hq *q)
{
	return (volatile uint32_t *)((char *)q->dus + q->dus_size - 8);
}

/* Open, map and start a queue of @dev. 0 or -errno. */
static inline int hq_open(struct hq *q, const char *dev, int qc_type)
{
	struct hisi_qp_ctx ctx = { .qc_type = qc_type };
	struct hisi_qp_info info = {};
	char path[96];
	int ret;

	memset(q, 0, sizeof(*q));
	q->dus_size = uacce_attr_long(dev, "region_dus_size");
	q->mmio_size = uacce_attr_long(dev, "region_mmio_size");
	snprintf(path, sizeof(path), "/dev/%s", dev);
	q->fd = open(path, O_RDWR | O_CLOEXEC);
	if (q->fd < 0)
		return -errno;
	q->dus = mmap(NULL, q->dus_size, PROT_READ | PROT_WRITE, MAP_SHARED,
		      q->fd, getpagesize());
	if (q->dus == MAP_FAILED)
		goto err;
	q->mmio = mmap(NULL, q->mmio_size, PROT_READ | PROT_WRITE, MAP_SHARED,
		       q->fd, 0);
	if (q->mmio == MAP_FAILED)
		goto err;
	if (ioctl(q->fd, UACCE_CMD_QM_SET_QP_CTX, &ctx) ||
	    ioctl(q->fd, UACCE_CMD_QM_SET_QP_INFO, &info) ||
	    ioctl(q->fd, UACCE_CMD_START_Q))
		goto err;
	q->qid = ctx.id;
	q->depth = info.sq_depth;
	q->phase = 1;
	return 0;
err:
	ret = -errno;
	close(q->fd);
	q->fd = -1;
	return ret;
}

static inline void hq_close(struct hq *q)
{
	if (q->fd < 0)
		return;
	ioctl(q->fd, UACCE_CMD_PUT_Q);
	munmap(q->dus, q->dus_size);
	munmap(q->mmio, q->mmio_size);
	close(q->fd);
	q->fd = -1;
}

/* Copy @s into the next SQ slot and ring the doorbell. Returns the slot. */
static inline int hq_send(struct hq *q, const struct hsqe *s)
{
	volatile uint64_t *db = (volatile uint64_t *)((char *)q->mmio + 0x1000);
	volatile uint32_t *wake = (volatile uint32_t *)((char *)q->mmio +
						HISI_QM_SIM_WAKE_OFFSET);
	int slot = q->tail;

	memcpy((char *)q->dus + 128 * slot, s, 128);
	q->tail = (q->tail + 1) % q->depth;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (q->sqdb)
		*(volatile uint64_t *)((char *)q->mmio +
			HISI_QM_SIM_SQ_DB_OFFSET) = hq_db_value(q, 0, q->tail);
	*db = hq_db_value(q, 0, q->tail);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (!q->nokick && (*wake & HISI_QM_SIM_NEED_WAKEUP))
		ioctl(q->fd, UACCE_CMD_QM_SIM_KICK);
	return slot;
}

/* One completion, if there is one: 1 and the SQE in @out, else 0. */
static inline int hq_recv(struct hq *q, struct hsqe *out)
{
	volatile uint16_t *cqe = (volatile uint16_t *)((char *)q->dus +
					128 * q->depth + 16 * q->head);
	volatile uint64_t *db = (volatile uint64_t *)((char *)q->mmio + 0x1000);
	unsigned int slot;

	if ((cqe[7] & 1) != q->phase)
		return 0;
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	slot = cqe[4];
	if (slot >= q->depth)
		return -EIO;
	memcpy(out, (char *)q->dus + 128 * slot, 128);
	if (++q->head == q->depth) {
		q->head = 0;
		q->phase ^= 1;
	}
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	*db = hq_db_value(q, 1, q->head);
	return 1;
}

/* Wait for one completion, using poll(). 0 or -ETIMEDOUT. */
static inline int hq_wait(struct hq *q, struct hsqe *out, int timeout_ms)
{
	uint64_t end = now_ms() + timeout_ms;
	struct pollfd p = { .fd = q->fd, .events = POLLIN };
	int ret;

	for (;;) {
		ret = hq_recv(q, out);
		if (ret)
			return ret < 0 ? ret : 0;
		if (now_ms() > end)
			return -ETIMEDOUT;
		poll(&p, 1, 20);
	}
}

static inline int hq_run(struct hq *q, struct hsqe *s, int timeout_ms)
{
	uint32_t tag = s->dw[26];
	int ret;

	hq_send(q, s);
	ret = hq_wait(q, s, timeout_ms);
	if (!ret && s->dw[26] != tag)
		return -EPROTO;
	return ret;
}

/* SQEs */

static inline void sqe_init(struct hq *q, struct hsqe *s, int alg,
			    uint32_t dw7_flags, const void *src, uint32_t in,
			    void *dst, uint32_t out)
{
	memset(s, 0, sizeof(*s));
	s->dw[4] = in;
	s->dw[7] = DW7_TYPE_V3 | dw7_flags;
	s->dw[9] = alg | (4u << 12);	/* 32 KiB window */
	s->dw[14] = out;
	s->dw[18] = (uint32_t)(uintptr_t)src;
	s->dw[19] = (uint32_t)((uint64_t)(uintptr_t)src >> 32);
	s->dw[20] = (uint32_t)(uintptr_t)dst;
	s->dw[21] = (uint32_t)((uint64_t)(uintptr_t)dst >> 32);
	s->dw[26] = ++q->tag;
}

static inline void sqe_ctx(struct hsqe *s, const void *ctx)
{
	s->dw[22] = (uint32_t)(uintptr_t)ctx;
	s->dw[23] = (uint32_t)((uint64_t)(uintptr_t)ctx >> 32);
}

#define SQE_STATUS(s)	((s)->dw[3] & 0xff)
#define SQE_CONSUMED(s)	((s)->dw[0])
#define SQE_PRODUCED(s)	((s)->dw[1])

/* Headers the driver (not the device) writes and skips. */
static const unsigned char zlib_hdr[2] = { 0x78, 0x9c };
static const unsigned char gzip_hdr[10] = { 0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3 };

static inline unsigned int hdr_len(int alg)
{
	return alg == HZ_ZLIB ? 2 : alg == HZ_GZIP ? 10 : 0;
}

static inline const unsigned char *hdr_bytes(int alg)
{
	return alg == HZ_ZLIB ? zlib_hdr : gzip_hdr;
}

static inline int zlib_wbits(int alg)
{
	return alg == HZ_DEFLATE ? -15 : alg == HZ_ZLIB ? 15 : 31;
}

/* gzip checksum as the device reports it in dw31: ~bitrev32(crc). */
static inline uint32_t bitrev32(uint32_t x)
{
	uint32_t r = 0;
	int i;

	for (i = 0; i < 32; i++)
		if (x & (1u << i))
			r |= 1u << (31 - i);
	return r;
}

static inline uint32_t dev_cksum(int alg, const void *p, size_t n)
{
	if (alg == HZ_ZLIB)
		return adler32(1, p, n);
	if (alg == HZ_GZIP)
		return ~bitrev32(crc32(0, p, n));
	return 0;
}

/* Semi-compressible deterministic data. */
static inline void fill_data(unsigned char *p, size_t n, unsigned int seed)
{
	static const char *words[] = { "uacce ", "queue ", "doorbell ",
		"hisilicon ", "zip ", "deflate ", "the ", "a ", "\n", "42 " };
	uint32_t x = seed * 2654435761u + 1;
	size_t i = 0;

	while (i < n) {
		x = x * 1103515245u + 12345u;
		if ((x >> 16) % 7 == 0) {
			p[i++] = (unsigned char)(x >> 8);
			continue;
		}
		const char *w = words[(x >> 16) % 10];

		while (*w && i < n)
			p[i++] = *w++;
	}
}

/* User-space zlib helpers: whole-buffer compress/decompress. */
static inline long zlib_compress_buf(int alg, const void *in, size_t n,
				     void *out, size_t cap)
{
	z_stream z = {};
	long ret;

	if (deflateInit2(&z, 6, Z_DEFLATED, zlib_wbits(alg), 8,
			 Z_DEFAULT_STRATEGY) != Z_OK)
		return -1;
	z.next_in = (void *)in;
	z.avail_in = n;
	z.next_out = out;
	z.avail_out = cap;
	ret = deflate(&z, Z_FINISH) == Z_STREAM_END ? (long)z.total_out : -1;
	deflateEnd(&z);
	return ret;
}

static inline long zlib_decompress_buf(int alg, const void *in, size_t n,
				       void *out, size_t cap)
{
	z_stream z = {};
	long ret;

	if (inflateInit2(&z, zlib_wbits(alg)) != Z_OK)
		return -1;
	z.next_in = (void *)in;
	z.avail_in = n;
	z.next_out = out;
	z.avail_out = cap;
	ret = inflate(&z, Z_FINISH) == Z_STREAM_END ? (long)z.total_out : -1;
	inflateEnd(&z);
	return ret;
}

static inline void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		tap_bail("out of memory");
	return p;
}

#endif /* HISI_TEST_H */
