/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note OR MIT */
/*
 * uacce user ABI: the one copy shared by the kernel modules and user space.
 *
 * Kernel code includes <uapi/misc/uacce/uacce.h>; user space adds
 * -I include/uapi and includes <misc/uacce/uacce.h>. Numbers and layout are
 * those of upstream Linux.
 */
#ifndef _UAPI_MISC_UACCE_UACCE_H
#define _UAPI_MISC_UACCE_UACCE_H

#include <linux/types.h>
#include <linux/ioctl.h>

/* Queue control, no argument. */
#define UACCE_CMD_START_Q	_IO('W', 0)
#define UACCE_CMD_PUT_Q		_IO('W', 1)

/*
 * Device flags, as printed by the "flags" sysfs attribute.
 * UACCE_DEV_SVA: the device shares the opener's virtual address space, so
 * descriptors carry plain user pointers.
 */
#define UACCE_DEV_SVA		0x1

/*
 * Queue file regions. A region is mapped with mmap() at file offset
 * (type * page size), with exactly the length its region_*_size sysfs
 * attribute gives, once per queue.
 */
enum uacce_qfrt {
	UACCE_QFRT_MMIO = 0,	/* device registers (doorbell) */
	UACCE_QFRT_DUS = 1,	/* device/user shared memory (rings) */
};

#endif /* _UAPI_MISC_UACCE_UACCE_H */
