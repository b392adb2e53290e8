// SPDX-License-Identifier: MIT
/*
 * warp bench: throughput, latency percentiles and CPU use of libwarp
 * (device or CPU engine, synchronous or asynchronous) and of zlib, ISA-L
 * and libdeflate called directly, on the same data in the same run.
 */
#include <getopt.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include <libdeflate.h>
#include <zlib.h>
#if WARP_HAVE_ISAL
#include <isa-l/igzip_lib.h>
#endif

#include <warp/warp.h>

#include "warp-tool.h"

#define MAX_SAMPLES	(1 << 20)

enum eng { E_CPU, E_DEVICE, E_ZLIB, E_ISAL, E_LIBDEFLATE, E_COUNT };

static const char *const eng_names[E_COUNT] = {
	"cpu", "device", "zlib", "isal", "libdeflate",
};

struct bopts {
	bool engines[E_COUNT];
	bool async, decompress;
	size_t size;
	int threads, depth, level, format;
	double seconds;
	const char *input;
};

struct corpus {
	uint8_t *data;
	size_t len;
	size_t nreq;
	uint8_t **comp;		/* per request, for decompression */
	size_t *clen;
};

struct result {
	double mibs, p50, p90, p99, cpu, ratio;
	uint64_t reqs;
	int errors;
	bool ran;
	char note[64];
};

struct worker {
	const struct bopts *o;
	const struct corpus *c;
	struct warp_ctx *ctx;
	enum eng e;
	int id;
	double deadline;
	uint64_t bytes_in, bytes_out, reqs;
	int errors;
	float *lat;
	size_t nlat;
};

static void fill_synthetic(uint8_t *p, size_t n)
{
	static const char *const words[] = {
		"data", "compress", "queue", "the", "of", "a", "kernel",
		"device", "shared", "address", "ring", "0x1f8b", "\n", "int",
		"return", "struct", "{", "}", ";", "static", "=", "->",
	};
	uint32_t s = 12345;
	size_t i = 0;

	while (i < n) {
		const char *w;

		s ^= s << 13;
		s ^= s >> 17;
		s ^= s << 5;
		w = words[s % (sizeof(words) / sizeof(words[0]))];
		while (*w && i < n)
			p[i++] = *w++;
		if (i < n)
			p[i++] = (s >> 8) % 5 ? ' ' : (uint8_t)(s >> 16);
	}
}

static int zwbits(int format)
{
	return format == WARP_FMT_DEFLATE ? -15 :
	       format == WARP_FMT_ZLIB ? 15 : 31;
}

/* ---- per-thread engine state for the direct engines ---- */

struct direct {
	z_stream zd, zi;
	bool zd_ok, zi_ok;
	struct libdeflate_compressor *ldc;
	struct libdeflate_decompressor *ldd;
#if WARP_HAVE_ISAL
	struct isal_zstream zs;
	struct inflate_state is;
	uint8_t *lvlbuf;
#endif
};

