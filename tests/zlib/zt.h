/* SPDX-License-Identifier: MIT */
/*
 * Shared helpers of the zlib tests: TAP output, a PRNG, test data, and the
 * system zlib loaded beside the library under test (the tests link -lz,
 * which is ours through the run path; "sys" is the real one, loaded into
 * its own namespace).
 */
#ifndef ZT_H
#define ZT_H

#include <dlfcn.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

static int zt_n, zt_fail;

static void zt_ok(int cond, const char *fmt, ...)
{
	va_list ap;

	zt_n++;
	if (!cond)
		zt_fail++;
	printf("%s %d - ", cond ? "ok" : "not ok", zt_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

static int zt_done(void)
{
	printf("1..%d\n", zt_n);
	return zt_fail ? 1 : 0;
}

static uint64_t zt_rs = 0x9e3779b97f4a7c15ull;

static uint32_t zt_rand(void)
{
	zt_rs ^= zt_rs << 13;
	zt_rs ^= zt_rs >> 7;
	zt_rs ^= zt_rs << 17;
	return (uint32_t)(zt_rs >> 11);
}

static uint32_t zt_below(uint32_t n)
{
	return n ? zt_rand() % n : 0;
}

/* Data of several kinds: random, text-like, runs, mixed. */
static void zt_fill(uint8_t *p, size_t n, int kind)
{
	static const char *const words[] = {
		"the ", "zlib ", "deflate ", "accelerator ", "queue ",
		"\n", "warp ", "0123456789", "stream ", "of ",
	};
	size_t i = 0;

	switch (kind % 4) {
	case 0:
		for (; i < n; i++)
			p[i] = zt_rand();
		break;
	case 1:
		while (i < n) {
			const char *w = words[zt_below(10)];
			size_t l = strlen(w);

			if (l > n - i)
				l = n - i;
			memcpy(p + i, w, l);
			i += l;
		}
		break;
	case 2:
		while (i < n) {
			size_t l = 1 + zt_below(300);
			uint8_t c = zt_rand();

			if (l > n - i)
				l = n - i;
			memset(p + i, c, l);
			i += l;
		}
		break;
	default:
		zt_fill(p, n / 2, 1);
		for (i = n / 2; i < n; i++)
			p[i] = zt_below(4) ? p[zt_below(i)] : (uint8_t)zt_rand();
		break;
	}
}

/* The system zlib's entry points. */
struct zt_sys {
	int (*deflateInit2_)(z_streamp, int, int, int, int, int, const char *,
			     int);
	int (*deflate)(z_streamp, int);
	int (*deflateEnd)(z_streamp);
	int (*inflateInit2_)(z_streamp, int, const char *, int);
	int (*inflate)(z_streamp, int);
	int (*inflateEnd)(z_streamp);
	int (*inflateSetDictionary)(z_streamp, const Bytef *, uInt);
	int (*deflateSetDictionary)(z_streamp, const Bytef *, uInt);
	int (*compress2)(Bytef *, uLongf *, const Bytef *, uLong, int);
	int (*uncompress2)(Bytef *, uLongf *, const Bytef *, uLong *);
	uLong (*crc32_z)(uLong, const Bytef *, z_size_t);
	uLong (*adler32_z)(uLong, const Bytef *, z_size_t);
	uLong (*crc32_combine)(uLong, uLong, z_off_t);
	uLong (*adler32_combine)(uLong, uLong, z_off_t);
	uLong (*deflateBound)(z_streamp, uLong);
};

static struct zt_sys zs;

static void zt_load_sys(void)
{
	const char *path = getenv("ZT_SYS_ZLIB");
	void *h;

	if (!path)
		path = "/lib/x86_64-linux-gnu/libz.so.1";
	h = dlmopen(LM_ID_NEWLM, path, RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		fprintf(stderr, "cannot load %s: %s\n", path, dlerror());
		exit(2);
	}
#define L(x) (*(void **)&zs.x = dlsym(h, #x))
	L(deflateInit2_);
	L(deflate);
	L(deflateEnd);
	L(inflateInit2_);
	L(inflate);
	L(inflateEnd);
	L(inflateSetDictionary);
	L(deflateSetDictionary);
	L(compress2);
	L(uncompress2);
	L(crc32_z);
	L(adler32_z);
	L(crc32_combine);
	L(adler32_combine);
	L(deflateBound);
#undef L
}

#define SYS_DEFLATE_INIT2(s, l, w, m, st)                                    \
	zs.deflateInit2_((s), (l), Z_DEFLATED, (w), (m), (st), ZLIB_VERSION, \
			 (int)sizeof(z_stream))
#define SYS_INFLATE_INIT2(s, w)                                              \
	zs.inflateInit2_((s), (w), ZLIB_VERSION, (int)sizeof(z_stream))

#endif /* ZT_H */
