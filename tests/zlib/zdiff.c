// SPDX-License-Identifier: MIT
/*
 * Differential test: the zlib under test (linked as -lz) against the system
 * zlib (loaded beside it) on many random inputs, parameters, flush
 * patterns and buffer sizes down to one byte.  Compressed bytes are never
 * compared: each side's output is decompressed by the other, and return
 * codes, totals, checksums and the input left after the end of a stream
 * must agree.  Corrupt, truncated and wrong-checksum streams must give
 * the same final return code on both.
 *
 * usage: zdiff [cases] [seed]
 */
#include "zt.h"

struct api {
	const char *name;
	int (*dinit)(z_streamp, int, int, int, int, int, const char *, int);
	int (*deflate)(z_streamp, int);
	int (*dend)(z_streamp);
	int (*iinit)(z_streamp, int, const char *, int);
	int (*inflate)(z_streamp, int);
	int (*iend)(z_streamp);
};

static struct api ours = { "ours", deflateInit2_, deflate, deflateEnd,
			   inflateInit2_, inflate, inflateEnd };
static struct api sys;

/* ZT_ALLOC=1: our streams use a counting allocator that must balance. */
static long n_alloc, n_free;
static bool use_alloc;

static voidpf cnt_alloc(voidpf op, uInt n, uInt m)
{
	n_alloc++;
	return malloc((size_t)n * m);
}

static void cnt_free(voidpf op, voidpf p)
{
	n_free++;
	free(p);
}

static void set_alloc(const struct api *a, z_stream *s)
{
	if (use_alloc && a == &ours) {
		s->zalloc = cnt_alloc;
		s->zfree = cnt_free;
	}
}

static const int flushes[] = { Z_NO_FLUSH, Z_NO_FLUSH, Z_NO_FLUSH,
			       Z_NO_FLUSH, Z_NO_FLUSH, Z_NO_FLUSH,
			       Z_PARTIAL_FLUSH, Z_SYNC_FLUSH, Z_FULL_FLUSH,
			       Z_BLOCK };

static size_t pick_chunk(int style)
{
	switch (style) {
	case 0:
		return 1;
	case 1:
		return 1 + zt_below(7);
	case 2:
		return 1 + zt_below(5000);
	default:
		return (size_t)1 << 30;
	}
}

/*
 * Compress with @a in random pieces and flushes; return the size, or -1
 * (with a diagnostic in @why).
 */
static long deflate_run(const struct api *a, int level, int wbits, int mem,
			int strat, const uint8_t *in, size_t n, uint8_t *out,
			size_t cap, int istyle, int ostyle, uLong *adler,
			char *why)
{
	z_stream s;
	size_t ip = 0;
	int r, flush = Z_NO_FLUSH, guard = 0;

	memset(&s, 0, sizeof(s));
	set_alloc(a, &s);
	r = a->dinit(&s, level, Z_DEFLATED, wbits, mem, strat, ZLIB_VERSION,
		     (int)sizeof(s));
	if (r != Z_OK) {
		sprintf(why, "%s deflateInit2 %d", a->name, r);
		return -1;
	}
	s.next_out = out;
	for (;;) {
		size_t ic = pick_chunk(istyle), oc = pick_chunk(ostyle);
		/* zlib.h: after avail_out ran out, call again with the same
		 * flush (and no new input) until the flush is done. */
		bool again = s.next_in && !s.avail_out && flush != Z_NO_FLUSH;

		if (ic > n - ip)
			ic = n - ip;
		if (again)
			ic = s.avail_in;
		if (oc > cap - s.total_out)
			oc = cap - s.total_out;
		s.next_in = (Bytef *)in + ip;
		s.avail_in = ic;
		s.avail_out = oc;
		if (flush != Z_FINISH && !again)
			flush = ip + ic == n ? (zt_below(3) ? Z_FINISH :
						flushes[zt_below(10)]) :
					       flushes[zt_below(10)];
		/* zlib.h: more than six bytes of room for flush markers. */
		if (flush != Z_NO_FLUSH && flush != Z_FINISH && oc < 7)
			s.avail_out = oc = 7;
		r = a->deflate(&s, flush);
		ip += ic - s.avail_in;
		if (s.total_in != ip) {
			sprintf(why, "%s total_in %lu != %zu", a->name,
				s.total_in, ip);
			goto fail;
		}
		if (r == Z_STREAM_END)
			break;
		if (r != Z_OK && r != Z_BUF_ERROR) {
			sprintf(why, "%s deflate returned %d (flush %d)",
				a->name, r, flush);
			goto fail;
		}
		if (r == Z_BUF_ERROR && oc && s.avail_in == ic && ic &&
		    flush != Z_FINISH) {
			sprintf(why, "%s Z_BUF_ERROR with input and room",
				a->name);
			goto fail;
		}
		if (s.total_out >= cap || ++guard > 50000000) {
			sprintf(why, "%s no end: out %lu in %lu/%zu r %d flush %d", a->name, s.total_out, s.total_in, n, r, flush);
			goto fail;
		}
	}
	*adler = s.adler;
	r = a->deflate(&s, Z_FINISH);
	s.avail_out = 1;
	if (a->deflate(&s, Z_FINISH) != Z_STREAM_END) {
		sprintf(why, "%s repeated Z_FINISH not Z_STREAM_END", a->name);
		goto fail;
	}
	if (a->dend(&s) != Z_OK) {
		sprintf(why, "%s deflateEnd", a->name);
		return -1;
	}
	return s.total_out;
fail:
	a->dend(&s);
	return -1;
}

