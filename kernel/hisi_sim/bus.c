// SPDX-License-Identifier: GPL-2.0-only
/*
 * hisi_sim: a software model of the HiSilicon QM + ZIP accelerator,
 * registered with uacce.ko as "hisi_zip". See docs/hisi-sim.md.
 *
 * This file: the module, its virtual bus and device management. In the
 * manner of netdevsim, devices are created and deleted at run time:
 *
 *   echo "ID [QUEUES [DEPTH [THREADS [NUMA_NODE]]]]" \
 *	> /sys/bus/hisi_sim/new_device
 *   echo ID > /sys/bus/hisi_sim/del_device
 *
 * Omitted settings take the module parameters. Each bus device
 * (/sys/bus/hisi_sim/devices/hisi_sim<ID>) is bound to the hisi_sim driver
 * and is the parent of one uacce device /sys/class/uacce/hisi_zip-<n>; it
 * exposes numa_node, queues, depth and threads. Deleting a device with
 * queues open is a surprise removal: uacce_remove() stops and releases every
 * queue through the ops before the model goes away.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/device.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/numa.h>
#include <linux/slab.h>
#include <linux/uacce.h>
#include <uapi/misc/uacce/hisi_qm.h>

#include "hisi_sim.h"

static unsigned int hsim_def_queues = 64;
module_param_named(queues, hsim_def_queues, uint, 0644);
MODULE_PARM_DESC(queues, "Default queues per device (1-1024)");

static unsigned int hsim_def_depth = 1024;
module_param_named(depth, hsim_def_depth, uint, 0644);
MODULE_PARM_DESC(depth, "Default SQ/CQ depth (4-1024)");

static unsigned int hsim_def_threads = 2;
module_param_named(threads, hsim_def_threads, uint, 0644);
MODULE_PARM_DESC(threads, "Default engine threads per device (1-16)");

unsigned int hsim_comp_level = 6;
module_param_named(comp_level, hsim_comp_level, uint, 0644);
MODULE_PARM_DESC(comp_level, "zlib level of the compressor (1-9)");

unsigned int hsim_spin_us = 50;
module_param_named(spin_us, hsim_spin_us, uint, 0644);
MODULE_PARM_DESC(spin_us, "Engine busy-poll time after activity (us)");

unsigned int hsim_max_sleep_us = 1000;
module_param_named(max_sleep_us, hsim_max_sleep_us, uint, 0644);
MODULE_PARM_DESC(max_sleep_us, "Longest engine back-off sleep (us)");

unsigned int hsim_max_streams = 64;
module_param_named(max_streams, hsim_max_streams, uint, 0644);
MODULE_PARM_DESC(max_streams, "Live stream states per device (LRU beyond)");

/* hsim_bus_lock protects hsim_bus_devs and hsim_bus_enabled. */
static DEFINE_MUTEX(hsim_bus_lock);
static LIST_HEAD(hsim_bus_devs);
static bool hsim_bus_enabled;

static struct hsim_bus_dev *to_hsim_bus_dev(struct device *dev)
{
	return container_of(dev, struct hsim_bus_dev, dev);
}

static ssize_t numa_node_show(struct device *dev,
			      struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%d\n", dev_to_node(dev));
}
static DEVICE_ATTR_RO(numa_node);

static ssize_t queues_show(struct device *dev, struct device_attribute *attr,
			   char *buf)
{
	return sysfs_emit(buf, "%u\n", to_hsim_bus_dev(dev)->nr_queues);
}
static DEVICE_ATTR_RO(queues);

static ssize_t depth_show(struct device *dev, struct device_attribute *attr,
			  char *buf)
{
	return sysfs_emit(buf, "%u\n", to_hsim_bus_dev(dev)->depth);
}
static DEVICE_ATTR_RO(depth);

static ssize_t threads_show(struct device *dev, struct device_attribute *attr,
			    char *buf)
{
	return sysfs_emit(buf, "%u\n", to_hsim_bus_dev(dev)->nr_threads);
}
static DEVICE_ATTR_RO(threads);

static struct attribute *hsim_dev_attrs[] = {
	&dev_attr_numa_node.attr,
	&dev_attr_queues.attr,
	&dev_attr_depth.attr,
	&dev_attr_threads.attr,
	NULL,
};
ATTRIBUTE_GROUPS(hsim_dev);

static void hsim_bus_dev_release(struct device *dev)
{
	kfree(to_hsim_bus_dev(dev));
}

static const struct device_type hsim_dev_type = {
	.groups = hsim_dev_groups,
	.release = hsim_bus_dev_release,
};

