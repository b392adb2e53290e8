// SPDX-License-Identifier: MIT
/*
 * zlib (RFC 1950) and gzip (RFC 1952) framing: an incremental header parser
 * that accepts every optional gzip field, header writers, trailer checks.
 */
#include <string.h>

#include <zlib.h>

#include "../internal.h"

#if WARP_HAVE_ISAL
#include <isa-l/crc.h>
#include <isa-l/igzip_lib.h>
#endif

enum {
	HS_ID1, HS_ID2, HS_CM, HS_FLG, HS_FIXED, HS_XLEN, HS_EXTRA, HS_NAME,
	HS_COMMENT, HS_HCRC, HS_ZFLG, HS_DONE,
};

void hdr_init(struct hdr_parser *hp, int format)
{
	memset(hp, 0, sizeof(*hp));
	hp->format = format;
	if (format == WARP_FMT_GZIP)
		hp->stage = HS_ID1;
	else if (format == WARP_FMT_ZLIB)
		hp->stage = HS_CM;
	else
		hp->stage = HS_DONE;
}

/* Move to the first optional stage the flags ask for after @from. */
static int gz_next_stage(const struct hdr_parser *hp, int from)
{
	switch (from) {
	case HS_FIXED:
		if (hp->flg & GZ_FEXTRA)
			return HS_XLEN;
		/* fall through */
	case HS_EXTRA:
		if (hp->flg & GZ_FNAME)
			return HS_NAME;
		/* fall through */
	case HS_NAME:
		if (hp->flg & GZ_FCOMMENT)
			return HS_COMMENT;
		/* fall through */
	case HS_COMMENT:
		if (hp->flg & GZ_FHCRC)
			return HS_HCRC;
		/* fall through */
	default:
		return HS_DONE;
	}
}

int hdr_feed(struct hdr_parser *hp, const uint8_t *p, size_t n, size_t *used)
{
	size_t i = 0;

	while (hp->stage != HS_DONE && i < n) {
		uint8_t b = p[i];

		if (hp->format == WARP_FMT_GZIP && hp->stage != HS_HCRC)
			hp->crc = crc32(hp->crc, &b, 1);
		switch (hp->stage) {
		case HS_ID1:
			if (b != 0x1f)
				goto corrupt;
			hp->stage = HS_ID2;
			break;
		case HS_ID2:
			if (b != 0x8b)
				goto corrupt;
			hp->stage = HS_CM;
			break;
		case HS_CM:
			if (hp->format == WARP_FMT_ZLIB) {
				/* CM 8 (deflate), CINFO <= 7 (32 KiB). */
				if ((b & 0x0f) != 8 || (b >> 4) > 7)
					goto corrupt;
				hp->cmf = b;
				hp->stage = HS_ZFLG;
				break;
			}
			if (b != 8)
				goto corrupt;
			hp->stage = HS_FLG;
			break;
		case HS_ZFLG:
			if (((unsigned int)hp->cmf << 8 | b) % 31)
				goto corrupt;
			if (b & 0x20) {
				*used = i + 1;
				return -ENOTSUP;	/* preset dictionary */
			}
			hp->stage = HS_DONE;
			break;
		case HS_FLG:
			if (b & GZ_FRESERVED)
				goto corrupt;
			hp->flg = b;
			hp->count = 6;	/* MTIME, XFL, OS */
			hp->stage = HS_FIXED;
			break;
		case HS_FIXED:
			if (--hp->count == 0)
				hp->stage = gz_next_stage(hp, HS_FIXED);
			if (hp->stage == HS_XLEN)
				hp->count = 2;
			if (hp->stage == HS_HCRC)
				hp->count = 2;
			break;
		case HS_XLEN:
			hp->xlen |= (unsigned int)b << (8 * (2 - hp->count));
			if (--hp->count)
				break;
			if (hp->xlen) {
				hp->stage = HS_EXTRA;
				break;
			}
			hp->stage = gz_next_stage(hp, HS_EXTRA);
			if (hp->stage == HS_HCRC)
				hp->count = 2;
			break;
		case HS_EXTRA:
			if (--hp->xlen)
				break;
			hp->stage = gz_next_stage(hp, HS_EXTRA);
			if (hp->stage == HS_HCRC)
				hp->count = 2;
			break;
		case HS_NAME:
		case HS_COMMENT:
			if (b)
				break;
			hp->stage = gz_next_stage(hp, hp->stage);
			if (hp->stage == HS_HCRC)
				hp->count = 2;
			break;
		case HS_HCRC:
			/* Compare the low 16 bits, least significant first. */
			if (b != ((hp->crc >> (8 * (2 - hp->count))) & 0xff)) {
				*used = i + 1;
				return WARP_E_CHECKSUM;
			}
			if (--hp->count == 0)
				hp->stage = HS_DONE;
			break;
		}
		i++;
	}
	*used = i;
	return hp->stage == HS_DONE;
corrupt:
	*used = i;
	return WARP_E_CORRUPT;
}

