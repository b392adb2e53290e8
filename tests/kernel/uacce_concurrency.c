// SPDX-License-Identifier: MIT
/*
 * uacce under concurrency: every queue taken and given back, opens racing
 * from many threads and processes, a poller woken by PUT_Q from another
 * thread, and processes killed while their queues are started with jobs in
 * flight.
 */
#include <pthread.h>
#include <time.h>

#include "uacce_test.h"

#define THREADS		12
#define THREAD_ROUNDS	40
#define PROCS		4
#define PROC_ROUNDS	40
#define KILL_ROUNDS	24

static int wait_available(int want)
{
	int i;

	for (i = 0; i < 500; i++) {
		if (dev_attr_long(mock_name, "available_instances") == want)
			return 0;
		usleep(10000);
	}
	return -ETIMEDOUT;
}

static void test_exhaust(void)
{
	int fds[MOCK_QUEUES], i, ok = 1;

	for (i = 0; i < MOCK_QUEUES; i++) {
		fds[i] = queue_open(mock_name);
		ok &= fds[i] >= 0 && dev_attr_long(mock_name,
				"available_instances") == MOCK_QUEUES - 1 - i;
	}
	tap_ok(ok, "available_instances counts down to 0 as queues open");
	tap_is(queue_open(mock_name), -EBUSY, "one more open: EBUSY");
	for (i = 0; i < MOCK_QUEUES; i++) {
		close(fds[i]);
		ok &= dev_attr_long(mock_name, "available_instances") == i + 1;
	}
	tap_ok(ok, "and back up to %d as they close", MOCK_QUEUES);
}

/*
 * One round of a queue's life; only EBUSY at open is expected under
 * contention. Returns 1 when the round ran, 0 when the device was full,
 * -1 on any other outcome.
 */
static int queue_round(uint64_t tag)
{
	struct uacce_mock_result res;
	volatile uint64_t *dus;
	uint64_t target = 0;
	int fd, ret = -1;

	fd = queue_open(mock_name);
	if (fd == -EBUSY)
		return 0;
	if (fd < 0)
		return -1;
	dus = queue_map(fd, UACCE_QFRT_DUS, MOCK_DUS_SIZE);
	if (!dus)
		goto out_close;
	if (q_ioctl(fd, UACCE_CMD_START_Q, NULL) ||
	    dus[0] != UACCE_MOCK_DUS_STARTED)
		goto out_unmap;
	if (mock_submit(fd, &target, tag, 0) || mock_wait(fd, &res, 10000) ||
	    res.result || target != tag)
		goto out_unmap;
	/* Half the rounds put the queue first, half just close it. */
	if ((tag & 1) && q_ioctl(fd, UACCE_CMD_PUT_Q, NULL))
		goto out_unmap;
	ret = 1;
out_unmap:
	munmap((void *)dus, MOCK_DUS_SIZE);
out_close:
	close(fd);
	return ret;
}

struct worker {
	pthread_t thread;
	int id, rounds, ran, bad;
};

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	int i, r;

	for (i = 0; i < w->rounds; i++) {
		r = queue_round(((uint64_t)w->id << 32) | i);
		if (r < 0)
			w->bad++;
		else
			w->ran += r;
	}
	return NULL;
}

static void test_threads(void)
{
	struct worker w[THREADS] = {};
	int i, ran = 0, bad = 0;

	for (i = 0; i < THREADS; i++) {
		w[i].id = i + 1;
		w[i].rounds = THREAD_ROUNDS;
		pthread_create(&w[i].thread, NULL, worker_main, &w[i]);
	}
	for (i = 0; i < THREADS; i++) {
		pthread_join(w[i].thread, NULL);
		ran += w[i].ran;
		bad += w[i].bad;
	}
	tap_diag("%d threads: %d rounds ran, %d found the device full",
		 THREADS, ran, THREADS * THREAD_ROUNDS - ran - bad);
	tap_ok(!bad && ran > 0, "%d threads open/map/start/job/put/close",
	       THREADS);
	tap_is(wait_available(MOCK_QUEUES), 0, "every queue given back");
}

