/* SPDX-License-Identifier: MIT */
/*
 * User-space drivers: one per uacce queue format (the sysfs `api` string).
 *
 * The core opens the queue (open, mmap of both regions with the sizes
 * sysfs gives), calls ->init to do the driver's own set-up, starts the
 * queue, and then calls ->submit and ->poll from the one thread that leases
 * the queue at a time: a driver needs no locking of its own.  ->fini runs
 * before the core puts the queue and unmaps it.
 */
#ifndef WARP_DRV_H
#define WARP_DRV_H

#include <stdbool.h>
#include <stddef.h>

#include "../internal.h"

struct warp_job;
struct warp_drv;

struct warp_queue {
	struct warp_queue *next;	/* ctx idle list */
	const struct warp_drv *drv;
	const struct warp_dev_info *dev;
	int dir;			/* enum warp_dir the queue serves */
	int fd;
	void *mmio;
	size_t mmio_size;
	void *dus;
	size_t dus_size;
	bool dead;			/* the device failed or went away */
	void *priv;			/* driver state */
};

struct warp_drv {
	const char *name;
	/* Whether this driver speaks the queue format @api. */
	bool (*match)(const char *api);
	/* Whether a queue of @dev can run requests of @p in direction @dir. */
	bool (*supports)(const struct warp_dev_info *dev,
			 const struct warp_params *p, int dir);
	/* Whether this request suits the device (size limits, flags). */
	bool (*accepts)(const struct warp_queue *q,
			const struct warp_params *p, const struct warp_op *op);
	/* Set-up between mmap and START_Q; 0 or -errno. */
	int (*init)(struct warp_queue *q);
	void (*fini)(struct warp_queue *q);
	/*
	 * Queue a job.  Return 0, -EBUSY (ring full: poll, then retry) or
	 * another -errno (queue unusable; the job was not queued).
	 */
	int (*submit)(struct warp_queue *q, const struct warp_params *p,
		      struct warp_job *job);
	/*
	 * Collect up to @max finished jobs into @done with job->res filled.
	 * Return the number collected, or -errno when the queue is dead (then
	 * every job still queued is returned in @done with status -EIO so the
	 * core can run it elsewhere; the return value is still the count, and
	 * q->dead is set).
	 */
	int (*poll)(struct warp_queue *q, struct warp_job **done, int max);
	/* Jobs queued and not yet collected. */
	int (*inflight)(const struct warp_queue *q);
};

/*
 * Job status from a driver: the device refused the data with a status
 * that does not say why (malformed or truncated input, a trailer it could
 * not place, ...).  The core asks the CPU engine to name the error.
 */
#define DRV_E_DIAGNOSE	(-EUCLEAN)

/*
 * A stateful (stream) request, raw deflate: the job's op gives the input
 * and output of this step (input may be empty); this says the rest.  The
 * core keeps one per device stream and does framing and checksums itself.
 */
struct drv_stream {
	void *ctx_buf;		/* stream context memory, DRV_STREAM_CTX_SIZE */
	bool new_stream;	/* first request of a (device) stream */
	bool finish;		/* compression: end with a final block */
	uint32_t ctx_dw[3];	/* context words, round-tripped */
	/* out */
	bool end;		/* the final block was completed */
};

#define DRV_STREAM_CTX_SIZE	0x10000

extern const struct warp_drv warp_hisi_zip_drv;

/* The driver for a queue format, or NULL. */
const struct warp_drv *drv_find(const char *api);

/* queue.c */
int queue_open(const char *dev_root, const struct warp_dev_info *dev,
	       const struct warp_drv *drv, int dir, struct warp_queue **out);
void queue_close(struct warp_queue *q);
/* Drop a queue inherited across fork without touching the parent's. */
void queue_forget(struct warp_queue *q);
/* Wait for the queue's fd to report completions; 0, -ETIMEDOUT, -errno. */
int queue_wait(struct warp_queue *q, int timeout_ms);

#endif /* WARP_DRV_H */
