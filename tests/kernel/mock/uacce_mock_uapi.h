/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note OR MIT */
/*
 * Commands of the uacce test driver (tests only, not a product ABI).
 *
 * A queue of a mock device can be asked to write a 64-bit value at a
 * virtual address of the process that opened it, from a kernel worker that
 * borrows the process's mm: the path a software SVA device takes. The
 * result is collected with UACCE_MOCK_CMD_RESULT once poll() says so.
 */
#ifndef UACCE_MOCK_UAPI_H
#define UACCE_MOCK_UAPI_H

#include <linux/ioctl.h>
#include <linux/types.h>

/* Word 0 of the DUS region after START_Q; word 1 counts completions. */
#define UACCE_MOCK_DUS_STARTED	0x5354415254ULL

struct uacce_mock_write {
	__u64 addr;		/* user virtual address to write */
	__u64 value;
	__u32 delay_ms;		/* hold the job this long first (<= 5000) */
	__u32 pad;
};

struct uacce_mock_result {
	__s64 result;		/* 0 or -errno of the write */
	__u64 completions;	/* jobs completed on this queue */
};

#define UACCE_MOCK_CMD_WRITE	_IOW('m', 1, struct uacce_mock_write)
#define UACCE_MOCK_CMD_RESULT	_IOR('m', 2, struct uacce_mock_result)

#endif /* UACCE_MOCK_UAPI_H */