static long direct_run(struct direct *d, enum eng e, const struct bopts *o,
		       const uint8_t *in, size_t n, uint8_t *out, size_t cap)
{
	size_t got = 0;

	switch (e) {
	case E_ZLIB:
		if (!o->decompress) {
			if (!d->zd_ok) {
				deflateInit2(&d->zd, o->level, Z_DEFLATED,
					     zwbits(o->format), 8,
					     Z_DEFAULT_STRATEGY);
				d->zd_ok = true;
			} else {
				deflateReset(&d->zd);
			}
			d->zd.next_in = (Bytef *)in;
			d->zd.avail_in = n;
			d->zd.next_out = out;
			d->zd.avail_out = cap;
			if (deflate(&d->zd, Z_FINISH) != Z_STREAM_END)
				return -1;
			return d->zd.total_out;
		}
		if (!d->zi_ok) {
			inflateInit2(&d->zi, zwbits(o->format));
			d->zi_ok = true;
		} else {
			inflateReset(&d->zi);
		}
		d->zi.next_in = (Bytef *)in;
		d->zi.avail_in = n;
		d->zi.next_out = out;
		d->zi.avail_out = cap;
		if (inflate(&d->zi, Z_FINISH) != Z_STREAM_END)
			return -1;
		return d->zi.total_out;
	case E_LIBDEFLATE:
		if (!o->decompress) {
			if (!d->ldc)
				d->ldc = libdeflate_alloc_compressor(o->level);
			got = o->format == WARP_FMT_GZIP ?
			      libdeflate_gzip_compress(d->ldc, in, n, out, cap) :
			      o->format == WARP_FMT_ZLIB ?
			      libdeflate_zlib_compress(d->ldc, in, n, out, cap) :
			      libdeflate_deflate_compress(d->ldc, in, n, out,
							  cap);
			return got ? (long)got : -1;
		}
		if (!d->ldd)
			d->ldd = libdeflate_alloc_decompressor();
		if ((o->format == WARP_FMT_GZIP ?
		     libdeflate_gzip_decompress(d->ldd, in, n, out, cap, &got) :
		     o->format == WARP_FMT_ZLIB ?
		     libdeflate_zlib_decompress(d->ldd, in, n, out, cap, &got) :
		     libdeflate_deflate_decompress(d->ldd, in, n, out, cap,
						   &got)) != LIBDEFLATE_SUCCESS)
			return -1;
		return got;
#if WARP_HAVE_ISAL
	case E_ISAL:
		if (!o->decompress) {
			int lvl = o->level > 3 ? 3 : o->level;

			if (!d->lvlbuf)
				d->lvlbuf = malloc(ISAL_DEF_LVL3_DEFAULT);
			isal_deflate_stateless_init(&d->zs);
			d->zs.level = lvl;
			d->zs.level_buf = d->lvlbuf;
			d->zs.level_buf_size = lvl == 1 ? ISAL_DEF_LVL1_DEFAULT :
					       lvl == 2 ? ISAL_DEF_LVL2_DEFAULT :
					       ISAL_DEF_LVL3_DEFAULT;
			d->zs.gzip_flag = o->format == WARP_FMT_GZIP ?
					  IGZIP_GZIP :
					  o->format == WARP_FMT_ZLIB ?
					  IGZIP_ZLIB : IGZIP_DEFLATE;
			d->zs.next_in = (uint8_t *)in;
			d->zs.avail_in = n;
			d->zs.next_out = out;
			d->zs.avail_out = cap;
			d->zs.end_of_stream = 1;
			if (isal_deflate_stateless(&d->zs) != COMP_OK)
				return -1;
			return d->zs.total_out;
		}
		isal_inflate_init(&d->is);
		d->is.crc_flag = o->format == WARP_FMT_GZIP ? ISAL_GZIP :
				 o->format == WARP_FMT_ZLIB ? ISAL_ZLIB :
				 ISAL_DEFLATE;
		d->is.next_in = (uint8_t *)in;
		d->is.avail_in = n;
		d->is.next_out = out;
		d->is.avail_out = cap;
		if (isal_inflate_stateless(&d->is) != ISAL_DECOMP_OK)
			return -1;
		return d->is.total_out;
#endif
	default:
		return -1;
	}
}

static void direct_free(struct direct *d)
{
	if (d->zd_ok)
		deflateEnd(&d->zd);
	if (d->zi_ok)
		inflateEnd(&d->zi);
	libdeflate_free_compressor(d->ldc);
	libdeflate_free_decompressor(d->ldd);
#if WARP_HAVE_ISAL
	free(d->lvlbuf);
#endif
}

/* ---- libwarp through sessions ---- */

struct pending {
	struct worker *w;
	double t0;
	size_t in_len;
	uint8_t *out;
	bool busy;
};

static void on_done(void *arg, const struct warp_result *res)
{
	struct pending *p = arg;
	struct worker *w = p->w;

	if (res->status) {
		w->errors++;
	} else {
		w->bytes_in += w->o->decompress ? res->produced : p->in_len;
		w->bytes_out += w->o->decompress ? p->in_len : res->produced;
	}
	if (w->nlat < MAX_SAMPLES)
		w->lat[w->nlat++] = (now_sec() - p->t0) * 1e6;
	w->reqs++;
	p->busy = false;
}

