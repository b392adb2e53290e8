// SPDX-License-Identifier: MIT
/*
 * compress*, uncompress*: one libwarp request each (device or CPU), with
 * the system zlib for what is not offloaded and to give the exact result
 * of anything that fails (too little room, corrupt data, ...).
 */
#include <string.h>

#include "internal.h"

WZ_EXPORT uLong compressBound(uLong sourceLen)
{
	return sourceLen + (sourceLen >> 12) + (sourceLen >> 14) +
	       (sourceLen >> 25) + 13;
}

WZ_EXPORT int compress2(Bytef *dest, uLongf *destLen, const Bytef *source,
			uLong sourceLen, int level)
{
	const struct warpz_cfg *cfg = warpz_cfg();
	const struct warpz_sys *z;
	struct warp_sess *sess;
	struct warp_result res;
	long r;

	if (level == Z_DEFAULT_COMPRESSION)
		level = 6;
	if (level >= 1 && level <= 9 && !cfg->off &&
	    (cfg->oneshot_levels & 1u << level) &&
	    sourceLen >= cfg->min_oneshot &&
	    (sess = warpz_tls_sess(WARP_FMT_ZLIB, level))) {
		r = warp_compress(sess, source, sourceLen, dest, *destLen,
				  &res);
		if (r >= 0) {
			*destLen = r;
			warpz_set_engine(res.engine);
			return Z_OK;
		}
	}
	warpz_set_engine(WARP_ENGINE_NONE);
	z = warpz_sys();
	if (!z)
		return Z_MEM_ERROR;
	return z->compress2(dest, destLen, source, sourceLen, level);
}

WZ_EXPORT int compress(Bytef *dest, uLongf *destLen, const Bytef *source,
		       uLong sourceLen)
{
	return compress2(dest, destLen, source, sourceLen,
			 Z_DEFAULT_COMPRESSION);
}

WZ_EXPORT int uncompress2(Bytef *dest, uLongf *destLen, const Bytef *source,
			  uLong *sourceLen)
{
	const struct warpz_cfg *cfg = warpz_cfg();
	const struct warpz_sys *z;
	struct warp_sess *sess;
	struct warp_result res;
	struct warp_op op = {
		.dir = WARP_DIR_DECOMPRESS,
		.src = source,
		.src_len = *sourceLen,
		.dst = dest,
		.dst_cap = *destLen,
	};

	/* A 32 KiB window and no preset dictionary: else zlib's rules. */
	if (!cfg->off && cfg->inflate && *sourceLen >= cfg->min_inflate &&
	    (source[0] & 0xf0) == 0x70 && !(source[1] & 0x20) &&
	    (sess = warpz_tls_sess(WARP_FMT_ZLIB, 6)) &&
	    warp_run(sess, &op, &res) == 0) {
		*sourceLen = res.consumed;
		*destLen = res.produced;
		warpz_set_engine(res.engine);
		return Z_OK;
	}
	warpz_set_engine(WARP_ENGINE_NONE);
	z = warpz_sys();
	if (!z)
		return Z_MEM_ERROR;
	return z->uncompress2(dest, destLen, source, sourceLen);
}

WZ_EXPORT int uncompress(Bytef *dest, uLongf *destLen, const Bytef *source,
			 uLong sourceLen)
{
	return uncompress2(dest, destLen, source, &sourceLen);
}
