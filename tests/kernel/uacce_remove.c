// SPDX-License-Identifier: MIT
/*
 * Removal of a uacce device's parent while processes have queues open,
 * mapped and busy: by unbinding the driver, and by unloading the driver
 * module, each in a loop; opens racing the removal; and uacce.ko itself,
 * which cannot be unloaded while a driver or an open queue uses it.
 */
#include <pthread.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "uacce_test.h"

#define DRV_DIR		"/sys/bus/platform/drivers/uacce_mock"
#define MOCK_PDEV	"uacce_mock.0"
#define UNBIND_ROUNDS	10
#define BUSY_CHILDREN	3
#define UNLOAD_ROUNDS	3
#define RACE_THREADS	6
#define RACE_ROUNDS	12

/*
 * What a user of a removed queue must see: ENXIO from every call, SIGBUS
 * from its mappings, POLLERR|POLLHUP from poll. Returns a bit per miss.
 */
static int check_dead_queue(int fd, volatile uint64_t *dus,
			    volatile uint64_t *mmio)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	uint64_t target;
	int bad = 0;

	bad |= (q_ioctl(fd, UACCE_CMD_START_Q, NULL) != -ENXIO) << 0;
	bad |= (mock_submit(fd, &target, 1, 0) != -ENXIO) << 1;
	bad |= (q_ioctl(fd, UACCE_CMD_PUT_Q, NULL) != -ENXIO) << 2;
	bad |= (probe_access(dus, 0) != SIGBUS) << 3;
	bad |= (probe_access(mmio, 1) != SIGBUS) << 4;
	bad |= (poll(&pfd, 1, 0) != 1 ||
		!(pfd.revents & (POLLERR | POLLHUP))) << 5;
	bad |= (queue_map(fd, UACCE_QFRT_DUS, MOCK_DUS_SIZE) != NULL ||
		errno != ENXIO) << 6;
	return bad;
}

struct busy_queue {
	int fd;
	volatile uint64_t *dus, *mmio;
};

static int busy_open_dev(struct busy_queue *b, const char *dev)
{
	b->dus = NULL;
	b->mmio = NULL;
	b->fd = queue_open(dev);
	if (b->fd < 0)
		return b->fd;
	b->dus = queue_map(b->fd, UACCE_QFRT_DUS, MOCK_DUS_SIZE);
	b->mmio = queue_map(b->fd, UACCE_QFRT_MMIO, MOCK_MMIO_SIZE);
	if (!b->dus || !b->mmio)
		return -errno;
	return q_ioctl(b->fd, UACCE_CMD_START_Q, NULL);
}

static int busy_open(struct busy_queue *b)
{
	return busy_open_dev(b, mock_name);
}

/*
 * A child that keeps its queue busy until the device goes away, then
 * checks what it sees. @slow: sleep in poll() on one long job instead.
 */
static void busy_child(int ready_fd, int slow)
{
	struct uacce_mock_result res;
	struct busy_queue b;
	uint64_t target = 0, n = 0;
	int ret, bad;

	if (busy_open(&b))
		_exit(100);
	if (write(ready_fd, "r", 1) != 1)
		_exit(101);
	for (;;) {
		ret = mock_submit(b.fd, &target, ++n, slow ? 5000 : 0);
		if (!ret)
			ret = mock_wait(b.fd, &res, 20000);
		if (ret)
			break;
		if (res.result)
			_exit(102);
	}
	if (ret != -ENXIO)
		_exit(103);
	bad = check_dead_queue(b.fd, b.dus, b.mmio);
	if (close(b.fd))
		bad |= 1 << 7;
	_exit(bad);
}

static int unbind(void)
{
	return vm_write_file(DRV_DIR "/unbind", MOCK_PDEV);
}

static int bind(void)
{
	int ret = vm_write_file(DRV_DIR "/bind", MOCK_PDEV);

	return ret ? ret : mock_find();
}

/* Unbind the driver under busy queues of several processes, in a loop. */
static void test_unbind_loop(void)
{
	int round, fail = 0, i;

	for (round = 0; round < UNBIND_ROUNDS; round++) {
		pid_t pids[BUSY_CHILDREN];
		struct busy_queue mine;
		char devpath[128], c;
		int pipefd[2], st;

		if (pipe(pipefd))
			tap_bail("pipe");
		for (i = 0; i < BUSY_CHILDREN; i++) {
			pids[i] = fork();
			if (pids[i] == 0) {
				close(pipefd[0]);
				busy_child(pipefd[1], i == 0);
			}
		}
		close(pipefd[1]);
		for (i = 0; i < BUSY_CHILDREN; i++)
			if (read(pipefd[0], &c, 1) != 1)
				fail |= 1;
		close(pipefd[0]);
		if (busy_open(&mine))
			fail |= 2;
		snprintf(devpath, sizeof(devpath), "/dev/%s", mock_name);

		usleep(20000 + round * 10000);
		if (unbind())
			fail |= 4;
		if (access(devpath, F_OK) == 0 || mock_find() != -ENOENT)
			fail |= 8;
		if (check_dead_queue(mine.fd, mine.dus, mine.mmio))
			fail |= 16;
		for (i = 0; i < BUSY_CHILDREN; i++) {
			st = child_status(pids[i]);
			if (st) {
				tap_diag("round %d child %d: status %d", round,
					 i, st);
				fail |= 32;
			}
		}
		if (close(mine.fd))
			fail |= 64;
		munmap((void *)mine.dus, MOCK_DUS_SIZE);
		munmap((void *)mine.mmio, MOCK_MMIO_SIZE);
		if (bind() || dev_attr_long(mock_name,
					    "available_instances") !=
			      MOCK_QUEUES)
			fail |= 128;
		if (fail) {
			tap_diag("unbind round %d: failure bits 0x%x", round,
				 fail);
			break;
		}
	}
	tap_ok(!fail, "%d x unbind under %d busy processes: ENXIO, SIGBUS, "
	       "POLLERR, then rebind", UNBIND_ROUNDS, BUSY_CHILDREN + 1);
}

