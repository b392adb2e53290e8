/* SPDX-License-Identifier: MIT */
/*
 * libwarp device discovery: uacce devices as sysfs describes them.
 *
 * Include <warp/warp.h>, not this file.
 */
#ifndef WARP_DEV_H
#define WARP_DEV_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define WARP_DEV_NAME_MAX	64
#define WARP_DEV_API_MAX	64
#define WARP_DEV_ALGS_MAX	384

/**
 * struct warp_dev_info - one /sys/class/uacce entry.
 * @name: entry name, e.g. "hisi_zip-0" (the device node is /dev/<name>).
 * @api: the queue format string, e.g. "hisi_qm_v3".
 * @algorithms: the algorithm list, one per line, as sysfs gives it.
 * @flags: uacce flags (bit 0: shared virtual addressing).
 * @available_instances: free queues (-1 when unreadable).
 * @mmio_size: region_mmio_size in bytes (0 when absent).
 * @dus_size: region_dus_size in bytes (0 when absent).
 * @isolate: 0 or 1; -1 when the attribute is absent.
 * @numa_node: device/numa_node (-1 when unknown or absent).
 * @usable: 1 when libwarp can drive it: not isolated, SVA, regions sized,
 *          and a user-space driver exists for @api.
 * @why: when not usable, a short reason.
 */
struct warp_dev_info {
	char name[WARP_DEV_NAME_MAX];
	char api[WARP_DEV_API_MAX];
	char algorithms[WARP_DEV_ALGS_MAX];
	unsigned int flags;
	int available_instances;
	uint64_t mmio_size;
	uint64_t dus_size;
	int isolate;
	int numa_node;
	int usable;
	char why[64];
};

/**
 * warp_dev_scan() - read every uacce device.
 * @sysfs_root: where sysfs is mounted, or NULL ("/sys", or the
 *              WARP_SYSFS_ROOT environment variable when set).
 * @list: set to a malloc'ed array (free with warp_dev_list_free()); NULL
 *        when no device exists.
 *
 * Lists every entry of <root>/class/uacce, usable or not, sorted by name.
 * No uacce class or an empty one is not an error.
 *
 * Return: the number of entries (>= 0), or -ENOMEM.  Thread-safe.
 */
int warp_dev_scan(const char *sysfs_root, struct warp_dev_info **list);

/**
 * warp_dev_list_free() - free a list from warp_dev_scan().
 * @list: the list, or NULL.
 */
void warp_dev_list_free(struct warp_dev_info *list);

/**
 * warp_dev_has_alg() - whether a device lists an algorithm.
 * @dev: the device.
 * @alg: algorithm name, matched as a whole line ("gzip", "zlib", ...).
 *
 * Return: 1 or 0.  Thread-safe.
 */
int warp_dev_has_alg(const struct warp_dev_info *dev, const char *alg);

/**
 * warp_dev_pick() - choose a device for an algorithm.
 * @sysfs_root: as for warp_dev_scan() (for the NUMA distance table).
 * @list: devices from warp_dev_scan().
 * @n: number of devices.
 * @alg: algorithm the device must list.
 * @cpu_node: NUMA node of the caller (-1: the node of the calling CPU).
 *
 * Among usable devices listing @alg with free queues, takes the smallest
 * NUMA distance from @cpu_node, then the most free queues, then the first
 * by name.
 *
 * Return: an index into @list, or -ENODEV.  Thread-safe.
 */
int warp_dev_pick(const char *sysfs_root, const struct warp_dev_info *list,
		  int n, const char *alg, int cpu_node);

#ifdef __cplusplus
}
#endif

#endif /* WARP_DEV_H */
