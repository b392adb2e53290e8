// SPDX-License-Identifier: MIT
/*
 * The system zlib, loaded at run time, and the process-wide settings.
 *
 * The system library is found by absolute path and loaded into a fresh
 * link namespace (dlmopen(LM_ID_NEWLM)): whether this library was
 * LD_PRELOADed, found as libz.so.1 through LD_LIBRARY_PATH or linked in
 * its place, the names deflate, inflate, ... inside the system library
 * then resolve to the system library itself and never to us.  When
 * dlmopen is not available, dlopen(RTLD_DEEPBIND) gives the same
 * self-binding.
 *
 * libwarp's own zlib calls (its CPU engine uses zlib for some cases) are
 * renamed at build time to warpz_sys_<name> (mk/zlib.mk) and land in the
 * trampolines below, i.e. in the system zlib as well.
 *
 * With WARPZ_STATIC_SYS (static builds) the system zlib is libz.a linked
 * in with its symbols renamed the same way, and no loading happens.
 */
#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "internal.h"

static struct warpz_sys sys_tab;
static const struct warpz_sys *sys_ok;
static char sys_file[PATH_MAX];
static pthread_once_t sys_once = PTHREAD_ONCE_INIT;
/* errno of the C library the system zlib runs on, when not ours. */
static int *(*sys_errno)(void);

#ifdef WARPZ_STATIC_SYS

#define WZ_FN(name) extern __typeof__(name) warpz_sys_##name;
#include "sysfn.h"
#undef WZ_FN

static void sys_load(void)
{
#define WZ_FN(name) sys_tab.name = warpz_sys_##name;
#include "sysfn.h"
#undef WZ_FN
	strcpy(sys_file, "(static libz.a)");
	sys_ok = &sys_tab;
}

#else /* !WARPZ_STATIC_SYS */

static bool same_file(const char *a, const struct stat *self)
{
	struct stat st;

	return !stat(a, &st) && st.st_dev == self->st_dev &&
	       st.st_ino == self->st_ino;
}

static void *try_open(const char *path, const struct stat *self)
{
	char real[PATH_MAX];
	void *h;

	if (!realpath(path, real) || (self && same_file(real, self)))
		return NULL;
#ifdef LM_ID_NEWLM
	h = dlmopen(LM_ID_NEWLM, real, RTLD_NOW | RTLD_LOCAL);
	if (!h)
#endif
		h = dlopen(real, RTLD_NOW | RTLD_LOCAL | RTLD_DEEPBIND);
	if (h)
		snprintf(sys_file, sizeof(sys_file), "%s", real);
	return h;
}