size_t hdr_len(int format)
{
	return format == WARP_FMT_GZIP ? 10 : format == WARP_FMT_ZLIB ? 2 : 0;
}

size_t trl_len(int format)
{
	return format == WARP_FMT_GZIP ? 8 : format == WARP_FMT_ZLIB ? 4 : 0;
}

size_t hdr_write(int format, int level, int wbits, uint8_t *dst)
{
	if (format == WARP_FMT_GZIP) {
		static const uint8_t gz[10] = { 0x1f, 0x8b, 8, 0, 0, 0, 0, 0,
						0, 3 };

		memcpy(dst, gz, sizeof(gz));
		/* XFL: 2 = best compression, 4 = fastest. */
		dst[8] = level >= 9 ? 2 : level <= 1 ? 4 : 0;
		return 10;
	}
	if (format == WARP_FMT_ZLIB) {
		unsigned int cmf = (unsigned int)(wbits - 8) << 4 | 8;
		unsigned int flevel = level <= 1 ? 0 : level <= 5 ? 1 :
				      level == 6 ? 2 : 3;
		unsigned int v = cmf << 8 | flevel << 6;

		v += 31 - v % 31;
		dst[0] = v >> 8;
		dst[1] = v & 0xff;
		return 2;
	}
	return 0;
}

void trl_write(int format, uint32_t check, uint64_t isize, uint8_t *dst)
{
	int i;

	if (format == WARP_FMT_GZIP) {
		for (i = 0; i < 4; i++) {
			dst[i] = check >> (8 * i);
			dst[4 + i] = (uint32_t)isize >> (8 * i);
		}
	} else if (format == WARP_FMT_ZLIB) {
		for (i = 0; i < 4; i++)
			dst[i] = check >> (24 - 8 * i);
	}
}

int trl_check(int format, const uint8_t *t, uint32_t check, uint64_t isize)
{
	uint8_t want[8];
	size_t n = trl_len(format);

	trl_write(format, check, isize, want);
	return memcmp(want, t, n) ? WARP_E_CHECKSUM : 0;
}

uint32_t check_init(int format)
{
	return format == WARP_FMT_ZLIB ? 1 : 0;
}

uint32_t check_update(int format, uint32_t check, const void *p, size_t n)
{
	if (format == WARP_FMT_ZLIB)
		return warp_adler32(check, p, n);
	if (format == WARP_FMT_GZIP)
		return warp_crc32(check, p, n);
	return 0;
}

WARP_API uint32_t warp_crc32(uint32_t crc, const void *buf, size_t len)
{
#if WARP_HAVE_ISAL
	const uint8_t *p = buf;

	while (len) {
		uint64_t n = MIN(len, (size_t)1 << 30);

		crc = crc32_gzip_refl(crc, (uint8_t *)p, n);
		p += n;
		len -= n;
	}
	return crc;
#else
	const uint8_t *p = buf;

	while (len) {
		uInt n = MIN(len, (size_t)1 << 30);

		crc = crc32(crc, p, n);
		p += n;
		len -= n;
	}
	return crc;
#endif
}

WARP_API uint32_t warp_adler32(uint32_t adler, const void *buf, size_t len)
{
	const uint8_t *p = buf;

	while (len) {
		size_t n = MIN(len, (size_t)1 << 30);

#if WARP_HAVE_ISAL
		adler = isal_adler32(adler, p, n);
#else
		adler = adler32(adler, p, n);
#endif
		p += n;
		len -= n;
	}
	return adler;
}

WARP_API uint32_t warp_crc32_combine(uint32_t crc_a, uint32_t crc_b,
				     uint64_t len_b)
{
	return crc32_combine64(crc_a, crc_b, (z_off64_t)len_b);
}
