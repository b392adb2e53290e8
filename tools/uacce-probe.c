// SPDX-License-Identifier: MIT
/*
 * uacce-probe: list the uacce devices from sysfs and take one queue of each
 * through its life: open, map every region, start, put, close. A plain
 * look at the framework, without the library.
 *
 * usage: uacce-probe [device-name ...]
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <misc/uacce/uacce.h>

#define SYSFS_UACCE "/sys/class/uacce"

static int read_attr(const char *dev, const char *attr, char *buf,
		     size_t size)
{
	char path[512];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), SYSFS_UACCE "/%s/%s", dev, attr);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n < 0)
		return -errno;
	while (n > 0 && buf[n - 1] == '\n')
		n--;
	buf[n] = '\0';
	return 0;
}

static void show_device(const char *dev)
{
	static const char *const attrs[] = {
		"api", "flags", "available_instances", "algorithms",
		"region_mmio_size", "region_dus_size", "isolate",
		"isolate_strategy", "device/numa_node",
	};
	char val[512];
	size_t i;
	char *p;

	printf("%s\n", dev);
	for (i = 0; i < sizeof(attrs) / sizeof(attrs[0]); i++) {
		if (read_attr(dev, attrs[i], val, sizeof(val)) < 0)
			snprintf(val, sizeof(val), "(absent)");
		for (p = val; *p; p++)
			if (*p == '\n')
				*p = ',';
		printf("  %-20s %s\n", attrs[i], val);
	}
}

static long region_size(const char *dev, const char *attr)
{
	char val[64];

	if (read_attr(dev, attr, val, sizeof(val)) < 0)
		return 0;
	return strtol(val, NULL, 10);
}

/* Open, map, start, put and close one queue; 0 or -errno. */
static int exercise_queue(const char *dev)
{
	static const char *const size_attr[] = {
		[UACCE_QFRT_MMIO] = "region_mmio_size",
		[UACCE_QFRT_DUS] = "region_dus_size",
	};
	void *map[2] = { MAP_FAILED, MAP_FAILED };
	long size[2];
	char path[300], avail[32];
	int fd, i, ret = 0;

	snprintf(path, sizeof(path), "/dev/%s", dev);
	fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		printf("  open %s: %s\n", path, strerror(errno));
		return -errno;
	}
	read_attr(dev, "available_instances", avail, sizeof(avail));
	printf("  queue opened (fd %d), available_instances now %s\n", fd,
	       avail);

	for (i = 0; i < 2; i++) {
		size[i] = region_size(dev, size_attr[i]);
		if (!size[i])
			continue;
		map[i] = mmap(NULL, size[i], PROT_READ | PROT_WRITE,
			      MAP_SHARED, fd, (off_t)i * getpagesize());
		if (map[i] == MAP_FAILED) {
			ret = -errno;
			printf("  mmap %s: %s\n", size_attr[i], strerror(errno));
			goto out;
		}
		printf("  region %s mapped: %ld bytes at %p\n",
		       i == UACCE_QFRT_MMIO ? "mmio" : "dus", size[i], map[i]);
	}
	if (ioctl(fd, UACCE_CMD_START_Q) < 0) {
		ret = -errno;
		printf("  START_Q: %s\n", strerror(errno));
		goto out;
	}
	printf("  queue started\n");
	if (ioctl(fd, UACCE_CMD_PUT_Q) < 0) {
		ret = -errno;
		printf("  PUT_Q: %s\n", strerror(errno));
		goto out;
	}
	printf("  queue put\n");
out:
	for (i = 0; i < 2; i++)
		if (map[i] != MAP_FAILED)
			munmap(map[i], size[i]);
	close(fd);
	read_attr(dev, "available_instances", avail, sizeof(avail));
	printf("  queue closed, available_instances back to %s\n", avail);
	return ret;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static int not_dot(const struct dirent *d)
{
	return d->d_name[0] != '.';
}

int main(int argc, char **argv)
{
	struct dirent **list;
	int i, n, status = 0;

	if (argc > 1) {
		for (i = 1; i < argc; i++) {
			show_device(argv[i]);
			if (exercise_queue(argv[i]) < 0)
				status = 1;
		}
		return status;
	}

	n = scandir(SYSFS_UACCE, &list, not_dot, by_name);
	if (n < 0) {
		printf("no uacce devices (%s: %s)\n", SYSFS_UACCE,
		       strerror(errno));
		return 0;
	}
	printf("%d uacce device%s\n", n, n == 1 ? "" : "s");
	for (i = 0; i < n; i++) {
		show_device(list[i]->d_name);
		if (exercise_queue(list[i]->d_name) < 0)
			status = 1;
		free(list[i]);
	}
	free(list);
	return status;
}
