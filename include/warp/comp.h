/* SPDX-License-Identifier: MIT */
/*
 * libwarp compression API: sessions, one-shot, asynchronous and streaming
 * (stateful) compression and decompression of raw deflate (RFC 1951),
 * zlib (RFC 1950) and gzip (RFC 1952).
 *
 * Include <warp/warp.h>, not this file.
 */
#ifndef WARP_COMP_H
#define WARP_COMP_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct warp_ctx;
struct warp_sess;
struct warp_stream;

enum warp_format {
	WARP_FMT_DEFLATE = 0,
	WARP_FMT_ZLIB = 1,
	WARP_FMT_GZIP = 2,
};

enum warp_dir {
	WARP_DIR_COMPRESS = 0,
	WARP_DIR_DECOMPRESS = 1,
};

/*
 * Session flag: decompression stops at the end of the first stream (first
 * gzip member) and reports how much input it used, instead of reading
 * further gzip members and failing on trailing bytes.
 */
#define WARP_SESS_STOP_AT_END	0x1u

/**
 * struct warp_sess_opts - what a session does; zero means default.
 * @format: enum warp_format.
 * @level: compression level 1 (fastest) .. 9 (smallest); 0 means 6.
 * @window_bits: log2 of the compression window, 9..15; 0 means 15.
 *               Decompression accepts any window up to 32 KiB.
 * @policy: enum warp_policy (WARP_POLICY_DEFAULT: the context's).
 * @flags: WARP_SESS_*.
 */
struct warp_sess_opts {
	int format;
	int level;
	int window_bits;
	int policy;
	unsigned int flags;
	uint32_t reserved[7];
};

/**
 * struct warp_result - what a request did.
 * @consumed: input bytes used.
 * @produced: output bytes written.
 * @check: WARP_OP_PART compression: CRC-32 (deflate and gzip sessions) or
 *         Adler-32 (zlib sessions) of the input; otherwise the stream's
 *         checksum as stored in its trailer (0 for raw deflate).
 * @engine: enum warp_engine that ran the request.
 * @status: 0 or a negative error (asynchronous completions).
 */
struct warp_result {
	size_t consumed;
	size_t produced;
	uint32_t check;
	int engine;
	int status;
	uint32_t reserved[3];
};

/*
 * Operation flags.
 *
 * WARP_OP_PART (compression only): produce a piece of a larger raw deflate
 * stream: no header or trailer whatever the session format, output ends
 * on a byte boundary and, unless WARP_OP_LAST is also set, without a final
 * block, so that pieces compressed independently (for instance in
 * parallel, each primed with the previous 32 KiB as @dict) concatenate to
 * one valid stream.  The caller writes the header and the trailer, using
 * warp_crc32_combine() on the per-piece checks.
 */
#define WARP_OP_PART	0x1u
#define WARP_OP_LAST	0x2u

/**
 * struct warp_op - one request.
 * @dir: enum warp_dir.
 * @flags: WARP_OP_*.
 * @src, @src_len: input.
 * @dst, @dst_cap: output space.
 * @dict, @dict_len: compression with WARP_OP_PART only: data that precedes
 *                   @src in the stream (only the last 32 KiB matter), or
 *                   NULL.
 */
struct warp_op {
	int dir;
	unsigned int flags;
	const void *src;
	size_t src_len;
	void *dst;
	size_t dst_cap;
	const void *dict;
	size_t dict_len;
	uint64_t reserved[2];
};

/**
 * warp_sess_new() - create a session.
 * @ctx: the library context.
 * @opts: session options, or NULL for a default gzip level 6 session.
 * @out: the new session.
 *
 * A session holds the format and level of its requests, its CPU engine
 * scratch memory, a device queue when one is used, and its asynchronous
 * completion list.
 *
 * Return: 0, -EINVAL (bad option), -ENOMEM, -ENODEV (WARP_POLICY_DEVICE
 * and no usable device).
 * Thread-safety: thread-safe with respect to @ctx.  A session must be used
 * by one thread at a time (use one session per thread).
 */
int warp_sess_new(struct warp_ctx *ctx, const struct warp_sess_opts *opts,
		  struct warp_sess **out);

/**
 * warp_sess_free() - free a session.
 * @sess: the session, or NULL.
 *
 * Waits for the session's asynchronous requests to complete and drops their
 * completions without calling the callbacks.  Its streams must have been
 * freed.
 */
void warp_sess_free(struct warp_sess *sess);

