// SPDX-License-Identifier: GPL-2.0-only
/*
 * QM queues of the model: the uacce queue ops, the SQ/CQ rings, doorbell
 * watching and the engine threads.
 *
 * Ring protocol and memory ordering
 * ---------------------------------
 * Per queue, the DUS region holds the SQ (depth x 128-byte SQEs), then the
 * CQ (depth x 16-byte CQEs), then a status page whose last two words are the
 * RX and TX stop flags. The MMIO region is two private pages per queue: the
 * doorbell word at 0x1000 (SQ and CQ doorbells share it), an SQ-only
 * doorbell word at 0x1008 and the need-wakeup word at 0x1040 (the last two
 * are model extensions, see <uapi/misc/uacce/hisi_qm.h>). Stores to that
 * page trap and are emulated, each doorbell latched, until the driver
 * writes the SQ-only word; from then on the engines sample the words
 * (mmio.c explains why).
 *
 * Single writers: the user writes SQEs (before their doorbell), both
 * doorbell words and nothing else; the model writes SQE result words (only
 * for slots between its head and the tail it has seen), CQEs, the stop
 * flags and the need-wakeup word. The model's head, tail, CQ tail and phase
 * live in kernel memory (struct hsim_queue), written only by the engine
 * holding the queue's claim.
 *
 * Ordering pairs:
 * (A) submission: user writes SQE[i..j]; full barrier; stores the doorbell
 *     (tail j + 1). Model: READ_ONCE(doorbell); smp_rmb(); reads the SQEs
 *     up to tail - 1 (each copied once into kernel memory before use).
 *     A trapped store is latched by the storing task itself, after its
 *     SQE stores: smp_store_release(db_sq_tail) in hsim_db_latch(), paired
 *     with smp_load_acquire() in hsim_poll_db().
 * (B) completion: model writes the result words of SQE[s]; smp_wmb();
 *     writes CQE words 0..6 (sq_head = s, sq_num = qid); smp_wmb();
 *     WRITE_ONCE(CQE.w7, phase). User: reads w7; sees its expected phase;
 *     read barrier; reads sq_head and SQE[s]. The model never touches
 *     slot s again until a later doorbell hands it back.
 * (C) need-wakeup: model, before sleeping: WRITE_ONCE(wake word, 1);
 *     smp_mb(); re-reads every doorbell. User: stores the doorbell;
 *     full barrier; reads the wake word; kicks if it is set. Whichever
 *     side's store comes second, that side sees the other's store.
 * (D) teardown: stop_queue sets TX then RX stop flags (smp_wmb() between)
 *     after the engines have let go of the queue.
 * (E) claims: an engine takes and drops a queue under hdev->qlock; the
 *     spinlock orders the ring state (head, tail, phase) from one claim to
 *     the next, and stop_queue's removal of the queue from hdev->active
 *     under the same lock means no new claim can follow.
 *
 * A doorbell value is taken only when its queue number matches the queue,
 * its command is 0 (SQ) or 1 (CQ) and its index is below the depth;
 * anything else is ignored. A sampled shared word can be overwritten
 * before an engine reads it; only the SQ-only word makes sampling lose no
 * SQ doorbell (a queue sampled because a store could not be emulated keeps
 * that risk, see docs/hisi-sim.md).
 *
 * Engines: every started queue is on hdev->active. An idle engine scans the
 * list under qlock, claims the first queue with work (moving it to the tail,
 * for round robin), drops the lock, executes up to HSIM_BUDGET SQEs in order
 * against the owner's mm, and gives the claim back. With no work it spins
 * for spin_us, then sleeps with an exponential back-off capped at
 * max_sleep_us, publishing need-wakeup while asleep; a kick wakes it at once.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/delay.h>
#include <linux/kthread.h>
#include <linux/mm.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <uapi/misc/uacce/hisi_qm.h>

#include "hisi_sim.h"

#define HSIM_BUDGET		32	/* SQEs per claim */
#define HSIM_MIN_SLEEP_US	20
#define HSIM_MAX_DELAY_US	100000

static u64 *hsim_db(struct hsim_queue *q)
{
	return q->mmio + HSIM_DB_OFFSET;
}

static u64 *hsim_sq_db(struct hsim_queue *q)
{
	return q->mmio + HISI_QM_SIM_SQ_DB_OFFSET;
}

