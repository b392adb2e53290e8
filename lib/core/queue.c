// SPDX-License-Identifier: MIT
/*
 * uacce queues: open, map the two regions with the sizes sysfs gives,
 * driver set-up, start, wait, put, unmap, close.
 */
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <misc/uacce/uacce.h>

#include "../drivers/drv.h"

static const struct warp_drv *const drivers[] = {
	&warp_hisi_zip_drv,
};

const struct warp_drv *drv_find(const char *api)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(drivers); i++)
		if (drivers[i]->match(api))
			return drivers[i];
	return NULL;
}

int queue_open(const char *dev_root, const struct warp_dev_info *dev,
	       const struct warp_drv *drv, int dir, struct warp_queue **out)
{
	long page = sysconf(_SC_PAGESIZE);
	char path[PATH_MAX];
	struct warp_queue *q;
	int r;

	if (!dev->mmio_size || !dev->dus_size)
		return -EINVAL;
	q = calloc(1, sizeof(*q));
	if (!q)
		return -ENOMEM;
	q->drv = drv;
	q->dev = dev;
	q->dir = dir;
	q->mmio = MAP_FAILED;
	q->dus = MAP_FAILED;
	snprintf(path, sizeof(path), "%s/%s", dev_root, dev->name);
	q->fd = open(path, O_RDWR | O_CLOEXEC);
	if (q->fd < 0) {
		r = -errno;
		goto err_free;
	}
	q->dus_size = dev->dus_size;
	q->dus = mmap(NULL, q->dus_size, PROT_READ | PROT_WRITE, MAP_SHARED,
		      q->fd, UACCE_QFRT_DUS * page);
	if (q->dus == MAP_FAILED) {
		r = -errno;
		goto err_close;
	}
	q->mmio_size = dev->mmio_size;
	q->mmio = mmap(NULL, q->mmio_size, PROT_READ | PROT_WRITE, MAP_SHARED,
		       q->fd, UACCE_QFRT_MMIO * page);
	if (q->mmio == MAP_FAILED) {
		r = -errno;
		goto err_unmap_dus;
	}
	r = drv->init(q);
	if (r)
		goto err_unmap_mmio;
	if (ioctl(q->fd, UACCE_CMD_START_Q) < 0) {
		r = -errno;
		goto err_fini;
	}
	*out = q;
	return 0;

err_fini:
	drv->fini(q);
err_unmap_mmio:
	munmap(q->mmio, q->mmio_size);
err_unmap_dus:
	munmap(q->dus, q->dus_size);
err_close:
	close(q->fd);
err_free:
	free(q);
	return r;
}

void queue_close(struct warp_queue *q)
{
	if (!q)
		return;
	q->drv->fini(q);
	/* Fails harmlessly on a queue the device already took down. */
	ioctl(q->fd, UACCE_CMD_PUT_Q);
	munmap(q->mmio, q->mmio_size);
	munmap(q->dus, q->dus_size);
	close(q->fd);
	free(q);
}

void queue_forget(struct warp_queue *q)
{
	/*
	 * After fork the child has no mapping of the regions (the kernel
	 * sets VM_DONTCOPY | VM_WIPEONFORK) and shares the file with the
	 * parent: only our descriptor goes, the parent's queue lives on.
	 * The driver's private state is plain heap memory.
	 */
	if (!q)
		return;
	close(q->fd);
	free(q->priv);
	free(q);
}

int queue_wait(struct warp_queue *q, int timeout_ms)
{
	struct pollfd pfd = { .fd = q->fd, .events = POLLIN };
	int r = poll(&pfd, 1, timeout_ms);

	if (r < 0)
		return -errno;
	if (!r)
		return -ETIMEDOUT;
	if (pfd.revents & (POLLERR | POLLHUP | POLLNVAL))
		return -EIO;
	return 0;
}
