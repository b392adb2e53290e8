// SPDX-License-Identifier: GPL-2.0-only
/*
 * The MMIO region of a queue: two private pages, the second holding the
 * doorbell register at 0x1000 (and the model's extension words).
 *
 * The real QM latches every doorbell write. A memory word that engines
 * sample cannot: SQ and CQ doorbells share the register, so a CQ doorbell
 * stored by one thread can overwrite an SQ doorbell stored by another
 * before any engine reads the word, and the SQEs it announced then wait
 * for the next SQ doorbell, for good if none comes. So the doorbell page
 * starts out mapped read-only: a store to it faults (uacce's region_write)
 * and is emulated here, in the storing task, one store at a time, the way
 * a hypervisor emulates a store to a device register: decode the
 * instruction, do the store on the page, latch the doorbell it rang, step
 * over the instruction. Latched doorbells are taken in the order of their
 * stores (region_write runs under the queue's lock), none is lost.
 *
 * A driver that knows the model writes the SQ-only word (see hisi_qm.h),
 * which cannot lose an SQ doorbell either: its first store there makes the
 * page writable, and from then on it rings without a trap and the engines
 * sample the words (qm.c). A store that cannot be emulated (an instruction
 * other than a plain MOV or XCHG store, a 32-bit task, a store by the
 * kernel on the task's behalf) does the same, with a notice in the log.
 * Only x86-64 decodes stores; elsewhere every queue samples.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/mm.h>
#include <linux/ptrace.h>
#include <linux/sched/task_stack.h>
#include <linux/uaccess.h>
#include <asm/unaligned.h>
#include <uapi/misc/uacce/hisi_qm.h>

#include "hisi_sim.h"

/**
 * hsim_mmio_mmap() - map the MMIO region of a queue
 * @q: the queue
 * @vma: the vma, checked by uacce (exact size, shared, the opener's mm)
 *
 * Both pages are mapped by raw PFN, as a device's register BAR is; the
 * doorbell page without write permission while the queue's doorbells are
 * trapped.
 *
 * Return: 0 or -errno.
 */
int hsim_mmio_mmap(struct hsim_queue *q, struct vm_area_struct *vma)
{
	pgprot_t db_prot = vma->vm_page_prot;
	unsigned long off;
	int ret;

	if (q->db_trap)
		db_prot = vm_get_page_prot(vma->vm_flags & ~VM_WRITE);
	for (off = 0; off < HSIM_MMIO_SIZE; off += PAGE_SIZE) {
		ret = remap_pfn_range(vma, vma->vm_start + off,
				      vmalloc_to_pfn(q->mmio + off), PAGE_SIZE,
				      off < HSIM_DB_OFFSET ? vma->vm_page_prot :
							     db_prot);
		if (ret)
			return ret;
	}
	return 0;
}

/* Stop trapping: the page becomes writable, the engines sample it. */
static vm_fault_t hsim_db_sample(struct hsim_queue *q, const char *why)
{
	WRITE_ONCE(q->db_trap, false);
	if (why)
		dev_notice(&q->hdev->bdev->dev,
			   "queue %u: %s; sampling its doorbell from now on\n",
			   q->qid, why);
	return 0;
}

/* Latch a doorbell value stored by the user; under the queue's lock. */
static void hsim_db_latch(struct hsim_queue *q, u64 db)
{
	u32 idx = HSIM_DB_INDEX(db);

	if (HSIM_DB_QN(db) != q->qid || idx >= q->hdev->depth)
		return;
	if (HSIM_DB_CMD(db) == HSIM_DB_CMD_SQ) {
		/* (A): the SQEs, stored before the doorbell, before the tail */
		smp_store_release(&q->db_sq_tail, idx);
		hsim_kick(q->hdev);
	} else if (HSIM_DB_CMD(db) == HSIM_DB_CMD_CQ) {
		WRITE_ONCE(q->user_cq_head, idx);
	}
}

#ifdef CONFIG_X86_64
#define HSIM_MAX_INSN	15

/**
 * struct hsim_store - a decoded store instruction
 * @val: the value stored
 * @size: bytes stored: 1, 2, 4 or 8
 * @len: instruction length
 * @reg: the source register (MOV, XCHG), or -1 for an immediate
 * @high8: @reg names bits 15:8 of register @reg - 4 (AH, CH, DH, BH)
 * @xchg: an XCHG: @reg receives the old value
 */
