// SPDX-License-Identifier: MIT
/*
 * Device discovery: /sys/class/uacce/<dev>/ attributes, NUMA distances.
 */
#include <dirent.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../drivers/drv.h"

const char *warp_env_or(const char *name, const char *def)
{
	const char *v = getenv(name);

	return v && *v ? v : def;
}

static const char *sysfs_root_of(const char *root)
{
	return root ? root : warp_env_or("WARP_SYSFS_ROOT", "/sys");
}

/* Read a small attribute; strip trailing newlines.  Return length or -errno. */
static int read_attr(const char *dir, const char *name, char *buf, size_t len)
{
	char path[PATH_MAX];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return -errno;
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
		n--;
	buf[n] = 0;
	return n;
}

static int read_long(const char *dir, const char *name, long long *v)
{
	char buf[64], *end;
	int r = read_attr(dir, name, buf, sizeof(buf));

	if (r < 0)
		return r;
	errno = 0;
	*v = strtoll(buf, &end, 10);
	if (errno || end == buf || *end)
		return -EINVAL;
	return 0;
}

static void not_usable(struct warp_dev_info *d, const char *why)
{
	if (d->usable) {
		d->usable = 0;
		snprintf(d->why, sizeof(d->why), "%s", why);
	}
}

static void read_dev(const char *class_dir, const char *name,
		     struct warp_dev_info *d)
{
	char dir[PATH_MAX];
	long long v;

	memset(d, 0, sizeof(*d));
	snprintf(d->name, sizeof(d->name), "%s", name);
	snprintf(dir, sizeof(dir), "%s/%s", class_dir, name);
	d->usable = 1;
	d->available_instances = -1;
	d->isolate = -1;
	d->numa_node = -1;

	if (read_attr(dir, "api", d->api, sizeof(d->api)) < 0)
		not_usable(d, "no api");
	if (read_attr(dir, "algorithms", d->algorithms,
		      sizeof(d->algorithms)) < 0)
		not_usable(d, "no algorithms");
	if (read_long(dir, "flags", &v) == 0)
		d->flags = v;
	else
		not_usable(d, "no flags");
	if (read_long(dir, "available_instances", &v) == 0)
		d->available_instances = v;
	else
		not_usable(d, "no available_instances");
	if (read_long(dir, "region_mmio_size", &v) == 0 && v > 0)
		d->mmio_size = v;
	else
		not_usable(d, "no mmio region");
	if (read_long(dir, "region_dus_size", &v) == 0 && v > 0)
		d->dus_size = v;
	else
		not_usable(d, "no dus region");
	if (read_long(dir, "isolate", &v) == 0)
		d->isolate = v ? 1 : 0;
	if (read_long(dir, "device/numa_node", &v) == 0)
		d->numa_node = v < 0 ? -1 : v;
	if (d->isolate == 1)
		not_usable(d, "isolated");
	if (!(d->flags & 0x1))
		not_usable(d, "no SVA");
	if (d->usable && !drv_find(d->api))
		not_usable(d, "no driver for api");
}

static int cmp_name(const void *a, const void *b)
{
	const struct warp_dev_info *x = a, *y = b;

	return strcmp(x->name, y->name);
}

WARP_API int warp_dev_scan(const char *sysfs_root, struct warp_dev_info **list)
{
	char class_dir[PATH_MAX];
	struct warp_dev_info *v = NULL, *nv;
	struct dirent *de;
	int n = 0, cap = 0;
	DIR *dir;

	*list = NULL;
	snprintf(class_dir, sizeof(class_dir), "%s/class/uacce",
		 sysfs_root_of(sysfs_root));
	dir = opendir(class_dir);
	if (!dir)
		return 0;	/* no uacce: no device, not an error */
	while ((de = readdir(dir))) {
		if (de->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 8;
			nv = realloc(v, cap * sizeof(*v));
			if (!nv) {
				closedir(dir);
				free(v);
				return -ENOMEM;
			}
			v = nv;
		}
		read_dev(class_dir, de->d_name, &v[n++]);
	}
	closedir(dir);
	if (n)
		qsort(v, n, sizeof(*v), cmp_name);
	*list = v;
	return n;
}

WARP_API void warp_dev_list_free(struct warp_dev_info *list)
{
	free(list);
}

WARP_API int warp_dev_has_alg(const struct warp_dev_info *dev, const char *alg)
{
	const char *s = dev->algorithms;
	size_t n = strlen(alg);

	if (!n)
		return 0;
	while ((s = strstr(s, alg))) {
		bool start = s == dev->algorithms || s[-1] == '\n';
		bool end = s[n] == 0 || s[n] == '\n';

		if (start && end)
			return 1;
		s += n;
	}
	return 0;
}

/* Distance from node @from to node @to; unknown: 10 same node, 20 else. */
static int node_distance(const char *root, int from, int to)
{
	char dir[PATH_MAX], buf[1024], *p, *end;
	int i;

	if (from < 0 || to < 0)
		return from == to ? 10 : 20;
	snprintf(dir, sizeof(dir), "%s/devices/system/node/node%d", root, from);
	if (read_attr(dir, "distance", buf, sizeof(buf)) < 0)
		return from == to ? 10 : 20;
	p = buf;
	for (i = 0; ; i++) {
		long v = strtol(p, &end, 10);

		if (end == p)
			break;
		if (i == to)
			return v;
		p = end;
	}
	return from == to ? 10 : 20;
}

static int current_node(void)
{
	unsigned int cpu, node;

	if (getcpu(&cpu, &node))
		return -1;
	return node;
}

WARP_API int warp_dev_pick(const char *sysfs_root,
			   const struct warp_dev_info *list, int n,
			   const char *alg, int cpu_node)
{
	const char *root = sysfs_root_of(sysfs_root);
	int best = -ENODEV, best_dist = 0, i;

	if (cpu_node < 0)
		cpu_node = current_node();
	for (i = 0; i < n; i++) {
		const struct warp_dev_info *d = &list[i];
		int dist;

		if (!d->usable || d->available_instances <= 0 ||
		    !warp_dev_has_alg(d, alg))
			continue;
		dist = node_distance(root, cpu_node, d->numa_node < 0 ? 0 :
				     d->numa_node);
		if (best < 0 || dist < best_dist ||
		    (dist == best_dist && d->available_instances >
		     list[best].available_instances)) {
			best = i;
			best_dist = dist;
		}
	}
	return best;
}