/*
 * Decompress with @a; return the final code: Z_STREAM_END, an error, or
 * Z_BUF_ERROR when input ran out (truncated).
 */
static int inflate_run(const struct api *a, int wbits, const uint8_t *in,
		       size_t n, uint8_t *out, size_t cap, int istyle,
		       int ostyle, int flush, size_t *used, size_t *made,
		       uLong *adler)
{
	z_stream s;
	size_t ip = 0;
	int r, guard = 0;

	memset(&s, 0, sizeof(s));
	set_alloc(a, &s);
	r = a->iinit(&s, wbits, ZLIB_VERSION, (int)sizeof(s));
	if (r != Z_OK)
		return 100 + r;
	s.next_out = out;
	for (;;) {
		size_t ic = pick_chunk(istyle), oc = pick_chunk(ostyle);
		size_t before_in, before_out;

		if (ic > n - ip)
			ic = n - ip;
		if (oc > cap - s.total_out)
			oc = cap - s.total_out;
		s.next_in = (Bytef *)in + ip;
		s.avail_in = ic;
		s.avail_out = oc;
		before_in = s.total_in;
		before_out = s.total_out;
		r = a->inflate(&s, flush);
		ip += ic - s.avail_in;
		if (r == Z_OK || r == Z_BUF_ERROR) {
			bool progress = s.total_in != before_in ||
					s.total_out != before_out;

			if (!progress && ip == n)
				break;	/* truncated */
			if (!progress && s.total_out == cap)
				break;	/* no room */
			if (++guard > 100000000)
				break;
			continue;
		}
		break;
	}
	if (r == Z_OK)
		r = Z_BUF_ERROR;
	*used = s.total_in;
	*made = s.total_out;
	if (adler)
		*adler = s.adler;
	a->iend(&s);
	return r;
}

/*
 * A damaged (not merely cut) stream that ours calls corrupt while the
 * system zlib ran out of input first: fine if zlib calls it corrupt too
 * once the stream goes on (zero bytes appended).  ISA-L rejects some
 * invalid block headers, e.g. an empty code-length code, at once, where
 * zlib reads on and fails later (docs/zlib.md).  Truncations must match.
 */
static bool early_corrupt(int how, int r, int r2, int iw, uint8_t *c,
			  size_t len, size_t cap, uint8_t *d)
{
	size_t more = 4096, used, made;

	if (how == 1 || r != Z_DATA_ERROR || r2 != Z_BUF_ERROR ||
	    len + more > cap)
		return false;
	memset(c + len, 0, more);
	return inflate_run(&sys, iw, c, len + more, d, cap, 3, 3, Z_NO_FLUSH,
			   &used, &made, NULL) == Z_DATA_ERROR;
}

static const int wbits_list[] = { 15, 15, 31, 31, -15, -15, 9, 12, 25, -9,
				  -12, 14 };

