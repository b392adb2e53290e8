// SPDX-License-Identifier: MIT
/*
 * uacce queue life cycle: open, mmap, ioctl, poll and close, in order and
 * out of order, with every error path: bad offsets and sizes, a region
 * mapped twice, a second START_Q, unknown commands, calls after PUT_Q,
 * fork, mremap, partial unmap, unmap then map again, and a device job that
 * writes into the process's memory by virtual address (good, untouched,
 * read-only, unmapped and kernel addresses).
 */
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "uacce_test.h"

#define KERNEL_ADDR ((void *)0xffffffff81000000UL)

static void test_mmap_errors(int fd)
{
	long page = getpagesize();
	void *p;

	p = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	tap_ok(p == MAP_FAILED && errno == EINVAL,
	       "mmio mapped with the wrong size: EINVAL");
	p = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
		 page * UACCE_QFRT_DUS);
	tap_ok(p == MAP_FAILED && errno == EINVAL,
	       "dus mapped with the wrong size: EINVAL");
	p = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 2 * page);
	tap_ok(p == MAP_FAILED && errno == EINVAL, "offset 2 pages: EINVAL");
	p = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 9 * page);
	tap_ok(p == MAP_FAILED && errno == EINVAL, "offset 9 pages: EINVAL");
	p = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	tap_ok(p == MAP_FAILED && errno == EINVAL, "MAP_PRIVATE: EINVAL");
}

static void test_job(int fd, void *addr, int want, const char *what)
{
	struct uacce_mock_result res = { .result = 1 };
	int ret = mock_submit(fd, addr, 0xfeedf00dcafe, 0);

	if (!ret)
		ret = mock_wait(fd, &res, 5000);
	tap_ok(!ret && res.result == want, "job writing %s: %s", what,
	       want ? strerror(-want) : "done");
	if (ret || res.result != want)
		tap_diag("submit/wait %d, result %lld", ret,
			 (long long)res.result);
}

