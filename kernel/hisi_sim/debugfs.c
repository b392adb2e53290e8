// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fault injection and statistics through debugfs:
 *
 * /sys/kernel/debug/hisi_sim/hisi_sim<ID>/
 *	fail_next	(rw) complete the next N requests with fail_status,
 *			touching no buffer
 *	fail_status	(rw) status byte for those (default HZIP_ST_HW)
 *	delay_us	(rw) extra time every request takes (capped at 100 ms)
 *	isolate		(rw) 1: report the device isolated, raise the stop
 *			flags of every started queue and stop servicing them;
 *			0: recover
 *	completed	(ro) requests completed so far
 *	db_trapped	(ro) doorbell-page stores trapped and emulated so far
 *	q<N>/stall	(rw) 1: the engines leave queue N alone; 0: resume
 *	q<N>/db_trap	(ro) 1: stores to queue N's doorbell page trap;
 *			0: its doorbell words are sampled
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>

#include "hisi_sim.h"

static struct dentry *hsim_dbg_root;

static int hsim_isolate_get(void *data, u64 *val)
{
	struct hsim_dev *hdev = data;

	*val = READ_ONCE(hdev->isolated);
	return 0;
}

static int hsim_isolate_set(void *data, u64 val)
{
	if (val > 1)
		return -EINVAL;
	hsim_set_isolated(data, val);
	return 0;
}

DEFINE_DEBUGFS_ATTRIBUTE(hsim_isolate_fops, hsim_isolate_get,
			 hsim_isolate_set, "%llu\n");

static int hsim_completed_get(void *data, u64 *val)
{
	struct hsim_dev *hdev = data;

	*val = atomic64_read(&hdev->completed);
	return 0;
}

DEFINE_DEBUGFS_ATTRIBUTE(hsim_completed_fops, hsim_completed_get, NULL,
			 "%llu\n");

static int hsim_db_trapped_get(void *data, u64 *val)
{
	struct hsim_dev *hdev = data;

	*val = atomic64_read(&hdev->db_trapped);
	return 0;
}

DEFINE_DEBUGFS_ATTRIBUTE(hsim_db_trapped_fops, hsim_db_trapped_get, NULL,
			 "%llu\n");

void hsim_debugfs_init(void)
{
	hsim_dbg_root = debugfs_create_dir(KBUILD_MODNAME, NULL);
}

void hsim_debugfs_exit(void)
{
	debugfs_remove_recursive(hsim_dbg_root);
	hsim_dbg_root = NULL;
}

void hsim_debugfs_dev_add(struct hsim_dev *hdev)
{
	struct dentry *d;

	d = debugfs_create_dir(dev_name(&hdev->bdev->dev), hsim_dbg_root);
	hdev->dbg = d;
	debugfs_create_atomic_t("fail_next", 0600, d, &hdev->fail_next);
	debugfs_create_u32("fail_status", 0600, d, &hdev->fail_status);
	debugfs_create_u32("delay_us", 0600, d, &hdev->delay_us);
	debugfs_create_file_unsafe("isolate", 0600, d, hdev,
				   &hsim_isolate_fops);
	debugfs_create_file_unsafe("completed", 0400, d, hdev,
				   &hsim_completed_fops);
	debugfs_create_file_unsafe("db_trapped", 0400, d, hdev,
				   &hsim_db_trapped_fops);
}

void hsim_debugfs_dev_del(struct hsim_dev *hdev)
{
	debugfs_remove_recursive(hdev->dbg);
	hdev->dbg = NULL;
}

void hsim_debugfs_queue_add(struct hsim_queue *q)
{
	char name[16];

	snprintf(name, sizeof(name), "q%u", q->qid);
	q->dbg = debugfs_create_dir(name, q->hdev->dbg);
	debugfs_create_bool("stall", 0600, q->dbg, &q->stalled);
	debugfs_create_bool("db_trap", 0400, q->dbg, &q->db_trap);
}

void hsim_debugfs_queue_del(struct hsim_queue *q)
{
	debugfs_remove_recursive(q->dbg);
	q->dbg = NULL;
}
