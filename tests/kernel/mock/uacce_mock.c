// SPDX-License-Identifier: GPL-2.0-only
/*
 * uacce_mock: a small driver that exercises the uacce framework in the VM
 * tests. It creates two platform devices and registers each with uacce:
 *
 *   uacce_mock-<id>  8 queues, MMIO (1 page) and DUS (2 pages) regions,
 *                    isolate ops, poll, a job that writes into the
 *                    opener's memory through the bound mm (software SVA),
 *                    and region_write on its read-only MMIO page: stores
 *                    to the upper half are refused, the first other store
 *                    makes the page writable; DUS word 2 counts the calls
 *   uacce_mini-<id>  2 queues, MMIO region only, no optional ops (its
 *                    read-only MMIO page becomes writable on a store)
 *
 * Unbinding a device from the driver, or unloading the module, is the
 * parent-removal path the framework must survive.
 *
 * Built with UACCE_MOCK_FAULTY=y (kbuild variable), it gains three bugs the
 * debug kernel must report: a use-after-free and a lock inversion in
 * put_queue, and a leak in get_queue. Only the test of the debug-kernel
 * checks builds it so (scripts/vm/check-checker.sh).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/delay.h>
#include <linux/kthread.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <linux/uacce.h>
#include <linux/uaccess.h>
#include <linux/wait.h>
#include <linux/workqueue.h>

#include "uacce_mock_uapi.h"

#define MOCK_MAX_DELAY_MS	5000

struct mock_variant {
	const char *name;
	unsigned int flags;
	int nr_queues;
	unsigned long pages[UACCE_MAX_REGION];
	const struct uacce_ops *ops;
};

/**
 * struct mock_dev - one mock accelerator
 * @uacce: its uacce device
 * @variant: what it offers
 * @in_use: queues claimed; written under uacce->mutex (get/put_queue)
 * @err_threshold: isolate_strategy value
 */
struct mock_dev {
	struct uacce_device *uacce;
	const struct mock_variant *variant;
	int in_use;
	u32 err_threshold;
#ifdef UACCE_MOCK_FAULTY
	struct mutex fault_a, fault_b;
#endif
};

#ifdef UACCE_MOCK_FAULTY
/* get_queue takes a then b, put_queue b then a: lockdep must object. */
static void mock_fault_lock(struct mock_dev *md, bool reverse)
{
	struct mutex *first = reverse ? &md->fault_b : &md->fault_a;
	struct mutex *second = reverse ? &md->fault_a : &md->fault_b;

	mutex_lock(first);
	mutex_lock(second);
	mutex_unlock(second);
	mutex_unlock(first);
}

/* Allocated and forgotten: kmemleak must find it. */
static void mock_fault_leak(void)
{
	void *lost = kmalloc(192, GFP_KERNEL);

	if (lost)
		memset(lost, 0x5a, 192);
}
#endif

/**
 * struct mock_queue - one claimed queue
 * @q: the uacce queue
 * @region: pages backing the MMIO and DUS regions
 * @work: the job in flight
 * @job: its arguments
 * @stopping: set by stop_queue to cut a job's delay short
 * @stop_wait: where a delayed job waits
 * @busy: a job was accepted and its result not yet collected
 * @done: the job completed; is_q_updated() reports it
 * @result: the job's result
 *
 * @busy, @done and @result are read and written under the queue's mutex
 * by the ioctl and poll paths, and written by the worker with @done last,
 * after a release barrier, so that a poller that sees @done sees @result.
 */
struct mock_queue {
	struct uacce_queue *q;
	struct page *region[UACCE_MAX_REGION];
	struct work_struct work;
	struct uacce_mock_write job;
	bool stopping;
	wait_queue_head_t stop_wait;
	bool busy;
	bool done;
	long result;
};

static unsigned int mock_region_order(struct uacce_device *uacce, int type)
{
	return get_order(uacce->qf_pg_num[type] << PAGE_SHIFT);
}

