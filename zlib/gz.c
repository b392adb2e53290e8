// SPDX-License-Identifier: MIT
/*
 * The gz* file API: served by the system zlib, so that its exact
 * behaviour (buffering, seeking, transparent reading, append mode, error
 * reporting) is zlib's own.  The gzFile is the system library's, whose
 * first fields are the public struct gzFile_s the gzgetc() macro reads.
 * errno is carried across, since the system library may run on its own
 * copy of the C library (dlmopen namespace).
 */
#include <errno.h>
#include <stdarg.h>

#include "internal.h"

#define GZ(fail, name, ...)                                                  \
	({                                                                   \
		const struct warpz_sys *z_ = warpz_sys();                   \
		__typeof__(z_->name(__VA_ARGS__)) r_ = (fail);              \
		if (z_) {                                                    \
			warpz_errno_in();                                    \
			r_ = z_->name(__VA_ARGS__);                          \
			warpz_errno_out();                                   \
		}                                                            \
		r_;                                                          \
	})

WZ_EXPORT gzFile gzopen(const char *path, const char *mode)
{
	return GZ(NULL, gzopen, path, mode);
}

WZ_EXPORT gzFile gzopen64(const char *path, const char *mode)
{
	return GZ(NULL, gzopen64, path, mode);
}

WZ_EXPORT gzFile gzdopen(int fd, const char *mode)
{
	return GZ(NULL, gzdopen, fd, mode);
}

WZ_EXPORT int gzbuffer(gzFile file, unsigned size)
{
	return GZ(-1, gzbuffer, file, size);
}

WZ_EXPORT int gzsetparams(gzFile file, int level, int strategy)
{
	return GZ(Z_STREAM_ERROR, gzsetparams, file, level, strategy);
}

WZ_EXPORT int gzread(gzFile file, voidp buf, unsigned len)
{
	return GZ(-1, gzread, file, buf, len);
}

WZ_EXPORT z_size_t gzfread(voidp buf, z_size_t size, z_size_t nitems,
			   gzFile file)
{
	return GZ(0, gzfread, buf, size, nitems, file);
}

WZ_EXPORT int gzwrite(gzFile file, voidpc buf, unsigned len)
{
	return GZ(0, gzwrite, file, buf, len);
}

WZ_EXPORT z_size_t gzfwrite(voidpc buf, z_size_t size, z_size_t nitems,
			    gzFile file)
{
	return GZ(0, gzfwrite, buf, size, nitems, file);
}

WZ_EXPORT int gzvprintf(gzFile file, const char *format, va_list va)
{
	return GZ(Z_STREAM_ERROR, gzvprintf, file, format, va);
}

WZ_EXPORT int gzprintf(gzFile file, const char *format, ...)
{
	va_list va;
	int r;

	va_start(va, format);
	r = gzvprintf(file, format, va);
	va_end(va);
	return r;
}

WZ_EXPORT int gzputs(gzFile file, const char *s)
{
	return GZ(-1, gzputs, file, s);
}

WZ_EXPORT char *gzgets(gzFile file, char *buf, int len)
{
	return GZ(NULL, gzgets, file, buf, len);
}

WZ_EXPORT int gzputc(gzFile file, int c)
{
	return GZ(-1, gzputc, file, c);
}

WZ_EXPORT int gzgetc(gzFile file)
{
	return GZ(-1, gzgetc, file);
}

WZ_EXPORT int gzgetc_(gzFile file)
{
	return GZ(-1, gzgetc_, file);
}

WZ_EXPORT int gzungetc(int c, gzFile file)
{
	return GZ(-1, gzungetc, c, file);
}

WZ_EXPORT int gzflush(gzFile file, int flush)
{
	return GZ(Z_STREAM_ERROR, gzflush, file, flush);
}

WZ_EXPORT z_off_t gzseek(gzFile file, z_off_t offset, int whence)
{
	return GZ(-1, gzseek, file, offset, whence);
}

WZ_EXPORT z_off64_t gzseek64(gzFile file, z_off64_t offset, int whence)
{
	return GZ(-1, gzseek64, file, offset, whence);
}

WZ_EXPORT int gzrewind(gzFile file)
{
	return GZ(-1, gzrewind, file);
}

WZ_EXPORT z_off_t gztell(gzFile file)
{
	return GZ(-1, gztell, file);
}

WZ_EXPORT z_off64_t gztell64(gzFile file)
{
	return GZ(-1, gztell64, file);
}

WZ_EXPORT z_off_t gzoffset(gzFile file)
{
	return GZ(-1, gzoffset, file);
}

WZ_EXPORT z_off64_t gzoffset64(gzFile file)
{
	return GZ(-1, gzoffset64, file);
}

WZ_EXPORT int gzeof(gzFile file)
{
	return GZ(0, gzeof, file);
}

WZ_EXPORT int gzdirect(gzFile file)
{
	return GZ(0, gzdirect, file);
}

WZ_EXPORT int gzclose(gzFile file)
{
	return GZ(Z_STREAM_ERROR, gzclose, file);
}

WZ_EXPORT int gzclose_r(gzFile file)
{
	return GZ(Z_STREAM_ERROR, gzclose_r, file);
}

WZ_EXPORT int gzclose_w(gzFile file)
{
	return GZ(Z_STREAM_ERROR, gzclose_w, file);
}

WZ_EXPORT const char *gzerror(gzFile file, int *errnum)
{
	return GZ(NULL, gzerror, file, errnum);
}

WZ_EXPORT void gzclearerr(gzFile file)
{
	const struct warpz_sys *z = warpz_sys();

	if (z)
		z->gzclearerr(file);
}
