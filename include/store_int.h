/*
 * store_int.h — what store.c and store_item.c share (private to them).
 *
 * store.c owns the connection, the schema and the prepared statements,
 * feeds, meta and retention; store_item.c writes and reads items.  The
 * helpers bind, step and reset the statements of stmt_sql[] with every
 * error reported (store_fail) and the statement left reset.
 */
#ifndef FEEDD_STORE_INT_H
#define FEEDD_STORE_INT_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include <sqlite3.h>

#include "feed.h"	/* HASH_LEN */

struct store_ckpt;
struct store_near;

enum stmt {
	S_BEGIN,
	S_BEGIN_READ,
	S_COMMIT,
	S_ROLLBACK,
	S_FEED_GET,
	S_FEED_INSERT,
	S_FEED_SET_URL,
	S_FEED_UPDATE,
	S_FEED_ALL,
	S_FEED_NAME,
	S_SOURCE_GET,
	S_SOURCE_INSERT,
	S_SOURCE_MOVE,
	S_ITEM_BY_HASH,
	S_ITEM_TOUCH,
	S_ITEM_INSERT,
	S_ITEM_COUNTED,
	S_ITEM_UPDATE,
	S_ITEM_DROP_ORPHAN,
	S_ITEM_COUNT,
	S_NAMES_CLEAR,
	S_NAMES_ADD,
	S_RECENT,
	S_RECENT_SOURCES,
	S_NEAR_FIND,
	S_NEAR_ADD,
	S_NEAR_DEL,
	S_META_GET,
	S_META_SET,
	S_META_BUMP,
	S_MAX
};

/*
 * Near-duplicate index rows written in the open transaction but not yet
 * inserted (store_pend.c): inserted sorted by key at commit, or between
 * feeds once there are many, each B-tree page of item_simhash is
 * visited once for the rows it takes rather than once a row; lookups
 * see them through a hash of their keys.
 */
struct near_row {
	int64_t		 key;
	int64_t		 item_id;
	int64_t		 simhash;
};

struct near_pend {
	struct near_row	*v;
	size_t		 n, cap;
	uint32_t	*slot;		/* v index + 1 by key, 0: empty */
	size_t		 nslot;		/* a power of two, more than 2 n */
};

struct store {
	sqlite3		*db;
	char		*path;
	sqlite3_stmt	*stmt[S_MAX];
	int		 near_max;	/* SimHash distance that merges, -1 off */
	struct store_near *near;	/* filter of item_simhash keys */
	struct store_ckpt *ckpt;	/* checkpointer, once one is needed */
	char		*name;		/* of feed name_of (store_feed_name) */
	int64_t		 name_of;
	unsigned char	 name_hash[HASH_LEN];	/* SHA-256 of name */
	bool		 ckpt_failed;	/* SQLite's own checkpoints then */
	int		 ckpt_pages;	/* STORE_CKPT_BYTES in this db's pages */
	int		 wal_max_pages;	/* STORE_WAL_MAX_BYTES likewise */
	struct near_pend pend;
};

/* Logs what failed with SQLite's message; returns -1. */
int	 store_fail(struct store *, const char *what);
void	 store_stmt_reset(sqlite3_stmt *);
/* 0, or -1 (logged); text NULL binds NULL. */
int	 store_bind_text(struct store *, sqlite3_stmt *, int, const char *);
int	 store_bind_int(struct store *, sqlite3_stmt *, int, int64_t);
int	 store_bind_date(struct store *, sqlite3_stmt *, int, time_t);
int	 store_bind_blob(struct store *, sqlite3_stmt *, int, const void *,
	    int);
/* Runs a statement that returns no row, then resets it: 0 or -1. */
int	 store_stmt_exec(struct store *, sqlite3_stmt *, const char *what);
/* Steps a query: 1 with a row, 0 without, -1 on error (then reset). */
int	 store_stmt_row(struct store *, sqlite3_stmt *, const char *what);
/* A malloc'd copy of column i, or NULL. */
char	*store_col_text(sqlite3_stmt *, int i);
/* store_pend.c: rows for item id (a transaction holds them until
 * store_pend_flush; without one they are inserted at once); 0 or -1. */
int	 store_pend_add(struct store *, int64_t id, int64_t simhash,
	    const int64_t *keys, int n);
/* Calls fn for every pending row with key. */
void	 store_pend_each(const struct store *, int64_t key,
	    void (*fn)(void *, const struct near_row *), void *arg);
/* Forgets the pending rows of item id (an item deleted or reindexed). */
void	 store_pend_drop(struct store *, int64_t id);
/* Inserts every pending row, sorted by key; 0 or -1 (logged). */
int	 store_pend_flush(struct store *);
/* Between feeds: flushes when many rows wait; 0 or -1. */
int	 store_pend_between(struct store *);
/* The transaction rolled back: every row goes. */
void	 store_pend_clear(struct store *);
void	 store_pend_free(struct store *);
/* Fills temp.recent_names with names (store_item.c); 0 or -1. */
int	 store_set_names(struct store *, const char *const *names, size_t n);

#endif
