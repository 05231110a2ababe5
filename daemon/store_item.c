/*
 * store_item.c — items in and out of the store (see store.h): a new,
 * changed or merged story written with its source and near-duplicate
 * keys, and the newest items of the named feeds read back for the
 * published feeds.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sqlite3.h>

#include "hash.h"
#include "log.h"
#include "simhash.h"
#include "store_int.h"
#include "store_near.h"
#include "store.h"
#include "xmalloc.h"

#define STORE_UID_PREFIX	"urn:feedd:"
#define STORE_UID_FEED_BYTES	4	/* of a uid's 32, the feed's */

/* Categories and enclosures as compact JSON text, or NULL if none. */
static char *
item_categories_json(const struct item *it)
{
	json_t	*a;
	char	*s;
	size_t	 i;

	if (it->ncategories == 0)
		return NULL;
	a = json_array();
	for (i = 0; i < it->ncategories; i++)
		json_array_append_new(a, json_string(it->categories[i]));
	s = json_dumps(a, JSON_COMPACT);
	json_decref(a);
	return s;
}

static char *
item_enclosures_json(const struct item *it)
{
	const struct enclosure	*e;
	json_t			*a, *o;
	char			*s;
	size_t			 i;

	if (it->nenclosures == 0)
		return NULL;
	a = json_array();
	for (i = 0; i < it->nenclosures; i++) {
		e = &it->enclosures[i];
		o = json_object();
		json_object_set_new(o, "url", json_string(e->url));
		json_object_set_new(o, "type",
		    e->type ? json_string(e->type) : json_null());
		json_object_set_new(o, "length",
		    e->length >= 0 ? json_integer(e->length) : json_null());
		json_array_append_new(a, o);
	}
	s = json_dumps(a, JSON_COMPACT);
	json_decref(a);
	return s;
}

/*
 * Binds what S_ITEM_INSERT and S_ITEM_UPDATE share: ?2 hash, ?3..?7
 * text, ?8 published, ?9 updated, ?10 now, ?11 categories, ?12
 * enclosures.  cats and encs must live until the statement is reset.
 */
static int
bind_item(struct store *s, sqlite3_stmt *st, const struct item *it,
    time_t now, const char *cats, const char *encs)
{
	if (store_bind_blob(s, st, 2, it->hash, HASH_LEN) == -1 ||
	    store_bind_text(s, st, 3, it->title) == -1 ||
	    store_bind_text(s, st, 4, it->link) == -1 ||
	    store_bind_text(s, st, 5, it->author) == -1 ||
	    store_bind_text(s, st, 6, it->summary) == -1 ||
	    store_bind_text(s, st, 7, it->content) == -1 ||
	    store_bind_date(s, st, 8, it->published) == -1 ||
	    store_bind_date(s, st, 9, it->updated) == -1 ||
	    store_bind_int(s, st, 10, now) == -1 ||
	    store_bind_text(s, st, 11, cats) == -1 ||
	    store_bind_text(s, st, 12, encs) == -1)
		return -1;
	return 0;
}

/* Rewrites item id in place (S_ITEM_UPDATE). */
static int
item_update(struct store *s, int64_t id, const struct item *it, time_t now)
{
	sqlite3_stmt	*st = s->stmt[S_ITEM_UPDATE];
	char		*cats, *encs;
	int		 rc = -1;

	cats = item_categories_json(it);
	encs = item_enclosures_json(it);
	if (store_bind_int(s, st, 1, id) == -1 ||
	    bind_item(s, st, it, now, cats, encs) == -1)
		store_stmt_reset(st);
	else
		rc = store_stmt_exec(s, st, "update item");
	free(cats);
	free(encs);
	return rc;
}

/* Runs a one-row, one-integer query bound to ?1; 1, 0 or -1. */
static int
query_id(struct store *s, sqlite3_stmt *bound, int64_t *id, const char *what)
{
	int	 rc;

	if ((rc = store_stmt_row(s, bound, what)) == 1) {
		*id = sqlite3_column_int64(bound, 0);
		store_stmt_reset(bound);
	}
	return rc;
}

static int
item_by_hash(struct store *s, const unsigned char *hash, int64_t *id)
{
	sqlite3_stmt	*st = s->stmt[S_ITEM_BY_HASH];

	if (store_bind_blob(s, st, 1, hash, HASH_LEN) == -1) {
		store_stmt_reset(st);
		return -1;
	}
	return query_id(s, st, id, "find item by hash");
}