struct hsim_store {
	u64 val;
	unsigned int size;
	unsigned int len;
	int reg;
	bool high8;
	bool xchg;
};

static const unsigned short hsim_reg_off[16] = {
	offsetof(struct pt_regs, ax), offsetof(struct pt_regs, cx),
	offsetof(struct pt_regs, dx), offsetof(struct pt_regs, bx),
	offsetof(struct pt_regs, sp), offsetof(struct pt_regs, bp),
	offsetof(struct pt_regs, si), offsetof(struct pt_regs, di),
	offsetof(struct pt_regs, r8), offsetof(struct pt_regs, r9),
	offsetof(struct pt_regs, r10), offsetof(struct pt_regs, r11),
	offsetof(struct pt_regs, r12), offsetof(struct pt_regs, r13),
	offsetof(struct pt_regs, r14), offsetof(struct pt_regs, r15),
};

static unsigned long *hsim_reg(struct pt_regs *regs, unsigned int n)
{
	return (unsigned long *)((u8 *)regs + hsim_reg_off[n]);
}

static u64 hsim_trunc(u64 v, unsigned int size)
{
	return size == 8 ? v : v & ((1ULL << (size * 8)) - 1);
}

/* Fetch the instruction at the user's IP; its first page is present. */
static int hsim_fetch(struct pt_regs *regs, u8 *buf)
{
	unsigned long ip = regs->ip;
	unsigned int n = min_t(unsigned long, HSIM_MAX_INSN,
			       PAGE_SIZE - offset_in_page(ip));

	if (copy_from_user_nofault(buf, (void __user *)ip, n))
		return -EFAULT;
	/* An instruction may run into the next page. */
	if (n < HSIM_MAX_INSN &&
	    !copy_from_user_nofault(buf + n, (void __user *)(ip + n),
				    HSIM_MAX_INSN - n))
		n = HSIM_MAX_INSN;
	return n;
}

/*
 * Decode the store the task faulted on: MOV r/m,r (88, 89), MOV r/m,imm
 * (C6 /0, C7 /0) or XCHG r/m,r (86, 87), with operand-size, REX, segment
 * and address-size prefixes. The fault says where the store goes, so only
 * the length of the memory operand matters, not its address.
 */
static int hsim_decode_store(struct pt_regs *regs, struct hsim_store *st)
{
	u8 b[HSIM_MAX_INSN];
	unsigned int i = 0, imm = 0, reg, mod, rm;
	bool opsz16 = false;
	u8 rex = 0, op, modrm;
	int n;

	n = hsim_fetch(regs, b);
	if (n < 0)
		return n;
	for (; i < n; i++) {
		if (b[i] == 0x66)
			opsz16 = true;
		else if (b[i] != 0x26 && b[i] != 0x2e && b[i] != 0x36 &&
			 b[i] != 0x3e && b[i] != 0x64 && b[i] != 0x65 &&
			 b[i] != 0x67)
			break;
	}
	if (i < n && (b[i] & 0xf0) == 0x40)
		rex = b[i++];
	if (i + 2 > n)
		return -EINVAL;
	op = b[i++];
	modrm = b[i++];
	mod = modrm >> 6;
	reg = ((modrm >> 3) & 7) | (rex & 0x4 ? 8 : 0);
	rm = modrm & 7;

	switch (op) {
	case 0x86: case 0x88: case 0xc6:
		st->size = 1;
		break;
	case 0x87: case 0x89: case 0xc7:
		st->size = rex & 0x8 ? 8 : opsz16 ? 2 : 4;
		break;
	default:
		return -EOPNOTSUPP;
	}
	if (mod == 3)		/* a register operand cannot fault */
		return -EINVAL;

	/* SIB byte and displacement */
	if (rm == 4) {
		if (i >= n)
			return -EINVAL;
		if (mod == 0 && (b[i] & 7) == 5)
			i += 4;
		i++;
	} else if (mod == 0 && rm == 5) {
		i += 4;		/* RIP-relative */
	}
	i += mod == 1 ? 1 : mod == 2 ? 4 : 0;

	st->reg = -1;
	st->high8 = false;
	st->xchg = op == 0x86 || op == 0x87;
	if (op == 0xc6 || op == 0xc7) {
		if (reg & 7)
			return -EOPNOTSUPP;
		imm = op == 0xc6 ? 1 : opsz16 ? 2 : 4;
		if (i + imm > n)
			return -EINVAL;
		if (imm == 1)
			st->val = (s8)b[i];
		else if (imm == 2)
			st->val = (s16)get_unaligned_le16(&b[i]);
		else
			st->val = (s32)get_unaligned_le32(&b[i]);
	} else {
		if (i > n)
			return -EINVAL;
		/* Without REX, byte registers 4..7 are AH, CH, DH and BH. */
		st->reg = reg;
		st->high8 = st->size == 1 && !rex && reg >= 4;
		st->val = st->high8 ? *hsim_reg(regs, reg - 4) >> 8 :
				      *hsim_reg(regs, reg);
	}
	st->val = hsim_trunc(st->val, st->size);
	st->len = i + imm;
	return 0;
}

