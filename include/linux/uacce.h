/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * uacce driver API: what an accelerator driver uses to register with
 * uacce.ko. This header shadows the kernel tree's <linux/uacce.h> (see
 * kernel/Kbuild.include); it is ours, not upstream's.
 */
#ifndef _LINUX_UACCE_H
#define _LINUX_UACCE_H

#include <linux/cdev.h>
#include <linux/device.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/wait.h>
#include <uapi/misc/uacce/uacce.h>

#define UACCE_NAME_SIZE		64
#define UACCE_MAX_REGION	2
#define UACCE_MAX_ERR_THRESHOLD	65535
/* Largest ioctl argument uacce copies for a driver (see uacce_ops.ioctl). */
#define UACCE_IOCTL_MAX_ARG	256

/*
 * Interface flags. The low 16 bits are the user-visible device flags of
 * the uAPI (UACCE_DEV_SVA); the high bits are for the kernel only and never
 * appear in sysfs.
 *
 * UACCE_DEV_SOFT_SVA: the device is software and reaches process memory by
 * virtual address through the mm that uacce binds at open (q->mm), not
 * through an IOMMU. Only meaningful together with UACCE_DEV_SVA.
 */
#define UACCE_DEV_USER_MASK	0xffffu
#define UACCE_DEV_SOFT_SVA	0x10000u

struct uacce_device;
struct uacce_queue;
struct vm_area_struct;
struct mm_struct;
struct iommu_sva;
struct inode;

enum uacce_dev_state {
	UACCE_DEV_NORMAL,
	UACCE_DEV_ISOLATE,
};

/**
 * struct uacce_ops - accelerator driver callbacks
 *
 * No callback is called from atomic context, nor after uacce_remove() has
 * returned. start_queue, mmap, ioctl, is_q_updated and region_write are
 * called with the queue's lock held. stop_queue (if the queue was started) and put_queue
 * are called once, after the queue was marked dead and its user mappings
 * zapped, without the queue lock, so they may wait for device work that
 * faults on q->mm.
 *
 * @get_available_instances: number of queues that could still be opened.
 * @get_queue: claim a hardware queue for @q, bound to address space @pasid
 *	(q->mm for a UACCE_DEV_SOFT_SVA device). -EBUSY when none is free.
 * @put_queue: release what get_queue claimed. The queue is stopped and all
 *	user mappings of it are gone.
 * @start_queue: make the queue live (INIT -> STARTED).
 * @stop_queue: stop the queue; on return the device no longer touches the
 *	queue's memory nor q->mm.
 * @is_q_updated: true when the queue has something for poll() to report.
 * @mmap: populate @vma (already checked for region @type, its exact size,
 *	VM_SHARED, and the opener's mm) with the region's pages. Must not set
 *	vma->vm_ops: uacce owns them.
 * @region_write: optional. A store hit a page that @mmap mapped with a raw
 *	PFN and without write permission (say, a doorbell the driver wants to
 *	see store by store). Called with the queue's lock and the mmap_lock
 *	held, in the context of the storing task. Return 0 to make the page
 *	writable and let the store through, VM_FAULT_NOPAGE when the driver
 *	performed the store itself, or VM_FAULT_SIGBUS to refuse it. Without
 *	this callback such a store makes the page writable.
 * @ioctl: driver command @cmd. @arg is a kernel copy of the _IOC_SIZE(cmd)
 *	bytes of the user argument (NULL when the size is 0): copied in before
 *	the call for _IOC_WRITE, copied out after a call that returns >= 0 for
 *	_IOC_READ. Unknown commands return -ENOTTY.
 * @get_isolate_state: hardware isolation state; enables the "isolate" file.
 * @isolate_err_threshold_read: errors per hour before isolation.
 * @isolate_err_threshold_write: set it; enables writing "isolate_strategy".
 */