static void request(const struct worker *w, size_t i, const uint8_t **in,
		    size_t *n)
{
	const struct corpus *c = w->c;

	i %= c->nreq;
	if (w->o->decompress) {
		*in = c->comp[i];
		*n = c->clen[i];
	} else {
		*in = c->data + i * w->o->size;
		*n = MIN_SIZE(w->o->size, c->len - i * w->o->size);
	}
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	const struct bopts *o = w->o;
	size_t cap = warp_compress_bound(o->format, o->size) + 64, i = w->id;
	struct warp_sess *sess = NULL;
	struct direct d = { 0 };
	struct pending *pend = NULL;
	uint8_t *out = malloc(cap);
	int k;

	if (w->e == E_CPU || w->e == E_DEVICE) {
		struct warp_sess_opts so = {
			.format = o->format, .level = o->level,
			.policy = w->e == E_CPU ? WARP_POLICY_CPU :
				  WARP_POLICY_DEVICE,
		};

		if (warp_sess_new(w->ctx, &so, &sess)) {
			w->errors++;
			goto out;
		}
	}
	if (sess && o->async) {
		pend = calloc(o->depth, sizeof(*pend));
		for (k = 0; k < o->depth; k++) {
			pend[k].w = w;
			pend[k].out = malloc(cap);
		}
		while (now_sec() < w->deadline) {
			for (k = 0; k < o->depth; k++) {
				struct warp_op op = {
					.dir = o->decompress,
					.dst = pend[k].out, .dst_cap = cap,
				};

				if (pend[k].busy)
					continue;
				request(w, i++, (const uint8_t **)&op.src,
					&op.src_len);
				pend[k].in_len = op.src_len;
				pend[k].t0 = now_sec();
				pend[k].busy = true;
				if (warp_submit(sess, &op, on_done, &pend[k])) {
					pend[k].busy = false;
					w->errors++;
				}
			}
			warp_poll(sess, 0, -1);
		}
		while (warp_sess_inflight(sess))
			warp_poll(sess, 0, -1);
		for (k = 0; k < o->depth; k++)
			free(pend[k].out);
		free(pend);
		goto out;
	}
	while (now_sec() < w->deadline) {
		const uint8_t *in;
		size_t n;
		double t0 = now_sec();
		long r;

		request(w, i++, &in, &n);
		if (sess)
			r = o->decompress ?
			    warp_decompress(sess, in, n, out, cap, NULL) :
			    warp_compress(sess, in, n, out, cap, NULL);
		else
			r = direct_run(&d, w->e, o, in, n, out, cap);
		if (w->nlat < MAX_SAMPLES)
			w->lat[w->nlat++] = (now_sec() - t0) * 1e6;
		w->reqs++;
		if (r < 0) {
			w->errors++;
			continue;
		}
		w->bytes_in += o->decompress ? (size_t)r : n;
		w->bytes_out += o->decompress ? n : (size_t)r;
	}
out:
	warp_sess_free(sess);
	direct_free(&d);
	free(out);
	return NULL;
}

static int cmp_float(const void *a, const void *b)
{
	float x = *(const float *)a, y = *(const float *)b;

	return x < y ? -1 : x > y;
}

