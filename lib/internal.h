/* SPDX-License-Identifier: MIT */
/*
 * libwarp internals shared by core/, drivers/ and engines/.
 */
#ifndef WARP_INTERNAL_H
#define WARP_INTERNAL_H

#include <limits.h>
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <warp/warp.h>

#define WARP_API __attribute__((visibility("default")))

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define MAX(a, b) ((a) > (b) ? (a) : (b))

#ifndef WARP_HAVE_ISAL
#define WARP_HAVE_ISAL 1
#endif

/* What a session asks of an engine. */
struct warp_params {
	int format;
	int level;
	int wbits;
	unsigned int flags;
};

/* ---- framing.c: zlib/gzip headers and trailers ---- */

#define GZ_FTEXT	0x01
#define GZ_FHCRC	0x02
#define GZ_FEXTRA	0x04
#define GZ_FNAME	0x08
#define GZ_FCOMMENT	0x10
#define GZ_FRESERVED	0xe0

/* Incremental header parser: accepts every gzip header field. */
struct hdr_parser {
	int format;
	int stage;
	unsigned int flg;
	unsigned int count;	/* bytes left in a fixed-size stage */
	unsigned int xlen;
	uint32_t crc;		/* CRC-32 of the header so far (FHCRC) */
	uint8_t cmf;
};

void hdr_init(struct hdr_parser *hp, int format);
/* Return 1 when the header is complete, 0 for more input, or an error. */
int hdr_feed(struct hdr_parser *hp, const uint8_t *p, size_t n, size_t *used);
/* Write a minimal header; return its length (0, 2 or 10). */
size_t hdr_write(int format, int level, int wbits, uint8_t *dst);
size_t hdr_len(int format);
size_t trl_len(int format);
void trl_write(int format, uint32_t check, uint64_t isize, uint8_t *dst);
/* Return 0 or WARP_E_CHECKSUM. */
int trl_check(int format, const uint8_t *t, uint32_t check, uint64_t isize);
uint32_t check_init(int format);
uint32_t check_update(int format, uint32_t check, const void *p, size_t n);

/* ---- engines/cpu.c: the CPU engine ---- */

struct cpu_eng;
struct cpu_dec;
struct cpu_enc;

struct cpu_eng *cpu_eng_new(void);
void cpu_eng_free(struct cpu_eng *e);
int cpu_run(struct cpu_eng *e, const struct warp_params *p,
	    const struct warp_op *op, struct warp_result *res);

struct cpu_dec *cpu_dec_new(const struct warp_params *p);
void cpu_dec_free(struct cpu_dec *d);
void cpu_dec_reset(struct cpu_dec *d);
int cpu_dec_process(struct cpu_dec *d, const uint8_t *in, size_t in_len,
		    size_t *in_used, uint8_t *out, size_t out_cap,
		    size_t *out_used, int flush);

struct cpu_enc *cpu_enc_new(const struct warp_params *p);
void cpu_enc_free(struct cpu_enc *c);
int cpu_enc_reset(struct cpu_enc *c);
int cpu_enc_process(struct cpu_enc *c, const uint8_t *in, size_t in_len,
		    size_t *in_used, uint8_t *out, size_t out_cap,
		    size_t *out_used, int flush);

/* ---- core ---- */

const char *warp_env_or(const char *name, const char *def);

#endif /* WARP_INTERNAL_H */
