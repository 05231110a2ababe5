/*
 * store.h — everything feedd knows, in one SQLite database.
 *
 * The schema is versioned with PRAGMA user_version and migrated forward
 * by store_open(); the database runs in WAL mode so `feedd status` can
 * read while the daemon writes.  Statements are prepared once.
 *
 * Items are deduplicated by content hash: an item is stored once however
 * many feeds carry it, and item_sources remembers every (feed, identity)
 * pair that led to it.  The same identity seen again in the same feed
 * with another hash is an update of that item, not a new one.
 *
 * Ingesting one fetched feed happens between store_begin() and
 * store_commit() (store_rollback() on any failure), so a crash never
 * leaves half a feed.  Several feeds may share one transaction, calling
 * store_next_feed() before each: commits, and what they write to the
 * WAL, are then shared too, and a failure rolls them all back (the
 * caller fetches them again).  Functions return 0 (or a STORE_* value)
 * on success and -1 on a SQLite error, which they log with context.
 */
#ifndef FEEDD_STORE_H
#define FEEDD_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "feed.h"

#define STORE_ERR_LEN	256

/* What store knows of one feed, its fetch state included. */
/*
 * A body's digest tells a 200 that repeats the last one (a server
 * without validators): XXH3-128, no defence against a publisher, who
 * could as well send the same bytes, but ten times SHA-256's speed; that
 * was half the CPU of an unchanged-200 bench cycle.  A digest of another
 * length (the SHA-256 stored before) matches nothing: the first poll
 * after the change parses once.
 */
#define BODY_HASH_LEN	16

struct feed_state {
	int64_t	 id;
	char	*name;
	char	*url;
	char	*title;		/* from the last good document */
	char	*link;
	char	*etag;		/* validators of the last 200 */
	char	*last_modified;
	time_t	 last_fetch;	/* wall clock of the last attempt */
	time_t	 last_ok;	/* wall clock of the last success */
	long	 last_status;	/* HTTP status of the last attempt, 0 if none */
	char	*last_error;	/* NULL when the last attempt succeeded */
	char	*error_stage;	/* "fetch", "parse" or "store"; NULL if ok */
	long	 errors;	/* consecutive failed attempts */
	long	 items;		/* items this feed carries (store_feeds) */
	/* The scheduler's (a new url in store_feed resets all of these). */
	time_t	 next_poll;	/* wall clock of the next poll, 0 if due */
	bool	 dead;		/* 410 Gone: not polled until its url changes */
	char	*moved_url;	/* polled instead of url after a permanent
				   redirect was confirmed, or NULL */
	char	*redirect_url;	/* a permanent redirect seen lately ... */
	long	 redirect_count;	/* ... on this many polls in a row */
	unsigned char body_hash[BODY_HASH_LEN];	/* of the last body */
	bool	 has_body_hash;
	long	 hint;		/* the document's own interval hint, s */
	uint32_t skip_hours;	/* skipHours: bit h is hour h UTC */
	uint8_t	 skip_days;	/* skipDays: bit d is day d, 0 = Sunday */
};

enum store_put {
	STORE_NEW = 0,		/* a story not seen before */
	STORE_MERGED,		/* same story from another feed: source added */
	STORE_UPDATED,		/* same identity, new content */
	STORE_UNCHANGED,	/* same identity, same content */
};

struct store;

struct store	*store_open(const char *path, char *err, size_t errlen);
void		 store_close(struct store *);

int	 store_begin(struct store *);
int	 store_commit(struct store *);
void	 store_rollback(struct store *);
/* Between two feeds of a transaction: writes what waits when much does
 * (store_pend.c); 0 or -1. */
int	 store_next_feed(struct store *);
/* 1 inside a transaction, 0 outside (an error may have ended one). */
int	 store_in_transaction(struct store *);

/* The feed named name, created if new; a changed url is recorded and the
 * history kept.  Fills *out (release with feed_state_free). */
int	 store_feed(struct store *, const char *name, const char *url,
	    struct feed_state *out);
void	 feed_state_free(struct feed_state *);
/* Saves the fetch fields of st (validators, times, status, error, title,
 * link) for feed st->id. */
int	 store_feed_update(struct store *, const struct feed_state *st);
/* Every feed known, ordered by name, items counted.  Release each with
 * feed_state_free, then free the array. */
int	 store_feeds(struct store *, struct feed_state **out, size_t *n);

/* Near duplicates (an item whose SimHash is at most max_distance bits
 * from that of a stored item sharing one of its keys, simhash.h) merge
 * into the stored item as one more source; -1 turns that off.  Capped
 * at SIMHASH_DISTANCE_MAX.  On by default at SIMHASH_DISTANCE. */
void	 store_set_near(struct store *, int max_distance);
/* The stored item it is a near duplicate of: 1 and its row id in *id,
 * 0 when there is none (or near duplicates are off), -1 on error. */
int	 store_find_near(struct store *, const struct item *it, int64_t *id);

/* Stores one cleaned, hashed item seen in feed feed_id at time now.
 * Returns a STORE_* value, or -1. */
int	 store_put_item(struct store *, int64_t feed_id, const struct item *,
	    time_t now);

/* The newest limit items carried by any of the named feeds, newest first
 * (by published, else updated, else first seen), each with uid and all
 * its sources among those feeds.  *out is malloc'd; release with
 * store_items_free. */
int	 store_recent(struct store *, const char *const *names, size_t nnames,
	    long limit, struct item **out, size_t *n);
void	 store_items_free(struct item *, size_t);
/* Number of stored items, kept in the meta table as items come and go:
 * no scan, so it costs the same at 10 thousand or 10 million items. */
long	 store_count_items(struct store *);
/* Small named values kept with the data: store_meta_get returns a
 * malloc'd copy, or NULL when unset (or on an error, logged);
 * store_meta_bump adds 1 to an integer value (unset counts as 0). */
char	*store_meta_get(struct store *, const char *key);
int	 store_meta_set(struct store *, const char *key, const char *value);
int	 store_meta_bump(struct store *, const char *key);
/* Deletes the items whose date and last sighting are both before cutoff
 * and that are not among the newest limit items of the named feeds, then
 * returns freed pages to the file system a little at a time (incremental
 * vacuum).  Returns how many items went, or -1. */
long	 store_prune(struct store *, const char *const *names, size_t nnames,
	    long limit, time_t cutoff);

#endif