static double cpu_seconds(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
	       ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

static void run_engine(const struct bopts *o, const struct corpus *c,
		       enum eng e, struct result *res)
{
	struct warp_ctx_opts co = { .workers = o->threads };
	struct worker *w = calloc(o->threads, sizeof(*w));
	pthread_t *t = calloc(o->threads, sizeof(*t));
	struct warp_ctx *ctx = NULL;
	uint64_t bi = 0, bo = 0, reqs = 0;
	size_t nlat = 0;
	float *lat;
	double t0, c0, wall;
	int i;

	memset(res, 0, sizeof(*res));
	if (e == E_CPU || e == E_DEVICE) {
		co.policy = e == E_CPU ? WARP_POLICY_CPU : WARP_POLICY_DEVICE;
		if (warp_ctx_new(&co, &ctx)) {
			snprintf(res->note, sizeof(res->note), "no device");
			goto out;
		}
	}
#if !WARP_HAVE_ISAL
	if (e == E_ISAL) {
		snprintf(res->note, sizeof(res->note), "not built in");
		goto out;
	}
#endif
	t0 = now_sec();
	c0 = cpu_seconds();
	for (i = 0; i < o->threads; i++) {
		w[i].o = o;
		w[i].c = c;
		w[i].ctx = ctx;
		w[i].e = e;
		w[i].id = i * 7919;
		w[i].deadline = t0 + o->seconds;
		w[i].lat = malloc(MAX_SAMPLES * sizeof(float));
		pthread_create(&t[i], NULL, worker_main, &w[i]);
	}
	for (i = 0; i < o->threads; i++)
		pthread_join(t[i], NULL);
	wall = now_sec() - t0;
	res->cpu = 100.0 * (cpu_seconds() - c0) / wall;
	lat = malloc(o->threads * (size_t)MAX_SAMPLES * sizeof(float));
	for (i = 0; i < o->threads; i++) {
		bi += w[i].bytes_in;
		bo += w[i].bytes_out;
		reqs += w[i].reqs;
		res->errors += w[i].errors;
		memcpy(lat + nlat, w[i].lat, w[i].nlat * sizeof(float));
		nlat += w[i].nlat;
		free(w[i].lat);
	}
	qsort(lat, nlat, sizeof(float), cmp_float);
	if (nlat) {
		res->p50 = lat[nlat / 2];
		res->p90 = lat[nlat * 9 / 10];
		res->p99 = lat[nlat * 99 / 100];
	}
	free(lat);
	res->reqs = reqs;
	res->mibs = bi / wall / 1048576.0;
	res->ratio = bo ? (double)bi / bo : 0;
	res->ran = !res->errors;
	if (res->errors)
		snprintf(res->note, sizeof(res->note), "%d errors",
			 res->errors);
out:
	warp_ctx_free(ctx);
	free(w);
	free(t);
}

static int load_corpus(const struct bopts *o, struct corpus *c)
{
	struct warp_ctx *ctx;
	struct warp_sess *s;
	struct warp_ctx_opts co = { .policy = WARP_POLICY_CPU };
	struct warp_sess_opts so = { .format = o->format, .level = o->level };
	size_t i;

	if (o->input) {
		FILE *f = fopen(o->input, "rb");
		size_t cap = 1 << 20, k;

		if (!f) {
			perror(o->input);
			return -1;
		}
		c->data = malloc(cap);
		while ((k = fread(c->data + c->len, 1, cap - c->len, f)) > 0) {
			c->len += k;
			if (c->len == cap && cap < (256u << 20)) {
				cap *= 2;
				c->data = realloc(c->data, cap);
			} else if (c->len == cap) {
				break;
			}
		}
		fclose(f);
	} else {
		c->len = 32u << 20;
		c->data = malloc(c->len);
		fill_synthetic(c->data, c->len);
	}
	if (!c->len) {
		fprintf(stderr, "%s: empty input\n", prog);
		return -1;
	}
	c->nreq = (c->len + o->size - 1) / o->size;
	if (!o->decompress)
		return 0;
	/* Compressed requests, made once, the same for every engine. */
	c->comp = calloc(c->nreq, sizeof(*c->comp));
	c->clen = calloc(c->nreq, sizeof(*c->clen));
	warp_ctx_new(&co, &ctx);
	warp_sess_new(ctx, &so, &s);
	for (i = 0; i < c->nreq; i++) {
		size_t n = MIN_SIZE(o->size, c->len - i * o->size);
		size_t cap = warp_compress_bound(o->format, n);
		long r;

		c->comp[i] = malloc(cap);
		r = warp_compress(s, c->data + i * o->size, n, c->comp[i], cap,
				  NULL);
		c->clen[i] = r > 0 ? r : 0;
	}
	warp_sess_free(s);
	warp_ctx_free(ctx);
	return 0;
}

static void bench_usage(void)
{
	fprintf(stderr,
		"usage: %s bench [options]\n"
		"  -e LIST   engines: cpu,device,zlib,isal,libdeflate (all)\n"
		"  -m MODE   sync or async (libwarp engines; direct ones are\n"
		"            always synchronous)\n"
		"  -d        decompression (default compression)\n"
		"  -s SIZE   request size (64k)\n"
		"  -t N      threads (1)\n"
		"  -q N      requests in flight per thread, async (8)\n"
		"  -l N      level 1..9 (1)\n"
		"  -f FMT    gzip, zlib or deflate (gzip)\n"
		"  -T SEC    seconds per engine (2)\n"
		"  -i FILE   input data (default: 32 MiB of generated text)\n",
		prog);
}

int cmd_bench(int argc, char **argv)
{
	struct bopts o = {
		.size = 64 << 10, .threads = 1, .depth = 8, .level = 1,
		.format = WARP_FMT_GZIP, .seconds = 2,
	};
	struct result res[E_COUNT];
	struct corpus c = { 0 };
	bool any = false;
	int ch, i, j;

	while ((ch = getopt(argc, argv, "e:m:ds:t:q:l:f:T:i:h")) != -1) {
		switch (ch) {
		case 'e': {
			char *tmp = strdup(optarg), *tok, *save;

			for (tok = strtok_r(tmp, ",", &save); tok;
			     tok = strtok_r(NULL, ",", &save)) {
				for (i = 0; i < E_COUNT; i++)
					if (!strcmp(tok, eng_names[i]))
						break;
				if (i == E_COUNT) {
					fprintf(stderr, "%s: unknown engine %s\n",
						prog, tok);
					return 1;
				}
				o.engines[i] = true;
				any = true;
			}
			free(tmp);
			break;
		}
		case 'm':
			o.async = !strcmp(optarg, "async");
			break;
		case 'd':
			o.decompress = true;
			break;
		case 's':
			o.size = parse_size(optarg);
			break;
		case 't':
			o.threads = atoi(optarg);
			break;
		case 'q':
			o.depth = atoi(optarg);
			break;
		case 'l':
			o.level = atoi(optarg);
			break;
		case 'f':
			o.format = !strcmp(optarg, "deflate") ? WARP_FMT_DEFLATE :
				   !strcmp(optarg, "zlib") ? WARP_FMT_ZLIB :
				   WARP_FMT_GZIP;
			break;
		case 'T':
			o.seconds = atof(optarg);
			break;
		case 'i':
			o.input = optarg;
			break;
		default:
			bench_usage();
			return ch == 'h' ? 0 : 1;
		}
	}
	if ((long long)o.size <= 0 || o.threads < 1 || o.depth < 1 ||
	    o.level < 1 || o.level > 9 || o.seconds <= 0) {
		bench_usage();
		return 1;
	}
	if (!any)
		for (i = 0; i < E_COUNT; i++)
			o.engines[i] = true;
	if (load_corpus(&o, &c))
		return 1;

	printf("# %s, %s, level %d, %zu-byte requests, %d thread(s)%s, "
	       "%.1f s each, %zu bytes of input\n",
	       o.decompress ? "decompression" : "compression",
	       o.format == WARP_FMT_GZIP ? "gzip" :
	       o.format == WARP_FMT_ZLIB ? "zlib" : "deflate", o.level, o.size,
	       o.threads, o.async ? ", async" : "", o.seconds, c.len);
	printf("%-11s %-5s %9s %9s %9s %9s %6s %6s  %s\n", "engine", "mode",
	       "MiB/s", "p50_us", "p90_us", "p99_us", "cpu%", "ratio",
	       "note");
	for (i = 0; i < E_COUNT; i++) {
		if (!o.engines[i])
			continue;
		run_engine(&o, &c, i, &res[i]);
		if (!res[i].reqs && res[i].note[0]) {
			printf("%-11s %-5s %9s %9s %9s %9s %6s %6s  %s\n",
			       eng_names[i], "-", "-", "-", "-", "-", "-", "-",
			       res[i].note);
			continue;
		}
		printf("%-11s %-5s %9.1f %9.1f %9.1f %9.1f %6.0f %6.3f  %s\n",
		       eng_names[i], (i <= E_DEVICE && o.async) ? "async" :
		       "sync", res[i].mibs, res[i].p50, res[i].p90, res[i].p99,
		       res[i].cpu, res[i].ratio, res[i].note);
		fflush(stdout);
	}
	printf("\nthroughput ratio (row / column):\n%-11s", "");
	for (j = 0; j < E_COUNT; j++)
		if (o.engines[j] && res[j].ran)
			printf(" %10s", eng_names[j]);
	printf("\n");
	for (i = 0; i < E_COUNT; i++) {
		if (!o.engines[i] || !res[i].ran)
			continue;
		printf("%-11s", eng_names[i]);
		for (j = 0; j < E_COUNT; j++)
			if (o.engines[j] && res[j].ran)
				printf(" %10.2f", res[i].mibs / res[j].mibs);
		printf("\n");
	}
	return 0;
}