static u32 *hsim_wake_word(struct hsim_queue *q)
{
	return q->mmio + HISI_QM_SIM_WAKE_OFFSET;
}

static u32 *hsim_stop_flags(struct hsim_queue *q)
{
	/* [0] RX stop flag, [1] TX stop flag: the last 8 bytes of the DUS */
	return q->dus + q->hdev->dus_size - 8;
}

bool hsim_queue_stopping(struct hsim_queue *q)
{
	return READ_ONCE(q->stopping);
}

/*
 * True when every thread of the owner has exited and the engine's own
 * reference is all that keeps the address space alive: what is left in the
 * queue is completed with an error without touching the memory.
 */
bool hsim_owner_gone(struct hsim_queue *q)
{
	return atomic_read(&q->uq->mm->mm_users) <= 1;
}

/* Checked between chunks of a request: 0, -EINTR or -ESRCH. */
int hsim_queue_abort(struct hsim_queue *q)
{
	if (hsim_queue_stopping(q))
		return -EINTR;
	return hsim_owner_gone(q) ? -ESRCH : 0;
}

/*
 * Take one doorbell value seen in a doorbell word. Claim owner or qlock.
 *
 * Once a driver uses the SQ-only word, the SQ doorbells of the shared word
 * are ignored: the two words are read one after the other, so the shared
 * one can show a tail older than the one the SQ-only word gave a moment
 * before, and taking it would move the tail back, hiding SQEs whose own
 * doorbell in the shared word a CQ doorbell may since have overwritten.
 * The SQ-only word alone is written in order, so it never goes back.
 */
static void hsim_take_db(struct hsim_queue *q, u64 db, bool sq_only)
{
	u32 idx = HSIM_DB_INDEX(db);

	if (HSIM_DB_QN(db) != q->qid || idx >= q->hdev->depth)
		return;
	if (HSIM_DB_CMD(db) == HSIM_DB_CMD_SQ) {
		if (sq_only)
			q->sq_db_used = true;
		else if (q->sq_db_used)
			return;
		q->sq_tail = idx;
	} else if (HSIM_DB_CMD(db) == HSIM_DB_CMD_CQ && !sq_only) {
		WRITE_ONCE(q->user_cq_head, idx);
	}
}

/*
 * Sample the doorbell words; true when SQEs are waiting. Called by the
 * claim owner, or under qlock for an unclaimed queue.
 */
static bool hsim_poll_db(struct hsim_queue *q)
{
	u64 db, sdb;

	if (READ_ONCE(q->db_trap)) {
		/* (A): pairs with the release in hsim_db_latch() */
		q->sq_tail = smp_load_acquire(&q->db_sq_tail);
		return q->sq_head != q->sq_tail;
	}
	db = READ_ONCE(*hsim_db(q));
	sdb = READ_ONCE(*hsim_sq_db(q));

	/* A driver writes the SQ-only word first, so apply it last. */
	if (db != q->last_db) {
		q->last_db = db;
		hsim_take_db(q, db, false);
	}
	if (sdb != q->last_sq_db) {
		q->last_sq_db = sdb;
		hsim_take_db(q, sdb, true);
	}
	smp_rmb(); /* (A): SQE contents after the doorbell */
	return q->sq_head != q->sq_tail;
}

static bool hsim_servable(struct hsim_queue *q)
{
	return !q->claimed && !READ_ONCE(q->stalled) && hsim_poll_db(q);
}

/* Claim a queue with work, or NULL. */
static struct hsim_queue *hsim_claim(struct hsim_dev *hdev)
{
	struct hsim_queue *q, *found = NULL;

	if (READ_ONCE(hdev->isolated))
		return NULL;
	spin_lock(&hdev->qlock);
	list_for_each_entry(q, &hdev->active, node) {
		if (hsim_servable(q)) {
			found = q;
			q->claimed = true;
			list_move_tail(&q->node, &hdev->active);
			break;
		}
	}
	spin_unlock(&hdev->qlock);
	return found;
}

static void hsim_unclaim(struct hsim_dev *hdev, struct hsim_queue *q)
{
	spin_lock(&hdev->qlock);
	q->claimed = false;
	spin_unlock(&hdev->qlock);
	wake_up_all(&hdev->idle_wq);
}

static void hsim_set_need_wakeup(struct hsim_dev *hdev, u32 val)
{
	struct hsim_queue *q;

	spin_lock(&hdev->qlock);
	list_for_each_entry(q, &hdev->active, node)
		WRITE_ONCE(*hsim_wake_word(q), val);
	spin_unlock(&hdev->qlock);
}

