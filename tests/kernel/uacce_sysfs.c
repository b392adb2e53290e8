// SPDX-License-Identifier: MIT
/*
 * uacce sysfs ABI: every attribute of /sys/class/uacce/<dev>/, its exact
 * format, its mode, and which ones are hidden when the device lacks them.
 */
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "uacce_test.h"

static void check_text(const char *dev, const char *attr, const char *want)
{
	char buf[256];
	int ret = dev_attr(dev, attr, buf, sizeof(buf));

	if (ret >= 0 && strcmp(buf, want))
		tap_diag("%s/%s: \"%s\"", dev, attr, buf);
	tap_ok(ret >= 0 && !strcmp(buf, want), "%s %s reads exactly \"%.*s\\n\"",
	       dev, attr, (int)strlen(want) - 1, want);
}

static void check_absent(const char *dev, const char *attr)
{
	char buf[64];

	tap_is(dev_attr(dev, attr, buf, sizeof(buf)), -ENOENT,
	       "%s has no %s", dev, attr);
}

static void check_mode(const char *dev, const char *attr, mode_t want)
{
	char path[256];
	struct stat st;
	int ret;

	snprintf(path, sizeof(path), "/sys/class/uacce/%s/%s", dev, attr);
	ret = stat(path, &st);
	tap_ok(!ret && (st.st_mode & 0777) == want, "%s %s mode %03o", dev,
	       attr, (unsigned int)want);
}

static int write_attr(const char *dev, const char *attr, const char *val)
{
	char path[256];

	snprintf(path, sizeof(path), "/sys/class/uacce/%s/%s", dev, attr);
	return vm_write_file(path, val);
}

/* /dev/<dev> is a char device with the numbers sysfs gives. */
static void check_devnode(const char *dev)
{
	char path[128], buf[32];
	unsigned int maj = 0, min = 0;
	struct stat st;
	int ok;

	snprintf(path, sizeof(path), "/dev/%s", dev);
	ok = !stat(path, &st) && S_ISCHR(st.st_mode) &&
	     dev_attr(dev, "dev", buf, sizeof(buf)) > 0 &&
	     sscanf(buf, "%u:%u", &maj, &min) == 2 &&
	     major(st.st_rdev) == maj && minor(st.st_rdev) == min;
	tap_ok(ok, "/dev/%s is the char device %u:%u", dev, maj, min);
}

static void check_name(const char *dev, const char *prefix)
{
	size_t n = strlen(prefix);
	const char *id = dev + n + 1;
	char *end;

	strtoul(id, &end, 10);
	tap_ok(!strncmp(dev, prefix, n) && dev[n] == '-' && *id &&
	       *end == '\0', "%s is named <name>-<decimal id>", dev);
}

int main(void)
{
	char buf[256];

	mock_setup();

	check_name(mock_name, "uacce_mock");
	check_name(mini_name, "uacce_mini");
	check_devnode(mock_name);
	check_devnode(mini_name);

	/* The full device. */
	check_text(mock_name, "api", "uacce_mock_v1\n");
	check_text(mock_name, "flags", "1\n");
	check_text(mock_name, "available_instances", "8\n");
	check_text(mock_name, "algorithms", "mock\nnull\n");
	check_text(mock_name, "region_mmio_size", "4096\n");
	check_text(mock_name, "region_dus_size", "8192\n");
	check_text(mock_name, "isolate", "0\n");
	check_text(mock_name, "isolate_strategy", "0\n");
	tap_ok(dev_attr(mock_name, "device/modalias", buf, sizeof(buf)) > 0 &&
	       !strcmp(buf, "platform:uacce_mock\n"),
	       "%s device link points at the parent", mock_name);

	check_mode(mock_name, "api", 0444);
	check_mode(mock_name, "flags", 0444);
	check_mode(mock_name, "available_instances", 0444);
	check_mode(mock_name, "algorithms", 0444);
	check_mode(mock_name, "region_mmio_size", 0444);
	check_mode(mock_name, "region_dus_size", 0444);
	check_mode(mock_name, "isolate", 0444);
	check_mode(mock_name, "isolate_strategy", 0644);

	/* isolate_strategy: errors per hour, 0..65535. */
	tap_is(write_attr(mock_name, "isolate_strategy", "100"), 0,
	       "isolate_strategy accepts 100");
	check_text(mock_name, "isolate_strategy", "100\n");
	tap_is(write_attr(mock_name, "isolate_strategy", "65535"), 0,
	       "isolate_strategy accepts 65535");
	check_text(mock_name, "isolate_strategy", "65535\n");
	tap_is(write_attr(mock_name, "isolate_strategy", "65536"), -EINVAL,
	       "isolate_strategy refuses 65536");
	tap_is(write_attr(mock_name, "isolate_strategy", "-1"), -EINVAL,
	       "isolate_strategy refuses -1");
	tap_is(write_attr(mock_name, "isolate_strategy", "many"), -EINVAL,
	       "isolate_strategy refuses text");
	check_text(mock_name, "isolate_strategy", "65535\n");
	tap_is(write_attr(mock_name, "isolate_strategy", "0"), 0,
	       "isolate_strategy back to 0");

	/* Read-only files refuse writers, even root. */
	tap_is(write_attr(mock_name, "api", "x"), -EACCES, "api is read-only");
	tap_is(write_attr(mock_name, "available_instances", "1"), -EACCES,
	       "available_instances is read-only");
	tap_is(write_attr(mock_name, "isolate", "1"), -EACCES,
	       "isolate is read-only");

	/* The minimal device hides what it does not have. */
	check_text(mini_name, "api", "uacce_mock_v1\n");
	check_text(mini_name, "flags", "0\n");
	check_text(mini_name, "available_instances", "2\n");
	check_text(mini_name, "region_mmio_size", "4096\n");
	check_absent(mini_name, "region_dus_size");
	check_absent(mini_name, "isolate");
	check_absent(mini_name, "isolate_strategy");

	mock_teardown();
	tap_ok(access("/sys/class/uacce", F_OK) != 0,
	       "class directory gone with the module");
	return tap_done();
}
