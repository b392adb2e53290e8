/* SPDX-License-Identifier: MIT */
/*
 * Helpers for the VM test programs: module load and unload by system call
 * (the initramfs keeps every built module in /modules), and small sysfs
 * readers and writers, and a probe of what touching memory raises.
 */
#ifndef UACCE_TESTS_VMUTIL_H
#define UACCE_TESTS_VMUTIL_H

#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef VM_MODULE_DIR
#define VM_MODULE_DIR "/modules"
#endif

/* Load /modules/<name>.ko with @params ("" for none). 0 or -errno. */
static inline int vm_insmod(const char *name, const char *params)
{
	char path[256];
	int fd, ret;

	snprintf(path, sizeof(path), VM_MODULE_DIR "/%s.ko", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	ret = syscall(SYS_finit_module, fd, params ? params : "", 0);
	ret = ret ? -errno : 0;
	close(fd);
	return ret;
}

/* Unload module @name without waiting. 0 or -errno (-EBUSY when in use). */
static inline int vm_rmmod(const char *name)
{
	return syscall(SYS_delete_module, name, O_NONBLOCK) ? -errno : 0;
}

/* Unload, retrying while the module's last references drain. */
static inline int vm_rmmod_wait(const char *name)
{
	int i, ret = 0;

	for (i = 0; i < 500; i++) {
		ret = vm_rmmod(name);
		if (ret != -EBUSY && ret != -EAGAIN)
			break;
		usleep(10000);
	}
	return ret;
}

/* Read a whole sysfs file into @buf (NUL terminated). Length or -errno. */
static inline int vm_read_file(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = read(fd, buf, size - 1);
	if (n < 0)
		n = -errno;
	else
		buf[n] = '\0';
	close(fd);
	return (int)n;
}

/* Write @s to a sysfs file. 0 or -errno. */
static inline int vm_write_file(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = write(fd, s, strlen(s));
	n = n < 0 ? -errno : 0;
	close(fd);
	return (int)n;
}

/*
 * Touch @p (read, or write when @write) and report the signal it raised,
 * 0 when none.
 */
static sigjmp_buf probe_env;

static void probe_handler(int sig)
{
	siglongjmp(probe_env, sig);
}

static inline int probe_access(volatile uint64_t *p, int write)
{
	struct sigaction sa = { .sa_handler = probe_handler }, old_bus, old_segv;
	int sig;

	sigaction(SIGBUS, &sa, &old_bus);
	sigaction(SIGSEGV, &sa, &old_segv);
	sig = sigsetjmp(probe_env, 1);
	if (!sig) {
		if (write)
			*p = 0x1234;
		else
			(void)*p;
	}
	sigaction(SIGBUS, &old_bus, NULL);
	sigaction(SIGSEGV, &old_segv, NULL);
	return sig;
}

#endif /* UACCE_TESTS_VMUTIL_H */
