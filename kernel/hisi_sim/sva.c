// SPDX-License-Identifier: GPL-2.0-only
/*
 * Shared virtual addressing for a software device.
 *
 * An SVA device reaches process memory by virtual address through the
 * IOMMU, and a page that is not present raises an I/O page fault that the
 * kernel resolves on the device's behalf. The model's engine threads do the
 * same: the caller has switched to the queue owner's mm with
 * kthread_use_mm() (holding mmget_not_zero()), copies run with page faults
 * disabled, and a missing page is faulted in explicitly with
 * fixup_user_fault() under the mmap lock, as the IOPF handler would.
 *
 * The mmap lock is only ever *tried*: stop_queue waits for the engine to
 * let go of the queue, and a thread of the owner may hold the mmap lock for
 * writing for as long as it likes (or wait, under it, for a lock that the
 * caller of stop_queue holds). uacce calls stop_queue without the queue
 * lock so that no such chain exists today; trying, and giving up once the
 * queue is stopping, keeps the model safe whatever its caller holds.
 *
 * Addresses outside the user half of the address space (kernel memory) are
 * refused before any access, so whatever a descriptor says, an engine only
 * ever touches the owner's user memory.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/delay.h>
#include <linux/mm.h>
#include <linux/mmap_lock.h>
#include <linux/sched.h>
#include <linux/uaccess.h>

#include "hisi_sim.h"

/* Attempts to fault in one address before giving up on it. */
#define HSIM_FAULT_TRIES	4

/* Resolve a fault at @addr as an I/O page fault would. 0 or -errno. */
static int hsim_fault_in(struct hsim_queue *q, unsigned long addr,
			 bool write)
{
	struct mm_struct *mm = current->mm;
	int ret;

	while (!mmap_read_trylock(mm)) {
		if (hsim_queue_stopping(q))
			return -EINTR;
		usleep_range(20, 50);
	}
	ret = fixup_user_fault(mm, addr, write ? FAULT_FLAG_WRITE : 0, NULL);
	mmap_read_unlock(mm);
	return ret ? -EFAULT : 0;
}

static bool hsim_range_ok(u64 uaddr, size_t len)
{
	if (uaddr + len < uaddr)
		return false;
	return access_ok((const void __user *)(uintptr_t)uaddr, len);
}

/*
 * Copy @len bytes between @kbuf and the owner's @uaddr (into user memory
 * when @write), faulting pages in as an I/O page fault would.
 */
static int hsim_copy_user(struct hsim_queue *q, void *kbuf, u64 uaddr,
			  size_t len, bool write)
{
	void __user *ubuf;
	int tries = 0, ret;
	size_t left;

	if (!len)
		return 0;
	if (!hsim_range_ok(uaddr, len))
		return -EFAULT;
	while (len) {
		ubuf = (void __user *)(uintptr_t)uaddr;
		pagefault_disable();
		left = write ? __copy_to_user_inatomic(ubuf, kbuf, len) :
			       __copy_from_user_inatomic(kbuf, ubuf, len);
		pagefault_enable();
		if (left < len) {
			kbuf += len - left;
			uaddr += len - left;
			len = left;
			tries = 0;
			continue;
		}
		if (++tries > HSIM_FAULT_TRIES)
			return -EFAULT;
		ret = hsim_fault_in(q, uaddr, write);
		if (ret)
			return ret;
	}
	return 0;
}

/**
 * hsim_read_user() - read the queue owner's memory
 * @q: the queue; current must be using its mm
 * @dst: kernel buffer
 * @uaddr: user virtual address
 * @len: bytes
 *
 * Return: 0, -EFAULT for an address the owner cannot read, -EINTR when the
 * queue is stopping.
 */
int hsim_read_user(struct hsim_queue *q, void *dst, u64 uaddr, size_t len)
{
	return hsim_copy_user(q, dst, uaddr, len, false);
}

/**
 * hsim_write_user() - write the queue owner's memory
 * @q: the queue; current must be using its mm
 * @uaddr: user virtual address
 * @src: kernel buffer
 * @len: bytes
 *
 * Return: 0, -EFAULT for an address the owner cannot write, -EINTR when
 * the queue is stopping.
 */
int hsim_write_user(struct hsim_queue *q, u64 uaddr, const void *src,
		    size_t len)
{
	/* Only read from @src: the cast is for the shared copy loop. */
	return hsim_copy_user(q, (void *)src, uaddr, len, true);
}
