/* SPDX-License-Identifier: MIT */
/*
 * Shared set-up for the uacce framework tests: load uacce.ko and the test
 * driver, find the devices, open and map queues, and probe a mapping for
 * the signal an access raises.
 */
#ifndef UACCE_TESTS_UACCE_TEST_H
#define UACCE_TESTS_UACCE_TEST_H

#include <glob.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>

#include <misc/uacce/uacce.h>
#include "tap.h"
#include "uacce_mock_uapi.h"
#include "vmutil.h"

#define MOCK_QUEUES	8
#define MINI_QUEUES	2
#define MOCK_MMIO_SIZE	4096
#define MOCK_DUS_SIZE	8192

/* sysfs names of the two test devices, e.g. "uacce_mock-0". */
static char mock_name[64], mini_name[64];

/* Name of the one device matching /sys/class/uacce/<prefix>-*. */
static inline int uacce_find(const char *prefix, char *name, size_t size)
{
	char pattern[128];
	glob_t g;
	int ret = -ENOENT;

	snprintf(pattern, sizeof(pattern), "/sys/class/uacce/%s-*", prefix);
	if (glob(pattern, 0, NULL, &g) == 0) {
		if (g.gl_pathc == 1) {
			snprintf(name, size, "%s", strrchr(g.gl_pathv[0], '/') + 1);
			ret = 0;
		}
		globfree(&g);
	}
	return ret;
}

static inline int mock_find(void)
{
	int ret = uacce_find("uacce_mock", mock_name, sizeof(mock_name));

	return ret ? ret : uacce_find("uacce_mini", mini_name, sizeof(mini_name));
}

/* Load uacce.ko and the test driver; bail out when that fails. */
static inline void mock_setup(void)
{
	int ret = vm_insmod("uacce", "");

	if (ret && ret != -EEXIST)
		tap_bail("insmod uacce: %d", ret);
	ret = vm_insmod("uacce_mock", "");
	if (ret && ret != -EEXIST)
		tap_bail("insmod uacce_mock: %d", ret);
	if (mock_find())
		tap_bail("test devices not found in /sys/class/uacce");
}

/* Unload both modules; every fd must be closed by now. */
static inline void mock_teardown(void)
{
	tap_is(vm_rmmod_wait("uacce_mock"), 0, "rmmod uacce_mock");
	tap_is(vm_rmmod_wait("uacce"), 0, "rmmod uacce");
}

static inline int dev_attr(const char *dev, const char *attr, char *buf,
			   size_t size)
{
	char path[256];

	snprintf(path, sizeof(path), "/sys/class/uacce/%s/%s", dev, attr);
	return vm_read_file(path, buf, size);
}

static inline long dev_attr_long(const char *dev, const char *attr)
{
	char buf[64];
	int ret = dev_attr(dev, attr, buf, sizeof(buf));

	return ret < 0 ? ret : strtol(buf, NULL, 10);
}

static inline int queue_open(const char *dev)
{
	char path[128];
	int fd;

	snprintf(path, sizeof(path), "/dev/%s", dev);
	fd = open(path, O_RDWR | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

/* mmap a region; the mapping or NULL with errno set. */
static inline void *queue_map(int fd, int type, size_t size)
{
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
		       (off_t)type * getpagesize());

	return p == MAP_FAILED ? NULL : p;
}

/* ioctl returning 0 or -errno. */
static inline int q_ioctl(int fd, unsigned long cmd, void *arg)
{
	return ioctl(fd, cmd, arg) < 0 ? -errno : 0;
}

/* Start a mock job that writes @value at @addr; 0 or -errno. */
static inline int mock_submit(int fd, void *addr, uint64_t value,
			      unsigned int delay_ms)
{
	struct uacce_mock_write w = {
		.addr = (uintptr_t)addr,
		.value = value,
		.delay_ms = delay_ms,
	};

	return q_ioctl(fd, UACCE_MOCK_CMD_WRITE, &w);
}

/* Wait for the job with poll() and collect its result. */
static inline int mock_wait(int fd, struct uacce_mock_result *res,
			    int timeout_ms)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	int n = poll(&pfd, 1, timeout_ms);

	if (n < 0)
		return -errno;
	if (n == 0)
		return -ETIMEDOUT;
	if (pfd.revents & (POLLERR | POLLHUP))
		return -ENXIO;
	return q_ioctl(fd, UACCE_MOCK_CMD_RESULT, res);
}

/* Wait for a child and return its exit status, or 128 + signal. */
static inline int child_status(pid_t pid)
{
	int st;

	if (waitpid(pid, &st, 0) < 0)
		return -errno;
	if (WIFSIGNALED(st))
		return 128 + WTERMSIG(st);
	return WEXITSTATUS(st);
}

#endif /* UACCE_TESTS_UACCE_TEST_H */