static int
source_write(struct store *s, enum stmt which, int64_t feed_id,
    const char *guid, int64_t item_id, time_t now)
{
	sqlite3_stmt	*st = s->stmt[which];

	if (store_bind_int(s, st, 1, feed_id) == -1 ||
	    store_bind_text(s, st, 2, guid) == -1 ||
	    store_bind_int(s, st, 3, item_id) == -1 ||
	    (which == S_SOURCE_INSERT && store_bind_int(s, st, 4, now) == -1)) {
		store_stmt_reset(st);
		return -1;
	}
	return store_stmt_exec(s, st, which == S_SOURCE_INSERT ?
	    "insert source" : "move source");
}

static int
item_touch(struct store *s, int64_t id, time_t now)
{
	sqlite3_stmt	*st = s->stmt[S_ITEM_TOUCH];

	if (store_bind_int(s, st, 1, id) == -1 ||
	    store_bind_int(s, st, 2, now) == -1) {
		store_stmt_reset(st);
		return -1;
	}
	return store_stmt_exec(s, st, "touch item");
}

static int
item_drop_orphan(struct store *s, int64_t id)
{
	sqlite3_stmt	*st = s->stmt[S_ITEM_DROP_ORPHAN];

	if (store_bind_int(s, st, 1, id) == -1) {
		store_stmt_reset(st);
		return -1;
	}
	if (store_stmt_exec(s, st, "drop orphan item") == -1)
		return -1;
	/* its index rows may still wait for the commit */
	if (sqlite3_changes(s->db) > 0)
		store_pend_drop(s, id);
	return 0;
}

/*
 * The name of feed_id, kept from one item to the next: a document's
 * items all come from one feed.  NULL (logged) if there is none.
 */
static const char *
store_feed_name(struct store *s, int64_t feed_id)
{
	sqlite3_stmt	*st = s->stmt[S_FEED_NAME];
	int		 rc;

	if (s->name_of == feed_id && s->name != NULL)
		return s->name;
	if (store_bind_int(s, st, 1, feed_id) == -1) {
		store_stmt_reset(st);
		return NULL;
	}
	if ((rc = store_stmt_row(s, st, "feed name")) != 1) {
		if (rc == 0)
			log_warnx("store %s: no feed with id %lld", s->path,
			    (long long)feed_id);
		return NULL;
	}
	free(s->name);
	s->name = xstrdup((const char *)sqlite3_column_text(st, 0));
	s->name_of = feed_id;
	hash_bytes(s->name, strlen(s->name), s->name_hash);
	store_stmt_reset(st);
	return s->name;
}

/*
 * The uid of a new item: "urn:feedd:" + 64 hex digits, the first
 * STORE_UID_FEED_BYTES bytes of SHA-256 of its first feed's name, then
 * the start of SHA-256 of that name and its identity there.  Derived,
 * not random, so a database rebuilt from the same feeds gives the same
 * entry ids.  The feed's part comes first for the UNIQUE index on uid:
 * a feed's new items land on a leaf page or two of it, not on a random
 * page each, which a cold cycle paid for in pages written and read back
 * (bench: 4.4-4.55 s, now 4.0-4.2 s, a fifth less system time).  Uids
 * stored in the earlier form (all from the second hash) stay as they
 * are.  Should the uid be taken (the source that made it moved to
 * another item, then the identity came back), the content hash joins
 * the input (second).
 */
static void
item_uid(const struct store *s, const struct item *it, bool second,
    char uid[sizeof(STORE_UID_PREFIX) + HASH_HEX_LEN])
{
	unsigned char	 h[HASH_LEN], key[HASH_LEN];
	char		 hex[HASH_HEX_LEN], *in;

	hash_hex(it->hash, hex);
	in = xasprintf("%s\n%s%s%s", s->name, it->id, second ? "\n" : "",
	    second ? hex : "");
	hash_bytes(in, strlen(in), h);
	free(in);
	memcpy(key, s->name_hash, STORE_UID_FEED_BYTES);
	memcpy(key + STORE_UID_FEED_BYTES, h, HASH_LEN - STORE_UID_FEED_BYTES);
	memcpy(uid, STORE_UID_PREFIX, strlen(STORE_UID_PREFIX));
	hash_hex(key, uid + strlen(STORE_UID_PREFIX));
}

