// SPDX-License-Identifier: MIT
/*
 * warp: list accelerators, gzip-compatible zip/unzip, benchmark.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <warp/warp.h>

#include "warp-tool.h"

const char *prog = "warp";

double now_sec(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

long long parse_size(const char *s)
{
	char *end;
	long long v = strtoll(s, &end, 10);

	if (end == s || v < 0)
		return -1;
	switch (tolower((unsigned char)*end)) {
	case 'k':
		v <<= 10;
		end++;
		break;
	case 'm':
		v <<= 20;
		end++;
		break;
	case 'g':
		v <<= 30;
		end++;
		break;
	}
	if (*end == 'i' || *end == 'b' || *end == 'B')
		end++;
	return *end ? -1 : v;
}

static void json_str(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			printf("\\%c", *s);
		else if (*s == '\n')
			printf("\\n");
		else if ((unsigned char)*s < 0x20)
			printf("\\u%04x", *s);
		else
			putchar(*s);
	}
	putchar('"');
}

static void algs_list(const char *algs, char sep_json)
{
	const char *p = algs;
	bool first = true;

	while (*p) {
		size_t n = strcspn(p, "\n");

		if (n) {
			if (sep_json) {
				char buf[WARP_DEV_ALGS_MAX];

				snprintf(buf, sizeof(buf), "%.*s", (int)n, p);
				printf("%s", first ? "" : ", ");
				json_str(buf);
			} else {
				printf("%s%.*s", first ? "" : ",", (int)n, p);
			}
			first = false;
		}
		p += n;
		if (*p)
			p++;
	}
}

int cmd_list(int argc, char **argv)
{
	struct warp_dev_info *l;
	bool json = false;
	int n, i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--json") || !strcmp(argv[i], "-j")) {
			json = true;
		} else {
			fprintf(stderr, "usage: %s list [--json]\n", prog);
			return 1;
		}
	}
	n = warp_dev_scan(NULL, &l);
	if (n < 0) {
		fprintf(stderr, "%s: %s\n", prog, warp_strerror(n));
		return 1;
	}
	if (json) {
		printf("{\"devices\": [");
		for (i = 0; i < n; i++) {
			struct warp_dev_info *d = &l[i];

			printf("%s\n  {\"name\": ", i ? "," : "");
			json_str(d->name);
			printf(", \"api\": ");
			json_str(d->api);
			printf(", \"algorithms\": [");
			algs_list(d->algorithms, 1);
			printf("], \"flags\": %u, \"available_instances\": %d, "
			       "\"region_mmio_size\": %llu, "
			       "\"region_dus_size\": %llu, \"isolate\": %d, "
			       "\"numa_node\": %d, \"usable\": %s, \"why\": ",
			       d->flags, d->available_instances,
			       (unsigned long long)d->mmio_size,
			       (unsigned long long)d->dus_size, d->isolate,
			       d->numa_node, d->usable ? "true" : "false");
			json_str(d->why);
			printf("}");
		}
		printf("%s]}\n", n ? "\n" : "");
	} else if (!n) {
		printf("no uacce devices (the CPU engine will be used)\n");
	} else {
		printf("%-16s %-12s %-5s %5s %4s %8s %8s %7s  %s\n", "DEVICE",
		       "API", "FLAGS", "FREE", "NODE", "MMIO", "DUS",
		       "ISOLATE", "ALGORITHMS");
		for (i = 0; i < n; i++) {
			struct warp_dev_info *d = &l[i];

			printf("%-16s %-12s %-5u %5d %4d %8llu %8llu %7s  ",
			       d->name, d->api, d->flags,
			       d->available_instances, d->numa_node,
			       (unsigned long long)d->mmio_size,
			       (unsigned long long)d->dus_size,
			       d->isolate < 0 ? "-" : d->isolate ? "yes" : "no");
			algs_list(d->algorithms, 0);
			if (!d->usable)
				printf("  (not usable: %s)", d->why);
			printf("\n");
		}
	}
	warp_dev_list_free(l);
	return 0;
}

static void usage(void)
{
	fprintf(stderr,
		"usage: %s <command> [options]\n"
		"  list [--json]              accelerators seen through uacce\n"
		"  zip [-cdfktv19] [file...]  gzip-compatible compression\n"
		"  unzip [-cfktv] [file...]   the same as zip -d\n"
		"  bench [options]            throughput, latency, CPU use\n"
		"  version\n"
		"'%s zip -h' and '%s bench -h' describe the options.\n",
		prog, prog, prog);
}

int main(int argc, char **argv)
{
	const char *base = strrchr(argv[0], '/');

	base = base ? base + 1 : argv[0];
	/* Called as gzip-like names: behave as zip/unzip directly. */
	if (!strcmp(base, "warp-unzip"))
		return cmd_zip(argc, argv, true);
	if (argc < 2) {
		usage();
		return 1;
	}
	if (!strcmp(argv[1], "list"))
		return cmd_list(argc - 1, argv + 1);
	if (!strcmp(argv[1], "zip"))
		return cmd_zip(argc - 1, argv + 1, false);
	if (!strcmp(argv[1], "unzip"))
		return cmd_zip(argc - 1, argv + 1, true);
	if (!strcmp(argv[1], "bench"))
		return cmd_bench(argc - 1, argv + 1);
	if (!strcmp(argv[1], "version") || !strcmp(argv[1], "--version")) {
		printf("warp %s\n", warp_version());
		return 0;
	}
	if (!strcmp(argv[1], "help") || !strcmp(argv[1], "-h") ||
	    !strcmp(argv[1], "--help")) {
		usage();
		return 0;
	}
	usage();
	return 1;
}
