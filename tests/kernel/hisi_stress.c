// SPDX-License-Identifier: MIT
/*
 * hisi_sim under abuse: fault injection (failed requests, a stalled queue,
 * an isolated device, a slow engine), processes killed or exiting with
 * requests in flight, surprise removal of a device under load, and module
 * unload after the last queue closes (and with queues still open), each in
 * a loop. The harness fails the run on any kernel splat.
 */
#include <signal.h>
#include "hisi_test.h"

#define FI_ID		4
#define KILL_ID		5
#define RM_ID		6
#define TMO		30000

static int run_ok(struct hq *q, const void *in, uint32_t n)
{
	static unsigned char c[1 << 17];
	struct hsqe s;

	sqe_init(q, &s, HZ_GZIP, DW7_NEW | DW7_FINISH, in, n, c, sizeof(c));
	return !hq_run(q, &s, TMO) && SQE_STATUS(&s) == ST_OK;
}

static void fault_injection(void)
{
	unsigned char in[4096];
	char dev[64], path[64];
	struct hsqe s, r;
	struct hq q;
	uint64_t t0;
	int i, ok = 1;

	fill_data(in, sizeof(in), 4);
	tap_is(hsim_new(FI_ID, 8, 64, 1), 0, "create device %d", FI_ID);
	if (hsim_uacce_name(FI_ID, dev, sizeof(dev)) ||
	    hq_open(&q, dev, QC_COMP))
		tap_bail("open");

	hsim_dbg_write(FI_ID, "fail_next", "3");
	for (i = 0; i < 3; i++) {
		sqe_init(&q, &s, HZ_GZIP, DW7_NEW | DW7_FINISH, in, sizeof(in),
			 in, 16);
		ok = ok && !hq_run(&q, &s, TMO) && s.dw[3] == ST_HW &&
		     !SQE_CONSUMED(&s) && !SQE_PRODUCED(&s);
	}
	tap_ok(ok, "fail_next=3: three requests fail with a hardware error");
	tap_ok(run_ok(&q, in, sizeof(in)), "the fourth succeeds");

	snprintf(path, sizeof(path), "q%u/stall", q.qid);
	tap_is(hsim_dbg_write(FI_ID, path, "1"), 0, "stall the queue");
	sqe_init(&q, &s, HZ_GZIP, DW7_NEW | DW7_FINISH, in, sizeof(in), in, 16);
	hq_send(&q, &s);
	tap_is(hq_wait(&q, &r, 300), -ETIMEDOUT, "a stalled queue completes nothing");
	hsim_dbg_write(FI_ID, path, "0");
	tap_ok(!hq_wait(&q, &r, TMO) && r.dw[3] == ST_DSTLEN,
	       "un-stalled, the request completes");

	hsim_dbg_write(FI_ID, "isolate", "1");
	tap_is(uacce_attr_long(dev, "isolate"), 1, "isolated: sysfs isolate reads 1");
	tap_ok(hq_stop_flags(&q)[0] == 1 && hq_stop_flags(&q)[1] == 1,
	       "isolated: RX and TX stop flags raised");
	sqe_init(&q, &s, HZ_GZIP, DW7_NEW | DW7_FINISH, in, sizeof(in), in, 16);
	hq_send(&q, &s);
	tap_is(hq_wait(&q, &r, 300), -ETIMEDOUT, "isolated: nothing completes");
	hsim_dbg_write(FI_ID, "isolate", "0");
	tap_ok(!hq_wait(&q, &r, TMO) && hq_stop_flags(&q)[0] == 0 &&
	       uacce_attr_long(dev, "isolate") == 0, "recovered: it completes");

	hsim_dbg_write(FI_ID, "delay_us", "50000");
	t0 = now_ms();
	tap_ok(run_ok(&q, in, sizeof(in)) && now_ms() - t0 >= 45,
	       "delay_us=50000 slows a request to %llu ms",
	       (unsigned long long)(now_ms() - t0));
	hsim_dbg_write(FI_ID, "delay_us", "0");
	hq_close(&q);
	tap_is(hsim_del(FI_ID), 0, "delete device %d", FI_ID);
}

/* Fill two queues with big requests, tell the parent, then @how. */
static void busy_child(const char *dev, int fd, int how)
{
	size_t n = 256 << 10;
	unsigned char *in = xmalloc(n), *out = xmalloc(n * 2);
	struct hsqe s;
	struct hq q[2];
	int i, k;

	fill_data(in, n, 9);
	for (k = 0; k < 2; k++) {
		if (hq_open(&q[k], dev, QC_COMP))
			_exit(3);
		for (i = 0; i < 30; i++) {
			sqe_init(&q[k], &s, HZ_GZIP, DW7_NEW | DW7_FINISH, in,
				 n, out, n * 2);
			hq_send(&q[k], &s);
		}
	}
	if (write(fd, "r", 1) != 1)
		_exit(4);
	if (how == 1)
		_exit(0);		/* exit with requests in flight */
	if (how == 2) {
		munmap(in, n);		/* pull the buffers away (may fail) */
		free(out);
	}
	for (;;)
		pause();
}