/**
 * warp_compress_bound() - worst-case compressed size.
 * @format: enum warp_format.
 * @len: input size.
 *
 * Return: an output size that always suffices for a one-shot compression of
 * @len bytes.  Thread-safe.
 */
size_t warp_compress_bound(int format, size_t len);

/**
 * warp_run() - run one request synchronously.
 * @sess: the session.
 * @op: the request.
 * @res: filled with the outcome (may be NULL).
 *
 * Compression writes one complete stream in the session's format (or a
 * piece of one, WARP_OP_PART).  Decompression reads one complete stream;
 * for gzip, every following member as well (gzip's own behaviour) unless
 * the session has WARP_SESS_STOP_AT_END.  Any gzip header field (FTEXT,
 * FEXTRA, FNAME, FCOMMENT, FHCRC) is accepted; the header CRC is checked.
 *
 * Return: 0; WARP_E_OUTPUT_FULL, WARP_E_CORRUPT, WARP_E_TRUNCATED,
 * WARP_E_TRAILING, WARP_E_CHECKSUM; -EINVAL (bad request); -ENOTSUP (zlib
 * preset dictionary required); -ENOMEM; -ENODEV (device-only policy and
 * the device failed).  On error @res->engine still says who ran it.
 * Thread-safety: as for the session.
 */
int warp_run(struct warp_sess *sess, const struct warp_op *op,
	     struct warp_result *res);

/**
 * warp_compress() - one-shot compression, warp_run() shorthand.
 * @sess: the session.
 * @src: input.
 * @src_len: input size.
 * @dst: output.
 * @dst_cap: output space (warp_compress_bound() always suffices).
 * @res: outcome, or NULL.
 *
 * Return: the compressed size (>= 0) or a negative error as for warp_run().
 */
long warp_compress(struct warp_sess *sess, const void *src, size_t src_len,
		   void *dst, size_t dst_cap, struct warp_result *res);

/**
 * warp_decompress() - one-shot decompression, warp_run() shorthand.
 *
 * Arguments as for warp_compress().
 *
 * Return: the decompressed size (>= 0) or a negative error as for
 * warp_run().
 */
long warp_decompress(struct warp_sess *sess, const void *src, size_t src_len,
		     void *dst, size_t dst_cap, struct warp_result *res);

/**
 * typedef warp_done_fn - completion callback of an asynchronous request.
 * @arg: the argument given to warp_submit().
 * @res: the outcome; res->status is 0 or a negative error as for
 *       warp_run().  Valid only during the call.
 *
 * Called from warp_poll(), in the polling thread.  It may submit new
 * requests on the same session but must not free the session.
 */
typedef void (*warp_done_fn)(void *arg, const struct warp_result *res);

/**
 * warp_submit() - start a request asynchronously.
 * @sess: the session.
 * @op: the request; copied, but the buffers it points to must stay valid
 *      until the completion callback runs.
 * @done: completion callback (may be NULL).
 * @arg: callback argument.
 *
 * Return: 0 (queued); -EAGAIN (the session already has
 * warp_sess_max_inflight() requests in flight: poll first); -EINVAL;
 * -ENOMEM; -EAGAIN from thread creation.
 * Thread-safety: as for the session.
 */
int warp_submit(struct warp_sess *sess, const struct warp_op *op,
		warp_done_fn done, void *arg);

/**
 * warp_poll() - collect completed asynchronous requests.
 * @sess: the session.
 * @max: call at most this many callbacks (0: no limit).
 * @timeout_ms: wait this long for the first completion if none is ready
 *              (0: do not wait; negative: wait until one arrives or
 *              nothing is in flight).
 *
 * Return: the number of callbacks run (>= 0).
 * Thread-safety: as for the session.
 */
int warp_poll(struct warp_sess *sess, unsigned int max, int timeout_ms);

/**
 * warp_sess_inflight() - requests submitted and not yet polled.
 * @sess: the session.
 */
int warp_sess_inflight(const struct warp_sess *sess);

/**
 * warp_sess_max_inflight() - limit of warp_sess_inflight().
 * @sess: the session.
 */
int warp_sess_max_inflight(const struct warp_sess *sess);

