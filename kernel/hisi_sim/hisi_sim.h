/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * hisi_sim: a software model of the HiSilicon QM queue manager and ZIP
 * engine, registered with uacce.ko. Internal definitions shared by the
 * module's files:
 *
 *   bus.c      virtual bus, device creation and deletion, uacce registration
 *   qm.c       QM queues: uacce ops, rings, doorbell watching, engine threads
 *   mmio.c     the doorbell page: trapped and emulated stores
 *   zip.c      ZIP engine: SQE execution with the kernel's zlib
 *   sva.c      access to the queue owner's memory by virtual address
 *   debugfs.c  fault injection
 */
#ifndef HISI_SIM_H
#define HISI_SIM_H

#include <linux/atomic.h>
#include <linux/device.h>
#include <linux/idr.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/uacce.h>
#include <linux/wait.h>
#include <linux/zlib.h>

#define HSIM_SQE_SIZE		128
#define HSIM_CQE_SIZE		16
#define HSIM_MAX_QUEUES		1024	/* queue ids fit the 10-bit doorbell */
#define HSIM_MIN_DEPTH		4
#define HSIM_MAX_DEPTH		1024
#define HSIM_MAX_THREADS	16
#define HSIM_MMIO_SIZE		0x2000	/* one page + 0x1000 (4 KiB pages) */
#define HSIM_DB_OFFSET		0x1000

/* v2 doorbell value: queue number, command, index */
#define HSIM_DB_QN(db)		((u32)(db) & 0x3ff)
#define HSIM_DB_CMD(db)		(((u32)(db) >> 12) & 0xf)
#define HSIM_DB_INDEX(db)	((u32)((db) >> 32) & 0xffff)
#define HSIM_DB_CMD_SQ		0
#define HSIM_DB_CMD_CQ		1
#define HSIM_CHUNK		(64 * 1024)	/* engine bounce buffer size */

/* ZIP completion status (SQE dw3 bits 7:0); see docs/hisi-sim.md */
#define HZIP_ST_OK		0x00
#define HZIP_ST_DSTLEN		0x0e	/* destination too small */
#define HZIP_ST_CRC		0x10	/* zlib/gzip trailer mismatch */
#define HZIP_ST_DATA		0x11	/* model: malformed/truncated data */
#define HZIP_ST_DECOMP_END	0x13	/* stream decompression ended */
#define HZIP_ST_ADDR		0x14	/* model: address translation fault */
#define HZIP_ST_PARAM		0x15	/* model: invalid SQE field */
#define HZIP_ST_HW		0x16	/* model: hardware error (injected) */
#define HZIP_LSTBLK		0x100	/* dw3 bit 8 */

struct hsim_dev;
struct hsim_engine;

/**
 * struct hsim_bus_dev - a device on the hisi_sim bus (the uacce parent)
 * @dev: the device; its release frees this structure
 * @id: the number in its name, "hisi_sim<id>"
 * @nr_queues: queues of the QM function
 * @depth: SQ and CQ depth
 * @nr_threads: engine threads
 * @hdev: the model, set by probe and cleared by remove
 * @probe_err: probe's result, for new_device
 * @list: entry in the bus's device list, under hsim_bus_lock
 */
struct hsim_bus_dev {
	struct device dev;
	u32 id;
	u32 nr_queues;
	u32 depth;
	u32 nr_threads;
	struct hsim_dev *hdev;
	int probe_err;
	struct list_head list;
};

