// SPDX-License-Identifier: MIT
/*
 * hisi_sim doorbells: stores to the doorbell page trap and are emulated
 * store by store, so no doorbell is lost whatever the pattern; every store
 * form a driver may compile to is emulated exactly; what cannot be
 * emulated, and a driver that uses the SQ-only word, fall back to sampling
 * without losing anything; a removed device's doorbell page gives SIGBUS.
 * x86-64 only (the VM's architecture): the stores are inline assembly.
 */
#include <sched.h>
#include "hisi_test.h"

#define DEV_ID		7
#define RM_ID		8
#define DEPTH		64
#define TMO		60000
#define SCRATCH		0x1100	/* a word of the doorbell page, no register */

#ifndef __x86_64__
#error "hisi_doorbell emulates x86-64 stores"
#endif

static char dev[64];

static long dbg_long(unsigned int id, const char *file)
{
	char path[160], buf[32];

	snprintf(path, sizeof(path), HSIM_DBG "/hisi_sim%u/%s", id, file);
	if (vm_read_file(path, buf, sizeof(buf)) < 0)
		return -1;
	if (buf[0] == 'Y' || buf[0] == 'N')	/* debugfs bool */
		return buf[0] == 'Y';
	return strtol(buf, NULL, 10);
}

/* 1 while stores to @q's doorbell page trap, 0 once it is sampled. */
static long db_trap(unsigned int id, struct hq *q)
{
	char file[32];

	snprintf(file, sizeof(file), "q%u/db_trap", q->qid);
	return dbg_long(id, file);
}

static int run_small(struct hq *q, unsigned int n)
{
	static unsigned char in[256], c[1024];
	struct hsqe s;

	fill_data(in, sizeof(in), n);
	sqe_init(q, &s, HZ_DEFLATE, DW7_NEW | DW7_FINISH, in, n, c, sizeof(c));
	return !hq_run(q, &s, TMO) && SQE_STATUS(&s) == ST_OK &&
	       SQE_CONSUMED(&s) == n;
}

