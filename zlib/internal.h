/* SPDX-License-Identifier: MIT */
/*
 * warpz: the zlib-ABI library on top of libwarp.  Internal declarations.
 *
 * Every z_stream this library initialises has strm->state pointing to a
 * struct warpz_state.  Its engine is chosen once, at the first call that
 * has data to process (or that needs a feature only the system zlib has),
 * and never changes until the stream is reset or ended:
 *
 *  WZ_PENDING  nothing processed yet; parameters may still change;
 *  WZ_WARP     libwarp streaming (ISA-L / libdeflate / device);
 *  WZ_ONESHOT  deflate only: the whole input came with the first
 *              Z_FINISH call and was compressed by one libwarp request;
 *              its output is handed out from a buffer;
 *  WZ_SYS      the system zlib, through a private shadow z_stream whose
 *              fields are copied in and out around each call.
 */
#ifndef WARPZ_INTERNAL_H
#define WARPZ_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <warp/warp.h>
#include <zlib.h>

#undef gzgetc

#define WZ_EXPORT __attribute__((visibility("default")))
#define WZ_HIDDEN __attribute__((visibility("hidden")))

#ifndef MIN
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#endif

/* Table of the system zlib's entry points. */
struct warpz_sys {
#define WZ_FN(name) __typeof__(name) *name;
#include "sysfn.h"
#undef WZ_FN
};

/*
 * warpz_sys() - the system zlib, loaded on first use.
 *
 * Return: the table, or NULL when it cannot be loaded (then every stream
 * that needs it fails with Z_MEM_ERROR or Z_STREAM_ERROR).
 */
WZ_HIDDEN const struct warpz_sys *warpz_sys(void);
WZ_HIDDEN const char *warpz_sys_path(void);
/* Carry errno into and out of the system library's C library. */
WZ_HIDDEN void warpz_errno_in(void);
WZ_HIDDEN void warpz_errno_out(void);

/* Configuration: WARP_ZLIB_POLICY, read once. */
struct warpz_cfg {
	bool off;		/* everything to the system zlib */
	int inflate;		/* 0 no, 1 one-shot, 2 streams too */
	bool alloc_ok;		/* offload streams with custom zalloc */
	unsigned int stream_levels;	/* bit L: deflate level L streams */
	unsigned int oneshot_levels;	/* bit L: one-shot compression */
	size_t min_oneshot;	/* smaller one-shot inputs: system zlib */
	size_t min_inflate;	/* smaller uncompress() inputs: system */
	int policy;		/* enum warp_policy */
	int debug;		/* log engine decisions to stderr */
};

WZ_HIDDEN const struct warpz_cfg *warpz_cfg(void);
/* The process-wide libwarp context, or NULL (then: system zlib). */
WZ_HIDDEN struct warp_ctx *warpz_ctx(void);
WZ_HIDDEN void warpz_log(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));
/*
 * Engine of this thread's last one-shot request: enum warp_engine, or
 * WARP_ENGINE_NONE when the system zlib did it.  For the VM demo, which
 * links libwarpz.a statically and may call it.
 */
WZ_HIDDEN int warpz_last_engine(void);
WZ_HIDDEN void warpz_set_engine(int engine);
/* A per-thread cached session for one-shot requests. */
WZ_HIDDEN struct warp_sess *warpz_tls_sess(int format, int level);

enum warpz_engine { WZ_PENDING, WZ_WARP, WZ_ONESHOT, WZ_SYS };
enum warpz_kind { WZ_DEFLATE = 1, WZ_INFLATE = 2 };

#define WZ_MAGIC 0x7761727au	/* "warz": never a zlib status/mode */

struct warpz_state {
	z_streamp strm;		/* owner, as zlib's own check */
	uint32_t magic;
	int kind;
	int eng;
	bool sticky_sys;	/* init parameters need the system zlib */
	bool custom_alloc;
	const char *why;	/* why WZ_SYS (debug) */

	/* Parameters. */
	int level, wbits, mem_level, strategy;
	int format;		/* enum warp_format; -1: not known yet */
	int wrap;		/* inflate: 0 raw, 1 zlib, 2 gzip, 3 auto */

	/* System zlib shadow stream. */
	z_stream sh;
	bool sh_ready;

	/* libwarp. */
	struct warp_sess *sess;
	struct warp_stream *ws;
	int ws_format, ws_level;

	/* Stream progress. */
	int last_flush;		/* deflate: as zlib's, -2 before any call */
	bool finished;		/* deflate: Z_FINISH seen, input all taken */
	bool done;		/* end of stream delivered */
	bool bad;		/* inflate: data error seen */
	bool body;		/* inflate: libwarp has taken body bytes */
	uint32_t check;		/* running Adler-32 / CRC-32 */

	/* WZ_ONESHOT output buffer. */
	uint8_t *obuf;
	size_t olen, opos;

	/* inflate: the first two bytes, kept to choose the engine. */
	uint8_t hdr[2];
	int hdr_n;
};

WZ_HIDDEN struct warpz_state *warpz_get(z_streamp strm, int kind);
WZ_HIDDEN struct warpz_state *warpz_alloc_state(z_streamp strm, int kind);
WZ_HIDDEN void warpz_free_state(z_streamp strm, struct warpz_state *s);
WZ_HIDDEN int warpz_sys_open(z_streamp strm, struct warpz_state *s);
WZ_HIDDEN void warpz_sh_in(z_streamp strm, struct warpz_state *s);
WZ_HIDDEN void warpz_sh_out(z_streamp strm, struct warpz_state *s);
WZ_HIDDEN void warpz_drop_warp(struct warpz_state *s);
WZ_HIDDEN int warpz_get_dictionary(z_streamp strm, int kind,
				   Bytef *dictionary, uInt *dictLength);

/*
 * Around libwarp calls that allocate for a stream: a stream with a custom
 * allocator makes libwarp's memory come from it (alloc.c).
 */
WZ_HIDDEN void warpz_alloc_enter(z_streamp strm,
				 const struct warpz_state *s);
WZ_HIDDEN void warpz_alloc_leave(void);
#define WZ_WITH_ALLOC(strm, s, expr)                                         \
	({                                                                   \
		__typeof__(expr) r_;                                         \
		warpz_alloc_enter((strm), (s));                              \
		r_ = (expr);                                                 \
		warpz_alloc_leave();                                         \
		r_;                                                          \
	})

WZ_HIDDEN uLong warpz_deflate_bound_zlib(uLong len, int wrap_len,
					 bool default_params);

#endif /* WARPZ_INTERNAL_H */