/* Write the results into the SQE in place, then post its CQE (B). */
static void hsim_complete(struct hsim_queue *q, u16 slot, struct hsim_req *r)
{
	__le32 *sqe = (__le32 *)(q->sq + (size_t)slot * HSIM_SQE_SIZE);
	__le16 *cqe = (__le16 *)(q->cq + (size_t)q->cq_tail * HSIM_CQE_SIZE);

	WRITE_ONCE(sqe[0], cpu_to_le32(r->consumed));
	WRITE_ONCE(sqe[1], cpu_to_le32(r->produced));
	WRITE_ONCE(sqe[2], 0);
	WRITE_ONCE(sqe[3], cpu_to_le32(r->status));
	WRITE_ONCE(sqe[15], 0);
	WRITE_ONCE(sqe[28], 0);
	WRITE_ONCE(sqe[29], 0);
	WRITE_ONCE(sqe[30], cpu_to_le32(r->isize));
	WRITE_ONCE(sqe[31], cpu_to_le32(r->cksum));
	smp_wmb(); /* (B): results before the CQE */
	WRITE_ONCE(cqe[0], 0);
	WRITE_ONCE(cqe[1], 0);
	WRITE_ONCE(cqe[2], 0);	/* cmd_id */
	WRITE_ONCE(cqe[3], 0);
	WRITE_ONCE(cqe[4], cpu_to_le16(slot));		/* sq_head */
	WRITE_ONCE(cqe[5], cpu_to_le16(q->qid));	/* sq_num */
	WRITE_ONCE(cqe[6], 0);
	smp_wmb(); /* (B): CQE body before its phase */
	WRITE_ONCE(cqe[7], cpu_to_le16(q->phase));

	if (++q->cq_tail == q->hdev->depth) {
		q->cq_tail = 0;
		q->phase ^= 1;
	}
	atomic64_inc(&q->hdev->completed);
}

/* Read SQE @slot once into @r and complete it with @status, untouched. */
static void hsim_fail_sqe(struct hsim_queue *q, u16 slot, struct hsim_req *r,
			  u32 status)
{
	r->consumed = 0;
	r->produced = 0;
	r->status = status;
	r->isize = le32_to_cpu(r->dw[30]);
	r->cksum = le32_to_cpu(r->dw[31]);
	hsim_complete(q, slot, r);
}

static void hsim_inject_delay(struct hsim_dev *hdev)
{
	u32 us = min_t(u32, READ_ONCE(hdev->delay_us), HSIM_MAX_DELAY_US);

	if (us)
		usleep_range(us, us + us / 4 + 1);
}

/* Execute up to HSIM_BUDGET SQEs of a claimed queue, in order. */
static void hsim_service(struct hsim_engine *eng, struct hsim_queue *q)
{
	struct hsim_dev *hdev = q->hdev;
	struct mm_struct *mm = q->uq->mm;
	struct hsim_req r;
	bool have_mm;
	int n, ret;

	have_mm = mm && mmget_not_zero(mm);
	if (have_mm)
		kthread_use_mm(mm);

	for (n = 0; n < HSIM_BUDGET; n++) {
		u16 slot = q->sq_head;

		if (slot == q->sq_tail && !hsim_poll_db(q))
			break;
		if (hsim_queue_stopping(q) || READ_ONCE(q->stalled) ||
		    READ_ONCE(hdev->isolated))
			break;

		memcpy(r.dw, q->sq + (size_t)slot * HSIM_SQE_SIZE,
		       HSIM_SQE_SIZE);
		if (!have_mm || hsim_owner_gone(q)) {
			/* The owner is exiting: nobody can see the data. */
			hsim_fail_sqe(q, slot, &r, HZIP_ST_ADDR);
		} else if (atomic_add_unless(&hdev->fail_next, -1, 0)) {
			hsim_inject_delay(hdev);
			hsim_fail_sqe(q, slot, &r,
				      READ_ONCE(hdev->fail_status) & 0xff);
		} else {
			hsim_inject_delay(hdev);
			ret = hsim_zip_exec(eng, q, &r);
			if (ret == -EINTR)
				break;	/* stopping: no completion */
			hsim_complete(q, slot, &r);
		}
		if (++q->sq_head == hdev->depth)
			q->sq_head = 0;
		uacce_wake_up(q->uq);
		cond_resched();
	}

	if (have_mm) {
		kthread_unuse_mm(mm);
		/*
		 * The last user of an exited owner's mm tears it down, closing
		 * the queue's own mappings (which takes uacce's queue lock):
		 * leave that to a workqueue rather than do it with the queue
		 * claimed.
		 */
		mmput_async(mm);
	}
}

