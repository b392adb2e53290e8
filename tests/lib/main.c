// SPDX-License-Identifier: MIT
/*
 * Host test runner: runs every registered TEST() (or those named on the
 * command line), prints TAP, ends with "N passed, N failed".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <zlib.h>

#include "tap.h"

int tap_failures;
long tap_checks;
bool tap_quick;

static struct test_case *head, **tail = &head;
static char tmp_path[256];

void tap_register(struct test_case *tc)
{
	*tail = tc;
	tail = &tc->next;
}

uint32_t rnd(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

void fill_random(uint8_t *p, size_t n, uint32_t seed)
{
	uint32_t s = seed | 1;
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = rnd(&s);
}

void fill_text(uint8_t *p, size_t n, uint32_t seed)
{
	static const char *const words[] = {
		"the", "queue", "device", "compress", "shared", "virtual",
		"address", "kernel", "user", "space", "ring", "doorbell",
		"completion", "deflate", "window", "history", "of", "and",
		"a", "to", "in", "is", "\n", ", ", "accelerator", "1234",
	};
	uint32_t s = seed | 1;
	size_t i = 0;

	while (i < n) {
		const char *w = words[rnd(&s) % (sizeof(words) /
						  sizeof(words[0]))];

		while (*w && i < n)
			p[i++] = *w++;
		if (i < n)
			p[i++] = ' ';
	}
}

const char *kind_name(int kind)
{
	static const char *const names[] = { "text", "random", "zeros",
					     "mixed" };
	return names[kind];
}

void fill_kind(int kind, uint8_t *p, size_t n, uint32_t seed)
{
	size_t i;

	switch (kind) {
	case 0:
		fill_text(p, n, seed);
		break;
	case 1:
		fill_random(p, n, seed);
		break;
	case 2:
		memset(p, 0, n);
		break;
	default:
		fill_text(p, n, seed);
		for (i = 0; i + 3000 < n; i += 7000)
			fill_random(p + i, 3000, seed + i);
		break;
	}
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p) {
		perror("malloc");
		exit(2);
	}
	return p;
}

static int zwbits(int format)
{
	return format == 0 ? -15 : format == 1 ? 15 : 31;
}

long ref_inflate(int format, const void *src, size_t len, void *dst,
		 size_t cap)
{
	z_stream z = { 0 };
	long n;
	int r;

	if (inflateInit2(&z, zwbits(format)) != Z_OK)
		return -1;
	z.next_in = (Bytef *)src;
	z.avail_in = len;
	z.next_out = dst;
	z.avail_out = cap;
	r = inflate(&z, Z_FINISH);
	n = r == Z_STREAM_END && z.avail_in == 0 ? (long)z.total_out : -1;
	inflateEnd(&z);
	return n;
}

long ref_deflate(int format, int level, const void *src, size_t len,
		 void *dst, size_t cap)
{
	z_stream z = { 0 };
	long n;

	if (deflateInit2(&z, level, Z_DEFLATED, zwbits(format), 8,
			 Z_DEFAULT_STRATEGY) != Z_OK)
		return -1;
	z.next_in = (Bytef *)src;
	z.avail_in = len;
	z.next_out = dst;
	z.avail_out = cap;
	n = deflate(&z, Z_FINISH) == Z_STREAM_END ? (long)z.total_out : -1;
	deflateEnd(&z);
	return n;
}

int run_filter(const char *cmd, const char *in, const char *out)
{
	char buf[1024];
	int st;

	snprintf(buf, sizeof(buf), "%s < '%s' > '%s' 2>/dev/null", cmd, in,
		 out);
	st = system(buf);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

int write_file(const char *path, const void *p, size_t n)
{
	FILE *f = fopen(path, "wb");
	int r;

	if (!f)
		return -1;
	r = fwrite(p, 1, n, f) == n ? 0 : -1;
	if (fclose(f))
		r = -1;
	return r;
}

void *read_file(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	size_t cap = 1 << 16, len = 0, k;
	uint8_t *p;

	if (!f)
		return NULL;
	p = xmalloc(cap);
	while ((k = fread(p + len, 1, cap - len, f)) > 0) {
		len += k;
		if (len == cap) {
			cap *= 2;
			p = realloc(p, cap);
			if (!p)
				exit(2);
		}
	}
	fclose(f);
	*n = len;
	return p;
}

const char *tmpdir(void)
{
	return tmp_path;
}

bool have_cmd(const char *name)
{
	char buf[256];

	snprintf(buf, sizeof(buf), "command -v %s >/dev/null 2>&1", name);
	return system(buf) == 0;
}

static bool selected(const char *name, int argc, char **argv)
{
	int i;

	if (argc < 2)
		return true;
	for (i = 1; i < argc; i++)
		if (!strcmp(argv[i], name))
			return true;
	return false;
}

int main(int argc, char **argv)
{
	struct test_case *tc;
	int n = 0, pass = 0, fail = 0;
	char cmd[300];

	tap_quick = getenv("WARP_TEST_QUICK") != NULL;
	snprintf(tmp_path, sizeof(tmp_path), "%s/warp-test-XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(tmp_path)) {
		perror("mkdtemp");
		return 2;
	}
	for (tc = head; tc; tc = tc->next)
		n += selected(tc->name, argc, argv);
	printf("TAP version 13\n1..%d\n", n);
	n = 0;
	for (tc = head; tc; tc = tc->next) {
		if (!selected(tc->name, argc, argv))
			continue;
		tap_failures = 0;
		tc->fn();
		fflush(stdout);
		n++;
		if (tap_failures) {
			printf("not ok %d - %s (%d failed checks)\n", n,
			       tc->name, tap_failures);
			fail++;
		} else {
			printf("ok %d - %s\n", n, tc->name);
			pass++;
		}
		fflush(stdout);
	}
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp_path);
	if (system(cmd))
		fprintf(stderr, "could not remove %s\n", tmp_path);
	printf("# %ld checks\n", tap_checks);
	printf("%d passed, %d failed\n", pass, fail);
	return fail ? 1 : 0;
}
