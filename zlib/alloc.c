// SPDX-License-Identifier: MIT
/*
 * Memory of libwarp objects made for a stream with custom zalloc/zfree.
 *
 * libwarp's objects are linked in with malloc, calloc, realloc and free
 * renamed to the functions below (mk/zlib.mk).  While a stream with a
 * custom allocator calls into libwarp, this thread's allocator is that
 * stream's, so its sessions, streams and engine buffers come from zalloc,
 * as zlib's own memory would.  Every block carries a header naming the
 * function that frees it, so a block is always freed the right way
 * whichever thread frees it.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

struct blk {
	free_func zfree;	/* NULL: libc */
	voidpf opaque;
	size_t size;
	size_t pad;		/* keeps 16-byte alignment */
};

static __thread z_streamp cur;

void warpz_alloc_enter(z_streamp strm, const struct warpz_state *s)
{
	cur = s->custom_alloc ? strm : NULL;
}

void warpz_alloc_leave(void)
{
	cur = NULL;
}

WZ_HIDDEN void *warpz_malloc(size_t n)
{
	size_t total = n + sizeof(struct blk);
	struct blk *b;

	if (total < n)
		return NULL;
	if (cur) {
		if (total > (uInt)-1)
			return NULL;
		b = cur->zalloc(cur->opaque, 1, (uInt)total);
	} else {
		b = malloc(total);
	}
	if (!b)
		return NULL;
	b->zfree = cur ? cur->zfree : NULL;
	b->opaque = cur ? cur->opaque : NULL;
	b->size = n;
	return b + 1;
}

WZ_HIDDEN void warpz_free(void *p)
{
	struct blk *b;

	if (!p)
		return;
	b = (struct blk *)p - 1;
	if (b->zfree)
		b->zfree(b->opaque, b);
	else
		free(b);
}

WZ_HIDDEN void *warpz_calloc(size_t n, size_t m)
{
	void *p;

	if (m && n > (size_t)-1 / m)
		return NULL;
	p = warpz_malloc(n * m);
	if (p)
		memset(p, 0, n * m);
	return p;
}

WZ_HIDDEN void *warpz_realloc(void *p, size_t n)
{
	struct blk *b;
	void *q;

	if (!p)
		return warpz_malloc(n);
	b = (struct blk *)p - 1;
	q = warpz_malloc(n);
	if (!q)
		return NULL;
	memcpy(q, p, b->size < n ? b->size : n);
	warpz_free(p);
	return q;
}