static struct uacce_interface hsim_uacce_iface = {
	.name = "hisi_zip",
	.flags = UACCE_DEV_SVA | UACCE_DEV_SOFT_SVA,
	.ops = &hsim_uacce_ops,
};

static int hsim_probe(struct device *dev)
{
	struct hsim_bus_dev *bdev = to_hsim_bus_dev(dev);
	struct uacce_device *uacce;
	struct hsim_dev *hdev;
	int ret;

	hdev = kzalloc_node(sizeof(*hdev), GFP_KERNEL, dev_to_node(dev));
	if (!hdev) {
		ret = -ENOMEM;
		goto err_out;
	}
	hdev->bdev = bdev;
	hdev->nr_queues = bdev->nr_queues;
	hdev->depth = bdev->depth;
	hdev->nr_threads = bdev->nr_threads;
	hdev->dus_size = PAGE_ALIGN((size_t)hdev->depth *
				    (HSIM_SQE_SIZE + HSIM_CQE_SIZE)) +
			 PAGE_SIZE;
	hdev->fail_status = HZIP_ST_HW;
	ida_init(&hdev->qids);
	atomic_set(&hdev->in_use, 0);
	spin_lock_init(&hdev->qlock);
	INIT_LIST_HEAD(&hdev->active);
	INIT_LIST_HEAD(&hdev->queues);
	init_waitqueue_head(&hdev->idle_wq);
	init_waitqueue_head(&hdev->kick_wq);
	mutex_init(&hdev->strm_lock);
	INIT_LIST_HEAD(&hdev->streams);

	ret = hsim_engines_start(hdev);
	if (ret)
		goto err_free_hdev;

	uacce = uacce_alloc(dev, &hsim_uacce_iface);
	if (IS_ERR(uacce)) {
		ret = PTR_ERR(uacce);
		goto err_stop_engines;
	}
	hdev->uacce = uacce;
	uacce->priv = hdev;
	uacce->algs = "zlib\ngzip\ndeflate";
	uacce->api_ver = HISI_QM_API_VER3_BASE;
	uacce->qf_pg_num[UACCE_QFRT_MMIO] = HSIM_MMIO_SIZE >> PAGE_SHIFT;
	uacce->qf_pg_num[UACCE_QFRT_DUS] = hdev->dus_size >> PAGE_SHIFT;

	hsim_debugfs_dev_add(hdev);
	ret = uacce_register(uacce);
	if (ret)
		goto err_remove_uacce;

	bdev->hdev = hdev;
	dev_info(dev, "%u queues, depth %u, %u engine threads\n",
		 hdev->nr_queues, hdev->depth, hdev->nr_threads);
	return 0;

err_remove_uacce:
	uacce_remove(uacce);
	hsim_debugfs_dev_del(hdev);
err_stop_engines:
	hsim_engines_stop(hdev);
err_free_hdev:
	ida_destroy(&hdev->qids);
	kfree(hdev);
err_out:
	bdev->probe_err = ret;
	return ret;
}

static void hsim_remove(struct device *dev)
{
	struct hsim_bus_dev *bdev = to_hsim_bus_dev(dev);
	struct hsim_dev *hdev = bdev->hdev;

	/* Stops and releases every open queue through our ops. */
	uacce_remove(hdev->uacce);
	hsim_debugfs_dev_del(hdev);
	hsim_engines_stop(hdev);
	hsim_streams_drop(hdev, NULL);
	WARN_ON(!list_empty(&hdev->queues));
	ida_destroy(&hdev->qids);
	bdev->hdev = NULL;
	kfree(hdev);
}

static ssize_t new_device_store(struct bus_type *bus, const char *buf,
				size_t count);
static ssize_t del_device_store(struct bus_type *bus, const char *buf,
				size_t count);
static BUS_ATTR_WO(new_device);
static BUS_ATTR_WO(del_device);

static struct attribute *hsim_bus_attrs[] = {
	&bus_attr_new_device.attr,
	&bus_attr_del_device.attr,
	NULL,
};
ATTRIBUTE_GROUPS(hsim_bus);

static struct bus_type hsim_bus = {
	.name = "hisi_sim",
	.dev_name = "hisi_sim",
	.bus_groups = hsim_bus_groups,
	.probe = hsim_probe,
	.remove = hsim_remove,
};

static struct device_driver hsim_driver = {
	.name = "hisi_sim",
	.bus = &hsim_bus,
	.owner = THIS_MODULE,
	.suppress_bind_attrs = true,
};