static void sys_load(void)
{
	static const char *const dirs[] = {
#ifdef WARPZ_MULTIARCH
		"/lib/" WARPZ_MULTIARCH, "/usr/lib/" WARPZ_MULTIARCH,
#endif
		"/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu",
		"/lib64", "/usr/lib64", "/lib", "/usr/lib",
		"/usr/local/lib",
	};
	struct stat self_st, *self = NULL;
	const char *env = getenv("WARP_ZLIB_SYSTEM");
	char path[PATH_MAX];
	Dl_info di;
	void *h = NULL;
	size_t i;

	if (dladdr((void *)sys_load, &di) && di.dli_fname &&
	    !stat(di.dli_fname, &self_st))
		self = &self_st;
	if (env && *env)
		h = try_open(env, self);
	for (i = 0; !h && i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		snprintf(path, sizeof(path), "%s/libz.so.1", dirs[i]);
		h = try_open(path, self);
	}
	if (!h)
		return;
#define WZ_FN(name)                                                          \
	do {                                                                 \
		sys_tab.name = (__typeof__(name) *)dlsym(h, #name);          \
		if (!sys_tab.name && strcmp(#name, "crc32_combine_gen") &&   \
		    strncmp(#name, "crc32_combine_", 14))                   \
			goto bad;                                            \
	} while (0);
#include "sysfn.h"
#undef WZ_FN
	sys_errno = (int *(*)(void))dlsym(h, "__errno_location");
	if (sys_errno && sys_errno() == &errno)
		sys_errno = NULL;
	sys_ok = &sys_tab;
	return;
bad:
	dlclose(h);
	sys_file[0] = 0;
}

/*
 * Trampolines for libwarp's renamed zlib calls.  Only the functions
 * libwarp uses are here; the link (-z defs) fails when it starts using
 * another one.
 */
#define SYSCALL(name, ...)                                                   \
	({                                                                   \
		const struct warpz_sys *z_ = warpz_sys();                   \
		if (!z_)                                                     \
			abort();                                             \
		z_->name(__VA_ARGS__);                                       \
	})

WZ_HIDDEN uLong warpz_sys_crc32(uLong crc, const Bytef *buf, uInt len)
{
	return SYSCALL(crc32, crc, buf, len);
}

WZ_HIDDEN uLong warpz_sys_adler32(uLong a, const Bytef *buf, uInt len)
{
	return SYSCALL(adler32, a, buf, len);
}

WZ_HIDDEN uLong warpz_sys_crc32_combine64(uLong a, uLong b, z_off64_t n)
{
	return SYSCALL(crc32_combine64, a, b, n);
}

WZ_HIDDEN int warpz_sys_deflateInit2_(z_streamp s, int level, int method,
				      int wbits, int mem, int strat,
				      const char *ver, int size)
{
	return SYSCALL(deflateInit2_, s, level, method, wbits, mem, strat,
		       ver, size);
}

WZ_HIDDEN int warpz_sys_deflate(z_streamp s, int flush)
{
	return SYSCALL(deflate, s, flush);
}

WZ_HIDDEN int warpz_sys_deflateEnd(z_streamp s)
{
	return SYSCALL(deflateEnd, s);
}

WZ_HIDDEN int warpz_sys_deflateReset(z_streamp s)
{
	return SYSCALL(deflateReset, s);
}

WZ_HIDDEN int warpz_sys_deflateSetDictionary(z_streamp s, const Bytef *d,
					     uInt n)
{
	return SYSCALL(deflateSetDictionary, s, d, n);
}

WZ_HIDDEN int warpz_sys_inflateInit2_(z_streamp s, int wbits,
				      const char *ver, int size)
{
	return SYSCALL(inflateInit2_, s, wbits, ver, size);
}

WZ_HIDDEN int warpz_sys_inflate(z_streamp s, int flush)
{
	return SYSCALL(inflate, s, flush);
}

WZ_HIDDEN int warpz_sys_inflateEnd(z_streamp s)
{
	return SYSCALL(inflateEnd, s);
}

WZ_HIDDEN int warpz_sys_inflateReset(z_streamp s)
{
	return SYSCALL(inflateReset, s);
}

#endif /* WARPZ_STATIC_SYS */

const struct warpz_sys *warpz_sys(void)
{
	pthread_once(&sys_once, sys_load);
	return sys_ok;
}

void warpz_errno_in(void)
{
	if (sys_errno)
		*sys_errno() = errno;
}

void warpz_errno_out(void)
{
	if (sys_errno)
		errno = *sys_errno();
}

const char *warpz_sys_path(void)
{
	warpz_sys();
	return sys_file[0] ? sys_file : "(none)";
}

/* ------------------------------------------------------------------ */
/* Configuration                                                       */
/* ------------------------------------------------------------------ */

static struct warpz_cfg cfg;
static pthread_once_t cfg_once = PTHREAD_ONCE_INIT;

static unsigned int parse_levels(const char *v)
{
	unsigned int m = 0;
	char *end;

	while (*v) {
		long a = strtol(v, &end, 10), b = a;

		if (end == v)
			break;
		v = end;
		if (*v == '-') {
			b = strtol(v + 1, &end, 10);
			v = end;
		}
		for (; a <= b && a <= 9; a++)
			if (a >= 0)
				m |= 1u << a;
		if (*v == '+')
			v++;
	}
	return m;
}

/*
 * WARP_ZLIB_POLICY: comma-separated words (docs/zlib.md):
 *   off | system          every stream on the system zlib
 *   cpu | device | auto   libwarp's engine policy (default auto)
 *   levels=1-3            deflate levels streamed through libwarp
 *   oneshot=1-9           levels compressed by one libwarp request when
 *                         the whole input comes with the first Z_FINISH
 *   min=N                 smaller one-shot inputs stay on the system zlib
 *   inflate=0|1|2         offload decompression: 0 never, 1 whole streams
 *                         in one call (uncompress, first call Z_FINISH),
 *                         2 streaming too (default)
 *   alloc=0               streams with custom zalloc/zfree on the system
 *                         zlib (default 1: offloaded, libwarp's memory for
 *                         them comes from zalloc, see alloc.c)
 *   debug=1               log each engine decision on stderr
 */
static void cfg_load(void)
{
	const char *env = getenv("WARP_ZLIB_POLICY");
	char buf[512], *tok, *save;

	cfg.inflate = 2;
	cfg.alloc_ok = true;
	cfg.stream_levels = parse_levels("1-3");
	cfg.oneshot_levels = parse_levels("1-9");
	cfg.min_oneshot = 1024;
	cfg.min_inflate = 256;
	cfg.policy = WARP_POLICY_AUTO;
	if (getenv("WARP_ZLIB_DEBUG"))
		cfg.debug = atoi(getenv("WARP_ZLIB_DEBUG"));
	if (!env)
		return;
	snprintf(buf, sizeof(buf), "%s", env);
	for (tok = strtok_r(buf, ", ", &save); tok;
	     tok = strtok_r(NULL, ", ", &save)) {
		char *eq = strchr(tok, '=');
		const char *val = eq ? eq + 1 : "";

		if (eq)
			*eq = 0;
		if (!strcmp(tok, "off") || !strcmp(tok, "system"))
			cfg.off = true;
		else if (!strcmp(tok, "cpu"))
			cfg.policy = WARP_POLICY_CPU;
		else if (!strcmp(tok, "device"))
			cfg.policy = WARP_POLICY_DEVICE;
		else if (!strcmp(tok, "auto"))
			cfg.policy = WARP_POLICY_AUTO;
		else if (!strcmp(tok, "levels"))
			cfg.stream_levels = parse_levels(val);
		else if (!strcmp(tok, "oneshot"))
			cfg.oneshot_levels = parse_levels(val);
		else if (!strcmp(tok, "min"))
			cfg.min_oneshot = strtoul(val, NULL, 0);
		else if (!strcmp(tok, "min_inflate"))
			cfg.min_inflate = strtoul(val, NULL, 0);
		else if (!strcmp(tok, "inflate"))
			cfg.inflate = atoi(val);
		else if (!strcmp(tok, "alloc"))
			cfg.alloc_ok = atoi(val);
		else if (!strcmp(tok, "debug"))
			cfg.debug = eq ? atoi(val) : 1;
	}
}

const struct warpz_cfg *warpz_cfg(void)
{
	pthread_once(&cfg_once, cfg_load);
	return &cfg;
}

void warpz_log(const char *fmt, ...)
{
	char line[256];
	va_list ap;

	if (!warpz_cfg()->debug)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	fprintf(stderr, "warpz: %s\n", line);
}

/* ------------------------------------------------------------------ */
/* libwarp context and per-thread one-shot sessions                    */
/* ------------------------------------------------------------------ */

static struct warp_ctx *ctx;
static pthread_once_t ctx_once = PTHREAD_ONCE_INIT;
static pthread_key_t tls_key;
static bool tls_key_ok;

struct tls_sess {
	struct warp_sess *s[3][10];
};

static void tls_free(void *p)
{
	struct tls_sess *t = p;
	int f, l;

	for (f = 0; f < 3; f++)
		for (l = 0; l < 10; l++)
			warp_sess_free(t->s[f][l]);
	free(t);
}

static void ctx_load(void)
{
	const struct warpz_cfg *c = warpz_cfg();
	struct warp_ctx_opts o = { .policy = c->policy };

	if (c->off)
		return;
	if (warp_ctx_new(&o, &ctx) < 0) {
		ctx = NULL;
		return;
	}
	tls_key_ok = !pthread_key_create(&tls_key, tls_free);
	warpz_log("libwarp %s, %d device(s), system zlib %s",
		  warp_version(), warp_ctx_device_count(ctx),
		  warpz_sys_path());
}

struct warp_ctx *warpz_ctx(void)
{
	pthread_once(&ctx_once, ctx_load);
	return ctx;
}

struct warp_sess *warpz_tls_sess(int format, int level)
{
	struct warp_sess_opts o = { .format = format, .level = level,
				    .flags = WARP_SESS_STOP_AT_END };
	struct warp_ctx *c = warpz_ctx();
	struct tls_sess *t;

	if (!c || !tls_key_ok || format < 0 || format > 2 || level < 0 ||
	    level > 9)
		return NULL;
	t = pthread_getspecific(tls_key);
	if (!t) {
		t = calloc(1, sizeof(*t));
		if (!t || pthread_setspecific(tls_key, t)) {
			free(t);
			return NULL;
		}
	}
	if (!t->s[format][level] &&
	    warp_sess_new(c, &o, &t->s[format][level]) < 0)
		t->s[format][level] = NULL;
	return t->s[format][level];
}

static __thread int last_engine;

int warpz_last_engine(void)
{
	return last_engine;
}

void warpz_set_engine(int engine)
{
	last_engine = engine;
	if (warpz_cfg()->debug > 1)
		warpz_log("one-shot request ran on: %s",
			  engine ? warp_engine_name(engine) : "system zlib");
}