static u64 *mock_dus_words(struct mock_queue *mq)
{
	return page_address(mq->region[UACCE_QFRT_DUS]);
}

/* The "hardware": write into the opener's memory by virtual address. */
static void mock_job_work(struct work_struct *work)
{
	struct mock_queue *mq = container_of(work, struct mock_queue, work);
	u64 __user *uaddr = u64_to_user_ptr(mq->job.addr);
	struct mm_struct *mm = mq->q->mm;
	u64 *dus;
	long ret;

	if (mq->job.delay_ms)
		wait_event_timeout(mq->stop_wait, READ_ONCE(mq->stopping),
				   msecs_to_jiffies(mq->job.delay_ms));

	if (READ_ONCE(mq->stopping)) {
		ret = -ECANCELED;
	} else if (!mmget_not_zero(mm)) {
		ret = -ESRCH;	/* the process is exiting */
	} else {
		kthread_use_mm(mm);
		ret = put_user(mq->job.value, uaddr) ? -EFAULT : 0;
		kthread_unuse_mm(mm);
		mmput(mm);
	}

	if (mq->region[UACCE_QFRT_DUS]) {
		dus = mock_dus_words(mq);
		WRITE_ONCE(dus[1], dus[1] + 1);
	}
	mq->result = ret;
	/* Publish result and count before done; pairs with mock_done(). */
	smp_store_release(&mq->done, true);
	uacce_wake_up(mq->q);
}

static int mock_available(struct uacce_device *uacce)
{
	struct mock_dev *md = uacce->priv;

	return md->variant->nr_queues - READ_ONCE(md->in_use);
}

static void mock_free_regions(struct uacce_queue *q, struct mock_queue *mq)
{
	int i;

	for (i = 0; i < UACCE_MAX_REGION; i++)
		if (mq->region[i])
			__free_pages(mq->region[i],
				     mock_region_order(q->uacce, i));
}

static int mock_get_queue(struct uacce_device *uacce, unsigned long pasid,
			  struct uacce_queue *q)
{
	struct mock_dev *md = uacce->priv;
	struct mock_queue *mq;
	int i;

	if (md->in_use >= md->variant->nr_queues)
		return -EBUSY;
	if ((md->variant->flags & UACCE_DEV_SVA) && !pasid)
		return -EINVAL;

	mq = kzalloc(sizeof(*mq), GFP_KERNEL);
	if (!mq)
		return -ENOMEM;
	mq->q = q;
	INIT_WORK(&mq->work, mock_job_work);
	init_waitqueue_head(&mq->stop_wait);
	for (i = 0; i < UACCE_MAX_REGION; i++) {
		if (!uacce->qf_pg_num[i])
			continue;
		mq->region[i] = alloc_pages(GFP_KERNEL | __GFP_ZERO,
					    mock_region_order(uacce, i));
		if (!mq->region[i])
			goto err_free_regions;
	}
	q->priv = mq;
	WRITE_ONCE(md->in_use, md->in_use + 1);
#ifdef UACCE_MOCK_FAULTY
	mock_fault_lock(md, false);
	mock_fault_leak();
#endif
	return 0;

err_free_regions:
	mock_free_regions(q, mq);
	kfree(mq);
	return -ENOMEM;
}

static void mock_put_queue(struct uacce_queue *q)
{
	struct mock_dev *md = q->uacce->priv;
	struct mock_queue *mq = q->priv;

	/* A queue put without being started may still have no job. */
	cancel_work_sync(&mq->work);
	mock_free_regions(q, mq);
	kfree(mq);
#ifdef UACCE_MOCK_FAULTY
	mock_fault_lock(md, true);
	pr_info("freed queue was %s\n", READ_ONCE(mq->busy) ? "busy" : "idle");
#endif
	q->priv = NULL;
	WRITE_ONCE(md->in_use, md->in_use - 1);
}

