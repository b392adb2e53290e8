/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note OR MIT */
/*
 * HiSilicon QM queue uAPI: the driver-specific ioctls of a uacce queue of a
 * HiSilicon accelerator (ZIP, SEC, HPRE) and of the hisi_sim device model.
 *
 * Kernel code includes <uapi/misc/uacce/hisi_qm.h>; user space adds
 * -I include/uapi and includes <misc/uacce/hisi_qm.h>. The numbers and
 * layouts of struct hisi_qp_ctx, struct hisi_qp_info and the two
 * UACCE_CMD_QM_* ioctls are those of upstream Linux.
 */
#ifndef _UAPI_MISC_UACCE_HISI_QM_H
#define _UAPI_MISC_UACCE_HISI_QM_H

#include <linux/types.h>
#include <linux/ioctl.h>

/**
 * struct hisi_qp_ctx - argument of UACCE_CMD_QM_SET_QP_CTX (4 bytes)
 * @id: out: the queue number inside the QM function (< 1024); it goes in
 *	every doorbell
 * @qc_type: in: queue type; for ZIP 0 = compression, 1 = decompression.
 *	It sets the direction of every request on the queue. Set it before
 *	UACCE_CMD_START_Q.
 */
struct hisi_qp_ctx {
	__u16 id;
	__u16 qc_type;
};

/**
 * struct hisi_qp_info - argument of UACCE_CMD_QM_SET_QP_INFO (16 bytes)
 * @sqe_size: out: bytes per submission queue entry (128 for ZIP)
 * @sq_depth: out: submission queue entries
 * @cq_depth: out: completion queue entries
 * @reserved: untouched
 */
struct hisi_qp_info {
	__u32 sqe_size;
	__u16 sq_depth;
	__u16 cq_depth;
	__u64 reserved;
};

#define HISI_QM_API_VER_BASE "hisi_qm_v1"
#define HISI_QM_API_VER2_BASE "hisi_qm_v2"
#define HISI_QM_API_VER3_BASE "hisi_qm_v3"

/* UACCE_CMD_QM_SET_QP_CTX: set the queue type, get the queue number */
#define UACCE_CMD_QM_SET_QP_CTX	_IOWR('H', 10, struct hisi_qp_ctx)
/* UACCE_CMD_QM_SET_QP_INFO: get the SQE size and the queue depths */
#define UACCE_CMD_QM_SET_QP_INFO _IOWR('H', 11, struct hisi_qp_info)

/*
 * hisi_sim extensions (software model only; see docs/hisi-sim.md).
 *
 * A real device returns an error for UACCE_CMD_QM_SIM_KICK, so a driver
 * that wants the extensions first issues the kick once: 0 means it talks
 * to the model and may use all of the following.
 *
 * UACCE_CMD_QM_SIM_KICK (no argument): wake the model's engine threads at
 *	once, so that a doorbell written while they were asleep is seen
 *	without waiting for their back-off period.
 *
 * HISI_QM_SIM_WAKE_OFFSET: a __u32 in the MMIO region. Bit 0
 *	(HISI_QM_SIM_NEED_WAKEUP) is set by the model while its engines are
 *	in back-off sleep. Protocol (the io_uring SQPOLL "need wakeup"
 *	pattern): write the SQEs, full barrier, write the doorbell, full
 *	barrier, read this word; if HISI_QM_SIM_NEED_WAKEUP is set, issue
 *	UACCE_CMD_QM_SIM_KICK. The model sets the bit, issues a full barrier
 *	and re-reads the doorbells before it sleeps, so one of the two sides
 *	always sees the other's store. Without the kick the model still
 *	notices the doorbell after at most its maximum back-off period.
 *
 * HISI_QM_SIM_SQ_DB_OFFSET: a second 64-bit doorbell word in the MMIO
 *	region that accepts SQ doorbells only (same v2 format, command 0).
 *	The model traps and emulates every store to the doorbell page, so
 *	that no doorbell in the shared register at 0x1000 is lost, until the
 *	driver writes this word: from then on the page is writable and the
 *	model samples both words. A driver that writes each SQ doorbell value
 *	here first and then to 0x1000 rings without a trap and can never
 *	lose an SQ doorbell.
 */
#define UACCE_CMD_QM_SIM_KICK		_IO('H', 0x70)
#define HISI_QM_SIM_WAKE_OFFSET		0x1040
#define HISI_QM_SIM_NEED_WAKEUP		0x1
#define HISI_QM_SIM_SQ_DB_OFFSET	0x1008

#ifdef __KERNEL__
#include <linux/build_bug.h>
static_assert(sizeof(struct hisi_qp_ctx) == 4);
static_assert(sizeof(struct hisi_qp_info) == 16);
#elif defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L
_Static_assert(sizeof(struct hisi_qp_ctx) == 4, "hisi_qp_ctx ABI");
_Static_assert(sizeof(struct hisi_qp_info) == 16, "hisi_qp_info ABI");
#endif

#endif /* _UAPI_MISC_UACCE_HISI_QM_H */