/* A device node opened after its device went away. */
static void test_open_removed(void)
{
	char buf[32];
	unsigned int maj, min;

	dev_attr(mock_name, "dev", buf, sizeof(buf));
	sscanf(buf, "%u:%u", &maj, &min);
	unlink("/tmp/uacce-stale");
	mknod("/tmp/uacce-stale", S_IFCHR | 0600, makedev(maj, min));
	tap_is(unbind(), 0, "unbind the idle device");
	tap_ok(open("/tmp/uacce-stale", O_RDWR) < 0 && errno == ENXIO,
	       "open of the removed device's node: ENXIO");
	tap_is(bind(), 0, "bind again");
	unlink("/tmp/uacce-stale");
}

/* Unload the driver module with queues open; then uacce.ko's own rules. */
static void test_unload_loop(void)
{
	int round, fail = 0;

	for (round = 0; round < UNLOAD_ROUNDS && !fail; round++) {
		struct busy_queue q1, q2;
		uint64_t target = 0;

		if (busy_open(&q1) || busy_open(&q2) ||
		    mock_submit(q2.fd, &target, 5, 3000))
			fail |= 1;
		if (vm_rmmod("uacce") != -EAGAIN)
			fail |= 2;	/* a driver uses it */
		if (vm_rmmod("uacce_mock"))
			fail |= 4;	/* open queues do not pin the driver */
		if (check_dead_queue(q1.fd, q1.dus, q1.mmio) ||
		    check_dead_queue(q2.fd, q2.dus, q2.mmio))
			fail |= 8;
		if (target)
			fail |= 16;	/* the job was stopped, not run */
		if (vm_rmmod("uacce") != -EAGAIN)
			fail |= 32;	/* open files still use it */
		close(q1.fd);
		munmap((void *)q1.dus, MOCK_DUS_SIZE);
		munmap((void *)q1.mmio, MOCK_MMIO_SIZE);
		close(q2.fd);
		if (vm_rmmod("uacce") != -EAGAIN)
			fail |= 64;	/* q2's mappings keep the file */
		munmap((void *)q2.dus, MOCK_DUS_SIZE);
		munmap((void *)q2.mmio, MOCK_MMIO_SIZE);
		if (vm_rmmod_wait("uacce"))
			fail |= 128;
		mock_setup();
		if (fail)
			tap_diag("unload round %d: failure bits 0x%x", round,
				 fail);
	}
	tap_ok(!fail, "%d x rmmod of the driver under open queues; rmmod "
	       "uacce refused until the last user is gone", UNLOAD_ROUNDS);
}

static volatile int race_stop;

static void *race_main(void *arg)
{
	long *bad = arg;

	while (!race_stop) {
		struct busy_queue b;
		uint64_t target = 0;
		char dev[64];
		int ret;

		/* The main thread renames the device as it rebinds it. */
		if (uacce_find("uacce_mock", dev, sizeof(dev)))
			continue;
		/* Any of these may fail once the device is gone ... */
		ret = busy_open_dev(&b, dev);
		if (!ret)
			ret = mock_submit(b.fd, &target, 1, 0);
		/* ... but only with the errors removal gives. */
		if (ret && ret != -ENXIO && ret != -ENODEV && ret != -ENOENT &&
		    ret != -EBUSY) {
			tap_diag("racing thread: unexpected %d", ret);
			(*bad)++;
		}
		if (b.fd >= 0) {
			if (b.dus)
				munmap((void *)b.dus, MOCK_DUS_SIZE);
			if (b.mmio)
				munmap((void *)b.mmio, MOCK_MMIO_SIZE);
			close(b.fd);
		}
	}
	return NULL;
}

/* Opens, maps and ioctls racing unbind and bind. */
static void test_race(void)
{
	pthread_t t[RACE_THREADS];
	long bad[RACE_THREADS] = {};
	int i, fail = 0;

	race_stop = 0;
	for (i = 0; i < RACE_THREADS; i++)
		pthread_create(&t[i], NULL, race_main, &bad[i]);
	for (i = 0; i < RACE_ROUNDS; i++) {
		int u, b;

		usleep(30000);
		u = unbind();
		usleep(10000);
		b = bind();
		if (u || b)
			tap_diag("unbind %d, bind %d", u, b);
		fail |= u || b;
	}
	race_stop = 1;
	for (i = 0; i < RACE_THREADS; i++) {
		pthread_join(t[i], NULL);
		fail |= bad[i] != 0;
	}
	tap_ok(!fail, "%d threads racing %d unbind/bind cycles", RACE_THREADS,
	       RACE_ROUNDS);
	tap_is(dev_attr_long(mock_name, "available_instances"), MOCK_QUEUES,
	       "no queue leaked by the race");
}

int main(void)
{
	mock_setup();
	test_unbind_loop();
	test_open_removed();
	test_unload_loop();
	test_race();
	mock_teardown();
	return tap_done();
}
