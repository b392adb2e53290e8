// SPDX-License-Identifier: MIT
/*
 * Memory of libwarp objects made for a stream with custom zalloc/zfree.
 *
 * libwarp's objects are linked in with malloc, calloc, realloc and free
 * renamed to the functions below (mk/zlib.mk).  While a stream with a
 * custom allocator calls into libwarp, this thread's allocator is that
 * stream's, so its sessions, streams and engine buffers come from zalloc
 * (such streams run on the CPU engine only, so that no device queue, which
 * libwarp keeps in its context after the session, is made with it),
 * as zlib's own memory would.  Every block carries a header naming the
 * function that frees it, so a block is always freed the right way
 * whichever thread frees it.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

struct blk {
	free_func zfree;	/* NULL: libc */
	voidpf opaque;
	size_t size;
	void *base;		/* what to free; 32 bytes keep 16-alignment */
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

/* @n bytes aligned to @align (a power of two, at least 16). */
static void *blk_alloc(size_t n, size_t align)
{
	size_t total = n + sizeof(struct blk) + align - 16;
	uintptr_t p;
	struct blk *b;
	void *base;

	if (total < n)
		return NULL;
	if (cur) {
		if (total > (uInt)-1)
			return NULL;
		base = cur->zalloc(cur->opaque, 1, (uInt)total);
	} else {
		base = malloc(total);
	}
	if (!base)
		return NULL;
	p = ((uintptr_t)base + sizeof(struct blk) + align - 1) & ~(align - 1);
	b = (struct blk *)p - 1;
	b->zfree = cur ? cur->zfree : NULL;
	b->opaque = cur ? cur->opaque : NULL;
	b->size = n;
	b->base = base;
	return (void *)p;
}

WZ_HIDDEN void *warpz_malloc(size_t n)
{
	return blk_alloc(n, 16);
}

WZ_HIDDEN void *warpz_aligned_alloc(size_t align, size_t n)
{
	if (align < 16)
		align = 16;
	if (align & (align - 1))
		return NULL;
	return blk_alloc(n, align);
}

WZ_HIDDEN int warpz_posix_memalign(void **out, size_t align, size_t n)
{
	if (align < sizeof(void *) || (align & (align - 1)))
		return EINVAL;
	*out = warpz_aligned_alloc(align, n);
	return *out ? 0 : ENOMEM;
}

WZ_HIDDEN void warpz_free(void *p)
{
	struct blk *b;

	if (!p)
		return;
	b = (struct blk *)p - 1;
	if (b->zfree)
		b->zfree(b->opaque, b->base);
	else
		free(b->base);
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