static void test_jobs(int fd, volatile uint64_t *dus)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	struct uacce_mock_result res;
	volatile uint64_t *fresh, *ro;
	uint64_t target = 0;
	void *hole;
	long page = getpagesize();

	tap_is(poll(&pfd, 1, 0), 0, "poll: nothing to report before a job");
	tap_is(q_ioctl(fd, UACCE_MOCK_CMD_RESULT, &res), -EAGAIN,
	       "result before any job: EAGAIN");

	test_job(fd, &target, 0, "a stack variable");
	tap_ok(target == 0xfeedf00dcafe, "the device wrote the process memory");
	tap_ok(dus[1] == 1, "the device's completion count shows in dus");

	/* Never touched: the device faults the page in, like an SVA IOPF. */
	fresh = mmap(NULL, page, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	test_job(fd, (void *)fresh, 0, "an untouched page");
	tap_ok(fresh[0] == 0xfeedf00dcafe, "untouched page holds the value");

	ro = mmap(NULL, page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	test_job(fd, (void *)ro, -EFAULT, "a read-only page");
	tap_ok(ro[0] == 0, "read-only page unchanged");

	hole = mmap(NULL, page, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(hole, page);
	test_job(fd, hole, -EFAULT, "an unmapped address");
	test_job(fd, NULL, -EFAULT, "NULL");
	test_job(fd, KERNEL_ADDR, -EFAULT, "a kernel address");
	test_job(fd, (void *)(~0UL - 7), -EFAULT, "the top of the space");

	/* The queue still works after faults. */
	target = 0;
	test_job(fd, &target, 0, "memory again after faults");

	/* One job at a time; its result only once done. */
	tap_is(mock_submit(fd, &target, 1, 300), 0, "slow job accepted");
	tap_is(mock_submit(fd, &target, 2, 0), -EBUSY, "second job: EBUSY");
	tap_is(q_ioctl(fd, UACCE_MOCK_CMD_RESULT, &res), -EAGAIN,
	       "result while running: EAGAIN");
	tap_is(mock_wait(fd, &res, 5000), 0, "poll reports the slow job");
	tap_ok(res.result == 0 && target == 1, "slow job wrote its value");

	munmap((void *)fresh, page);
	munmap((void *)ro, page);
}

static void test_ioctl_errors(int fd)
{
	tap_is(q_ioctl(fd, _IO('W', 7), NULL), -ENOTTY,
	       "unknown command: ENOTTY");
	tap_is(q_ioctl(fd, _IOWR('x', 1, char[512]), NULL), -ENOTTY,
	       "unknown command with a large argument: ENOTTY");
	tap_is(q_ioctl(fd, UACCE_MOCK_CMD_WRITE, NULL), -EFAULT,
	       "driver command with a NULL argument: EFAULT");
	tap_is(q_ioctl(fd, UACCE_MOCK_CMD_WRITE, KERNEL_ADDR), -EFAULT,
	       "driver command with a kernel pointer: EFAULT");
}

/* mremap and munmap of part of a region are refused; the map survives. */
static void test_remap(int fd, uint64_t *dus)
{
	long page = getpagesize();
	void *spot, *p;

	spot = mmap(NULL, MOCK_DUS_SIZE, PROT_NONE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	p = mremap(dus, MOCK_DUS_SIZE, MOCK_DUS_SIZE,
		   MREMAP_MAYMOVE | MREMAP_FIXED, spot);
	tap_ok(p == MAP_FAILED && errno == EPERM, "mremap move: EPERM");
	p = mremap(dus, MOCK_DUS_SIZE, 2 * MOCK_DUS_SIZE, MREMAP_MAYMOVE);
	tap_ok(p == MAP_FAILED && errno == EFAULT, "mremap grow: EFAULT");
	tap_ok(munmap(dus, page) < 0 && errno == EINVAL,
	       "unmapping part of a region: EINVAL");
	tap_ok(probe_access(&dus[0], 0) == 0 &&
	       dus[0] == UACCE_MOCK_DUS_STARTED,
	       "region intact after refused mremap/munmap");
	tap_ok(!queue_map(fd, UACCE_QFRT_DUS, MOCK_DUS_SIZE) && errno == EEXIST,
	       "still counted as mapped once: EEXIST");
	munmap(spot, MOCK_DUS_SIZE);
}

/* A child gets neither the mappings nor the right to map the queue. */
static void test_fork(int fd, volatile uint64_t *dus, volatile uint64_t *mmio)
{
	pid_t pid = fork();

	if (pid == 0) {
		int bad = 0;

		bad |= probe_access(dus, 0) != SIGSEGV;
		bad |= probe_access(mmio, 1) != SIGSEGV;
		bad |= queue_map(fd, UACCE_QFRT_DUS, MOCK_DUS_SIZE) != NULL ||
		       errno != EPERM;
		_exit(bad);
	}
	tap_is(child_status(pid), 0,
	       "child: no inherited mapping (SIGSEGV), mmap EPERM");
	tap_ok(probe_access(dus, 0) == 0 && dus[0] == UACCE_MOCK_DUS_STARTED,
	       "parent mapping intact after the child exits");
}

static void test_after_put(int fd, volatile uint64_t *dus,
			   volatile uint64_t *mmio)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	uint64_t target = 0;

	tap_is(q_ioctl(fd, UACCE_CMD_PUT_Q, NULL), 0, "PUT_Q");
	tap_is(dev_attr_long(mock_name, "available_instances"), MOCK_QUEUES,
	       "PUT_Q gives the queue back before close");
	tap_is(probe_access(dus, 0), SIGBUS, "dus access after PUT_Q: SIGBUS");
	tap_is(probe_access(mmio, 1), SIGBUS,
	       "mmio write after PUT_Q: SIGBUS");
	tap_is(q_ioctl(fd, UACCE_CMD_START_Q, NULL), -ENXIO,
	       "START_Q after PUT_Q: ENXIO");
	tap_is(q_ioctl(fd, UACCE_CMD_PUT_Q, NULL), -ENXIO,
	       "PUT_Q twice: ENXIO");
	tap_is(mock_submit(fd, &target, 1, 0), -ENXIO,
	       "driver command after PUT_Q: ENXIO");
	tap_ok(!queue_map(fd, UACCE_QFRT_DUS, MOCK_DUS_SIZE) && errno == ENXIO,
	       "mmap after PUT_Q: ENXIO");
	tap_ok(poll(&pfd, 1, 0) == 1 && (pfd.revents & (POLLERR | POLLHUP)),
	       "poll after PUT_Q: POLLERR|POLLHUP");
}

/* Stores to the read-only MMIO page go through the driver's region_write. */
static void test_region_write(volatile uint64_t *dus, volatile uint64_t *mmio)
{
	size_t upper = getpagesize() / 2 / sizeof(*mmio);

	tap_is(probe_access(mmio + upper, 1), SIGBUS,
	       "a store region_write refuses: SIGBUS");
	tap_ok(dus[2] == 1 && mmio[upper] == 0,
	       "region_write called once, nothing stored");
	tap_ok(probe_access(mmio, 1) == 0 && mmio[0] == 0x1234 && dus[2] == 2,
	       "a store region_write lets through lands");
	tap_ok(probe_access(mmio + upper, 1) == 0 && mmio[upper] == 0x1234 &&
	       dus[2] == 2, "the page stays writable: no more calls");
}

static void test_full_life(void)
{
	volatile uint64_t *dus, *mmio;
	int fd;

	fd = queue_open(mock_name);
	if (!tap_ok(fd >= 0, "open %s", mock_name))
		tap_bail("open");
	tap_is(dev_attr_long(mock_name, "available_instances"),
	       MOCK_QUEUES - 1, "open takes an instance");

	test_mmap_errors(fd);
	dus = queue_map(fd, UACCE_QFRT_DUS, MOCK_DUS_SIZE);
	tap_ok(dus != NULL, "dus mapped");
	mmio = queue_map(fd, UACCE_QFRT_MMIO, MOCK_MMIO_SIZE);
	tap_ok(mmio != NULL, "mmio mapped");
	if (!dus || !mmio)
		tap_bail("mmap");
	tap_ok(!queue_map(fd, UACCE_QFRT_DUS, MOCK_DUS_SIZE) && errno == EEXIST,
	       "dus mapped twice: EEXIST");
	tap_ok(!queue_map(fd, UACCE_QFRT_MMIO, MOCK_MMIO_SIZE) &&
	       errno == EEXIST, "mmio mapped twice: EEXIST");
	tap_ok(dus[0] == 0, "dus is zeroed before start");

	tap_is(mock_submit(fd, (void *)dus, 1, 0), -EINVAL,
	       "driver job before START_Q: EINVAL");
	tap_is(q_ioctl(fd, UACCE_CMD_START_Q, NULL), 0, "START_Q");
	tap_ok(dus[0] == UACCE_MOCK_DUS_STARTED,
	       "the mapping shows the device's memory");
	tap_is(q_ioctl(fd, UACCE_CMD_START_Q, NULL), -EINVAL,
	       "second START_Q: EINVAL");

	test_ioctl_errors(fd);
	test_region_write(dus, mmio);
	test_jobs(fd, dus);
	test_remap(fd, (uint64_t *)dus);

	/* The upstream bug: a region unmapped could not be mapped again. */
	tap_is(munmap((void *)dus, MOCK_DUS_SIZE), 0, "dus unmapped");
	dus = queue_map(fd, UACCE_QFRT_DUS, MOCK_DUS_SIZE);
	tap_ok(dus && dus[0] == UACCE_MOCK_DUS_STARTED,
	       "dus mapped again after munmap, same memory");
	if (!dus)
		tap_bail("remap");

	test_fork(fd, dus, mmio);
	test_after_put(fd, dus, mmio);

	munmap((void *)dus, MOCK_DUS_SIZE);
	munmap((void *)mmio, MOCK_MMIO_SIZE);
	tap_is(close(fd), 0, "close after PUT_Q");
}

/* The last reference may be a mapping, not the fd. */
static void test_close_with_mapping(void)
{
	volatile uint64_t *dus;
	int fd = queue_open(mock_name);

	dus = fd >= 0 ? queue_map(fd, UACCE_QFRT_DUS, MOCK_DUS_SIZE) : NULL;
	tap_ok(dus && !q_ioctl(fd, UACCE_CMD_START_Q, NULL),
	       "queue opened, mapped, started");
	if (!dus)
		tap_bail("map");
	close(fd);
	tap_ok(probe_access(dus, 0) == 0 && dus[0] == UACCE_MOCK_DUS_STARTED,
	       "mapping outlives the fd");
	tap_is(dev_attr_long(mock_name, "available_instances"),
	       MOCK_QUEUES - 1, "queue held by the mapping");
	munmap((void *)dus, MOCK_DUS_SIZE);
	tap_is(dev_attr_long(mock_name, "available_instances"), MOCK_QUEUES,
	       "munmap of the last mapping releases the queue");
}

/* Close of a started queue with live jobs and mappings, no PUT_Q. */
static void test_close_started(void)
{
	uint64_t target = 0;
	void *mmio;
	int fd = queue_open(mock_name);

	mmio = fd >= 0 ? queue_map(fd, UACCE_QFRT_MMIO, MOCK_MMIO_SIZE) : NULL;
	tap_ok(mmio && !q_ioctl(fd, UACCE_CMD_START_Q, NULL) &&
	       !mock_submit(fd, &target, 7, 200),
	       "started queue with a job in flight");
	munmap(mmio, MOCK_MMIO_SIZE);
	tap_is(close(fd), 0, "close with a job in flight");
	tap_is(dev_attr_long(mock_name, "available_instances"), MOCK_QUEUES,
	       "instance returned");
	usleep(300 * 1000);
	tap_ok(target == 0, "the cancelled job never wrote after close");
}

/* A device without the optional ops and without a DUS region. */
static void test_mini(void)
{
	struct pollfd pfd = { .fd = -1, .events = POLLIN };
	uint64_t target;
	void *mmio;
	int fd = queue_open(mini_name);

	tap_ok(fd >= 0, "open %s", mini_name);
	pfd.fd = fd;
	tap_ok(!queue_map(fd, UACCE_QFRT_DUS, getpagesize()) && errno == EINVAL,
	       "absent dus region: EINVAL");
	mmio = queue_map(fd, UACCE_QFRT_MMIO, MOCK_MMIO_SIZE);
	tap_ok(mmio != NULL, "mmio mapped");
	tap_is(q_ioctl(fd, UACCE_CMD_START_Q, NULL), 0, "START_Q");
	tap_is(poll(&pfd, 1, 0), 0, "poll without is_q_updated: nothing");
	tap_ok(probe_access(mmio, 1) == 0 &&
	       *(volatile uint64_t *)mmio == 0x1234,
	       "read-only page without region_write: the store lands");
	tap_is(mock_submit(fd, &target, 1, 0), -ENOTTY,
	       "driver without ioctl: ENOTTY");
	tap_is(q_ioctl(fd, UACCE_CMD_PUT_Q, NULL), 0, "PUT_Q");
	munmap(mmio, MOCK_MMIO_SIZE);
	tap_is(close(fd), 0, "close");
}

/* Open from a second device node (another inode) of the same device. */
static void test_second_inode(void)
{
	char buf[32];
	unsigned int maj, min;
	volatile uint64_t *a, *b;
	int fa, fb;

	dev_attr(mock_name, "dev", buf, sizeof(buf));
	sscanf(buf, "%u:%u", &maj, &min);
	unlink("/tmp/uacce-alt");
	tap_is(mknod("/tmp/uacce-alt", S_IFCHR | 0600, makedev(maj, min)), 0,
	       "second device node made");
	fa = queue_open(mock_name);
	fb = open("/tmp/uacce-alt", O_RDWR);
	a = fa >= 0 ? queue_map(fa, UACCE_QFRT_DUS, MOCK_DUS_SIZE) : NULL;
	b = fb >= 0 ? queue_map(fb, UACCE_QFRT_DUS, MOCK_DUS_SIZE) : NULL;
	tap_ok(a && b && !q_ioctl(fb, UACCE_CMD_START_Q, NULL),
	       "queues through both nodes mapped");
	if (!a || !b)
		tap_bail("second inode");
	tap_ok(b[0] == UACCE_MOCK_DUS_STARTED && a[0] == 0,
	       "each queue maps its own memory");
	tap_is(q_ioctl(fb, UACCE_CMD_PUT_Q, NULL), 0, "PUT_Q on one");
	tap_ok(probe_access(b, 0) == SIGBUS && probe_access(a, 0) == 0,
	       "only the put queue lost its mapping");
	munmap((void *)a, MOCK_DUS_SIZE);
	munmap((void *)b, MOCK_DUS_SIZE);
	close(fa);
	close(fb);
	unlink("/tmp/uacce-alt");
}

int main(void)
{
	mock_setup();
	test_full_life();
	test_close_with_mapping();
	test_close_started();
	test_mini();
	test_second_inode();
	mock_teardown();
	return tap_done();
}