/*
 * Inserts a new item under the uid item_uid() derives, or its second
 * form when the first is taken: the UNIQUE index says so, which spares
 * looking it up first (the content hash, the other unique key, was just
 * found free).  0, or -1 (logged).
 */
static int
item_insert(struct store *s, int64_t feed_id, const struct item *it,
    time_t now)
{
	sqlite3_stmt	*st = s->stmt[S_ITEM_INSERT];
	char		 uid[sizeof(STORE_UID_PREFIX) + HASH_HEX_LEN];
	char		*cats, *encs;
	int		 rc = SQLITE_ERROR, second;

	if (store_feed_name(s, feed_id) == NULL)	/* for item_uid */
		return -1;
	cats = item_categories_json(it);
	encs = item_enclosures_json(it);
	for (second = 0; second < 2; second++) {
		item_uid(s, it, second, uid);
		if (store_bind_text(s, st, 1, uid) == -1 ||
		    bind_item(s, st, it, now, cats, encs) == -1)
			break;
		rc = sqlite3_step(st);
		if (rc != SQLITE_CONSTRAINT_UNIQUE ||
		    strstr(sqlite3_errmsg(s->db), "items.uid") == NULL)
			break;
		store_stmt_reset(st);
	}
	if (rc != SQLITE_DONE)
		store_fail(s, second == 2 ? "insert item: uid taken" :
		    "insert item");
	store_stmt_reset(st);
	free(cats);
	free(encs);
	if (rc != SQLITE_DONE)
		return -1;
	return store_stmt_exec(s, s->stmt[S_ITEM_COUNTED], "count item");
}

void
store_set_near(struct store *s, int max_distance)
{
	s->near_max = max_distance > SIMHASH_DISTANCE_MAX ?
	    SIMHASH_DISTANCE_MAX : max_distance;
}

/* The nearest candidate so far of a lookup. */
struct near_best {
	uint64_t	 hash;		/* of the item looked up */
	int		 max;		/* distance that merges */
	int		 best;		/* nearest so far, 65: none */
	int64_t		 id;
};

static void
near_consider(void *arg, const struct near_row *r)
{
	struct near_best	*b = arg;
	int			 d;

	d = simhash_distance(b->hash, (uint64_t)r->simhash);
	if (d <= b->max && d < b->best) {
		b->best = d;
		b->id = r->item_id;
	}
}

/*
 * The stored item whose SimHash is nearest to it's, within near_max
 * bits, among those sharing a key: 1 and *id, 0 when there is none, -1
 * on error.  Each key selects O(1) rows (simhash.h).
 */
int
store_find_near(struct store *s, const struct item *it, int64_t *id)
{
	sqlite3_stmt	*st = s->stmt[S_NEAR_FIND];
	struct near_best b = { .hash = it->sim.hash, .best = 65 };
	struct near_row	 r;
	int64_t		 keys[SIMHASH_NKEYS];
	int		 i, n, rc;

	if (s->near_max < 0 ||
	    (n = simhash_keys(&it->sim, keys)) == 0)
		return 0;
	if (store_near_sync(&s->near, s->db) == -1)
		return store_fail(s, "near-duplicate filter");
	for (i = 0; i < n; i++) {
		b.max = simhash_key_distance(keys[i], s->near_max);
		/* rows of this transaction not yet in the table */
		store_pend_each(s, keys[i], near_consider, &b);
		/* most keys are in no row: no page read for them */
		if (!store_near_maybe(s->near, keys[i]))
			continue;
		if (store_bind_int(s, st, 1, keys[i]) == -1) {
			store_stmt_reset(st);
			return -1;
		}
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			r.item_id = sqlite3_column_int64(st, 0);
			r.simhash = sqlite3_column_int64(st, 1);
			near_consider(&b, &r);
		}
		if (rc != SQLITE_DONE) {
			store_fail(s, "find near duplicate");
			store_stmt_reset(st);
			return -1;
		}
		store_stmt_reset(st);
	}
	if (b.best <= 64)
		*id = b.id;
	return b.best <= 64;
}

/* Indexes the signature of item id; an item that is not new first has
 * its old rows removed.  The new rows wait for the commit (store_pend.c). */