static int hsim_engine_fn(void *data)
{
	struct hsim_engine *eng = data;
	struct hsim_dev *hdev = eng->hdev;
	u64 last_work = ktime_get_ns();
	bool flagged = false;
	u32 sleep_us = 0;
	int seen;

	while (!kthread_should_stop()) {
		struct hsim_queue *q = hsim_claim(hdev);

		if (!q && ktime_get_ns() - last_work <
			  (u64)READ_ONCE(hsim_spin_us) * NSEC_PER_USEC) {
			cond_resched();
			cpu_relax();
			continue;
		}
		if (!q) {
			/* Back off: publish need-wakeup, look again, sleep (C). */
			sleep_us = clamp_t(u32, sleep_us * 2, HSIM_MIN_SLEEP_US,
					   max_t(u32, READ_ONCE(hsim_max_sleep_us),
						 HSIM_MIN_SLEEP_US));
			seen = atomic_read(&hdev->kick_seq);
			hsim_set_need_wakeup(hdev, HISI_QM_SIM_NEED_WAKEUP);
			flagged = true;
			smp_mb(); /* (C): need-wakeup before re-reading doorbells */
			q = hsim_claim(hdev);
		}
		if (!q) {
			wait_event_interruptible_hrtimeout(hdev->kick_wq,
				atomic_read(&hdev->kick_seq) != seen ||
				kthread_should_stop(),
				ns_to_ktime((u64)sleep_us * NSEC_PER_USEC));
			if (atomic_read(&hdev->kick_seq) != seen) {
				last_work = ktime_get_ns();
				sleep_us = 0;
			}
			continue;
		}

		if (flagged) {
			hsim_set_need_wakeup(hdev, 0);
			flagged = false;
		}
		hsim_service(eng, q);
		hsim_unclaim(hdev, q);
		last_work = ktime_get_ns();
		sleep_us = 0;
		cond_resched();
	}
	return 0;
}

void hsim_kick(struct hsim_dev *hdev)
{
	atomic_inc(&hdev->kick_seq);
	wake_up_all(&hdev->kick_wq);
}

/**
 * hsim_engines_start() - create and start the engine threads
 * @hdev: the device
 *
 * Return: 0 or -errno; on error no thread is left.
 */
int hsim_engines_start(struct hsim_dev *hdev)
{
	int node = dev_to_node(&hdev->bdev->dev);
	u32 i;
	int ret;

	hdev->engines = kcalloc_node(hdev->nr_threads, sizeof(*hdev->engines),
				     GFP_KERNEL, node);
	if (!hdev->engines)
		return -ENOMEM;

	for (i = 0; i < hdev->nr_threads; i++) {
		struct hsim_engine *eng = &hdev->engines[i];

		eng->hdev = hdev;
		ret = hsim_engine_init(eng);
		if (ret)
			goto err_stop_engines;
		eng->task = kthread_create_on_node(hsim_engine_fn, eng, node,
						   "hisi_sim%u/%u",
						   hdev->bdev->id, i);
		if (IS_ERR(eng->task)) {
			ret = PTR_ERR(eng->task);
			eng->task = NULL;
			hsim_engine_fini(eng);
			goto err_stop_engines;
		}
		wake_up_process(eng->task);
	}
	return 0;

err_stop_engines:
	while (i--) {
		kthread_stop(hdev->engines[i].task);
		hsim_engine_fini(&hdev->engines[i]);
	}
	kfree(hdev->engines);
	hdev->engines = NULL;
	return ret;
}

/* Stop the engine threads. No queue may be started any more. */
void hsim_engines_stop(struct hsim_dev *hdev)
{
	u32 i;

	for (i = 0; i < hdev->nr_threads; i++) {
		kthread_stop(hdev->engines[i].task);
		hsim_engine_fini(&hdev->engines[i]);
	}
	kfree(hdev->engines);
	hdev->engines = NULL;
}

/**
 * hsim_set_isolated() - fault injection: report the device isolated
 * @hdev: the device
 * @on: isolate (stop servicing, raise the stop flags) or recover
 */
