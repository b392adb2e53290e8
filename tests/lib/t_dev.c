// SPDX-License-Identifier: MIT
/*
 * Discovery against fake sysfs trees built in a temporary directory.
 */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <warp/warp.h>

#include "tap.h"

static void put(const char *root, const char *rel, const char *val)
{
	char path[1024], dir[1024], *p;

	mkdir(root, 0755);
	snprintf(path, sizeof(path), "%s/%s", root, rel);
	snprintf(dir, sizeof(dir), "%s", path);
	for (p = dir + strlen(root) + 1; (p = strchr(p, '/')); p++) {
		*p = 0;
		mkdir(dir, 0755);
		*p = '/';
	}
	CHECK(write_file(path, val, strlen(val)) == 0, "write %s", path);
}

struct fake_dev {
	const char *name, *api, *algs, *flags, *avail, *mmio, *dus, *isolate;
	const char *node;
};

static void make_dev(const char *root, const struct fake_dev *d)
{
	char rel[256], pdir[512], link[512];

	/* The parent device lives elsewhere; "device" links to it. */
	snprintf(rel, sizeof(rel), "devices/parent-%s/numa_node", d->name);
	if (d->node)
		put(root, rel, d->node);
	snprintf(pdir, sizeof(pdir), "%s/devices/parent-%s", root, d->name);
	mkdir(pdir, 0755);
#define ATTR(field, file)						\
	do {								\
		if (d->field) {						\
			snprintf(rel, sizeof(rel), "class/uacce/%s/%s",	\
				 d->name, file);			\
			put(root, rel, d->field);			\
		}							\
	} while (0)
	ATTR(api, "api");
	ATTR(algs, "algorithms");
	ATTR(flags, "flags");
	ATTR(avail, "available_instances");
	ATTR(mmio, "region_mmio_size");
	ATTR(dus, "region_dus_size");
	ATTR(isolate, "isolate");
#undef ATTR
	snprintf(link, sizeof(link), "%s/class/uacce/%s/device", root,
		 d->name);
	CHECK(symlink(pdir, link) == 0, "symlink %s", link);
}

static const struct fake_dev devs[] = {
	{ "hisi_zip-0", "hisi_qm_v3\n", "zlib\ngzip\ndeflate\n", "1\n",
	  "10\n", "8192\n", "151552\n", "0\n", "1\n" },
	{ "hisi_zip-1", "hisi_qm_v3\n", "zlib\ngzip\ndeflate\n", "1\n",
	  "5\n", "8192\n", "151552\n", NULL, "0\n" },
	{ "hisi_zip-2", "hisi_qm_v3\n", "zlib\ngzip\n", "1\n", "64\n",
	  "8192\n", "151552\n", "1\n", "0\n" },
	{ "hisi_sec2-3", "hisi_qm_v2\n", "sha256\ncbc(aes)\n", "1\n", "64\n",
	  "8192\n", "151552\n", "0\n", "0\n" },
	{ "hisi_zip-4", "hisi_qm_v3\n", "zlib\ngzip\n", "0\n", "64\n",
	  "8192\n", "151552\n", NULL, "0\n" },
	{ "hisi_zip-5", "hisi_qm_v3\n", "zlib\ngzip\n", "1\n", "64\n",
	  "8192\n", NULL, NULL, "0\n" },
	{ "other-6", "frobnicator_v9\n", "gzip\n", "1\n", "64\n", "4096\n",
	  "4096\n", NULL, "-1\n" },
	{ "hisi_zip-7", "hisi_qm_v1\n", "zlib\ngzip\n", "1\n", "64\n",
	  "4096\n", "151552\n", NULL, NULL },
};

static char fake_root[512];

static void build_tree(void)
{
	size_t i;

	snprintf(fake_root, sizeof(fake_root), "%s/sys", tmpdir());
	mkdir(fake_root, 0755);
	for (i = 0; i < sizeof(devs) / sizeof(devs[0]); i++)
		make_dev(fake_root, &devs[i]);
	put(fake_root, "devices/system/node/node0/distance", "10 20\n");
	put(fake_root, "devices/system/node/node1/distance", "20 10\n");
}

static const struct warp_dev_info *find(const struct warp_dev_info *l,
					int n, const char *name)
{
	int i;

	for (i = 0; i < n; i++)
		if (!strcmp(l[i].name, name))
			return &l[i];
	return NULL;
}