static int
item_near_index(struct store *s, int64_t id, const struct simhash_sig *sig,
    bool fresh)
{
	sqlite3_stmt	*st = s->stmt[S_NEAR_DEL];
	int64_t		 keys[SIMHASH_NKEYS];
	int		 i, n;

	if (!fresh) {
		store_pend_drop(s, id);
		if (store_bind_int(s, st, 1, id) == -1 ||
		    store_stmt_exec(s, st, "unindex near duplicate") == -1) {
			store_stmt_reset(st);
			return -1;
		}
	}
	if ((n = simhash_keys(sig, keys)) == 0)
		return 0;
	for (i = 0; i < n; i++)
		store_near_add(s->near, keys[i]);
	return store_pend_add(s, id, (int64_t)sig->hash, keys, n);
}

/* (feed, identity) seen before with another hash. */
static int
store_put_changed(struct store *s, int64_t feed_id, const struct item *it,
    int64_t old_id, time_t now)
{
	int64_t	 other;
	int	 rc;

	if ((rc = item_by_hash(s, it->hash, &other)) == -1)
		return -1;
	if (rc == 1) {
		/* The new content is a story we already have: join it. */
		if (source_write(s, S_SOURCE_MOVE, feed_id, it->id, other,
		    now) == -1 || item_touch(s, other, now) == -1 ||
		    item_drop_orphan(s, old_id) == -1)
			return -1;
		return STORE_UPDATED;
	}
	/*
	 * Updated in place, uid kept.  Other feeds carrying the item see
	 * the update too: it is still the same story.
	 */
	if (item_update(s, old_id, it, now) == -1 ||
	    item_near_index(s, old_id, &it->sim, false) == -1)
		return -1;
	return STORE_UPDATED;
}

/* (feed, identity) never seen before. */
static int
store_put_new(struct store *s, int64_t feed_id, const struct item *it,
    time_t now)
{
	int64_t	 id;
	int	 rc;

	if ((rc = item_by_hash(s, it->hash, &id)) == 0)
		rc = store_find_near(s, it, &id);
	if (rc == -1)
		return -1;
	if (rc == 1) {
		if (source_write(s, S_SOURCE_INSERT, feed_id, it->id, id,
		    now) == -1 || item_touch(s, id, now) == -1)
			return -1;
		return STORE_MERGED;
	}
	if (item_insert(s, feed_id, it, now) == -1)
		return -1;
	id = sqlite3_last_insert_rowid(s->db);
	if (source_write(s, S_SOURCE_INSERT, feed_id, it->id, id, now) == -1 ||
	    item_near_index(s, id, &it->sim, true) == -1)
		return -1;
	return STORE_NEW;
}

int
store_put_item(struct store *s, int64_t feed_id, const struct item *it,
    time_t now)
{
	sqlite3_stmt	*st = s->stmt[S_SOURCE_GET];
	int64_t		 id;
	int		 rc, same;

	if (it->id == NULL || !it->hashed) {
		log_warnx("store %s: item without %s", s->path,
		    it->id == NULL ? "identity" : "hash");
		return -1;
	}
	if (store_bind_int(s, st, 1, feed_id) == -1 ||
	    store_bind_text(s, st, 2, it->id) == -1) {
		store_stmt_reset(st);
		return -1;
	}
	if ((rc = store_stmt_row(s, st, "find source")) == -1)
		return -1;
	if (rc == 0)
		return store_put_new(s, feed_id, it, now);
	id = sqlite3_column_int64(st, 0);
	same = sqlite3_column_bytes(st, 1) == HASH_LEN &&
	    memcmp(sqlite3_column_blob(st, 1), it->hash, HASH_LEN) == 0;
	store_stmt_reset(st);
	if (same)
		return item_touch(s, id, now) == -1 ? -1 : STORE_UNCHANGED;
	return store_put_changed(s, feed_id, it, id, now);
}

static void
item_read_categories(struct item *it, const char *text)
{
	json_t	*a, *v;
	size_t	 i;

	if (text == NULL || (a = json_loads(text, 0, NULL)) == NULL)
		return;
	json_array_foreach(a, i, v) {
		if (json_is_string(v))
			item_add_category(it, json_string_value(v));
	}
	json_decref(a);
}