void hsim_set_isolated(struct hsim_dev *hdev, bool on)
{
	struct hsim_queue *q;

	WRITE_ONCE(hdev->isolated, on);
	spin_lock(&hdev->qlock);
	list_for_each_entry(q, &hdev->active, node) {
		u32 *flags = hsim_stop_flags(q);

		WRITE_ONCE(flags[1], on);	/* TX first */
		smp_wmb();
		WRITE_ONCE(flags[0], on);
	}
	spin_unlock(&hdev->qlock);
	if (!on)
		hsim_kick(hdev);
}

/* uacce ops */

static struct hsim_dev *hsim_from_uacce(struct uacce_device *uacce)
{
	return uacce->priv;
}

static int hsim_get_available_instances(struct uacce_device *uacce)
{
	struct hsim_dev *hdev = hsim_from_uacce(uacce);

	return hdev->nr_queues - atomic_read(&hdev->in_use);
}

static int hsim_get_queue(struct uacce_device *uacce, unsigned long pasid,
			  struct uacce_queue *uq)
{
	struct hsim_dev *hdev = hsim_from_uacce(uacce);
	int node = dev_to_node(&hdev->bdev->dev);
	struct hsim_queue *q;
	int qid, ret;

	qid = ida_alloc_max(&hdev->qids, hdev->nr_queues - 1, GFP_KERNEL);
	if (qid < 0)
		return qid == -ENOSPC ? -EBUSY : qid;

	q = kzalloc_node(sizeof(*q), GFP_KERNEL, node);
	if (!q) {
		ret = -ENOMEM;
		goto err_free_qid;
	}
	q->hdev = hdev;
	q->uq = uq;
	q->qid = qid;
	q->dus = vmalloc_user(hdev->dus_size);
	if (!q->dus) {
		ret = -ENOMEM;
		goto err_free_q;
	}
	q->mmio = vmalloc_user(HSIM_MMIO_SIZE);
	if (!q->mmio) {
		ret = -ENOMEM;
		goto err_free_dus;
	}
	q->sq = q->dus;
	q->cq = q->dus + (size_t)hdev->depth * HSIM_SQE_SIZE;
	q->db_trap = IS_ENABLED(CONFIG_X86_64);
	INIT_LIST_HEAD(&q->node);

	spin_lock(&hdev->qlock);
	list_add_tail(&q->all, &hdev->queues);
	spin_unlock(&hdev->qlock);
	atomic_inc(&hdev->in_use);
	uq->priv = q;
	hsim_debugfs_queue_add(q);
	return 0;

err_free_dus:
	vfree(q->dus);
err_free_q:
	kfree(q);
err_free_qid:
	ida_free(&hdev->qids, qid);
	return ret;
}

static void hsim_put_queue(struct uacce_queue *uq)
{
	struct hsim_queue *q = uq->priv, *other;
	struct hsim_dev *hdev = q->hdev;
	bool last_of_mm = true;

	hsim_debugfs_queue_del(q);
	spin_lock(&hdev->qlock);
	list_del(&q->all);
	list_for_each_entry(other, &hdev->queues, all)
		if (other->uq->mm == uq->mm)
			last_of_mm = false;
	spin_unlock(&hdev->qlock);
	if (last_of_mm)
		hsim_streams_drop(hdev, uq->mm);

	uq->priv = NULL;
	vfree(q->mmio);
	vfree(q->dus);
	ida_free(&hdev->qids, q->qid);
	atomic_dec(&hdev->in_use);
	kfree(q);
}

static int hsim_start_queue(struct uacce_queue *uq)
{
	struct hsim_queue *q = uq->priv;
	struct hsim_dev *hdev = q->hdev;

	q->sq_head = 0;
	q->sq_tail = 0;
	q->cq_tail = 0;
	q->phase = 1;
	q->db_sq_tail = 0;
	q->last_db = 0;
	q->last_sq_db = 0;
	q->sq_db_used = false;
	q->user_cq_head = 0;
	WRITE_ONCE(q->stopping, false);

	spin_lock(&hdev->qlock);
	if (READ_ONCE(hdev->isolated)) {
		u32 *flags = hsim_stop_flags(q);

		WRITE_ONCE(flags[1], 1);
		WRITE_ONCE(flags[0], 1);
	}
	q->started = true;
	list_add_tail(&q->node, &hdev->active);
	spin_unlock(&hdev->qlock);
	hsim_kick(hdev);
	return 0;
}

