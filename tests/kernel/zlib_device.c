// SPDX-License-Identifier: MIT
/*
 * The zlib-compatible library on the device: a plain zlib program (linked
 * with libwarpz.a in place of -lz) whose one-call compress2, uncompress,
 * deflate and inflate run on the HiSilicon ZIP model, checked by
 * round trip, and by busybox gzip reading the device's gzip output.
 */
#include <stdint.h>
#include <sys/wait.h>
#include <zlib.h>

#include "tap.h"
#include "vmutil.h"

/* From libwarpz.a (hidden in libz.so.1): the engine of the last request. */
int warpz_last_engine(void);
#define ENGINE_DEVICE	2	/* enum warp_engine */

#define LEN	(1 << 20)

static unsigned char in[LEN], out[LEN + LEN / 8], back[LEN];

static int on_device(const char *what)
{
	int e = warpz_last_engine();

	if (e != ENGINE_DEVICE)
		tap_diag("%s ran on engine %d", what, e);
	return e == ENGINE_DEVICE;
}

static int gunzip_matches(const unsigned char *gz, size_t n)
{
	FILE *f = fopen("/tmp/zlib_device.gz", "w");
	int ok;

	if (!f || fwrite(gz, 1, n, f) != n || fclose(f))
		return 0;
	ok = system("gzip -dc /tmp/zlib_device.gz > /tmp/zlib_device.out") == 0;
	f = fopen("/tmp/zlib_device.out", "r");
	ok = ok && f && fread(back, 1, LEN, f) == LEN && fgetc(f) == EOF &&
	     !memcmp(back, in, LEN);
	if (f)
		fclose(f);
	unlink("/tmp/zlib_device.gz");
	unlink("/tmp/zlib_device.out");
	return ok;
}

/*
 * The zlib calls run in a child: the library keeps its queues open for the
 * life of the process, and the modules can go only once it has exited.
 */
#define ZLIB_CHECKS 7

static void zlib_checks(void)
{
	uLongf clen = sizeof(out), dlen = LEN;
	z_stream s;
	size_t i;
	int r;

	uint32_t x = 12345;

	/* Text-like data that compresses about 2:1, so that the compressed
	 * stream is big enough for the device too (policy: 4 KiB and up). */
	for (i = 0; i < LEN; i++) {
		x = x * 1103515245 + 12345;
		in[i] = "zlib through uacce\n"[(x >> 16) % 19];
	}

	r = compress2(out, &clen, in, LEN, 1);
	tap_ok(r == Z_OK && on_device("compress2"),
	       "compress2 level 1 on the device (%lu bytes)", clen);
	r = uncompress(back, &dlen, out, clen);
	tap_ok(r == Z_OK && on_device("uncompress"),
	       "uncompress on the device");
	tap_ok(dlen == LEN && !memcmp(back, in, LEN), "round trip intact");

	memset(&s, 0, sizeof(s));
	r = deflateInit2(&s, 6, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY);
	s.next_in = in;
	s.avail_in = LEN;
	s.next_out = out;
	s.avail_out = sizeof(out);
	r = r == Z_OK ? deflate(&s, Z_FINISH) : r;
	tap_ok(r == Z_STREAM_END && on_device("deflate"),
	       "gzip deflate, one call, on the device");
	clen = s.total_out;
	deflateEnd(&s);
	tap_ok(gunzip_matches(out, clen), "busybox gzip -d reads it back");

	memset(&s, 0, sizeof(s));
	r = inflateInit2(&s, 47);
	s.next_in = out;
	s.avail_in = clen;
	s.next_out = back;
	s.avail_out = LEN;
	r = r == Z_OK ? inflate(&s, Z_FINISH) : r;
	tap_ok(r == Z_STREAM_END && on_device("inflate") &&
	       s.total_out == LEN && !memcmp(back, in, LEN),
	       "inflate auto-detect, one call, on the device");
	inflateEnd(&s);

	/* A corrupt stream is still an error, whatever engine runs it. */
	out[clen / 2] ^= 0x55;
	dlen = LEN;
	r = uncompress(back, &dlen, out + 10, clen - 18);
	tap_ok(r == Z_DATA_ERROR || r == Z_BUF_ERROR,
	       "damaged deflate data: Z_DATA_ERROR (got %d)", r);
	if (tap_count != ZLIB_CHECKS)
		tap_bail("ZLIB_CHECKS is %d, not %d", ZLIB_CHECKS, tap_count);
	exit(tap_failed);
}

int main(void)
{
	pid_t pid;
	int st;

	if (vm_insmod("uacce", "") || vm_insmod("hisi_sim", "") ||
	    vm_write_file("/sys/bus/hisi_sim/new_device", "0 8"))
		tap_bail("load the device model");
	pid = fork();
	if (pid == 0)
		zlib_checks();
	if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st))
		tap_bail("the zlib program died");
	/* Its results are on stdout already; count them here too. */
	tap_count = ZLIB_CHECKS;
	tap_failed = WEXITSTATUS(st);

	tap_is(vm_write_file("/sys/bus/hisi_sim/del_device", "0"), 0,
	       "delete the device");
	tap_is(vm_rmmod_wait("hisi_sim"), 0, "rmmod hisi_sim");
	tap_is(vm_rmmod_wait("uacce"), 0, "rmmod uacce");
	return tap_done();
}