static void kill_loop(void)
{
	char dev[64], x;
	int i, st, fds[2], good = 0;
	unsigned char in[1000];
	struct hq q;

	tap_is(hsim_new(KILL_ID, 16, 64, 2), 0, "create device %d", KILL_ID);
	if (hsim_uacce_name(KILL_ID, dev, sizeof(dev)))
		tap_bail("no device");
	for (i = 0; i < 12; i++) {
		pid_t pid;

		if (pipe(fds))
			tap_bail("pipe");
		pid = fork();
		if (pid == 0)
			busy_child(dev, fds[1], i % 3);
		if (read(fds[0], &x, 1) == 1)
			usleep((i * 7919) % 40000);
		kill(pid, SIGKILL);
		if (waitpid(pid, &st, 0) == pid)
			good++;
		close(fds[0]);
		close(fds[1]);
	}
	tap_is(good, 12, "12 processes killed or exited with requests in flight");
	/*
	 * An engine in the middle of a request holds the address space, and
	 * with it the mappings' file references: the last queue is released
	 * when the engine lets go, a little after the process is reaped.
	 */
	for (i = 0; i < 500; i++) {
		if (uacce_attr_long(dev, "available_instances") == 16)
			break;
		usleep(10000);
	}
	tap_is(uacce_attr_long(dev, "available_instances"), 16,
	       "all their queues were released");
	fill_data(in, sizeof(in), 1);
	tap_ok(!hq_open(&q, dev, QC_COMP) && run_ok(&q, in, sizeof(in)),
	       "the device still works");
	hq_close(&q);
	tap_is(hsim_del(KILL_ID), 0, "delete device %d", KILL_ID);
}

static void on_sigbus(int sig)
{
	(void)sig;
	_exit(0);
}

/*
 * Keep two queues busy until the device goes away under us; say on
 * @ready_fd once the first request has completed, so that the removal
 * always lands on a busy queue, however slow the kernel.
 */
static void load_child(const char *dev, int ready_fd)
{
	size_t n = 64 << 10;
	unsigned char *in = xmalloc(n), *out = xmalloc(n * 2);
	struct hsqe s;
	struct hq q[2];
	int k, i;

	signal(SIGBUS, on_sigbus);
	fill_data(in, n, 3);
	for (k = 0; k < 2; k++)
		if (hq_open(&q[k], dev, k))
			_exit(3);
	for (i = 0; ; i++) {
		struct hq *qq = &q[0];

		if (hq_stop_flags(qq)[0])
			break;
		sqe_init(qq, &s, HZ_DEFLATE, DW7_NEW | DW7_FINISH, in, n, out,
			 n * 2);
		if (hq_run(qq, &s, 3000))
			break;	/* removed while in flight */
		if (SQE_STATUS(&s) != ST_OK)
			_exit(5);
		if (i == 0 && write(ready_fd, "r", 1) != 1)
			_exit(7);
	}
	/* The queue is dead: its ioctls fail with ENXIO. */
	if (ioctl(q[1].fd, UACCE_CMD_QM_SIM_KICK) == 0 || errno != ENXIO)
		_exit(6);
	_exit(0);
}

static void removal_loop(void)
{
	int i, k, st, good = 0, gone = 0;
	char dev[64], path[80];

	for (i = 0; i < 5; i++) {
		int pipefd[2];
		pid_t pid[3];
		char c;

		if (hsim_new(RM_ID, 8, 32, 2) || hsim_uacce_name(RM_ID, dev,
								   sizeof(dev)))
			break;
		if (pipe(pipefd))
			break;
		for (k = 0; k < 3; k++) {
			pid[k] = fork();
			if (pid[k] == 0) {
				close(pipefd[0]);
				load_child(dev, pipefd[1]);
			}
		}
		close(pipefd[1]);
		for (k = 0; k < 3; k++)
			if (read(pipefd[0], &c, 1) != 1)
				break;
		close(pipefd[0]);
		usleep(i * 20000);
		if (hsim_del(RM_ID))
			break;
		snprintf(path, sizeof(path), "/dev/%s", dev);
		gone += access(path, F_OK) != 0;
		for (k = 0; k < 3; k++)
			if (waitpid(pid[k], &st, 0) == pid[k] &&
			    WIFEXITED(st) && WEXITSTATUS(st) == 0)
				good++;
	}
	tap_is(good, 15, "5 surprise removals under load from 3 processes");
	tap_is(gone, 5, "the char device goes away each time");
}

static void unload_loop(void)
{
	unsigned char in[1000];
	int i, ok = 1;
	char dev[64];
	struct hq q;

	fill_data(in, sizeof(in), 8);
	for (i = 0; i < 4 && ok; i++) {
		ok = !vm_rmmod_wait("hisi_sim") && !vm_insmod("hisi_sim", "") &&
		     !hsim_new(7, 4, 16, 1) &&
		     !hsim_uacce_name(7, dev, sizeof(dev)) &&
		     !hq_open(&q, dev, QC_COMP) && run_ok(&q, in, sizeof(in));
		if (ok && i % 2)
			hq_close(&q);	/* else unload with the queue open */
		ok = ok && !vm_rmmod_wait("hisi_sim");
		if (i % 2 == 0) {
			ok = ok && ioctl(q.fd, UACCE_CMD_QM_SIM_KICK) < 0 &&
			     errno == ENXIO;
			hq_close(&q);
		}
		ok = ok && !vm_insmod("hisi_sim", "");
	}
	tap_ok(ok, "unload after the last queue closed, and with one open, 4 times");
}

int main(void)
{
	tap_plan(21);
	hsim_setup("");
	fault_injection();
	kill_loop();
	removal_loop();
	unload_loop();
	tap_is(vm_rmmod_wait("hisi_sim"), 0, "unload hisi_sim");
	return tap_done();
}