/**
 * struct hsim_queue - one QM queue pair (one open of the uacce device)
 * @hdev: the device
 * @uq: the uacce queue; valid from get_queue to put_queue
 * @qid: queue number, < nr_queues
 * @qc_type: 0 compression, 1 decompression (SET_QP_CTX)
 * @dus: SQ ring, CQ ring and status page (vmalloc_user, mapped to user)
 * @mmio: the queue's private doorbell pages (vmalloc_user, mapped to user)
 * @sq: the SQ ring inside @dus
 * @cq: the CQ ring inside @dus
 * @db_trap: stores to the doorbell page trap and are emulated (mmio.c);
 *	cleared, for good, under the uacce queue lock; READ_ONCE elsewhere
 * @db_sq_tail: SQ tail of the latest trapped SQ doorbell (release/acquire)
 *
 * Ring state, owned by the engine that has the queue claimed (a claim is
 * taken and dropped under hdev->qlock, so ownership passes cleanly from one
 * engine to the next):
 * @last_db: last value seen in the shared doorbell word
 * @last_sq_db: last value seen in the SQ-only doorbell word
 * @sq_db_used: the driver writes the SQ-only word; SQ doorbells in the
 *	shared word are then ignored (see hsim_take_db())
 * @sq_head: next SQ slot the model executes
 * @sq_tail: SQ tail from the latest SQ doorbell
 * @cq_tail: next CQ slot the model writes (READ_ONCE by is_q_updated)
 * @phase: phase bit the model writes in its current CQ lap
 * @user_cq_head: CQ head from the latest CQ doorbell (READ_ONCE elsewhere)
 *
 * Under hdev->qlock:
 * @node: entry in hdev->active while started
 * @all: entry in hdev->queues from get_queue to put_queue
 * @started: on hdev->active
 * @claimed: an engine is servicing the queue; stop_queue waits for false
 *
 * @stopping: stop_queue began: engines abandon the queue (READ_ONCE)
 * @stalled: fault injection: engines skip the queue (debugfs)
 * @dbg: debugfs directory of the queue
 */
struct hsim_queue {
	struct hsim_dev *hdev;
	struct uacce_queue *uq;
	u16 qid;
	u16 qc_type;
	void *dus;
	void *mmio;
	u8 *sq;
	u8 *cq;
	bool db_trap;
	u16 db_sq_tail;

	u64 last_db;
	u64 last_sq_db;
	bool sq_db_used;
	u16 sq_head;
	u16 sq_tail;
	u16 cq_tail;
	u16 phase;
	u16 user_cq_head;

	struct list_head node;
	struct list_head all;
	bool started;
	bool claimed;

	bool stopping;
	bool stalled;
	struct dentry *dbg;
};

/**
 * struct hsim_engine - one engine thread, the "hardware"
 * @hdev: its device
 * @task: the thread
 * @def_ws: deflate workspace for stateless requests
 * @inf_ws: inflate workspace for stateless requests
 * @ibuf: input bounce buffer, HSIM_CHUNK bytes
 * @obuf: output bounce buffer, HSIM_CHUNK bytes
 *
 * Everything here is used by the thread only.
 */
struct hsim_engine {
	struct hsim_dev *hdev;
	struct task_struct *task;
	void *def_ws;
	void *inf_ws;
	u8 *ibuf;
	u8 *obuf;
};

/**
 * struct hsim_dev - the model of one QM function with its ZIP engine
 * @bdev: the bus device (the uacce parent)
 * @uacce: the uacce registration
 * @nr_queues: queues of the function
 * @depth: SQ and CQ depth
 * @dus_size: DUS region bytes
 * @nr_threads: number of @engines
 * @engines: the engine threads
 * @qids: queue number allocator (has its own lock)
 * @in_use: queues open
 * @qlock: protects @active, @queues and the queue fields documented as
 *	under it; never held across user memory access or sleeping
 * @active: started queues, in the engines' round-robin order
 * @queues: all queues between get_queue and put_queue
 * @idle_wq: stop_queue waits here for an engine to drop its claim
 * @kick_wq: sleeping engines wait here
 * @kick_seq: bumped by each kick
 * @strm_lock: protects @streams and @nr_streams and each stream's busy
 *	flag; a mutex because the stream allocation sleeps
 * @streams: stream states, least recently used first
 * @nr_streams: entries on @streams
 * @fail_next: fault injection: fail this many more requests
 * @fail_status: status those requests complete with
 * @delay_us: fault injection: extra time each request takes
 * @isolated: fault injection: the device reports itself isolated and
 *	stops servicing its queues
 * @err_threshold: the isolate_strategy value (kept, not acted upon)
 * @completed: requests completed (debugfs)
 * @db_trapped: doorbell-page stores emulated (debugfs)
 * @dbg: debugfs directory of the device
 */
