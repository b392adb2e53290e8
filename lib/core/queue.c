// SPDX-License-Identifier: MIT
/*
 * uacce queues: open, map the two regions with the sizes sysfs gives,
 * driver set-up, start, wait, put, unmap, close.
 */
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
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

/*
 * Surprise removal.  When a device goes away with queues open, uacce zaps
 * their mappings and any later access gets SIGBUS (the upstream ABI).  A
 * driver cannot check a stop flag and then touch the ring without a race,
 * so the library keeps a table of the regions it has mapped and, from the
 * first queue it opens on, a SIGBUS handler: a fault inside one of those
 * regions replaces the region with anonymous memory, the DUS one with its
 * RX and TX stop flags raised, and returns, so the driver reads a stopped
 * queue and hands its jobs back to run on the CPU.  Any other SIGBUS goes
 * to the handler that was installed before (or the default action).
 *
 * This is the library's only process-wide state: the table is shared by
 * every context (any user of the library may own a region in it; slots
 * are claimed with compare-and-swap, so the signal handler reads it
 * without a lock) and the handler is installed once and stays.
 */
#define REGION_SLOTS	1024

struct region {
	uintptr_t start;	/* 0: free slot */
	size_t len;
	bool dus;
};

static struct region regions[REGION_SLOTS];
static struct sigaction old_sigbus;
static pthread_once_t sigbus_once = PTHREAD_ONCE_INIT;

static void on_sigbus(int sig, siginfo_t *si, void *uc)
{
	uintptr_t a = (uintptr_t)si->si_addr;
	size_t i;

	for (i = 0; i < REGION_SLOTS; i++) {
		uintptr_t start = __atomic_load_n(&regions[i].start,
						  __ATOMIC_ACQUIRE);
		size_t len = regions[i].len;
		volatile uint32_t *flags;

		/* 0: free; 1: being filled in (len not valid yet). */
		if (start <= 1 || a < start || a - start >= len)
			continue;
		if (mmap((void *)start, len, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1,
			 0) == MAP_FAILED)
			break;
		if (regions[i].dus) {
			flags = (volatile uint32_t *)(start + len - 8);
			flags[0] = 1;	/* RX stop */
			flags[1] = 1;	/* TX stop */
		}
		return;
	}
	if (old_sigbus.sa_flags & SA_SIGINFO) {
		old_sigbus.sa_sigaction(sig, si, uc);
	} else if (old_sigbus.sa_handler != SIG_DFL &&
		   old_sigbus.sa_handler != SIG_IGN) {
		old_sigbus.sa_handler(sig);
	} else {
		/* The access faults again and takes the default action. */
		signal(SIGBUS, SIG_DFL);
	}
}

static void sigbus_install(void)
{
	struct sigaction sa = { .sa_sigaction = on_sigbus,
				.sa_flags = SA_SIGINFO | SA_NODEFER };

	sigemptyset(&sa.sa_mask);
	sigaction(SIGBUS, &sa, &old_sigbus);
}

static void region_add(void *p, size_t len, bool dus)
{
	size_t i;

	pthread_once(&sigbus_once, sigbus_install);
	for (i = 0; i < REGION_SLOTS; i++) {
		uintptr_t none = 0;

		if (__atomic_load_n(&regions[i].start, __ATOMIC_RELAXED))
			continue;
		/* Claim with a placeholder, fill in, then publish. */
		if (!__atomic_compare_exchange_n(&regions[i].start, &none, 1,
						 false, __ATOMIC_ACQUIRE,
						 __ATOMIC_RELAXED))
			continue;
		regions[i].len = len;
		regions[i].dus = dus;
		__atomic_store_n(&regions[i].start, (uintptr_t)p,
				 __ATOMIC_RELEASE);
		return;
	}
	/* Table full: this queue is simply not protected. */
}

static void region_del(void *p)
{
	size_t i;

	for (i = 0; i < REGION_SLOTS; i++)
		if (__atomic_load_n(&regions[i].start, __ATOMIC_RELAXED) ==
		    (uintptr_t)p) {
			__atomic_store_n(&regions[i].start, 0,
					 __ATOMIC_RELEASE);
			return;
		}
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
	region_add(q->dus, q->dus_size, true);
	region_add(q->mmio, q->mmio_size, false);
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
	region_del(q->mmio);
	region_del(q->dus);
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
	region_del(q->mmio);
	region_del(q->dus);
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
	region_del(q->mmio);
	region_del(q->dus);
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