TEST(discovery_parses_fake_sysfs)
{
	struct warp_dev_info *l = NULL;
	const struct warp_dev_info *d;
	int n, i;

	build_tree();
	n = warp_dev_scan(fake_root, &l);
	CHECK(n == 8, "found %d", n);
	for (i = 1; i < n; i++)
		CHECK(strcmp(l[i - 1].name, l[i].name) < 0, "sorted");
	d = find(l, n, "hisi_zip-0");
	CHECK(d && d->usable && !strcmp(d->api, "hisi_qm_v3") &&
	      d->flags == 1 && d->available_instances == 10 &&
	      d->mmio_size == 8192 && d->dus_size == 151552 &&
	      d->isolate == 0 && d->numa_node == 1,
	      "hisi_zip-0 attributes");
	CHECK(d && warp_dev_has_alg(d, "gzip") && warp_dev_has_alg(d, "zlib") &&
	      warp_dev_has_alg(d, "deflate") && !warp_dev_has_alg(d, "gzi") &&
	      !warp_dev_has_alg(d, "zip") && !warp_dev_has_alg(d, ""),
	      "whole-line algorithm match");
	d = find(l, n, "hisi_zip-1");
	CHECK(d && d->usable && d->isolate == -1 && d->numa_node == 0,
	      "no isolate attribute is fine");
	d = find(l, n, "hisi_zip-2");
	CHECK(d && !d->usable && !strcmp(d->why, "isolated"), "isolated: %s",
	      d ? d->why : "-");
	d = find(l, n, "hisi_sec2-3");
	CHECK(d && d->usable && !warp_dev_has_alg(d, "gzip"), "sec listed");
	d = find(l, n, "hisi_zip-4");
	CHECK(d && !d->usable && !strcmp(d->why, "no SVA"), "no SVA");
	d = find(l, n, "hisi_zip-5");
	CHECK(d && !d->usable && d->dus_size == 0, "no dus region");
	d = find(l, n, "other-6");
	CHECK(d && !d->usable && d->numa_node == -1 &&
	      !strcmp(d->why, "no driver for api"), "unknown api");
	d = find(l, n, "hisi_zip-7");
	CHECK(d && !d->usable && d->numa_node == -1, "v1 queue unsupported");

	/* NUMA first, then free queues. */
	i = warp_dev_pick(fake_root, l, n, "gzip", 0);
	CHECK(i >= 0 && !strcmp(l[i].name, "hisi_zip-1"), "node 0 picks %s",
	      i >= 0 ? l[i].name : "none");
	i = warp_dev_pick(fake_root, l, n, "gzip", 1);
	CHECK(i >= 0 && !strcmp(l[i].name, "hisi_zip-0"), "node 1 picks %s",
	      i >= 0 ? l[i].name : "none");
	i = warp_dev_pick(fake_root, l, n, "lz4", 0);
	CHECK(i == -ENODEV, "nobody does lz4: %d", i);
	i = warp_dev_pick(fake_root, l, n, "sha256", 0);
	CHECK(i >= 0 && !strcmp(l[i].name, "hisi_sec2-3"), "sha256");
	warp_dev_list_free(l);
}

TEST(discovery_no_device_is_normal)
{
	char root[600];
	struct warp_dev_info *l = (void *)1;

	snprintf(root, sizeof(root), "%s/nosys", tmpdir());
	CHECK(warp_dev_scan(root, &l) == 0 && l == NULL, "no class dir");
	put(root, "class/uacce/.keep", "");
	CHECK(warp_dev_scan(root, &l) == 0 && l == NULL, "empty class dir");
	setenv("WARP_SYSFS_ROOT", root, 1);
	CHECK(warp_dev_scan(NULL, &l) == 0, "through the environment");
	unsetenv("WARP_SYSFS_ROOT");
}

TEST(context_on_fake_tree_falls_back_to_cpu)
{
	struct warp_ctx_opts o = { 0 };
	char devroot[600];
	struct warp_ctx *ctx;
	struct warp_sess *s;
	uint8_t in[100000], c[110000], d[100000];
	struct warp_result res;
	long cl, dl;

	if (!fake_root[0])
		build_tree();
	/* Devices are listed but have no device node: queues cannot open. */
	snprintf(devroot, sizeof(devroot), "%s/nodev", tmpdir());
	o.sysfs_root = fake_root;
	o.dev_root = devroot;
	CHECK(warp_ctx_new(&o, &ctx) == 0, "ctx");
	CHECK(warp_ctx_device_count(ctx) == 3, "usable: %d",
	      warp_ctx_device_count(ctx));
	CHECK(warp_sess_new(ctx, NULL, &s) == 0, "sess");
	fill_text(in, sizeof(in), 3);
	cl = warp_compress(s, in, sizeof(in), c, sizeof(c), &res);
	CHECK(cl > 0 && res.engine == WARP_ENGINE_CPU, "cpu fallback %ld", cl);
	dl = warp_decompress(s, c, cl, d, sizeof(d), &res);
	CHECK(dl == sizeof(in) && !memcmp(in, d, sizeof(in)) &&
	      res.engine == WARP_ENGINE_CPU, "round trip");
	warp_sess_free(s);
	warp_ctx_free(ctx);
}