struct hsim_dev {
	struct hsim_bus_dev *bdev;
	struct uacce_device *uacce;
	u32 nr_queues;
	u32 depth;
	size_t dus_size;
	u32 nr_threads;
	struct hsim_engine *engines;
	struct ida qids;
	atomic_t in_use;

	spinlock_t qlock;
	struct list_head active;
	struct list_head queues;
	wait_queue_head_t idle_wq;
	wait_queue_head_t kick_wq;
	atomic_t kick_seq;

	struct mutex strm_lock;
	struct list_head streams;
	unsigned int nr_streams;

	atomic_t fail_next;
	u32 fail_status;
	u32 delay_us;
	bool isolated;
	u32 err_threshold;
	atomic64_t completed;
	atomic64_t db_trapped;
	struct dentry *dbg;
};

/* A decoded SQE and the results the engine writes back into it. */
struct hsim_req {
	__le32 dw[32];		/* the SQE as read, once, from the ring */
	u8 alg;			/* 1 deflate, 2 zlib, 3 gzip */
	bool stateful;
	bool new_stream;
	bool finish;
	int wbits;
	u64 src;
	u64 dst;
	u64 ctx;
	u32 in_len;
	u32 out_len;

	u32 consumed;
	u32 produced;
	u32 status;		/* dw3: status | HZIP_LSTBLK */
	u32 isize;
	u32 cksum;
};

/* module parameters (bus.c) */
extern unsigned int hsim_comp_level;
extern unsigned int hsim_spin_us;
extern unsigned int hsim_max_sleep_us;
extern unsigned int hsim_max_streams;

/* qm.c */
extern const struct uacce_ops hsim_uacce_ops;
int hsim_engines_start(struct hsim_dev *hdev);
void hsim_engines_stop(struct hsim_dev *hdev);
void hsim_kick(struct hsim_dev *hdev);
void hsim_set_isolated(struct hsim_dev *hdev, bool on);
bool hsim_queue_stopping(struct hsim_queue *q);
bool hsim_owner_gone(struct hsim_queue *q);
int hsim_queue_abort(struct hsim_queue *q);

/* mmio.c */
int hsim_mmio_mmap(struct hsim_queue *q, struct vm_area_struct *vma);
vm_fault_t hsim_region_write(struct uacce_queue *uq, enum uacce_qfrt type,
			     struct vm_fault *vmf);

/* zip.c */
int hsim_engine_init(struct hsim_engine *eng);
void hsim_engine_fini(struct hsim_engine *eng);
int hsim_zip_exec(struct hsim_engine *eng, struct hsim_queue *q,
		  struct hsim_req *r);
void hsim_streams_drop(struct hsim_dev *hdev, struct mm_struct *mm);

/* sva.c */
int hsim_read_user(struct hsim_queue *q, void *dst, u64 uaddr, size_t len);
int hsim_write_user(struct hsim_queue *q, u64 uaddr, const void *src,
		    size_t len);

/* debugfs.c */
void hsim_debugfs_init(void);
void hsim_debugfs_exit(void);
void hsim_debugfs_dev_add(struct hsim_dev *hdev);
void hsim_debugfs_dev_del(struct hsim_dev *hdev);
void hsim_debugfs_queue_add(struct hsim_queue *q);
void hsim_debugfs_queue_del(struct hsim_queue *q);

#endif /* HISI_SIM_H */