/* Every store form is emulated with the CPU's exact result. */
static void store_forms(void)
{
	volatile uint8_t *p;
	uint64_t v, w;
	long before;
	struct hq q;
	int ok;

	if (hq_open(&q, dev, QC_COMP))
		tap_bail("open");
	q.nokick = 1;
	tap_is(db_trap(DEV_ID, &q), 1, "a new queue's doorbell page traps");
	before = dbg_long(DEV_ID, "db_trapped");
	ok = run_small(&q, 100);
	tap_ok(ok, "a request rung in the shared word, trapped");
	tap_ok(*(volatile uint64_t *)((char *)q.mmio + 0x1000) ==
	       hq_db_value(&q, 1, q.head),
	       "the doorbell word reads back the last store (CQ doorbell)");
	tap_is(dbg_long(DEV_ID, "db_trapped") - before, 2,
	       "two stores trapped: the SQ and the CQ doorbell");

	p = (volatile uint8_t *)q.mmio + SCRATCH;
	before = dbg_long(DEV_ID, "db_trapped");
	{
		register uint64_t r9 asm("r9") = 0xa1a2a3a4a5a6a7a8ull;

		asm volatile("movq %1, (%0)" : : "r"(p),
			     "r"(0x1122334455667788ull) : "memory");
		asm volatile("movq %%r9, 8(%0)" : : "r"(p), "r"(r9) : "memory");
	}
	asm volatile("movq $-2, 16(%0)" : : "r"(p) : "memory");
	asm volatile("movl $0x7eadbeef, 0x100(%0)" : : "r"(p) : "memory");
	asm volatile("movw %%ax, 24(%0)" : : "r"(p), "a"(0xbeef) : "memory");
	asm volatile("movb $0x5a, 26(%0)" : : "r"(p) : "memory");
	/* AH cannot go with a REX prefix: keep the base a legacy register */
	asm volatile("movb %%ah, 27(%0)" : : "d"(p), "a"(0x3c00) : "memory");
	asm volatile("movb %%sil, 28(%0)" : : "r"(p), "S"(0x77) : "memory");
	asm volatile("movq %2, (%0,%1,8)" : : "r"(p), "r"(4L),
		     "r"(0x0102030405060708ull) : "memory");
	v = 0xcafef00dcafef00dull;
	asm volatile("xchgq %0, (%1)" : "+r"(v) : "r"(p) : "memory");
	w = 0xffffffff00000042ull;
	asm volatile("xchgl %k0, 0x100(%1)" : "+r"(w) : "r"(p) : "memory");

	tap_is(dbg_long(DEV_ID, "db_trapped") - before, 11,
	       "eleven stores trapped and emulated");
	tap_is(db_trap(DEV_ID, &q), 1, "the page still traps");
	ok = *(volatile uint64_t *)p == 0xcafef00dcafef00dull &&
	     v == 0x1122334455667788ull &&
	     *(volatile uint64_t *)(p + 8) == 0xa1a2a3a4a5a6a7a8ull &&
	     *(volatile uint64_t *)(p + 16) == 0xfffffffffffffffeull &&
	     *(volatile uint16_t *)(p + 24) == 0xbeef && p[26] == 0x5a &&
	     p[27] == 0x3c && p[28] == 0x77 &&
	     *(volatile uint64_t *)(p + 32) == 0x0102030405060708ull;
	tap_ok(ok, "MOV (register, REX, immediate, 16/8-bit, AH, SIL, SIB) "
		   "and XCHG store what the CPU would");
	tap_ok(*(volatile uint32_t *)(p + 0x100) == 0x42 && w == 0x7eadbeef,
	       "32-bit XCHG returns the old value zero-extended (0x%llx)",
	       (unsigned long long)w);

	/* A region mapped again still traps. */
	munmap(q.mmio, q.mmio_size);
	q.mmio = mmap(NULL, q.mmio_size, PROT_READ | PROT_WRITE, MAP_SHARED,
		      q.fd, 0);
	tap_ok(q.mmio != MAP_FAILED && db_trap(DEV_ID, &q) == 1 &&
	       run_small(&q, 50),
	       "the MMIO region mapped again traps and works");

	/* An instruction the model does not emulate: fall back, lose nothing. */
	p = (volatile uint8_t *)q.mmio + SCRATCH;
	asm volatile("lock orq $1, 0x200(%0)" : : "r"(p) : "memory");
	tap_ok(*(volatile uint64_t *)(p + 0x200) == 1 &&
	       db_trap(DEV_ID, &q) == 0,
	       "a locked OR is not emulated: it runs on the page, now sampled");
	before = dbg_long(DEV_ID, "db_trapped");
	tap_ok(run_small(&q, 70) && dbg_long(DEV_ID, "db_trapped") == before,
	       "the sampled queue works without traps");
	hq_close(&q);

	/* The kernel storing on the task's behalf: fall back too. */
	if (hq_open(&q, dev, QC_DECOMP))
		tap_bail("open");
	{
		int z = open("/dev/zero", O_RDONLY);

		tap_ok(z >= 0 && pread(z, (char *)q.mmio + SCRATCH, 8, 0) == 8 &&
		       db_trap(DEV_ID, &q) == 0,
		       "read() into the doorbell page works, the queue samples");
		close(z);
	}
	hq_close(&q);

	/* A driver that writes the SQ-only word is sampled from then on. */
	if (hq_open(&q, dev, QC_COMP))
		tap_bail("open");
	q.sqdb = 1;
	before = dbg_long(DEV_ID, "db_trapped");
	tap_ok(run_small(&q, 30) && db_trap(DEV_ID, &q) == 0 &&
	       dbg_long(DEV_ID, "db_trapped") == before,
	       "the SQ-only word turns trapping off, nothing trapped");
	hq_close(&q);
}

/*
 * One thread keeps the ring full: each CQ doorbell follows an SQ doorbell
 * at once in the same word, the pattern that loses SQ doorbells when the
 * word is only sampled. Every request must complete, in order.
 */