static bool hsim_unclaimed(struct hsim_queue *q)
{
	bool ret;

	spin_lock(&q->hdev->qlock);
	ret = !q->claimed;
	spin_unlock(&q->hdev->qlock);
	return ret;
}

static void hsim_stop_queue(struct uacce_queue *uq)
{
	struct hsim_queue *q = uq->priv;
	struct hsim_dev *hdev = q->hdev;
	u32 *flags = hsim_stop_flags(q);

	spin_lock(&hdev->qlock);
	WRITE_ONCE(q->stopping, true);
	if (q->started) {
		list_del_init(&q->node);
		q->started = false;
	}
	spin_unlock(&hdev->qlock);
	/* An engine in the middle of a request gives up at its next check. */
	wait_event(hdev->idle_wq, hsim_unclaimed(q));

	WRITE_ONCE(flags[1], 1);	/* TX stop */
	smp_wmb(); /* (D) */
	WRITE_ONCE(flags[0], 1);	/* RX stop */
}

static int hsim_is_q_updated(struct uacce_queue *uq)
{
	struct hsim_queue *q = uq->priv;
	u64 db = READ_ONCE(*hsim_db(q));
	u16 head = READ_ONCE(q->user_cq_head);

	if (HSIM_DB_QN(db) == q->qid && HSIM_DB_CMD(db) == HSIM_DB_CMD_CQ &&
	    HSIM_DB_INDEX(db) < q->hdev->depth)
		head = HSIM_DB_INDEX(db);
	return READ_ONCE(q->cq_tail) != head;
}

static int hsim_mmap(struct uacce_queue *uq, struct vm_area_struct *vma,
		     enum uacce_qfrt type)
{
	struct hsim_queue *q = uq->priv;

	switch (type) {
	case UACCE_QFRT_MMIO:
		return hsim_mmio_mmap(q, vma);
	case UACCE_QFRT_DUS:
		return remap_vmalloc_range(vma, q->dus, 0);
	default:
		return -EINVAL;
	}
}

static long hsim_ioctl(struct uacce_queue *uq, unsigned int cmd, void *arg)
{
	struct hsim_queue *q = uq->priv;
	struct hisi_qp_info *info;
	struct hisi_qp_ctx *ctx;

	switch (cmd) {
	case UACCE_CMD_QM_SET_QP_CTX:
		ctx = arg;
		if (ctx->qc_type > 1)
			return -EINVAL;
		WRITE_ONCE(q->qc_type, ctx->qc_type);
		ctx->id = q->qid;
		return 0;
	case UACCE_CMD_QM_SET_QP_INFO:
		info = arg;
		info->sqe_size = HSIM_SQE_SIZE;
		info->sq_depth = q->hdev->depth;
		info->cq_depth = q->hdev->depth;
		return 0;
	case UACCE_CMD_QM_SIM_KICK:
		hsim_kick(q->hdev);
		return 0;
	default:
		return -ENOTTY;
	}
}

static enum uacce_dev_state hsim_get_isolate_state(struct uacce_device *uacce)
{
	return READ_ONCE(hsim_from_uacce(uacce)->isolated) ?
		UACCE_DEV_ISOLATE : UACCE_DEV_NORMAL;
}

static u32 hsim_isolate_threshold_read(struct uacce_device *uacce)
{
	return READ_ONCE(hsim_from_uacce(uacce)->err_threshold);
}

static int hsim_isolate_threshold_write(struct uacce_device *uacce, u32 num)
{
	if (num > UACCE_MAX_ERR_THRESHOLD)
		return -EINVAL;
	WRITE_ONCE(hsim_from_uacce(uacce)->err_threshold, num);
	return 0;
}

const struct uacce_ops hsim_uacce_ops = {
	.get_available_instances = hsim_get_available_instances,
	.get_queue = hsim_get_queue,
	.put_queue = hsim_put_queue,
	.start_queue = hsim_start_queue,
	.stop_queue = hsim_stop_queue,
	.is_q_updated = hsim_is_q_updated,
	.mmap = hsim_mmap,
	.region_write = hsim_region_write,
	.ioctl = hsim_ioctl,
	.get_isolate_state = hsim_get_isolate_state,
	.isolate_err_threshold_read = hsim_isolate_threshold_read,
	.isolate_err_threshold_write = hsim_isolate_threshold_write,
};