struct uacce_ops {
	int (*get_available_instances)(struct uacce_device *uacce);
	int (*get_queue)(struct uacce_device *uacce, unsigned long pasid,
			 struct uacce_queue *q);
	void (*put_queue)(struct uacce_queue *q);
	int (*start_queue)(struct uacce_queue *q);
	void (*stop_queue)(struct uacce_queue *q);
	int (*is_q_updated)(struct uacce_queue *q);
	int (*mmap)(struct uacce_queue *q, struct vm_area_struct *vma,
		    enum uacce_qfrt type);
	vm_fault_t (*region_write)(struct uacce_queue *q, enum uacce_qfrt type,
				   struct vm_fault *vmf);
	long (*ioctl)(struct uacce_queue *q, unsigned int cmd, void *arg);
	enum uacce_dev_state (*get_isolate_state)(struct uacce_device *uacce);
	u32 (*isolate_err_threshold_read)(struct uacce_device *uacce);
	int (*isolate_err_threshold_write)(struct uacce_device *uacce, u32 num);
};

/**
 * struct uacce_interface - what a driver registers
 * @name: device name prefix; the device is "<name>-<id>"
 * @flags: UACCE_DEV_* flags
 * @ops: callbacks, must outlive the device's registration
 */
struct uacce_interface {
	char name[UACCE_NAME_SIZE];
	unsigned int flags;
	const struct uacce_ops *ops;
};

enum uacce_q_state {
	UACCE_Q_ZOMBIE = 0,	/* put, released, or its device removed */
	UACCE_Q_INIT,
	UACCE_Q_STARTED,
};

/**
 * struct uacce_queue - one open of a uacce device
 * @uacce: the device
 * @priv: the driver's
 * @wait: poll() waits here; the driver wakes it with uacce_wake_up()
 * @mm: the address space the queue is bound to (the opener's). uacce holds
 *	a reference on the mm_struct (mmgrab) until the file is released; a
 *	driver that accesses the memory takes mmget_not_zero() around each use
 *	and stops before stop_queue returns.
 * @pasid: the address-space id the device tags its accesses with (0 when
 *	the device is not SVA)
 *
 * The remaining fields are private to uacce.ko.
 * @list: entry in uacce->queues, protected by uacce->mutex
 * @mutex: protects @state and @mapped, and serialises the ops on the queue
 * @state: see enum uacce_q_state
 * @mapped: user mappings of each region (at most one, see uacce.c)
 * @inode: private inode whose mapping holds this queue's user mappings, so
 *	that they can be zapped without touching other queues'
 * @sva: IOMMU SVA binding, when the device uses a real IOMMU
 */
struct uacce_queue {
	struct uacce_device *uacce;
	void *priv;
	wait_queue_head_t wait;
	struct mm_struct *mm;
	u32 pasid;

	struct list_head list;
	struct mutex mutex;
	enum uacce_q_state state;
	unsigned int mapped[UACCE_MAX_REGION];
	struct inode *inode;
	struct iommu_sva *sva;
};

/**
 * struct uacce_device - an accelerator registered with uacce
 * @algs: algorithms, newline separated (driver fills before register)
 * @api_ver: queue interface name, e.g. "hisi_qm_v3" (driver fills)
 * @qf_pg_num: pages of each region, 0 when absent (driver fills)
 * @priv: the driver's
 * @parent: the device that registered, linked as "device" in sysfs
 * @flags: UACCE_DEV_* flags in force
 * @dev_id: the <id> of the name, also the char device minor
 * @ops: the driver's callbacks
 *
 * Private to uacce.ko:
 * @dev: the class device /sys/class/uacce/<name>-<id>
 * @cdev: the char device /dev/<name>-<id>
 * @mutex: protects @queues and @removed, and serialises open and release
 *	against uacce_remove()
 * @queues: open queues
 * @removed: uacce_remove() ran; no new queue, no more ops
 * @registered: the cdev and class device are live
 */
struct uacce_device {
	const char *algs;
	const char *api_ver;
	unsigned long qf_pg_num[UACCE_MAX_REGION];
	void *priv;
	struct device *parent;
	unsigned int flags;
	u32 dev_id;
	const struct uacce_ops *ops;

	struct device dev;
	struct cdev cdev;
	struct mutex mutex;
	struct list_head queues;
	bool removed;
	bool registered;
};

struct uacce_device *uacce_alloc(struct device *parent,
				 struct uacce_interface *interface);
int uacce_register(struct uacce_device *uacce);
void uacce_remove(struct uacce_device *uacce);

/* Tell poll() waiters that is_q_updated() may have become true. */
static inline void uacce_wake_up(struct uacce_queue *q)
{
	wake_up_interruptible(&q->wait);
}

#endif /* _LINUX_UACCE_H */
