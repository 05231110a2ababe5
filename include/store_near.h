/*
 * store_near.h — a filter of the near-duplicate keys in the store
 * (store.c's helper).
 *
 * Most items have no near duplicate, yet each lookup asks SQLite for
 * all of its keys (simhash.h), and at a million stored items the index
 * rows they land on are rarely in the page cache: the cost per lookup
 * grows with the store.  A Bloom filter of every key in item_simhash,
 * held in memory (12 bits a key, 9 bytes an item), answers "surely
 * absent" for nearly all of them without a page read, so the lookup
 * stays flat.  It never answers "absent" for a stored key: every key
 * store.c indexes is added, a filter that filled up or a database that
 * another connection changed (PRAGMA data_version) is rebuilt from the
 * table, and keys of rolled-back or deleted rows only cost a false
 * "maybe".
 */
#ifndef FEEDD_STORE_NEAR_H
#define FEEDD_STORE_NEAR_H

#include <stdbool.h>
#include <stdint.h>

#include <sqlite3.h>

struct store_near;

/* Makes *np current for db: built on first use, rebuilt when full or
 * changed from outside; -1 on an SQLite error (*np is then NULL). */
int	 store_near_sync(struct store_near **np, sqlite3 *db);
/* Notes a key just indexed (nothing before the first sync). */
void	 store_near_add(struct store_near *, int64_t key);
/* false: no row of item_simhash has this key. */
bool	 store_near_maybe(const struct store_near *, int64_t key);
void	 store_near_free(struct store_near *);

#endif