static struct hsim_bus_dev *hsim_find(u32 id)
{
	struct hsim_bus_dev *bdev;

	list_for_each_entry(bdev, &hsim_bus_devs, list)
		if (bdev->id == id)
			return bdev;
	return NULL;
}

static ssize_t new_device_store(struct bus_type *bus, const char *buf,
				size_t count)
{
	unsigned int id, queues = READ_ONCE(hsim_def_queues);
	unsigned int depth = READ_ONCE(hsim_def_depth);
	unsigned int threads = READ_ONCE(hsim_def_threads);
	int node = NUMA_NO_NODE, n, ret;
	struct hsim_bus_dev *bdev;

	n = sscanf(buf, "%u %u %u %u %d", &id, &queues, &depth, &threads,
		   &node);
	if (n < 1)
		return -EINVAL;
	if (queues < 1 || queues > HSIM_MAX_QUEUES ||
	    depth < HSIM_MIN_DEPTH || depth > HSIM_MAX_DEPTH ||
	    threads < 1 || threads > HSIM_MAX_THREADS)
		return -EINVAL;
	if (node != NUMA_NO_NODE &&
	    (node < 0 || node >= MAX_NUMNODES || !node_online(node)))
		return -EINVAL;

	mutex_lock(&hsim_bus_lock);
	if (!hsim_bus_enabled) {
		ret = -ENODEV;
		goto out_unlock;
	}
	if (hsim_find(id)) {
		ret = -EEXIST;
		goto out_unlock;
	}
	bdev = kzalloc(sizeof(*bdev), GFP_KERNEL);
	if (!bdev) {
		ret = -ENOMEM;
		goto out_unlock;
	}
	bdev->id = id;
	bdev->nr_queues = queues;
	bdev->depth = depth;
	bdev->nr_threads = threads;
	bdev->dev.bus = &hsim_bus;
	bdev->dev.type = &hsim_dev_type;
	set_dev_node(&bdev->dev, node);
	dev_set_name(&bdev->dev, "hisi_sim%u", id);

	ret = device_register(&bdev->dev);
	if (ret) {
		put_device(&bdev->dev);
		goto out_unlock;
	}
	if (!bdev->hdev) {
		/* Probe failed; the device exists but is not bound. */
		ret = bdev->probe_err ? bdev->probe_err : -ENODEV;
		device_unregister(&bdev->dev);
		goto out_unlock;
	}
	list_add_tail(&bdev->list, &hsim_bus_devs);
	ret = count;
out_unlock:
	mutex_unlock(&hsim_bus_lock);
	return ret;
}

static ssize_t del_device_store(struct bus_type *bus, const char *buf,
				size_t count)
{
	struct hsim_bus_dev *bdev;
	unsigned int id;
	int ret;

	ret = kstrtouint(buf, 0, &id);
	if (ret)
		return ret;

	mutex_lock(&hsim_bus_lock);
	bdev = hsim_bus_enabled ? hsim_find(id) : NULL;
	if (bdev)
		list_del(&bdev->list);
	mutex_unlock(&hsim_bus_lock);
	if (!bdev)
		return -ENOENT;

	device_unregister(&bdev->dev);
	return count;
}

static int __init hsim_init(void)
{
	int ret;

	hsim_debugfs_init();
	ret = bus_register(&hsim_bus);
	if (ret)
		goto err_debugfs_exit;
	ret = driver_register(&hsim_driver);
	if (ret)
		goto err_bus_unregister;

	mutex_lock(&hsim_bus_lock);
	hsim_bus_enabled = true;
	mutex_unlock(&hsim_bus_lock);
	return 0;

err_bus_unregister:
	bus_unregister(&hsim_bus);
err_debugfs_exit:
	hsim_debugfs_exit();
	return ret;
}

static void __exit hsim_exit(void)
{
	struct hsim_bus_dev *bdev, *tmp;
	LIST_HEAD(dead);

	mutex_lock(&hsim_bus_lock);
	hsim_bus_enabled = false;
	list_splice_init(&hsim_bus_devs, &dead);
	mutex_unlock(&hsim_bus_lock);

	list_for_each_entry_safe(bdev, tmp, &dead, list) {
		list_del(&bdev->list);
		device_unregister(&bdev->dev);
	}
	driver_unregister(&hsim_driver);
	bus_unregister(&hsim_bus);
	hsim_debugfs_exit();
}

module_init(hsim_init);
module_exit(hsim_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Software model of the HiSilicon QM + ZIP engine for uacce");
MODULE_SOFTDEP("pre: uacce");