/* Flush modes of warp_stream_process(), after zlib's. */
enum warp_flush {
	/* Let the engine decide how much to buffer. */
	WARP_NO_FLUSH = 0,
	/* Compression: emit all pending output, byte-aligned. */
	WARP_SYNC_FLUSH = 1,
	/* Compression: as SYNC, and later data does not refer back. */
	WARP_FULL_FLUSH = 2,
	/* No more input: compression ends the stream; decompression fails
	 * with WARP_E_TRUNCATED if the stream is not complete. */
	WARP_FINISH = 3,
};

/* warp_stream_process() return value at the end of the stream. */
#define WARP_STREAM_END 1

/**
 * warp_stream_new() - create a stateful stream on a session.
 * @sess: the session (its format, level and window apply).
 * @dir: enum warp_dir.
 * @out: the new stream.
 *
 * Sessions with WARP_POLICY_DEVICE run their streams on the device (raw
 * deflate in the device's stream mode, framing in the library); others on
 * the CPU engine, since a stream cannot change engines half way.
 * warp_stream_engine() says which.
 *
 * Return: 0, -EINVAL, -ENOMEM, -ENODEV (device-only session and no device
 * that can run the stream).
 * Thread-safety: as for the session; a stream is used by one thread at a
 * time.
 */
int warp_stream_new(struct warp_sess *sess, int dir, struct warp_stream **out);

/**
 * warp_stream_free() - free a stream.
 * @st: the stream, or NULL.
 */
void warp_stream_free(struct warp_stream *st);

/**
 * warp_stream_reset() - start a new stream with the same settings.
 * @st: the stream.
 *
 * Return: 0.
 */
int warp_stream_reset(struct warp_stream *st);

/**
 * warp_stream_process() - feed input and collect output.
 * @st: the stream.
 * @in: input (may be NULL when @in_len is 0).
 * @in_len: input bytes available.
 * @in_used: set to the input bytes consumed.
 * @out: output space.
 * @out_cap: output bytes available.
 * @out_used: set to the output bytes written.
 * @flush: enum warp_flush.
 *
 * Input and output may be cut anywhere.  Call again with the input not yet
 * consumed and fresh output space until the stream makes no more progress:
 * with WARP_SYNC_FLUSH/WARP_FULL_FLUSH the flush is complete when all input
 * was consumed and the output was not filled; with WARP_FINISH, when
 * WARP_STREAM_END is returned.
 *
 * Decompression returns WARP_STREAM_END at the end of the stream: for gzip,
 * once @flush is WARP_FINISH and all input is used (members may follow one
 * another), or after the first member with WARP_SESS_STOP_AT_END (then
 * @in_used tells where it ended).  It ignores the flush mode otherwise.
 *
 * Return: 0 (progress or need more input/output), WARP_STREAM_END, or a
 * negative error: WARP_E_CORRUPT, WARP_E_TRUNCATED (only with WARP_FINISH),
 * WARP_E_TRAILING, WARP_E_CHECKSUM, -EINVAL (bad argument or use after an
 * error or the end without warp_stream_reset()), -ENOTSUP (zlib preset
 * dictionary), -EIO (a device stream whose device failed or went away; it
 * cannot continue elsewhere).  Output space running out is not an error.
 * Thread-safety: as for the stream.
 */
int warp_stream_process(struct warp_stream *st, const void *in, size_t in_len,
			size_t *in_used, void *out, size_t out_cap,
			size_t *out_used, int flush);

/**
 * warp_stream_engine() - enum warp_engine that runs this stream.
 * @st: the stream.
 */
int warp_stream_engine(const struct warp_stream *st);

/**
 * warp_stream_total() - totals since the stream started.
 * @st: the stream.
 * @total_in: input consumed (may be NULL).
 * @total_out: output produced (may be NULL).
 */
void warp_stream_total(const struct warp_stream *st, uint64_t *total_in,
		       uint64_t *total_out);

/**
 * warp_crc32() - update a gzip CRC-32 (start with 0).  Thread-safe.
 */
uint32_t warp_crc32(uint32_t crc, const void *buf, size_t len);

/**
 * warp_adler32() - update an Adler-32 (start with 1).  Thread-safe.
 */
uint32_t warp_adler32(uint32_t adler, const void *buf, size_t len);

/**
 * warp_crc32_combine() - CRC-32 of A followed by B.
 * @crc_a: CRC-32 of A.
 * @crc_b: CRC-32 of B.
 * @len_b: length of B.
 *
 * Thread-safe.
 */
uint32_t warp_crc32_combine(uint32_t crc_a, uint32_t crc_b, uint64_t len_b);

#ifdef __cplusplus
}
#endif

#endif /* WARP_COMP_H */
