/*
 * store_near.c — a filter of the near-duplicate keys in the store (see
 * store_near.h).
 *
 * A blocked Bloom filter: each key sets 4 bits of one 64-bit word, so a
 * lookup costs one cache miss.  At 12 bits a key that answers "maybe"
 * for about 1.5% of absent keys.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

#include <sqlite3.h>

#include "log.h"
#include "simhash.h"
#include "store_near.h"
#include "xmalloc.h"

#define NEAR_BITS_PER_KEY	12
#define NEAR_MIN_KEYS		4096

struct store_near {
	uint64_t	*words;
	uint64_t	 mask;		/* words - 1 (a power of two) */
	size_t		 n;		/* keys added */
	size_t		 cap;		/* keys it is sized for */
	bool		 full;		/* rebuild at the next sync */
	sqlite3_int64	 version;	/* PRAGMA data_version when built */
	sqlite3_stmt	*version_st;	/* that pragma, prepared */
};

/* The word of a key's hash and the 4 bits it sets there. */
static uint64_t
near_bits(uint64_t h)
{
	return 1ULL << (h >> 40 & 63) | 1ULL << (h >> 46 & 63) |
	    1ULL << (h >> 52 & 63) | 1ULL << (h >> 58 & 63);
}

void
store_near_add(struct store_near *f, int64_t key)
{
	uint64_t	 h;

	if (f == NULL)
		return;
	h = simhash_mix((uint64_t)key);
	f->words[h & f->mask] |= near_bits(h);
	if (++f->n > f->cap)
		f->full = true;
}

bool
store_near_maybe(const struct store_near *f, int64_t key)
{
	uint64_t	 h, b;

	if (f == NULL)
		return true;
	h = simhash_mix((uint64_t)key);
	b = near_bits(h);
	return (f->words[h & f->mask] & b) == b;
}

void
store_near_free(struct store_near *f)
{
	if (f == NULL)
		return;
	sqlite3_finalize(f->version_st);
	free(f->words);
	free(f);
}

/* One integer from a query, or -1 (logged). */
static int
near_int(sqlite3 *db, const char *sql, sqlite3_int64 *v)
{
	sqlite3_stmt	*st;
	int		 rc;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		log_warnx("store: %s: %s", sql, sqlite3_errmsg(db));
		return -1;
	}
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW) {
		log_warnx("store: %s: %s", sql, sqlite3_errmsg(db));
		return -1;
	}
	return 0;
}

/* A filter sized for twice the keys now stored, filled from the table. */
static struct store_near *
near_build(sqlite3 *db, sqlite3_int64 version, size_t atleast)
{
	struct store_near	*f;
	sqlite3_stmt		*st;
	sqlite3_int64		 rows;
	size_t			 words;
	int			 rc;

	if (near_int(db, "SELECT count(*) FROM item_simhash", &rows) == -1)
		return NULL;
	f = xcalloc(1, sizeof(*f));
	f->cap = 2 * ((size_t)rows > atleast ? (size_t)rows : atleast);
	if (f->cap < NEAR_MIN_KEYS)
		f->cap = NEAR_MIN_KEYS;
	for (words = 64; words * 64 < f->cap * NEAR_BITS_PER_KEY; words *= 2)
		;
	f->words = xcalloc(words, sizeof(*f->words));
	f->mask = words - 1;
	f->version = version;
	if (sqlite3_prepare_v2(db, "SELECT key FROM item_simhash", -1, &st,
	    NULL) != SQLITE_OK) {
		log_warnx("store: near-duplicate filter: %s",
		    sqlite3_errmsg(db));
		store_near_free(f);
		return NULL;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		store_near_add(f, sqlite3_column_int64(st, 0));
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		log_warnx("store: near-duplicate filter: %s",
		    sqlite3_errmsg(db));
		store_near_free(f);
		return NULL;
	}
	f->full = false;
	return f;
}

/* PRAGMA data_version: changes when another connection commits. */
static int
near_version(sqlite3 *db, sqlite3_stmt *st, sqlite3_int64 *v)
{
	int	 rc;

	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*v = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW) {
		log_warnx("store: data_version: %s", sqlite3_errmsg(db));
		return -1;
	}
	return 0;
}

int
store_near_sync(struct store_near **np, sqlite3 *db)
{
	struct store_near	*f = *np, *nf;
	sqlite3_stmt		*st = f ? f->version_st : NULL;
	sqlite3_int64		 version;

	if (st == NULL && sqlite3_prepare_v2(db, "PRAGMA data_version", -1,
	    &st, NULL) != SQLITE_OK) {
		log_warnx("store: data_version: %s", sqlite3_errmsg(db));
		return -1;
	}
	if (near_version(db, st, &version) == -1)
		nf = NULL;
	else if (f != NULL && !f->full && f->version == version)
		return 0;
	else
		nf = near_build(db, version, f ? f->n : 0);
	if (f != NULL)
		f->version_st = NULL;
	store_near_free(f);
	if ((*np = nf) == NULL) {
		sqlite3_finalize(st);
		return -1;
	}
	nf->version_st = st;
	return 0;
}