static void
item_read_enclosures(struct item *it, const char *text)
{
	json_t	*a, *v, *len;
	size_t	 i;

	if (text == NULL || (a = json_loads(text, 0, NULL)) == NULL)
		return;
	json_array_foreach(a, i, v) {
		if (!json_is_string(json_object_get(v, "url")))
			continue;
		len = json_object_get(v, "length");
		item_add_enclosure(it,
		    json_string_value(json_object_get(v, "url")),
		    json_string_value(json_object_get(v, "type")),
		    json_is_integer(len) ? json_integer_value(len) : -1);
	}
	json_decref(a);
}

/* The ITEM_COLS of the current row of st into *it, sources not yet. */
static void
item_read(sqlite3_stmt *st, struct item *it)
{
	memset(it, 0, sizeof(*it));
	it->uid = store_col_text(st, 1);
	it->title = store_col_text(st, 2);
	it->link = store_col_text(st, 3);
	it->author = store_col_text(st, 4);
	it->summary = store_col_text(st, 5);
	it->content = store_col_text(st, 6);
	it->published = (time_t)sqlite3_column_int64(st, 7);
	it->updated = (time_t)sqlite3_column_int64(st, 8);
	it->first_seen = (time_t)sqlite3_column_int64(st, 9);
	item_read_categories(it, (const char *)sqlite3_column_text(st, 10));
	item_read_enclosures(it, (const char *)sqlite3_column_text(st, 11));
}

static int
item_read_sources(struct store *s, int64_t id, struct item *it)
{
	sqlite3_stmt	*st = s->stmt[S_RECENT_SOURCES];
	int		 rc;

	if (store_bind_int(s, st, 1, id) == -1) {
		store_stmt_reset(st);
		return -1;
	}
	while ((rc = store_stmt_row(s, st, "item sources")) == 1)
		item_add_source(it, (const char *)sqlite3_column_text(st, 0),
		    (const char *)sqlite3_column_text(st, 1),
		    (const char *)sqlite3_column_text(st, 2),
		    (const char *)sqlite3_column_text(st, 3));
	return rc;
}

int
store_set_names(struct store *s, const char *const *names, size_t n)
{
	sqlite3_stmt	*st = s->stmt[S_NAMES_ADD];
	size_t		 i;

	if (store_stmt_exec(s, s->stmt[S_NAMES_CLEAR], "clear names") == -1)
		return -1;
	for (i = 0; i < n; i++) {
		if (store_bind_text(s, st, 1, names[i]) == -1) {
			store_stmt_reset(st);
			return -1;
		}
		if (store_stmt_exec(s, st, "add name") == -1)
			return -1;
	}
	return 0;
}

/* store_recent() inside a transaction, so items and sources agree. */
static int
store_recent_read(struct store *s, const char *const *names, size_t nnames,
    long limit, struct item **out, size_t *n)
{
	sqlite3_stmt	*st = s->stmt[S_RECENT];
	struct item	*v = NULL;
	size_t		 nv = 0;
	int		 rc;

	if (store_set_names(s, names, nnames) == -1 ||
	    store_bind_int(s, st, 1, limit) == -1) {
		store_stmt_reset(st);
		return -1;
	}
	while ((rc = store_stmt_row(s, st, "recent items")) == 1) {
		v = xreallocarray(v, nv + 1, sizeof(*v));
		item_read(st, &v[nv]);
		if (item_read_sources(s, sqlite3_column_int64(st, 0),
		    &v[nv++]) == -1) {
			store_stmt_reset(st);
			rc = -1;
			break;
		}
	}
	if (rc == -1) {
		store_items_free(v, nv);
		return -1;
	}
	*out = v;
	*n = nv;
	return 0;
}

int
store_recent(struct store *s, const char *const *names, size_t nnames,
    long limit, struct item **out, size_t *n)
{
	int	 own, rc;

	*out = NULL;
	*n = 0;
	if (limit <= 0 || nnames == 0)
		return 0;
	/* A read outside the caller's transaction gets one of its own. */
	own = sqlite3_get_autocommit(s->db);
	if (own && store_stmt_exec(s, s->stmt[S_BEGIN_READ], "begin") == -1)
		return -1;
	rc = store_recent_read(s, names, nnames, limit, out, n);
	if (own) {
		if (rc == 0 && store_commit(s) == -1) {
			store_items_free(*out, *n);
			*out = NULL;
			*n = 0;
			rc = -1;
		}
		if (rc == -1)
			store_rollback(s);
	}
	return rc;
}

void
store_items_free(struct item *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		item_free(&v[i]);
	free(v);
}