static void pipeline(void)
{
	static unsigned char in[256], out[DEPTH][512];
	unsigned int sent = 0, done = 0, total = 1000;
	uint64_t end = now_ms() + 4 * TMO;
	uint32_t tags[DEPTH];
	struct hsqe s;
	struct hq q;
	int bad = 0;

	if (hq_open(&q, dev, QC_COMP))
		tap_bail("open");
	q.nokick = 1;
	fill_data(in, sizeof(in), 5);
	while (done < total && now_ms() < end && !bad) {
		while (sent < total && sent - done < DEPTH - 1u) {
			int slot = q.tail;

			sqe_init(&q, &s, HZ_DEFLATE, DW7_NEW | DW7_FINISH, in,
				 1 + sent % 256, out[slot], sizeof(out[slot]));
			tags[slot] = s.dw[26];
			hq_send(&q, &s);
			sent++;
		}
		for (;;) {
			int slot = q.head, r = hq_recv(&q, &s);

			if (r != 1) {
				bad |= r < 0;
				break;
			}
			bad |= s.dw[26] != tags[slot] ||
			       SQE_STATUS(&s) != ST_OK ||
			       SQE_CONSUMED(&s) != 1 + done % 256;
			done++;
		}
		sched_yield();
	}
	tap_ok(done == total && !bad,
	       "one thread, ring kept full, shared word only: %u of %u, in order",
	       done, total);
	tap_is(db_trap(DEV_ID, &q), 1, "...all through trapped stores");
	hq_close(&q);
}

/* Bursts of a full ring, drained only after the last doorbell. */
static void bursts(void)
{
	static unsigned char in[256], out[DEPTH][512];
	struct hsqe s[DEPTH];
	int round, i, ok = 1;
	struct hq q;

	if (hq_open(&q, dev, QC_COMP))
		tap_bail("open");
	q.nokick = 1;
	fill_data(in, sizeof(in), 6);
	for (round = 0; round < 10 && ok; round++) {
		for (i = 0; i < DEPTH - 1; i++) {
			sqe_init(&q, &s[i], HZ_DEFLATE, DW7_NEW | DW7_FINISH,
				 in, 10 + i, out[i], sizeof(out[i]));
			hq_send(&q, &s[i]);
		}
		for (i = 0; i < DEPTH - 1 && ok; i++) {
			struct hsqe r;

			ok = !hq_wait(&q, &r, TMO) && r.dw[26] == s[i].dw[26] &&
			     SQE_STATUS(&r) == ST_OK &&
			     SQE_CONSUMED(&r) == 10u + i;
			if (!ok)
				tap_diag("round %d request %d lost", round, i);
		}
	}
	tap_ok(ok, "10 bursts of %d requests drained afterwards", DEPTH - 1);
	hq_close(&q);
}

/* A removed device's doorbell page: SIGBUS, not an emulated store. */
static void removal(void)
{
	char name[64];
	struct hq q;

	if (hsim_new(RM_ID, 4, 16, 1) || hsim_uacce_name(RM_ID, name,
							  sizeof(name)))
		tap_bail("create device %d", RM_ID);
	if (hq_open(&q, name, QC_COMP))
		tap_bail("open");
	tap_ok(db_trap(RM_ID, &q) == 1 && run_small(&q, 20),
	       "a queue of a second device traps and works");
	tap_is(hsim_del(RM_ID), 0, "delete the device under the open queue");
	tap_is(probe_access((volatile uint64_t *)((char *)q.mmio + 0x1000), 1),
	       SIGBUS, "a doorbell store after removal: SIGBUS");
	hq_close(&q);
}

int main(void)
{
	tap_plan(22);
	hsim_setup("");
	tap_is(hsim_new(DEV_ID, 8, DEPTH, 2), 0, "create device %d", DEV_ID);
	if (hsim_uacce_name(DEV_ID, dev, sizeof(dev)))
		tap_bail("no uacce device");
	store_forms();
	pipeline();
	bursts();
	removal();
	tap_is(hsim_del(DEV_ID), 0, "delete device");
	tap_is(vm_rmmod_wait("hisi_sim"), 0, "unload hisi_sim");
	return tap_done();
}