static int mock_start_queue(struct uacce_queue *q)
{
	struct mock_queue *mq = q->priv;

	if (mq->region[UACCE_QFRT_DUS])
		WRITE_ONCE(mock_dus_words(mq)[0], UACCE_MOCK_DUS_STARTED);
	return 0;
}

static void mock_stop_queue(struct uacce_queue *q)
{
	struct mock_queue *mq = q->priv;

	WRITE_ONCE(mq->stopping, true);
	wake_up(&mq->stop_wait);
	flush_work(&mq->work);
}

static bool mock_done(struct mock_queue *mq)
{
	/* Pairs with the release in mock_job_work(). */
	return smp_load_acquire(&mq->done);
}

static int mock_is_q_updated(struct uacce_queue *q)
{
	return mock_done(q->priv);
}

/* The MMIO page is mapped read-only: stores go through region_write. */
static int mock_mmap(struct uacce_queue *q, struct vm_area_struct *vma,
		     enum uacce_qfrt type)
{
	struct mock_queue *mq = q->priv;
	pgprot_t prot = vma->vm_page_prot;

	if (type == UACCE_QFRT_MMIO)
		prot = vm_get_page_prot(vma->vm_flags & ~VM_WRITE);
	return remap_pfn_range(vma, vma->vm_start,
			       page_to_pfn(mq->region[type]),
			       vma->vm_end - vma->vm_start, prot);
}

static vm_fault_t mock_region_write(struct uacce_queue *q,
				    enum uacce_qfrt type, struct vm_fault *vmf)
{
	struct mock_queue *mq = q->priv;
	unsigned long off = vmf->real_address - vmf->vma->vm_start;
	u64 *calls = &mock_dus_words(mq)[2];

	WRITE_ONCE(*calls, READ_ONCE(*calls) + 1);
	return off >= PAGE_SIZE / 2 ? VM_FAULT_SIGBUS : 0;
}

static long mock_ioctl(struct uacce_queue *q, unsigned int cmd, void *arg)
{
	struct mock_queue *mq = q->priv;
	struct uacce_mock_result *res;
	struct uacce_mock_write *job;

	switch (cmd) {
	case UACCE_MOCK_CMD_WRITE:
		job = arg;
		if (q->state != UACCE_Q_STARTED ||
		    job->delay_ms > MOCK_MAX_DELAY_MS || job->pad)
			return -EINVAL;
		if (mq->busy)
			return -EBUSY;
		mq->job = *job;
		mq->busy = true;
		WRITE_ONCE(mq->done, false);
		queue_work(system_unbound_wq, &mq->work);
		return 0;
	case UACCE_MOCK_CMD_RESULT:
		res = arg;
		if (!mq->busy || !mock_done(mq))
			return -EAGAIN;
		res->result = mq->result;
		res->completions = mq->region[UACCE_QFRT_DUS] ?
				   READ_ONCE(mock_dus_words(mq)[1]) : 0;
		mq->busy = false;
		WRITE_ONCE(mq->done, false);
		return 0;
	default:
		return -ENOTTY;
	}
}

static enum uacce_dev_state mock_isolate_state(struct uacce_device *uacce)
{
	return UACCE_DEV_NORMAL;
}

static u32 mock_threshold_read(struct uacce_device *uacce)
{
	struct mock_dev *md = uacce->priv;

	return READ_ONCE(md->err_threshold);
}

static int mock_threshold_write(struct uacce_device *uacce, u32 num)
{
	struct mock_dev *md = uacce->priv;

	WRITE_ONCE(md->err_threshold, num);
	return 0;
}

static const struct uacce_ops mock_full_ops = {
	.get_available_instances = mock_available,
	.get_queue = mock_get_queue,
	.put_queue = mock_put_queue,
	.start_queue = mock_start_queue,
	.stop_queue = mock_stop_queue,
	.is_q_updated = mock_is_q_updated,
	.mmap = mock_mmap,
	.region_write = mock_region_write,
	.ioctl = mock_ioctl,
	.get_isolate_state = mock_isolate_state,
	.isolate_err_threshold_read = mock_threshold_read,
	.isolate_err_threshold_write = mock_threshold_write,
};

