// SPDX-License-Identifier: MIT
/*
 * warp zip / warp unzip: gzip-compatible command line and output.
 *
 * Compression cuts the input in chunks and compresses them in parallel:
 * a regular file on the CPU in our own threads, each pread()ing its chunk
 * (pread_run), anything else on the library's worker pool or device
 * queues (read_run).  Either way:
 *  - levels 1..3: pieces of one raw deflate stream, each primed with the
 *    previous 32 KiB (WARP_OP_PART), joined into ONE gzip member whose
 *    CRC-32 is combined from the pieces': the output is what a sequential
 *    compressor would write, byte-aligned at chunk edges;
 *  - levels 4..9: each chunk one gzip member (libdeflate is fastest there
 *    and cannot continue a stream); gzip, zlib's gunzip and every gzip
 *    reader concatenate members, as RFC 1952 says.
 * A file is written to a temporary name in the same directory, synced,
 * given the input's mode and times, renamed into place, and the directory
 * synced; only then is the input removed.  On any error, or on SIGINT,
 * SIGTERM, SIGHUP, the temporary file is removed and the input is left.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <libgen.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include <warp/warp.h>

#include "warp-tool.h"

#define DICT_SIZE	32768
#define DEC_IN_SIZE	(1u << 20)
#define DEC_OUT_SIZE	(1u << 20)

static inline size_t MIN_SZ(size_t a, size_t b)
{
	return a < b ? a : b;
}

struct zopts {
	bool to_stdout, decompress, force, keep, test, verbose, quiet;
	bool cpu_only;	/* no device will be used */
	int level;
	unsigned int threads;
	size_t chunk;
};

static struct warp_ctx *ctx;
/* Per file, for -v: input bytes and chunks each engine compressed. */
static uint64_t eng_bytes[3], eng_chunks[3];
/* Per file, for -v: the engine of the decompression stream. */
static int dec_engine;
static char tmp_path[PATH_MAX];
static volatile sig_atomic_t tmp_live;