static void test_processes(void)
{
	pid_t pids[PROCS];
	int i, bad = 0;

	for (i = 0; i < PROCS; i++) {
		pids[i] = fork();
		if (pids[i] == 0) {
			struct worker w = { .id = 100 + i,
					    .rounds = PROC_ROUNDS };
			pthread_t t2;
			struct worker w2 = { .id = 200 + i,
					     .rounds = PROC_ROUNDS };

			/* Two threads per process, racing the others. */
			pthread_create(&t2, NULL, worker_main, &w2);
			worker_main(&w);
			pthread_join(t2, NULL);
			_exit(w.bad || w2.bad);
		}
	}
	for (i = 0; i < PROCS; i++)
		bad |= child_status(pids[i]) != 0;
	tap_ok(!bad, "%d processes x 2 threads open/map/start/job/close",
	       PROCS);
	tap_is(wait_available(MOCK_QUEUES), 0, "every queue given back");
}

struct poller {
	int fd;
	short revents;
};

static void *poller_main(void *arg)
{
	struct poller *p = arg;
	struct pollfd pfd = { .fd = p->fd, .events = POLLIN };

	if (poll(&pfd, 1, 10000) == 1)
		p->revents = pfd.revents;
	return NULL;
}

/* A thread asleep in poll() is woken when another thread puts the queue. */
static void test_poll_wakeup(void)
{
	struct poller p = { .fd = queue_open(mock_name) };
	pthread_t t;

	tap_ok(p.fd >= 0 && !q_ioctl(p.fd, UACCE_CMD_START_Q, NULL),
	       "queue started for the poller");
	pthread_create(&t, NULL, poller_main, &p);
	usleep(100 * 1000);
	tap_is(q_ioctl(p.fd, UACCE_CMD_PUT_Q, NULL), 0, "PUT_Q from a thread");
	pthread_join(t, NULL);
	tap_ok(p.revents & (POLLERR | POLLHUP),
	       "the sleeping poller woke with POLLERR|POLLHUP");
	close(p.fd);
}

/*
 * A child starts a queue and keeps the device busy writing into its own
 * memory; it is killed at a varying moment.
 */
static void test_kill(void)
{
	int i, fail = 0;

	for (i = 0; i < KILL_ROUNDS; i++) {
		int pipefd[2];
		pid_t pid;
		char c;

		if (pipe(pipefd))
			tap_bail("pipe");
		pid = fork();
		if (pid == 0) {
			struct uacce_mock_result res;
			uint64_t target = 0, n = 0;
			int fd = queue_open(mock_name);
			void *dus;

			dus = queue_map(fd, UACCE_QFRT_DUS, MOCK_DUS_SIZE);
			if (!dus || q_ioctl(fd, UACCE_CMD_START_Q, NULL))
				_exit(1);
			/* Even rounds: one long job; odd: a stream of jobs. */
			if (i % 2 == 0) {
				mock_submit(fd, &target, 1, 2000);
				write(pipefd[1], "x", 1);
				pause();
			}
			write(pipefd[1], "x", 1);
			for (;;) {
				if (mock_submit(fd, &target, ++n, 0) ||
				    mock_wait(fd, &res, 10000) || res.result)
					_exit(2);
			}
		}
		close(pipefd[1]);
		if (read(pipefd[0], &c, 1) != 1)
			fail++;
		close(pipefd[0]);
		usleep((i * 7919) % 20000);
		kill(pid, SIGKILL);
		if (child_status(pid) != 128 + SIGKILL)
			fail++;
		if (wait_available(MOCK_QUEUES))
			fail++;
	}
	tap_ok(!fail, "%d processes killed with jobs in flight, queues freed",
	       KILL_ROUNDS);
}

int main(void)
{
	mock_setup();
	test_exhaust();
	test_threads();
	test_processes();
	test_poll_wakeup();
	test_kill();
	mock_teardown();
	return tap_done();
}
