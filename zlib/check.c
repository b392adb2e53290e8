// SPDX-License-Identifier: MIT
/*
 * Checksums: CRC-32 and Adler-32 through libwarp (ISA-L's folding CRC when
 * built with it); the combine functions from the system zlib.
 */
#include "internal.h"

#define CHUNK ((size_t)1 << 30)

WZ_EXPORT uLong crc32_z(uLong crc, const Bytef *buf, z_size_t len)
{
	if (!buf)
		return 0;
	return warp_crc32((uint32_t)crc, buf, len);
}

WZ_EXPORT uLong crc32(uLong crc, const Bytef *buf, uInt len)
{
	return crc32_z(crc, buf, len);
}

WZ_EXPORT uLong adler32_z(uLong adler, const Bytef *buf, z_size_t len)
{
	if (!buf)
		return 1;
	return warp_adler32((uint32_t)adler, buf, len);
}

WZ_EXPORT uLong adler32(uLong adler, const Bytef *buf, uInt len)
{
	return adler32_z(adler, buf, len);
}

#define SYS_OR(zero, name, ...)                                              \
	({                                                                   \
		const struct warpz_sys *z_ = warpz_sys();                   \
		z_ && z_->name ? z_->name(__VA_ARGS__) : (zero);             \
	})

WZ_EXPORT uLong adler32_combine(uLong a, uLong b, z_off_t len2)
{
	return SYS_OR(0, adler32_combine, a, b, len2);
}

WZ_EXPORT uLong adler32_combine64(uLong a, uLong b, z_off64_t len2)
{
	return SYS_OR(0, adler32_combine64, a, b, len2);
}

WZ_EXPORT uLong crc32_combine(uLong a, uLong b, z_off_t len2)
{
	return SYS_OR(0, crc32_combine, a, b, len2);
}

WZ_EXPORT uLong crc32_combine64(uLong a, uLong b, z_off64_t len2)
{
	return SYS_OR(0, crc32_combine64, a, b, len2);
}

WZ_EXPORT uLong crc32_combine_gen(z_off_t len2)
{
	return SYS_OR(0, crc32_combine_gen, len2);
}

WZ_EXPORT uLong crc32_combine_gen64(z_off64_t len2)
{
	return SYS_OR(0, crc32_combine_gen64, len2);
}

WZ_EXPORT uLong crc32_combine_op(uLong a, uLong b, uLong op)
{
	return SYS_OR(0, crc32_combine_op, a, b, op);
}

WZ_EXPORT const z_crc_t *get_crc_table(void)
{
	return SYS_OR(NULL, get_crc_table);
}

WZ_EXPORT const char *zlibVersion(void)
{
	return ZLIB_VERSION;
}

WZ_EXPORT uLong zlibCompileFlags(void)
{
	return SYS_OR(0, zlibCompileFlags);
}

WZ_EXPORT const char *zError(int err)
{
	static const char *const msg[] = {
		"need dictionary", "stream end", "", "file error",
		"stream error", "data error", "insufficient memory",
		"buffer error", "incompatible version", "",
	};

	if (err > 2 || err < -6)
		return "";
	return msg[2 - err];
}