static void on_signal(int sig)
{
	if (tmp_live)
		unlink(tmp_path);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void warn(const char *name, const char *msg)
{
	fprintf(stderr, "%s: %s: %s\n", prog, name, msg);
}

/* writev() all of @iov (which it may change) or fail. */
static int writev_all(int fd, struct iovec *iov, int n)
{
	while (n) {
		ssize_t k = writev(fd, iov, n);

		if (k < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		for (; n && (size_t)k >= iov->iov_len; iov++, n--)
			k -= iov->iov_len;
		if (n) {
			iov->iov_base = (uint8_t *)iov->iov_base + k;
			iov->iov_len -= k;
		}
	}
	return 0;
}

static int write_all(int fd, const void *p, size_t n)
{
	struct iovec v = { .iov_base = (void *)p, .iov_len = n };

	return writev_all(fd, &v, 1);
}

/*
 * A chunk-sized buffer in transparent huge pages where the kernel has
 * them: faulting in 4 KiB pages one by one cost about 5% of zip -1's time.
 */
static void *chunk_alloc(size_t n)
{
	const size_t huge = 2u << 20;
	void *p;

	if (n < huge / 2)
		return malloc(n);
	n = (n + huge - 1) & ~(huge - 1);
	if (posix_memalign(&p, huge, n))
		return NULL;
	madvise(p, n, MADV_HUGEPAGE);
	return p;
}

/* Read @n bytes, fewer only at end of file; at offset @off unless < 0. */
static ssize_t read_full(int fd, void *p, size_t n, int64_t off)
{
	uint8_t *b = p;
	size_t got = 0;

	while (got < n) {
		ssize_t k = off < 0 ? read(fd, b + got, n - got) :
				      pread(fd, b + got, n - got, off + got);

		if (k < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (!k)
			break;
		got += k;
	}
	return got;
}

/* ---- progress ---- */

struct progress {
	const char *name;
	uint64_t total;
	double start, last;
	bool on, shown;
};

static void progress_init(struct progress *pr, const char *name,
			  uint64_t total)
{
	pr->name = name;
	pr->total = total;
	pr->start = pr->last = now_sec();
	pr->on = isatty(STDERR_FILENO);
	pr->shown = false;
}

static void progress_update(struct progress *pr, uint64_t done)
{
	double t;

	if (!pr->on)
		return;
	t = now_sec();
	if (t - pr->last < 0.25 || t - pr->start < 1.0)
		return;
	pr->last = t;
	pr->shown = true;
	if (pr->total)
		fprintf(stderr, "\r%s: %5.1f%% %8.1f MiB/s", pr->name,
			100.0 * done / pr->total,
			done / (t - pr->start) / 1048576);
	else
		fprintf(stderr, "\r%s: %llu MiB %8.1f MiB/s", pr->name,
			(unsigned long long)(done >> 20),
			done / (t - pr->start) / 1048576);
}

static void progress_end(struct progress *pr)
{
	if (pr->shown)
		fprintf(stderr, "\r\033[K");
}

/* ---- compression ---- */

/*
 * A regular input that is not the size fstat() gave (see pread_run); an
 * errno no read, write or warp_run() returns, so it cannot be mistaken.
 */
#define ZIP_E_CHANGED	(-ETXTBSY)

enum { SLOT_FREE, SLOT_BUSY, SLOT_DONE };

struct slot {
	uint8_t *in, *out, *dict;
	size_t len, dict_len, cap;
	int state;
	struct warp_result res;
};

static void slot_done(void *arg, const struct warp_result *res)
{
	struct slot *s = arg;

	s->res = *res;
	s->state = SLOT_DONE;
}

static size_t gz_header(uint8_t *h, const char *name, uint32_t mtime,
			int level)
{
	size_t n = 10;

	h[0] = 0x1f;
	h[1] = 0x8b;
	h[2] = 8;
	h[3] = name ? 0x08 : 0;
	h[4] = mtime;
	h[5] = mtime >> 8;
	h[6] = mtime >> 16;
	h[7] = mtime >> 24;
	h[8] = level >= 9 ? 2 : level == 1 ? 4 : 0;
	h[9] = 3;	/* Unix */
	if (name) {
		size_t l = strlen(name);

		memcpy(h + 10, name, l + 1);
		n += l + 1;
	}
	return n;
}

static void put_le32(uint8_t *p, uint32_t v)
{
	p[0] = v;
	p[1] = v >> 8;
	p[2] = v >> 16;
	p[3] = v >> 24;
}

/* One file's compression: options, output and what was written so far. */
struct zip {
	const struct zopts *o;
	int out;
	const char *name;
	uint32_t mtime;
	bool one_member, header_done;
	uint32_t crc;
	uint64_t isize, osize;
	struct progress pr;
	struct warp_sess_opts so;
	struct slot *slots;
	unsigned int depth;
};

/* Write the done chunk @s: header, body, trailer as the format wants. */
static int emit_chunk(struct zip *z, struct slot *s)
{
	uint8_t hdr[PATH_MAX + 32], trl[8];
	struct iovec iov[3];
	int n = 0, r;

	if (s->res.status)
		return s->res.status;
	if (!z->header_done || !z->one_member) {
		iov[n].iov_base = hdr;
		iov[n++].iov_len =
			gz_header(hdr, z->header_done ? NULL : z->name,
				  z->header_done ? 0 : z->mtime, z->o->level);
		z->header_done = true;
	}
	iov[n].iov_base = s->out;
	iov[n++].iov_len = s->res.produced;
	if (!z->one_member) {
		put_le32(trl, s->res.check);
		put_le32(trl + 4, (uint32_t)s->len);
		iov[n].iov_base = trl;
		iov[n++].iov_len = 8;
	}
	r = writev_all(z->out, iov, n);
	if (r)
		return r;
	while (n--)
		z->osize += iov[n].iov_len;
	if (s->res.engine >= 0 && s->res.engine < 3) {
		eng_bytes[s->res.engine] += s->len;
		eng_chunks[s->res.engine]++;
	}
	z->crc = warp_crc32_combine(z->crc, s->res.check, s->len);
	z->isize += s->len;
	progress_update(&z->pr, z->isize);
	return 0;
}

/*
 * Any input: read() here, compress on the library's pool (the device's
 * queues when there is one), write in order.
 */
static int read_run(struct zip *z, int in)
{
	const struct zopts *o = z->o;
	uint8_t *tail = malloc(DICT_SIZE);
	size_t tail_len = 0;
	uint64_t rseq = 0, wseq = 0;
	unsigned int depth = z->depth, i;
	struct warp_sess *sess = NULL;
	bool eof = false;
	int r, busy = 0;

	r = tail ? warp_sess_new(ctx, &z->so, &sess) : -ENOMEM;
	for (i = 0; !r && i < depth; i++) {
		z->slots[i].in = chunk_alloc(o->chunk);
		z->slots[i].dict = z->one_member ? malloc(DICT_SIZE) : NULL;
		if (!z->slots[i].in || (z->one_member && !z->slots[i].dict))
			r = -ENOMEM;
	}
	while (!r && (!eof || busy)) {
		/* Read and submit while there is room. */
		while (!eof && !r && busy < (int)depth) {
			struct slot *s = &z->slots[rseq % depth];
			struct warp_op op = { .dir = WARP_DIR_COMPRESS,
					      .flags = WARP_OP_PART };
			ssize_t n;

			if (s->state != SLOT_FREE)
				break;
			n = read_full(in, s->in, o->chunk, -1);
			if (n < 0) {
				r = n;
				break;
			}
			if ((size_t)n < o->chunk)
				eof = true;
			/* Members need no empty last chunk; one stream does. */
			if (!n && rseq && !z->one_member)
				break;
			s->len = n;
			if (z->one_member) {
				memcpy(s->dict, tail, tail_len);
				s->dict_len = tail_len;
				tail_len = MIN_SZ(n, DICT_SIZE);
				memcpy(tail, s->in + n - tail_len, tail_len);
				op.dict = s->dict_len ? s->dict : NULL;
				op.dict_len = s->dict_len;
				if (eof)
					op.flags |= WARP_OP_LAST;
			} else {
				op.flags |= WARP_OP_LAST;
			}
			op.src = s->in;
			op.src_len = s->len;
			op.dst = s->out;
			op.dst_cap = s->cap;
			s->state = SLOT_BUSY;
			r = warp_submit(sess, &op, slot_done, s);
			if (r) {
				s->state = SLOT_FREE;
				break;
			}
			rseq++;
			busy++;
		}
		if (r)
			break;
		/* Write what is done, in order. */
		if (busy)
			warp_poll(sess, 0,
				  z->slots[wseq % depth].state == SLOT_DONE ?
				  0 : -1);
		while (!r && busy &&
		       z->slots[wseq % depth].state == SLOT_DONE) {
			struct slot *s = &z->slots[wseq % depth];

			r = emit_chunk(z, s);
			s->state = SLOT_FREE;
			wseq++;
			busy--;
		}
	}
	/* Let requests still in flight finish with our buffers. */
	while (sess && warp_sess_inflight(sess))
		warp_poll(sess, 0, -1);
	warp_sess_free(sess);
	free(tail);
	return r;
}

/*
 * A regular input on the CPU: the input's size is known, so each thread
 * (the main one and o->threads - 1 more) pread()s the chunk it compresses,
 * with the 32 KiB before it as the dictionary, and whichever thread
 * completes the next chunk in order writes it.  The copies from the page
 * cache and to it then run on the threads that compress, on cache-hot
 * buffers, and no third thread competes for the cores of two workers.
 */
struct pread_job {
	struct zip *z;
	int fd;
	uint64_t start, size, nchunks;
	uint64_t nfull;		/* chunks of o->chunk, the rest half that */
	uint64_t next, wseq;	/* the next chunk to claim, to write */
	bool writing;		/* a thread is writing chunk wseq */
	int err;
	pthread_mutex_t lock;
	pthread_cond_t room;	/* a slot was freed, or an error */
};

struct pread_worker {
	struct pread_job *j;
	struct warp_sess *sess;
	uint8_t *buf;
	pthread_t tid;
	bool started;
};

/* Read and compress chunk @seq into @s. */
static int pread_chunk(struct pread_worker *w, struct slot *s, uint64_t seq)
{
	struct pread_job *j = w->j;
	const struct zopts *o = j->z->o;
	size_t len = seq < j->nfull ? o->chunk : o->chunk / 2;
	uint64_t off = seq < j->nfull ? seq * len :
		       j->nfull * o->chunk + (seq - j->nfull) * len;
	size_t dl = j->z->one_member ? MIN_SZ(off, DICT_SIZE) : 0;
	struct warp_op op = { .dir = WARP_DIR_COMPRESS,
			      .flags = WARP_OP_PART };
	ssize_t n;

	len = MIN_SZ(len, j->size - off);
	n = read_full(j->fd, w->buf, dl + len, j->start + off - dl);
	s->len = len;
	if (n < 0)
		return n;
	/* Shorter than fstat() said: the file shrank under us. */
	if ((size_t)n != dl + len)
		return ZIP_E_CHANGED;
	if (!j->z->one_member || seq == j->nchunks - 1)
		op.flags |= WARP_OP_LAST;
	op.dict = dl ? w->buf : NULL;
	op.dict_len = dl;
	op.src = w->buf + dl;
	op.src_len = len;
	op.dst = s->out;
	op.dst_cap = s->cap;
	return warp_run(w->sess, &op, &s->res);
}

/* Write the chunks that are done, in order, unless another thread is. */
static void pread_emit(struct pread_job *j)
{
	struct zip *z = j->z;

	while (!j->writing && !j->err && j->wseq < j->nchunks) {
		struct slot *s = &z->slots[j->wseq % z->depth];
		int r;

		if (s->state != SLOT_DONE)
			break;
		j->writing = true;
		pthread_mutex_unlock(&j->lock);
		r = emit_chunk(z, s);
		pthread_mutex_lock(&j->lock);
		j->writing = false;
		if (r)
			j->err = r;
		s->state = SLOT_FREE;
		j->wseq++;
		pthread_cond_broadcast(&j->room);
	}
}

static void *pread_worker(void *arg)
{
	struct pread_worker *w = arg;
	struct pread_job *j = w->j;
	struct zip *z = j->z;

	pthread_mutex_lock(&j->lock);
	for (;;) {
		uint64_t seq;
		struct slot *s;
		int r;

		pread_emit(j);	/* may drop the lock */
		seq = j->next;
		s = &z->slots[seq % z->depth];
		if (j->err || seq >= j->nchunks)
			break;
		if (s->state != SLOT_FREE) {
			pthread_cond_wait(&j->room, &j->lock);
			continue;
		}
		s->state = SLOT_BUSY;
		j->next++;
		pthread_mutex_unlock(&j->lock);
		memset(&s->res, 0, sizeof(s->res));
		r = pread_chunk(w, s, seq);
		if (r)
			s->res.status = r;
		pthread_mutex_lock(&j->lock);
		s->state = SLOT_DONE;
	}
	pthread_mutex_unlock(&j->lock);
	return NULL;
}

static int pread_run(struct zip *z, int in, const struct stat *st,
		     uint64_t start)
{
	const struct zopts *o = z->o;
	struct pread_job j = { .z = z, .fd = in, .start = start };
	struct pread_worker *w = calloc(o->threads, sizeof(*w));
	unsigned int nw = o->threads, i;
	uint64_t half = o->chunk / 2, rest;
	struct stat now;
	int r = 0;

	if (!w)
		return -ENOMEM;
	/*
	 * The last nw chunks' worth goes in half chunks, so that the threads
	 * finish closer together: at -1 a chunk takes 0.5 to 12 ms, and the
	 * last one ran alone for about half of that.
	 */
	j.size = st->st_size - start;
	rest = MIN_SZ(j.size, nw > 1 ? (uint64_t)nw * o->chunk : 0);
	j.nfull = (j.size - rest) / o->chunk;
	rest = j.size - j.nfull * o->chunk;
	j.nchunks = j.nfull + (rest + half - 1) / half;
	if (nw > j.nchunks)
		nw = j.nchunks;
	pthread_mutex_init(&j.lock, NULL);
	pthread_cond_init(&j.room, NULL);
	for (i = 0; !r && i < nw; i++) {
		w[i].j = &j;
		w[i].buf = chunk_alloc(o->chunk + DICT_SIZE);
		r = w[i].buf ? warp_sess_new(ctx, &z->so, &w[i].sess) :
			       -ENOMEM;
	}
	/* This thread is worker 0. */
	for (i = 1; !r && i < nw; i++) {
		r = -pthread_create(&w[i].tid, NULL, pread_worker, &w[i]);
		w[i].started = !r;
	}
	if (r) {
		pthread_mutex_lock(&j.lock);
		j.err = r;	/* the threads started stop after a chunk */
		pthread_mutex_unlock(&j.lock);
	}
	pread_worker(&w[0]);
	for (i = 0; i < o->threads; i++) {
		if (w[i].started)
			pthread_join(w[i].tid, NULL);
		warp_sess_free(w[i].sess);
		free(w[i].buf);
	}
	free(w);
	pthread_cond_destroy(&j.room);
	pthread_mutex_destroy(&j.lock);
	r = j.err;
	/* Grown (or shrunk after its last chunk was read) meanwhile. */
	if (!r && (fstat(in, &now) || now.st_size != st->st_size))
		r = ZIP_E_CHANGED;
	/* Leave a shared offset after what we read, as read() would. */
	if (!r && lseek(in, start + j.size, SEEK_SET) < 0)
		r = -errno;
	return r;
}

/*
 * Compress @in to @out.  @name/@mtime go in the first header.
 * Return 0 or a negative error; *@out_bytes is the output size.
 */
static int compress_fd(int in, int out, const struct zopts *o,
		       const char *name, uint32_t mtime, uint64_t total,
		       const char *label, uint64_t *in_bytes,
		       uint64_t *out_bytes)
{
	struct zip z = { .o = o, .out = out, .name = name, .mtime = mtime,
			 .one_member = o->level <= 3,
			 .so = { .format = WARP_FMT_GZIP,
				 .level = o->level } };
	struct stat st;
	off_t start = 0;
	uint8_t trl[8];
	unsigned int i;
	int r = 0;
	/*
	 * Under one chunk there is nothing to split, and the size of a
	 * pseudo-file (procfs 0, sysfs 4096) is no size at all: read() it.
	 */
	bool use_pread = o->cpu_only && !fstat(in, &st) &&
			 S_ISREG(st.st_mode) &&
			 (start = lseek(in, 0, SEEK_CUR)) >= 0 &&
			 start + (off_t)o->chunk <= st.st_size;

	/*
	 * Output slots: the pread() path writes each chunk as soon as it is
	 * next, so two more than its threads keep them all busy; fewer
	 * buffers to fault in (about 1% less time at -1).  The pool path
	 * queues more to hide its reads.
	 */
	z.depth = use_pread ? o->threads + 2 : 2 * o->threads + 2;
	progress_init(&z.pr, label, total);
	z.slots = calloc(z.depth, sizeof(*z.slots));
	for (i = 0; z.slots && i < z.depth; i++) {
		z.slots[i].cap = warp_compress_bound(WARP_FMT_DEFLATE,
						     o->chunk);
		z.slots[i].out = chunk_alloc(z.slots[i].cap);
		if (!z.slots[i].out)
			break;
	}
	if (!z.slots || i < z.depth)
		r = -ENOMEM;
	else if (use_pread)
		r = pread_run(&z, in, &st, start);
	else
		r = read_run(&z, in);
	if (!r && z.one_member) {
		put_le32(trl, z.crc);
		put_le32(trl + 4, (uint32_t)z.isize);
		r = write_all(out, trl, 8);
		z.osize += 8;
	}
	for (i = 0; z.slots && i < z.depth; i++) {
		free(z.slots[i].in);
		free(z.slots[i].out);
		free(z.slots[i].dict);
	}
	free(z.slots);
	progress_end(&z.pr);
	*in_bytes = z.isize;
	*out_bytes = z.osize;
	return r;
}

/* Decompress @in to @out (or nowhere when @out < 0, for -t). */
static int decompress_fd(int in, int out, uint64_t total, const char *label,
			 uint64_t *in_bytes, uint64_t *out_bytes)
{
	struct warp_sess_opts so = { .format = WARP_FMT_GZIP };
	uint8_t *ib = malloc(DEC_IN_SIZE), *ob = malloc(DEC_OUT_SIZE);
	struct warp_sess *sess = NULL;
	struct warp_stream *st = NULL;
	struct progress pr;
	uint64_t isz = 0, osz = 0;
	int r = -ENOMEM;
	bool done = false;

	progress_init(&pr, label, total);
	if (!ib || !ob)
		goto out;
	r = warp_sess_new(ctx, &so, &sess);
	if (!r)
		r = warp_stream_new(sess, WARP_DIR_DECOMPRESS, &st);
	if (!r)
		dec_engine = warp_stream_engine(st);
	while (!r && !done) {
		ssize_t n = read_full(in, ib, DEC_IN_SIZE, -1);
		size_t off = 0, iu, ou;
		bool eof;

		if (n < 0) {
			r = n;
			break;
		}
		eof = n == 0;
		isz += n;
		do {
			r = warp_stream_process(st, ib + off, n - off, &iu, ob,
						DEC_OUT_SIZE, &ou,
						eof ? WARP_FINISH :
						WARP_NO_FLUSH);
			off += iu;
			osz += ou;
			if (ou && out >= 0) {
				int w = write_all(out, ob, ou);

				if (w) {
					r = w;
					break;
				}
			}
			if (r < 0)
				break;
			if (r == WARP_STREAM_END) {
				done = true;
				r = 0;
				break;
			}
		} while (off < (size_t)n || ou == DEC_OUT_SIZE || eof);
		progress_update(&pr, isz);
	}
out:
	warp_stream_free(st);
	warp_sess_free(sess);
	free(ib);
	free(ob);
	progress_end(&pr);
	*in_bytes = isz;
	*out_bytes = osz;
	return r;
}

/* ---- files ---- */

static const char *const suffixes[][2] = {
	{ ".gz", "" }, { ".tgz", ".tar" }, { ".z", "" }, { "-gz", "" },
};

/* Output name for decompressing @in, or NULL (unknown suffix). */
static bool strip_suffix(const char *in, char *out, size_t len)
{
	size_t n = strlen(in), i;

	for (i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		size_t sl = strlen(suffixes[i][0]);

		if (n > sl && !strcmp(in + n - sl, suffixes[i][0]) &&
		    in[n - sl - 1] != '/') {
			snprintf(out, len, "%.*s%s", (int)(n - sl), in,
				 suffixes[i][1]);
			return true;
		}
	}
	return false;
}

static bool has_gz_suffix(const char *in)
{
	char tmp[PATH_MAX];

	return strip_suffix(in, tmp, sizeof(tmp));
}

static int sync_dir_of(const char *path)
{
	char buf[PATH_MAX];
	int fd, r = 0;

	snprintf(buf, sizeof(buf), "%s", path);
	fd = open(dirname(buf), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fsync(fd))
		r = -errno;
	close(fd);
	return r;
}

static void ratio_line(const char *name, uint64_t u, uint64_t c,
		       const char *dst, bool replaced)
{
	double pct = u ? 100.0 * ((double)u - (double)c) / u : 0;

	fprintf(stderr, "%s:\t%5.1f%%", name, pct);
	if (dst)
		fprintf(stderr, " -- %s %s", replaced ? "replaced with" :
			"created", dst);
	fprintf(stderr, "\n");
}

/* Which engine compressed what: "device 2 chunks (8.0 MiB), cpu ...". */
static void engine_line(const char *name)
{
	static const int order[] = { WARP_ENGINE_DEVICE, WARP_ENGINE_CPU };
	const char *sep = "";
	size_t i;

	fprintf(stderr, "%s:\t engine:", name);
	for (i = 0; i < 2; i++) {
		int e = order[i];

		fprintf(stderr, "%s %s %llu chunk%s (%.1f MiB)", sep,
			warp_engine_name(e), (unsigned long long)eng_chunks[e],
			eng_chunks[e] == 1 ? "" : "s",
			eng_bytes[e] / 1048576.0);
		sep = ",";
	}
	fprintf(stderr, "\n");
}

/* Return 0 ok, 1 error, 2 warning. */
static int do_file(const char *path, const struct zopts *o)
{
	char outp[PATH_MAX], base[PATH_MAX];
	const char *label = path;
	struct stat st;
	uint64_t ib = 0, ob = 0;
	int in = -1, out = -1, r;
	bool use_stdin = !strcmp(path, "-");
	bool to_stdout = o->to_stdout || use_stdin || o->test;

	memset(eng_bytes, 0, sizeof(eng_bytes));
	memset(eng_chunks, 0, sizeof(eng_chunks));

	if (use_stdin) {
		in = STDIN_FILENO;
		label = "stdin";
		memset(&st, 0, sizeof(st));
		if (fstat(in, &st))
			st.st_size = 0;
		if (!S_ISREG(st.st_mode))
			st.st_size = 0;
	} else {
		if (lstat(path, &st)) {
			warn(path, strerror(errno));
			return 1;
		}
		if (S_ISLNK(st.st_mode) && !o->force && !to_stdout) {
			warn(path, "is a symbolic link -- ignored");
			return 2;
		}
		if (stat(path, &st)) {
			warn(path, strerror(errno));
			return 1;
		}
		if (S_ISDIR(st.st_mode)) {
			warn(path, "is a directory -- ignored");
			return 2;
		}
		if (!S_ISREG(st.st_mode) && !to_stdout) {
			warn(path, "is not a regular file -- ignored");
			return 2;
		}
		if (!o->decompress && !to_stdout && has_gz_suffix(path) &&
		    !o->force) {
			warn(path, "already has .gz suffix -- unchanged");
			return 2;
		}
		if (o->decompress && !to_stdout &&
		    !strip_suffix(path, outp, sizeof(outp))) {
			warn(path, "unknown suffix -- ignored");
			return 2;
		}
		if (!o->decompress)
			snprintf(outp, sizeof(outp), "%s.gz", path);
		if (!to_stdout && st.st_nlink > 1 && !o->force) {
			warn(path, "has other links -- unchanged");
			return 2;
		}
		in = open(path, O_RDONLY | O_CLOEXEC);
		if (in < 0) {
			warn(path, strerror(errno));
			return 1;
		}
	}

	if (to_stdout) {
		if (o->test)
			out = -1;
		else
			out = STDOUT_FILENO;
	} else {
		char *slash;
		struct stat ost;

		if (!lstat(outp, &ost) && !o->force) {
			fprintf(stderr, "%s: %s already exists; not "
				"overwritten\n", prog, outp);
			close(in);
			return 2;
		}
		snprintf(base, sizeof(base), "%s", outp);
		slash = strrchr(base, '/');
		if (slash)
			snprintf(tmp_path, sizeof(tmp_path),
				 "%.*s/.%s.warp-XXXXXX", (int)(slash - base),
				 base, slash + 1);
		else
			snprintf(tmp_path, sizeof(tmp_path),
				 ".%s.warp-XXXXXX", base);
		out = mkstemp(tmp_path);
		if (out < 0) {
			warn(outp, strerror(errno));
			close(in);
			return 1;
		}
		tmp_live = 1;
	}

	if (o->decompress || o->test) {
		r = decompress_fd(in, out, st.st_size, label, &ib, &ob);
	} else {
		char *nm = NULL, nbuf[PATH_MAX];

		if (!use_stdin) {
			snprintf(nbuf, sizeof(nbuf), "%s", path);
			nm = basename(nbuf);
		}
		r = compress_fd(in, out, o, nm,
				use_stdin ? 0 : (uint32_t)st.st_mtime,
				st.st_size, label, &ib, &ob);
	}
	if (!r && !to_stdout) {
		struct timespec times[2] = { st.st_atim, st.st_mtim };

		if (fchmod(out, st.st_mode & 07777) ||
		    futimens(out, times))
			r = -errno;
		/* Ownership as the input's when we may; no error if not. */
		if (!r && fchown(out, st.st_uid, st.st_gid))
			(void)0;
		if (!r && fsync(out))
			r = -errno;
	}
	if (!to_stdout) {
		if (close(out) && !r)
			r = -errno;
		if (!r && rename(tmp_path, outp))
			r = -errno;
		if (r) {
			unlink(tmp_path);
		} else {
			r = sync_dir_of(outp);
		}
		tmp_live = 0;
	}
	if (!use_stdin)
		close(in);
	if (r == ZIP_E_CHANGED) {
		warn(label, "input file changed size while reading");
		return 1;
	}
	if (r) {
		fprintf(stderr, "%s: %s: %s\n", prog, label,
			r < 0 && r >= -133 && r != WARP_E_CORRUPT &&
			r != WARP_E_TRUNCATED && r != WARP_E_TRAILING &&
			r != WARP_E_CHECKSUM && r != WARP_E_OUTPUT_FULL ?
			strerror(-r) : warp_strerror(r));
		return 1;
	}
	if (!to_stdout && !o->keep && unlink(path)) {
		warn(path, strerror(errno));
		return 2;
	}
	if (o->verbose) {
		if (o->test)
			fprintf(stderr, "%s:\t OK\n", label);
		else if (o->decompress)
			ratio_line(label, ob, ib, to_stdout ? NULL : outp,
				   !o->keep);
		else
			ratio_line(label, ib, ob, to_stdout ? NULL : outp,
				   !o->keep);
		if (!o->test && !o->decompress)
			engine_line(label);
		else if (!o->test)
			fprintf(stderr, "%s:\t engine: %s (stream)\n", label,
				warp_engine_name(dec_engine));
	}
	return 0;
}

static void zip_usage(bool unzip)
{
	fprintf(stderr,
		"usage: %s %s [-cdfhkqtv] [-1..-9] [-p threads] [-e engine] "
		"[file...]\n"
		"  -c  write to standard output, keep the input\n"
		"  -d  decompress\n"
		"  -f  force: overwrite, compress links and .gz files\n"
		"  -k  keep the input file\n"
		"  -t  test the compressed file\n"
		"  -v  verbose\n"
		"  -q  quiet\n"
		"  -1..-9  fast .. best compression (default 6)\n"
		"  -p N  compression threads (default: all CPUs)\n"
		"  -e auto|cpu|device  where to run (default auto: the\n"
		"        device for compression, the CPU for streams)\n"
		"With no file, or when a file is -, read standard input.\n",
		prog, unzip ? "unzip" : "zip");
}

int cmd_zip(int argc, char **argv, bool unzip)
{
	struct zopts o = { .decompress = unzip, .level = 6 };
	struct warp_ctx_opts co = { 0 };
	struct sigaction sa = { .sa_handler = on_signal };
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	int c, i, r, worst = 0;

	while ((c = getopt(argc, argv, "cdfhkqtvV123456789p:e:")) != -1) {
		switch (c) {
		case 'e':
			if (!strcmp(optarg, "auto")) {
				co.policy = WARP_POLICY_AUTO;
			} else if (!strcmp(optarg, "cpu")) {
				co.policy = WARP_POLICY_CPU;
			} else if (!strcmp(optarg, "device")) {
				co.policy = WARP_POLICY_DEVICE;
			} else {
				zip_usage(unzip);
				return 1;
			}
			break;
		case 'c':
			o.to_stdout = true;
			break;
		case 'd':
			o.decompress = true;
			break;
		case 'f':
			o.force = true;
			break;
		case 'k':
			o.keep = true;
			break;
		case 't':
			o.test = true;
			break;
		case 'v':
			o.verbose = true;
			break;
		case 'q':
			o.quiet = true;
			break;
		case 'p':
			o.threads = atoi(optarg);
			break;
		case 'V':
			printf("warp %s\n", warp_version());
			return 0;
		case 'h':
			zip_usage(unzip);
			return 0;
		default:
			if (c >= '1' && c <= '9') {
				o.level = c - '0';
				break;
			}
			zip_usage(unzip);
			return 1;
		}
	}
	if (!o.threads)
		o.threads = ncpu > 0 ? ncpu : 1;
	/*
	 * Levels 1..3 run on ISA-L at several hundred MiB/s a core: 2 MiB
	 * chunks keep the one-worker tail of a file and the buffers to fault
	 * in small (64 MiB at -1 on 2 cores, to a file: 109-113 ms with
	 * 4 MiB chunks, 103 ms with 2 MiB, no faster with 1 MiB, which
	 * primes more 32 KiB dictionaries; with pread() in the workers,
	 * 4 MiB is still about 5% slower, and 1 MiB no faster but 12 KB larger
	 * on the bench corpus, past igzip -1's size). Levels 4..9 keep
	 * 4 MiB: each chunk is a gzip member there, and the device takes
	 * them whole.
	 */
	o.chunk = o.level <= 3 ? 2u << 20 : 4u << 20;
	co.workers = o.threads;
	r = warp_ctx_new(&co, &ctx);
	if (r) {
		fprintf(stderr, "%s: %s\n", prog, warp_strerror(r));
		return 1;
	}
	o.cpu_only = co.policy == WARP_POLICY_CPU ||
		     !warp_ctx_device_count(ctx);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGPIPE, &sa, NULL);

	if (optind == argc) {
		if (!o.decompress && !o.test && isatty(STDOUT_FILENO) &&
		    !o.force) {
			fprintf(stderr, "%s: compressed data not written to a "
				"terminal. Use -f to force compression.\n",
				prog);
			warp_ctx_free(ctx);
			return 1;
		}
		worst = do_file("-", &o);
	}
	for (i = optind; i < argc; i++) {
		r = do_file(argv[i], &o);
		if (r == 1 || (r == 2 && worst == 0))
			worst = r;
	}
	warp_ctx_free(ctx);
	if (worst == 2 && o.quiet)
		return 2;
	return worst;
}
