/* SPDX-License-Identifier: MIT */
/*
 * libwarp: compression through uacce accelerators, with a CPU engine behind
 * the same API.
 *
 * Conventions for every function in include/warp/:
 *  - a return value >= 0 means success, a negative value is -errno;
 *  - all types are opaque except the small records declared here
 *    (options and results), which callers zero-initialise before use;
 *  - "thread-safety" says which objects may be used from several threads
 *    at once.  An object that is not thread-safe may still be handed from
 *    one thread to another with the usual memory synchronisation.
 *
 * The library keeps no process-global state that two independent users in
 * one process could trip over: everything lives in a struct warp_ctx, and
 * the little shared set-up there is (fork handler registration) is
 * reference-counted.
 */
#ifndef WARP_WARP_H
#define WARP_WARP_H

#include <errno.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define WARP_VERSION_MAJOR 0
#define WARP_VERSION_MINOR 1
#define WARP_VERSION_PATCH 0

/*
 * Data errors, each distinct and stable.  Returned by every decompression
 * entry point (one-shot, asynchronous and streaming) and, for
 * WARP_E_OUTPUT_FULL, by compression too.
 */
/* The output buffer is too small for the result (one-shot and async). */
#define WARP_E_OUTPUT_FULL	(-ENOBUFS)
/* The input is not valid deflate/zlib/gzip data (bad header, bad block). */
#define WARP_E_CORRUPT		(-EBADMSG)
/* The input ends before the end of the compressed stream. */
#define WARP_E_TRUNCATED	(-ENODATA)
/* Bytes follow the end of the stream that are not another gzip member. */
#define WARP_E_TRAILING		(-EPROTO)
/* The stream is well formed but its CRC-32/Adler-32/ISIZE/HCRC mismatch. */
#define WARP_E_CHECKSUM		(-EILSEQ)

/**
 * warp_strerror() - describe an error code.
 * @err: a negative return value of a libwarp function (or -errno).
 *
 * Return: a static string; never NULL.  Thread-safe.
 */
const char *warp_strerror(int err);

/**
 * warp_version() - the library version as a string "major.minor.patch".
 *
 * Thread-safe.
 */
const char *warp_version(void);

/* Which engine ran a request. */
enum warp_engine {
	WARP_ENGINE_NONE = 0,
	WARP_ENGINE_CPU = 1,
	WARP_ENGINE_DEVICE = 2,
};

/**
 * warp_engine_name() - "cpu", "device" or "none".
 * @engine: an enum warp_engine value.
 *
 * Thread-safe.
 */
const char *warp_engine_name(int engine);

/* Where requests may run. */
enum warp_policy {
	/* Sessions: the context's policy.  Contexts: WARP_POLICY_AUTO. */
	WARP_POLICY_DEFAULT = 0,
	/* Device when one is usable and the request suits it, else CPU. */
	WARP_POLICY_AUTO = 1,
	/* CPU engine only. */
	WARP_POLICY_CPU = 2,
	/* Device only: fail with -ENODEV rather than fall back. */
	WARP_POLICY_DEVICE = 3,
};

/**
 * struct warp_ctx_opts - options of a library context; zero means default.
 * @policy: enum warp_policy for sessions that do not choose their own.
 * @workers: CPU threads of the asynchronous pool (0: online CPUs).
 * @min_device_bytes: requests with less input run on the CPU under
 *                    WARP_POLICY_AUTO (0: 4096; -1 cast: never).
 * @sysfs_root: where sysfs is mounted ("/sys" when NULL; the
 *              WARP_SYSFS_ROOT environment variable overrides the default,
 *              not an explicit value).  Devices are read from
 *              <root>/class/uacce, NUMA distances from
 *              <root>/devices/system/node.
 * @dev_root: directory holding the device nodes ("/dev" when NULL;
 *            WARP_DEV_ROOT overrides the default).
 */
struct warp_ctx_opts {
	int policy;
	unsigned int workers;
	size_t min_device_bytes;
	const char *sysfs_root;
	const char *dev_root;
	uint64_t reserved[4];
};

struct warp_ctx;

/**
 * warp_ctx_new() - create a library context.
 * @opts: options, or NULL for defaults.
 * @out: the new context.
 *
 * A context owns the device list, the device queues and the CPU worker
 * pool.  Finding no device is not an error.  Worker threads start lazily,
 * on the first asynchronous request.
 *
 * Return: 0, -ENOMEM, -EINVAL (bad option).
 * Thread-safety: any number of contexts may coexist; this function is
 * thread-safe.  A context itself is thread-safe: sessions of one context
 * may be used from different threads concurrently.
 */
int warp_ctx_new(const struct warp_ctx_opts *opts, struct warp_ctx **out);

/**
 * warp_ctx_free() - destroy a context.
 * @ctx: the context, or NULL.
 *
 * All sessions and streams of the context must have been freed.  Waits for
 * the worker threads to exit.  Not thread-safe with respect to other uses
 * of @ctx.
 */
void warp_ctx_free(struct warp_ctx *ctx);

/**
 * warp_ctx_device_count() - number of usable devices the context found.
 * @ctx: the context.
 *
 * Return: >= 0.  Thread-safe.
 */
int warp_ctx_device_count(struct warp_ctx *ctx);

#ifdef __cplusplus
}
#endif

#include <warp/comp.h>
#include <warp/dev.h>

#endif /* WARP_WARP_H */