static const struct uacce_ops mock_mini_ops = {
	.get_available_instances = mock_available,
	.get_queue = mock_get_queue,
	.put_queue = mock_put_queue,
	.mmap = mock_mmap,
};

static const struct mock_variant mock_variants[] = {
	{
		.name = "uacce_mock",
		.flags = UACCE_DEV_SVA | UACCE_DEV_SOFT_SVA,
		.nr_queues = 8,
		.pages = { [UACCE_QFRT_MMIO] = 1, [UACCE_QFRT_DUS] = 2 },
		.ops = &mock_full_ops,
	},
	{
		.name = "uacce_mini",
		.flags = 0,
		.nr_queues = 2,
		.pages = { [UACCE_QFRT_MMIO] = 1 },
		.ops = &mock_mini_ops,
	},
};

static int mock_probe(struct platform_device *pdev)
{
	const struct mock_variant *v;
	struct uacce_interface iface = {};
	struct mock_dev *md;
	int ret;

	if (pdev->id < 0 || pdev->id >= ARRAY_SIZE(mock_variants))
		return -ENODEV;
	v = &mock_variants[pdev->id];

	md = devm_kzalloc(&pdev->dev, sizeof(*md), GFP_KERNEL);
	if (!md)
		return -ENOMEM;
	md->variant = v;
#ifdef UACCE_MOCK_FAULTY
	mutex_init(&md->fault_a);
	mutex_init(&md->fault_b);
#endif
	strscpy(iface.name, v->name, sizeof(iface.name));
	iface.flags = v->flags;
	iface.ops = v->ops;

	md->uacce = uacce_alloc(&pdev->dev, &iface);
	if (IS_ERR(md->uacce))
		return PTR_ERR(md->uacce);
	md->uacce->algs = "mock\nnull";
	md->uacce->api_ver = "uacce_mock_v1";
	md->uacce->qf_pg_num[UACCE_QFRT_MMIO] = v->pages[UACCE_QFRT_MMIO];
	md->uacce->qf_pg_num[UACCE_QFRT_DUS] = v->pages[UACCE_QFRT_DUS];
	md->uacce->priv = md;

	ret = uacce_register(md->uacce);
	if (ret) {
		uacce_remove(md->uacce);
		return ret;
	}
	platform_set_drvdata(pdev, md);
	return 0;
}

static int mock_remove(struct platform_device *pdev)
{
	struct mock_dev *md = platform_get_drvdata(pdev);

	uacce_remove(md->uacce);
	WARN_ON(md->in_use);
	return 0;
}

static struct platform_driver mock_driver = {
	.probe = mock_probe,
	.remove = mock_remove,
	.driver = {
		.name = "uacce_mock",
	},
};

static struct platform_device *mock_pdevs[ARRAY_SIZE(mock_variants)];

static void mock_del_pdevs(void)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(mock_pdevs); i++) {
		platform_device_unregister(mock_pdevs[i]);
		mock_pdevs[i] = NULL;
	}
}

static int __init mock_init(void)
{
	int i, ret;

	ret = platform_driver_register(&mock_driver);
	if (ret)
		return ret;
	for (i = 0; i < ARRAY_SIZE(mock_variants); i++) {
		mock_pdevs[i] = platform_device_register_simple("uacce_mock",
								 i, NULL, 0);
		if (IS_ERR(mock_pdevs[i])) {
			ret = PTR_ERR(mock_pdevs[i]);
			mock_pdevs[i] = NULL;
			goto err_del_pdevs;
		}
	}
	return 0;

err_del_pdevs:
	mock_del_pdevs();
	platform_driver_unregister(&mock_driver);
	return ret;
}

static void __exit mock_exit(void)
{
	mock_del_pdevs();
	platform_driver_unregister(&mock_driver);
}

module_init(mock_init);
module_exit(mock_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("uacce test driver");
