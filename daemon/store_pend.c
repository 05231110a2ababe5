/*
 * store_pend.c — near-duplicate index rows held until their transaction
 * commits (see struct near_pend in store_int.h).
 *
 * item_simhash is keyed by hashes, so the rows of one item land on five
 * random pages; a cold cycle writes them by the hundred thousand into a
 * table many times the page cache, and each row cost a page read and a
 * page write.  Sorted, a batch of rows walks the table once.
 *
 * Rows are flushed at commit, or between two feeds once many wait; a
 * rollback takes them all, as it takes every feed of its transaction.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "simhash.h"
#include "store_int.h"
#include "xmalloc.h"

#define PEND_FLUSH_ROWS	8192	/* flushed at the next feed past this */
#define PEND_MIN_SLOTS	64

static size_t
pend_slot(const struct near_pend *p, int64_t key)
{
	return (size_t)simhash_mix((uint64_t)key) & (p->nslot - 1);
}

/* Puts v[i] in the hash of keys (linear probing). */
static void
pend_hash(struct near_pend *p, size_t i)
{
	size_t	 j;

	for (j = pend_slot(p, p->v[i].key); p->slot[j] != 0;
	    j = (j + 1) & (p->nslot - 1))
		;
	p->slot[j] = (uint32_t)(i + 1);
}

/* Rebuilds the hash of keys for v[0..n), twice as large if needed. */
static void
pend_index(struct near_pend *p)
{
	size_t	 i;

	if (p->nslot < PEND_MIN_SLOTS || p->nslot <= 2 * p->n) {
		while (p->nslot < PEND_MIN_SLOTS || p->nslot <= 2 * p->n)
			p->nslot = p->nslot ? p->nslot * 2 : PEND_MIN_SLOTS;
		free(p->slot);
		p->slot = xcalloc(p->nslot, sizeof(*p->slot));
	} else
		memset(p->slot, 0, p->nslot * sizeof(*p->slot));
	for (i = 0; i < p->n; i++)
		pend_hash(p, i);
}

static void
pend_push(struct near_pend *p, int64_t key, int64_t id, int64_t simhash)
{
	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 256;
		p->v = xreallocarray(p->v, p->cap, sizeof(*p->v));
	}
	p->v[p->n].key = key;
	p->v[p->n].item_id = id;
	p->v[p->n].simhash = simhash;
	p->n++;
	if (p->nslot <= 2 * p->n)
		pend_index(p);
	else
		pend_hash(p, p->n - 1);
}

int
store_pend_add(struct store *s, int64_t id, int64_t simhash,
    const int64_t *keys, int n)
{
	int	 i;

	for (i = 0; i < n; i++)
		pend_push(&s->pend, keys[i], id, simhash);
	/* outside a transaction each statement commits on its own */
	if (sqlite3_get_autocommit(s->db))
		return store_pend_flush(s);
	return 0;
}

void
store_pend_each(const struct store *s, int64_t key,
    void (*fn)(void *, const struct near_row *), void *arg)
{
	const struct near_pend	*p = &s->pend;
	size_t			 j;

	if (p->n == 0)
		return;
	for (j = pend_slot(p, key); p->slot[j] != 0;
	    j = (j + 1) & (p->nslot - 1))
		if (p->v[p->slot[j] - 1].key == key)
			fn(arg, &p->v[p->slot[j] - 1]);
}

void
store_pend_drop(struct store *s, int64_t id)
{
	struct near_pend	*p = &s->pend;
	size_t			 i, kept;

	for (i = kept = 0; i < p->n; i++)
		if (p->v[i].item_id != id)
			p->v[kept++] = p->v[i];
	if (kept == p->n)
		return;
	p->n = kept;
	pend_index(p);
}

static int
pend_cmp(const void *a, const void *b)
{
	const struct near_row	*x = a, *y = b;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return (x->item_id > y->item_id) - (x->item_id < y->item_id);
}

int
store_pend_flush(struct store *s)
{
	struct near_pend	*p = &s->pend;
	sqlite3_stmt		*st = s->stmt[S_NEAR_ADD];
	size_t			 i;
	int			 rc = 0;

	if (p->n == 0)
		return 0;
	qsort(p->v, p->n, sizeof(*p->v), pend_cmp);
	for (i = 0; i < p->n && rc == 0; i++) {
		if (store_bind_int(s, st, 1, p->v[i].key) == -1 ||
		    store_bind_int(s, st, 2, p->v[i].item_id) == -1 ||
		    store_bind_int(s, st, 3, p->v[i].simhash) == -1) {
			store_stmt_reset(st);
			rc = -1;
		} else
			rc = store_stmt_exec(s, st, "index near duplicate");
	}
	store_pend_clear(s);
	return rc;
}

int
store_pend_between(struct store *s)
{
	if (s->pend.n >= PEND_FLUSH_ROWS)
		return store_pend_flush(s);
	return 0;
}

void
store_pend_clear(struct store *s)
{
	s->pend.n = 0;
	if (s->pend.slot != NULL)
		memset(s->pend.slot, 0, s->pend.nslot * sizeof(*s->pend.slot));
}

void
store_pend_free(struct store *s)
{
	free(s->pend.v);
	free(s->pend.slot);
	memset(&s->pend, 0, sizeof(s->pend));
}