/* Give XCHG's register the old memory value, as the CPU would. */
static void hsim_xchg_result(struct pt_regs *regs, const struct hsim_store *st,
			     u64 old)
{
	unsigned long *r;

	if (st->high8) {
		r = hsim_reg(regs, st->reg - 4);
		*r = (*r & ~0xff00UL) | (old << 8);
	} else if (st->size >= 4) {	/* 32-bit results zero-extend */
		*hsim_reg(regs, st->reg) = old;
	} else {
		r = hsim_reg(regs, st->reg);
		*r = (*r & ~((1UL << (st->size * 8)) - 1)) | old;
	}
}

/* Do the store @st at @p; returns the old value. */
static u64 hsim_store(void *p, const struct hsim_store *st)
{
	u64 old;

	switch (st->size) {
	case 1:
		old = READ_ONCE(*(u8 *)p);
		WRITE_ONCE(*(u8 *)p, st->val);
		break;
	case 2:
		old = READ_ONCE(*(u16 *)p);
		WRITE_ONCE(*(u16 *)p, st->val);
		break;
	case 4:
		old = READ_ONCE(*(u32 *)p);
		WRITE_ONCE(*(u32 *)p, st->val);
		break;
	default:
		old = READ_ONCE(*(u64 *)p);
		WRITE_ONCE(*(u64 *)p, st->val);
		break;
	}
	return old;
}

static vm_fault_t hsim_db_emulate(struct hsim_queue *q, struct vm_fault *vmf,
				  unsigned long off)
{
	struct pt_regs *regs = current_pt_regs();
	struct hsim_store st;
	u64 old;

	if (!(vmf->flags & FAULT_FLAG_USER))
		return hsim_db_sample(q, "store by the kernel");
	if (!user_64bit_mode(regs))
		return hsim_db_sample(q, "store by a 32-bit task");
	if (hsim_decode_store(regs, &st))
		return hsim_db_sample(q, "store instruction not emulated");
	if (!IS_ALIGNED(off, st.size))
		return hsim_db_sample(q, "unaligned store");

	old = hsim_store(q->mmio + off, &st);
	if (st.xchg)
		hsim_xchg_result(regs, &st, old);
	if (off == HSIM_DB_OFFSET && st.size == 8)
		hsim_db_latch(q, st.val);
	atomic64_inc(&q->hdev->db_trapped);
	regs->ip += st.len;
	return VM_FAULT_NOPAGE;
}
#else
static vm_fault_t hsim_db_emulate(struct hsim_queue *q, struct vm_fault *vmf,
				  unsigned long off)
{
	return hsim_db_sample(q, "stores are not emulated on this architecture");
}
#endif

/**
 * hsim_region_write() - a store hit the read-only doorbell page
 * @uq: the uacce queue (its lock is held)
 * @type: the region
 * @vmf: the fault
 *
 * Return: VM_FAULT_NOPAGE when the store was emulated, or 0 to make the
 * page writable (the queue's doorbells are sampled from then on).
 */
vm_fault_t hsim_region_write(struct uacce_queue *uq, enum uacce_qfrt type,
			     struct vm_fault *vmf)
{
	struct hsim_queue *q = uq->priv;
	unsigned long off = vmf->real_address - vmf->vma->vm_start;

	if (type != UACCE_QFRT_MMIO || off < HSIM_DB_OFFSET || !q->db_trap)
		return 0;
	if (off >= HISI_QM_SIM_SQ_DB_OFFSET &&
	    off < HISI_QM_SIM_SQ_DB_OFFSET + sizeof(u64))
		return hsim_db_sample(q, NULL);
	return hsim_db_emulate(q, vmf, off);
}