int main(int argc, char **argv)
{
	int cases = argc > 1 ? atoi(argv[1]) : 300;
	size_t maxn = 300000, cap = maxn * 2 + 1000;
	uint8_t *in = malloc(maxn), *c = malloc(cap), *c2 = malloc(cap);
	uint8_t *d = malloc(cap), *d2 = malloc(cap);
	int i, bad_rt = 0, bad_x = 0, bad_err = 0, bad_end = 0;
	char why[256];

	if (argc > 2)
		zt_rs = strtoull(argv[2], NULL, 0) | 1;
	zt_load_sys();
	use_alloc = getenv("ZT_ALLOC") != NULL;
	sys = (struct api){ "sys", zs.deflateInit2_, zs.deflate, zs.deflateEnd,
			    zs.inflateInit2_, zs.inflate, zs.inflateEnd };
	printf("TAP version 13\n");
	for (i = 0; i < cases; i++) {
		static const size_t sizes[] = { 0, 1, 2, 100, 4096, 33000,
						100000, 300000 };
		size_t n = sizes[zt_below(8)], used, made, used2, made2;
		int kind = zt_below(4), level = (int)zt_below(11) - 1;
		int wbits = wbits_list[zt_below(12)];
		int mem = zt_below(10) ? 8 : 1 + zt_below(9);
		int strat = zt_below(10) ? Z_DEFAULT_STRATEGY : zt_below(5);
		int is = zt_below(4), os = zt_below(4), r, r2;
		size_t trail = zt_below(3) ? 0 : 1 + zt_below(20);
		uLong a1 = 0, a2 = 0;
		long clen;
		int iw;

		if (n > 4096 && is < 2)
			is = 2;	/* keep 1-byte runs on small inputs */
		if (n > 4096 && os < 2)
			os = 2;
		zt_fill(in, n, kind);
		/* A: ours compresses, the system decompresses. */
		clen = deflate_run(&ours, level, wbits, mem, strat, in, n, c,
				   cap, is, os, &a1, why);
		if (clen < 0) {
			zt_ok(0, "case %d: %s", i, why);
			bad_rt++;
			continue;
		}
		iw = wbits;
		r = inflate_run(&sys, iw, c, clen, d, cap, 3, 3, Z_NO_FLUSH,
				&used, &made, &a2);
		if (r != Z_STREAM_END || made != n || memcmp(d, in, n) ||
		    used != (size_t)clen ||
		    (wbits > 0 && a1 != a2)) {
			zt_ok(0, "case %d: ours->sys lvl %d wb %d n %zu: r %d "
			      "made %zu used %zu/%ld adler %lx/%lx", i, level,
			      wbits, n, r, made, used, clen, a1, a2);
			bad_rt++;
			continue;
		}
		/* B: the system compresses, ours decompresses, with bytes
		 * after the end that must be left unused. */
		clen = deflate_run(&sys, level, wbits, mem, strat, in, n, c2,
				   cap, 3, 3, &a1, why);
		if (clen < 0) {
			zt_ok(0, "case %d: %s", i, why);
			continue;
		}
		zt_fill(c2 + clen, trail, 0);
		if (trail)
			c2[clen] = 0x55;	/* not a gzip magic */
		iw = wbits > 15 && zt_below(2) ? 47 :
		     wbits > 0 && wbits <= 15 && zt_below(2) ? 47 : wbits;
		if (wbits > 0 && wbits <= 15 && zt_below(4) == 0)
			iw = 0;
		r = inflate_run(&ours, iw, c2, clen + trail, d, cap, is, os,
				Z_NO_FLUSH, &used, &made, &a1);
		r2 = inflate_run(&sys, iw, c2, clen + trail, d2, cap, is, os,
				 Z_NO_FLUSH, &used2, &made2, &a2);
		if (r != r2 || (r == Z_STREAM_END &&
				(made != n || memcmp(d, in, n) ||
				 used != used2 || (iw && a1 != a2)))) {
			bool end = r == r2 && made == n && !memcmp(d, in, n) &&
				   used != used2;

			zt_ok(0, "case %d: sys->ours lvl %d wb %d iw %d n %zu "
			      "trail %zu: r %d/%d made %zu used %zu/%zu "
			      "adler %lx/%lx", i, level, wbits, iw, n, trail,
			      r, r2, made, used, used2, a1, a2);
			if (end)
				bad_end++;
			else
				bad_x++;
			continue;
		}
		/* C: damage it; both must end the same way. */
		if (clen > 0) {
			size_t pos = zt_below(clen);
			int how = zt_below(3);
			size_t len = clen;

			if (how == 0)
				c2[pos] ^= 1 + zt_below(255);
			else if (how == 1)
				len = pos;
			else if (clen >= 4)
				c2[clen - 1 - zt_below(4)] ^= 0x10;
			r = inflate_run(&ours, iw, c2, len, d, cap, is, os,
					Z_NO_FLUSH, &used, &made, NULL);
			r2 = inflate_run(&sys, iw, c2, len, d2, cap, is, os,
					 Z_NO_FLUSH, &used2, &made2, NULL);
			if (r != r2 && !early_corrupt(how, r, r2, iw, c2, len,
						      cap, d2)) {
				zt_ok(0, "case %d: damaged (%d at %zu of %ld, "
				      "wb %d iw %d): ours %d sys %d", i, how,
				      pos, clen, wbits, iw, r, r2);
				bad_err++;
				continue;
			}
			/* One call with Z_FINISH and all the room. */
			r = inflate_run(&ours, iw, c2, len, d, cap, 3, 3,
					Z_FINISH, &used, &made, NULL);
			r2 = inflate_run(&sys, iw, c2, len, d2, cap, 3, 3,
					 Z_FINISH, &used2, &made2, NULL);
			if (r != r2 && !early_corrupt(how, r, r2, iw, c2, len,
						      cap, d2)) {
				zt_ok(0, "case %d: damaged, Z_FINISH: ours %d "
				      "sys %d", i, r, r2);
				bad_err++;
				continue;
			}
		}
		zt_ok(1, "case %d: lvl %d wb %d mem %d strat %d n %zu kind %d "
		      "chunks %d/%d", i, level, wbits, mem, strat, n, kind, is,
		      os);
	}
	fprintf(stderr, "zdiff: %d cases, round trip %d, cross %d, end %d, "
		"errors %d failing\n", cases, bad_rt, bad_x, bad_end,
		bad_err);
	if (use_alloc)
		zt_ok(n_alloc > 0 && n_alloc == n_free,
		      "custom allocator: %ld allocations, %ld frees", n_alloc,
		      n_free);
	free(in);
	free(c);
	free(c2);
	free(d);
	free(d2);
	return zt_done();
}
