// SPDX-License-Identifier: MIT
/*
 * Stream state shared by deflate and inflate: allocation with the caller's
 * allocator, the owner check, and the shadow stream of the system zlib.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

struct warpz_state *warpz_get(z_streamp strm, int kind)
{
	struct warpz_state *s;

	if (!strm || !strm->state)
		return NULL;
	s = (struct warpz_state *)strm->state;
	if (s->strm != strm || s->magic != WZ_MAGIC || s->kind != kind)
		return NULL;
	return s;
}

struct warpz_state *warpz_alloc_state(z_streamp strm, int kind)
{
	struct warpz_state *s;
	bool custom = strm->zalloc || strm->zfree;

	if (custom) {
		/* zlib fills in whichever of the two is missing. */
		if (!strm->zalloc || !strm->zfree)
			return NULL;
		s = strm->zalloc(strm->opaque, 1, sizeof(*s));
	} else {
		s = malloc(sizeof(*s));
	}
	if (!s)
		return NULL;
	memset(s, 0, sizeof(*s));
	s->strm = strm;
	s->magic = WZ_MAGIC;
	s->kind = kind;
	s->custom_alloc = custom;
	s->format = -1;
	s->ws_format = -1;
	s->last_flush = -2;
	return s;
}

void warpz_drop_warp(struct warpz_state *s)
{
	warp_stream_free(s->ws);
	warp_sess_free(s->sess);
	s->ws = NULL;
	s->sess = NULL;
	s->ws_format = -1;
	free(s->obuf);
	s->obuf = NULL;
	s->olen = s->opos = 0;
}

void warpz_free_state(z_streamp strm, struct warpz_state *s)
{
	warpz_drop_warp(s);
	s->magic = 0;
	if (s->custom_alloc)
		strm->zfree(strm->opaque, s);
	else
		free(s);
	strm->state = NULL;
}

/* The fields a caller sees, from one stream to the other. */
static void copy_io(z_stream *dst, const z_stream *src)
{
	dst->next_in = src->next_in;
	dst->avail_in = src->avail_in;
	dst->total_in = src->total_in;
	dst->next_out = src->next_out;
	dst->avail_out = src->avail_out;
	dst->total_out = src->total_out;
	dst->msg = src->msg;
	dst->data_type = src->data_type;
	dst->adler = src->adler;
}

/* Copy the caller's fields into the shadow stream. */
void warpz_sh_in(z_streamp strm, struct warpz_state *s)
{
	copy_io(&s->sh, strm);
}

/* And back. */
void warpz_sh_out(z_streamp strm, struct warpz_state *s)
{
	copy_io(strm, &s->sh);
}

/*
 * Start the system zlib stream for @s with the stream's parameters.
 * The shadow gets the caller's allocator, so custom allocators are
 * honoured there.
 */
int warpz_sys_open(z_streamp strm, struct warpz_state *s)
{
	const struct warpz_sys *z = warpz_sys();
	z_stream *sh = &s->sh;
	int r;

	if (!z)
		return Z_MEM_ERROR;
	memset(sh, 0, sizeof(*sh));
	sh->zalloc = strm->zalloc;
	sh->zfree = strm->zfree;
	sh->opaque = strm->opaque;
	if (s->kind == WZ_DEFLATE)
		r = z->deflateInit2_(sh, s->level, Z_DEFLATED, s->wbits,
				     s->mem_level, s->strategy, ZLIB_VERSION,
				     (int)sizeof(z_stream));
	else
		r = z->inflateInit2_(sh, s->wbits, ZLIB_VERSION,
				     (int)sizeof(z_stream));
	if (r != Z_OK)
		return r;
	s->sh_ready = true;
	s->eng = WZ_SYS;
	/* The caller's running fields carry over. */
	sh->total_in = strm->total_in;
	sh->total_out = strm->total_out;
	warpz_log("%s stream %p: system zlib (%s)",
		  s->kind == WZ_DEFLATE ? "deflate" : "inflate", (void *)strm,
		  s->why ? s->why : "policy");
	return Z_OK;
}

/*
 * deflateGetDictionary / inflateGetDictionary: the system zlib's answer for
 * a stream it runs, an empty dictionary for one that has processed nothing
 * yet, and an error for a libwarp stream (its window is not ours to read).
 */
int warpz_get_dictionary(z_streamp strm, int kind, Bytef *dictionary,
			 uInt *dictLength)
{
	struct warpz_state *s = warpz_get(strm, kind);

	if (!s)
		return Z_STREAM_ERROR;
	if (s->eng == WZ_SYS)
		return kind == WZ_DEFLATE ?
		       warpz_sys()->deflateGetDictionary(&s->sh, dictionary,
							 dictLength) :
		       warpz_sys()->inflateGetDictionary(&s->sh, dictionary,
							 dictLength);
	if (s->eng == WZ_PENDING) {
		if (dictLength)
			*dictLength = 0;
		return Z_OK;
	}
	return Z_STREAM_ERROR;
}
