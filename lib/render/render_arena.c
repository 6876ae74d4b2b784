/*
 * render_arena.c - a per-thread bump arena for the jansson tree of one
 * JSON line.  A scan record is ~500 values, each a malloc for the value
 * and one for its key in the object, all freed together a moment later;
 * with glibc's small per-size caches most of them went through the
 * bins and malloc_consolidate (callgrind of `scan -j1 -f jsonl
 * /usr/bin`: malloc and free 30% of all instructions).  Inside a
 * goelf_json_arena_begin()/end() window, jansson allocates from the
 * thread's arena and frees nothing; end() rewinds it.
 *
 * jansson's allocator is one per process (json_set_alloc_funcs), so it
 * is installed only by the program (goelf_json_arena_install, from
 * cli/main.c), never by the library on its own: a program that uses
 * jansson itself keeps its allocator, and begin() then does nothing.
 * Outside a window, and on any thread without one, the functions are
 * plain malloc and free.  A pointer is the arena's only when it lies in
 * one of this thread's chunks during its window: everything else
 * (objects made before the window, by other threads) is free()d.
 */
#include "render/render.h"

#include <jansson.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_CHUNK	 (64u * 1024u)
#define ARENA_MAX_CHUNKS 24u
#define ARENA_BIG	 (16u * 1024u) /* larger: plain malloc */

struct arena {
	char *chunk[ARENA_MAX_CHUNKS];
	size_t size[ARENA_MAX_CHUNKS];
	unsigned n;   /* chunks allocated */
	unsigned cur; /* chunk in use */
	size_t used;  /* bytes used in chunk[cur] */
	bool active;
};

static __thread struct arena arena;
static pthread_key_t arena_key;
static pthread_once_t arena_once = PTHREAD_ONCE_INIT;

/* At thread exit: the thread's chunks. */
static void
arena_release(void *arg)
{
	struct arena *a = arg;

	for (unsigned i = 0; i < a->n; i++)
		free(a->chunk[i]);
	memset(a, 0, sizeof(*a));
}

static void
arena_key_init(void)
{
	(void)pthread_key_create(&arena_key, arena_release);
}

static bool
mine(const struct arena *a, const void *p)
{
	const char *c = p;

	for (unsigned i = 0; i < a->n; i++)
		if (c >= a->chunk[i] && c < a->chunk[i] + a->size[i])
			return true;
	return false;
}

static void *
arena_malloc(size_t n)
{
	struct arena *a = &arena;
	size_t need = (n + 15u) & ~(size_t)15u;

	if (!a->active || n > ARENA_BIG || need < n)
		return malloc(n);
	while (a->cur < a->n) {
		if (need <= a->size[a->cur] - a->used) {
			void *p = a->chunk[a->cur] + a->used;

			a->used += need;
			return p;
		}
		if (a->cur + 1 >= a->n)
			break;
		a->cur++;
		a->used = 0;
	}
	if (a->n < ARENA_MAX_CHUNKS) {
		size_t sz = (size_t)ARENA_CHUNK << (a->n < 6 ? a->n : 6);
		char *c = malloc(sz);

		if (c) {
			if (!a->n) {
				pthread_once(&arena_once, arena_key_init);
				(void)pthread_setspecific(arena_key, a);
			}
			a->chunk[a->n] = c;
			a->size[a->n] = sz;
			a->cur = a->n++;
			a->used = need;
			return c;
		}
	}
	return malloc(n);
}

static void
arena_free(void *p)
{
	struct arena *a = &arena;

	if (!p)
		return;
	if (a->active && mine(a, p))
		return;
	free(p);
}

void
goelf_json_arena_install(void)
{
	json_set_alloc_funcs(arena_malloc, arena_free);
}

bool
goelf_json_arena_begin(void)
{
	json_malloc_t m = NULL;
	json_free_t f = NULL;
	struct arena *a = &arena;

	json_get_alloc_funcs(&m, &f);
	if (m != arena_malloc || f != arena_free || a->active)
		return false;
	a->active = true;
	a->cur = 0;
	a->used = 0;
	return true;
}

void
goelf_json_arena_end(bool began)
{
	struct arena *a = &arena;

	if (!began)
		return;
	a->active = false;
	a->cur = 0;
	a->used = 0;
	/* Chunks past the first two go back: one huge record must not
	 * keep its memory for the rest of the scan. */
	while (a->n > 2) {
		a->n--;
		free(a->chunk[a->n]);
		a->chunk[a->n] = NULL;
	}
}
