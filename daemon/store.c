/*
 * store.c — everything feedd knows, in one SQLite database (see store.h).
 *
 * Three tables: feeds (one row per feeds.conf section, with its fetch
 * state), items (one row per story, unique by content hash) and
 * item_sources (every (feed, identity) pair that led to an item).  An
 * item's uid is fixed when it is first stored and never changes, so the
 * entry ids of the merged feed survive updates and restarts.
 *
 * Every statement is prepared once in store_open() and reset after each
 * use; stmt_reset() is the only place that resets them.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sqlite3.h>

#include "hash.h"
#include "log.h"
#include "simhash.h"
#include "store_ckpt.h"
#include "store_near.h"
#include "store.h"
#include "xmalloc.h"

#define STORE_BUSY_MS		5000	/* wait for `feedd status` readers */
#define STORE_VACUUM_PAGES	"2048"	/* freed pages returned per prune */
#define STORE_UID_PREFIX	"urn:feedd:"

/*
 * Schema migrations, oldest first.  Migration N brings the database from
 * user_version N-1 to N; append, never edit a released step.
 */
static const char *const migrations[] = {
	/* 1: everything */
	"CREATE TABLE feeds ("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT UNIQUE NOT NULL,"
	"  url TEXT, title TEXT, link TEXT,"
	"  etag TEXT, last_modified TEXT,"
	"  last_fetch INTEGER NOT NULL DEFAULT 0,"
	"  last_ok INTEGER NOT NULL DEFAULT 0,"
	"  last_status INTEGER NOT NULL DEFAULT 0,"
	"  last_error TEXT, error_stage TEXT,"
	"  errors INTEGER NOT NULL DEFAULT 0);"
	"CREATE TABLE items ("
	"  id INTEGER PRIMARY KEY,"
	"  uid TEXT UNIQUE NOT NULL,"
	"  hash BLOB UNIQUE NOT NULL,"
	"  title TEXT, link TEXT, author TEXT, summary TEXT, content TEXT,"
	"  published INTEGER, updated INTEGER,"
	"  first_seen INTEGER NOT NULL, last_seen INTEGER NOT NULL,"
	"  sort_date INTEGER NOT NULL,"
	"  categories TEXT, enclosures TEXT);"
	"CREATE INDEX items_sort_date ON items(sort_date);"
	"CREATE TABLE item_sources ("
	"  feed_id INTEGER NOT NULL REFERENCES feeds(id),"
	"  guid TEXT NOT NULL,"
	"  item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,"
	"  first_seen INTEGER NOT NULL,"
	"  PRIMARY KEY (feed_id, guid));"
	"CREATE INDEX item_sources_item ON item_sources(item_id);",
	/* 2: near-duplicate index, one row per signature key (simhash.h) */
	"CREATE TABLE item_simhash ("
	"  key INTEGER NOT NULL,"
	"  item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,"
	"  simhash INTEGER NOT NULL,"
	"  PRIMARY KEY (key, item_id)) WITHOUT ROWID;"
	"CREATE INDEX item_simhash_item ON item_simhash(item_id);",
	/* 3: the scheduler's state per feed (schedule.h, loop.c) */
	"ALTER TABLE feeds ADD COLUMN next_poll INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE feeds ADD COLUMN dead INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE feeds ADD COLUMN moved_url TEXT;"
	"ALTER TABLE feeds ADD COLUMN redirect_url TEXT;"
	"ALTER TABLE feeds ADD COLUMN redirect_count INTEGER NOT NULL"
	"  DEFAULT 0;"
	"ALTER TABLE feeds ADD COLUMN body_hash BLOB;"
	"ALTER TABLE feeds ADD COLUMN hint INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE feeds ADD COLUMN skip_hours INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE feeds ADD COLUMN skip_days INTEGER NOT NULL DEFAULT 0;",
	/* 4: small named values (store_meta_*): the content generation and
	 * what was last published (loop.c) */
	"CREATE TABLE meta (key TEXT PRIMARY KEY, value) WITHOUT ROWID;",
	/* 5: retention reads last_seen from an index, not from the row
	 * behind its content's overflow pages; the item count is kept in
	 * meta by triggers, so start-up and each round need no count(*) */
	"DROP INDEX items_sort_date;"
	"CREATE INDEX items_age ON items(sort_date, last_seen);"
	"INSERT OR REPLACE INTO meta VALUES ('items',"
	"  (SELECT count(*) FROM items));"
	"CREATE TRIGGER items_counted AFTER INSERT ON items BEGIN"
	"  UPDATE meta SET value = value + 1 WHERE key = 'items'; END;"
	"CREATE TRIGGER items_uncounted AFTER DELETE ON items BEGIN"
	"  UPDATE meta SET value = value - 1 WHERE key = 'items'; END;",
	/* 6: SimHash bands of 32 bits (kinds 6, 7) replace those of 21
	 * (kinds 0-2), which grew crowded as the store grew (simhash.c) */
	"INSERT OR IGNORE INTO item_simhash"
	"  SELECT (6 << 56) | (simhash & 0xffffffff), item_id, simhash"
	"  FROM item_simhash WHERE key >> 56 = 0;"
	"INSERT OR IGNORE INTO item_simhash"
	"  SELECT (7 << 56) | ((simhash >> 32) & 0xffffffff), item_id,"
	"  simhash FROM item_simhash WHERE key >> 56 = 0;"
	"DELETE FROM item_simhash WHERE key >> 56 BETWEEN 0 AND 2;",
	/* 7: an item's sources and index rows go with it by trigger, as
	 * foreign keys are no longer enforced (store_setup) */
	"CREATE TRIGGER items_unlinked AFTER DELETE ON items BEGIN"
	"  DELETE FROM item_sources WHERE item_id = old.id;"
	"  DELETE FROM item_simhash WHERE item_id = old.id; END;",
};
#define STORE_NMIGRATIONS	(sizeof(migrations) / sizeof(migrations[0]))
#define STORE_CKPT_PAGES	1000	/* WAL pages that call a checkpoint,
					   as SQLite's own default */
#define STORE_WAL_MAX_PAGES	16384	/* then one here, so it rewinds */

#define FEED_COLS \
	"f.id, f.name, f.url, f.title, f.link, f.etag, f.last_modified," \
	" f.last_fetch, f.last_ok, f.last_status, f.last_error," \
	" f.error_stage, f.errors, f.next_poll, f.dead, f.moved_url," \
	" f.redirect_url, f.redirect_count, f.body_hash, f.hint," \
	" f.skip_hours, f.skip_days"
#define FEED_NCOLS	22

#define ITEM_COLS \
	"i.id, i.uid, i.title, i.link, i.author, i.summary, i.content," \
	" i.published, i.updated, i.first_seen, i.categories, i.enclosures"

enum stmt {
	S_BEGIN,
	S_BEGIN_READ,
	S_COMMIT,
	S_ROLLBACK,
	S_SAVEPOINT,
	S_RELEASE,
	S_ROLLBACK_TO,
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

static const char *const stmt_sql[S_MAX] = {
	/* Writers take the lock up front, where the busy timeout helps;
	 * a deferred transaction upgraded later could deadlock instead. */
	[S_BEGIN] = "BEGIN IMMEDIATE",
	[S_BEGIN_READ] = "BEGIN",
	[S_COMMIT] = "COMMIT",
	[S_ROLLBACK] = "ROLLBACK",
	/* One feed inside a transaction that carries several (store.h). */
	[S_SAVEPOINT] = "SAVEPOINT feed",
	[S_RELEASE] = "RELEASE feed",
	[S_ROLLBACK_TO] = "ROLLBACK TO feed",
	[S_FEED_GET] = "SELECT " FEED_COLS " FROM feeds f WHERE f.name = ?1",
	[S_FEED_INSERT] = "INSERT INTO feeds (name, url) VALUES (?1, ?2)",
	/* A new url is a fresh start: alive, not moved, nothing hashed. */
	[S_FEED_SET_URL] = "UPDATE feeds SET url = ?2, next_poll = 0,"
	    " dead = 0, moved_url = NULL, redirect_url = NULL,"
	    " redirect_count = 0, body_hash = NULL WHERE id = ?1",
	[S_FEED_UPDATE] = "UPDATE feeds SET title = ?2, link = ?3, etag = ?4,"
	    " last_modified = ?5, last_fetch = ?6, last_ok = ?7,"
	    " last_status = ?8, last_error = ?9, error_stage = ?10,"
	    " errors = ?11, next_poll = ?12, dead = ?13, moved_url = ?14,"
	    " redirect_url = ?15, redirect_count = ?16, body_hash = ?17,"
	    " hint = ?18, skip_hours = ?19, skip_days = ?20 WHERE id = ?1",
	[S_FEED_ALL] = "SELECT " FEED_COLS ", (SELECT count(*) FROM"
	    " item_sources s WHERE s.feed_id = f.id) FROM feeds f"
	    " ORDER BY f.name",
	[S_FEED_NAME] = "SELECT name FROM feeds WHERE id = ?1",
	[S_SOURCE_GET] = "SELECT s.item_id, i.hash FROM item_sources s"
	    " JOIN items i ON i.id = s.item_id"
	    " WHERE s.feed_id = ?1 AND s.guid = ?2",
	[S_SOURCE_INSERT] = "INSERT INTO item_sources"
	    " (feed_id, guid, item_id, first_seen) VALUES (?1, ?2, ?3, ?4)",
	[S_SOURCE_MOVE] = "UPDATE item_sources SET item_id = ?3"
	    " WHERE feed_id = ?1 AND guid = ?2",
	[S_ITEM_BY_HASH] = "SELECT id FROM items WHERE hash = ?1",
	[S_ITEM_TOUCH] = "UPDATE items SET last_seen = ?2 WHERE id = ?1",
	[S_ITEM_INSERT] = "INSERT INTO items (uid, hash, title, link, author,"
	    " summary, content, published, updated, first_seen, last_seen,"
	    " sort_date, categories, enclosures) VALUES (?1, ?2, ?3, ?4, ?5,"
	    " ?6, ?7, ?8, ?9, ?10, ?10, min(coalesce(?8, ?9, ?10), ?10),"
	    " ?11, ?12)",
	/* ?10 is now: first_seen is kept, the sort date follows the new
	 * dates and falls back to when we first saw the story. */
	[S_ITEM_UPDATE] = "UPDATE items SET hash = ?2, title = ?3, link = ?4,"
	    " author = ?5, summary = ?6, content = ?7, published = ?8,"
	    /* A feed that does not date its change: the change is as new
	     * as our noticing it, so the merged entry's updated moves. */
	    " updated = coalesce(?9, ?10), last_seen = ?10,"
	    " sort_date = min(coalesce(?8, ?9, first_seen), ?10),"
	    " categories = ?11, enclosures = ?12 WHERE id = ?1",
	[S_ITEM_DROP_ORPHAN] = "DELETE FROM items WHERE id = ?1 AND NOT EXISTS"
	    " (SELECT 1 FROM item_sources WHERE item_id = ?1)",
	[S_ITEM_COUNT] = "SELECT value FROM meta WHERE key = 'items'",
	[S_NAMES_CLEAR] = "DELETE FROM temp.recent_names",
	[S_NAMES_ADD] = "INSERT OR IGNORE INTO temp.recent_names VALUES (?1)",
	[S_RECENT] = "SELECT " ITEM_COLS " FROM items i WHERE EXISTS"
	    " (SELECT 1 FROM item_sources s JOIN feeds f ON f.id = s.feed_id"
	    " JOIN temp.recent_names n ON n.name = f.name"
	    " WHERE s.item_id = i.id)"
	    /* Ties broken by uid, not rowid: the same stories give the same
	     * feed whatever order they were stored in. */
	    " ORDER BY i.sort_date DESC, i.uid DESC LIMIT ?1",
	/* The first feed that carried the item comes first. */
	[S_RECENT_SOURCES] = "SELECT f.name, f.title, f.link, f.url"
	    " FROM item_sources s JOIN feeds f ON f.id = s.feed_id"
	    " JOIN temp.recent_names n ON n.name = f.name"
	    " WHERE s.item_id = ?1 ORDER BY s.first_seen, s.rowid",
	/* A key shared by many items (a headline every day) is cut short:
	 * lookup cost stays bounded, and its other keys still find it. */
	[S_NEAR_FIND] = "SELECT item_id, simhash FROM item_simhash"
	    " WHERE key = ?1 LIMIT 32",
	/* one statement for all of an item's keys (NULL: no such key) */
	[S_NEAR_ADD] = "INSERT OR IGNORE INTO item_simhash (key, item_id,"
	    " simhash) SELECT column1, ?6, ?7 FROM (VALUES (?1), (?2), (?3),"
	    " (?4), (?5)) WHERE column1 IS NOT NULL",
	[S_NEAR_DEL] = "DELETE FROM item_simhash WHERE item_id = ?1",
	[S_META_GET] = "SELECT value FROM meta WHERE key = ?1",
	[S_META_SET] = "INSERT OR REPLACE INTO meta VALUES (?1, ?2)",
	[S_META_BUMP] = "INSERT INTO meta VALUES (?1, 1)"
	    " ON CONFLICT (key) DO UPDATE SET value = value + 1",
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
	bool		 ckpt_failed;	/* SQLite's own checkpoints then */
};

static int
store_fail(struct store *s, const char *what)
{
	log_warnx("store %s: %s: %s", s->path, what, sqlite3_errmsg(s->db));
	return -1;
}

/*
 * sqlite3_reset() repeats the error of the last step, which the caller
 * has already reported, so its result carries no news here.
 */
static void
stmt_reset(sqlite3_stmt *st)
{
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
}

static int
bind_text(struct store *s, sqlite3_stmt *st, int i, const char *v)
{
	int	 rc;

	if (v == NULL)
		rc = sqlite3_bind_null(st, i);
	else
		rc = sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
	return rc == SQLITE_OK ? 0 : store_fail(s, "bind");
}

static int
bind_int(struct store *s, sqlite3_stmt *st, int i, int64_t v)
{
	if (sqlite3_bind_int64(st, i, v) != SQLITE_OK)
		return store_fail(s, "bind");
	return 0;
}

/* A date column: DATE_NONE is stored as NULL so coalesce() skips it. */
static int
bind_date(struct store *s, sqlite3_stmt *st, int i, time_t v)
{
	int	 rc;

	if (v == DATE_NONE)
		rc = sqlite3_bind_null(st, i);
	else
		rc = sqlite3_bind_int64(st, i, (sqlite3_int64)v);
	return rc == SQLITE_OK ? 0 : store_fail(s, "bind");
}

static int
bind_blob(struct store *s, sqlite3_stmt *st, int i, const void *p, int n)
{
	if (sqlite3_bind_blob(st, i, p, n, SQLITE_STATIC) != SQLITE_OK)
		return store_fail(s, "bind");
	return 0;
}

/* Steps a statement that returns no rows and resets it. */
static int
stmt_exec(struct store *s, sqlite3_stmt *st, const char *what)
{
	int	 rc;

	rc = sqlite3_step(st);
	if (rc != SQLITE_DONE)
		store_fail(s, what);
	stmt_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* Steps a query: 1 with a row, 0 without, -1 on error (then reset). */
static int
stmt_row(struct store *s, sqlite3_stmt *st, const char *what)
{
	int	 rc;

	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc != SQLITE_DONE)
		store_fail(s, what);
	stmt_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

static char *
col_text(sqlite3_stmt *st, int i)
{
	return xstrdup((const char *)sqlite3_column_text(st, i));
}

static int
store_exec(struct store *s, const char *sql, const char *what)
{
	char	*msg = NULL;

	if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		log_warnx("store %s: %s: %s", s->path, what,
		    msg ? msg : sqlite3_errmsg(s->db));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

static int
store_user_version(struct store *s, int *version)
{
	sqlite3_stmt	*st;
	int		 rc;

	if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st,
	    NULL) != SQLITE_OK)
		return store_fail(s, "read user_version");
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*version = sqlite3_column_int(st, 0);
	else
		store_fail(s, "read user_version");
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : -1;
}

/*
 * Brings the schema to the newest version, each step in a transaction
 * of its own with the new user_version, so a crash in the middle leaves
 * the database at a version we know.
 */
static int
store_migrate(struct store *s, char *err, size_t errlen)
{
	char	 sql[64];
	int	 version;

	if (store_user_version(s, &version) == -1) {
		snprintf(err, errlen, "%s: cannot read schema version: %s",
		    s->path, sqlite3_errmsg(s->db));
		return -1;
	}
	if (version < 0 || (size_t)version > STORE_NMIGRATIONS) {
		snprintf(err, errlen, "%s: schema version %d is newer than "
		    "this feedd knows (%zu)", s->path, version,
		    STORE_NMIGRATIONS);
		return -1;
	}
	for (; (size_t)version < STORE_NMIGRATIONS; version++) {
		snprintf(sql, sizeof(sql), "PRAGMA user_version = %d",
		    version + 1);
		if (store_exec(s, "BEGIN IMMEDIATE", "migrate") == -1)
			goto fail;
		if (store_exec(s, migrations[version], "migrate") == -1 ||
		    store_exec(s, sql, "migrate") == -1 ||
		    store_exec(s, "COMMIT", "migrate") == -1) {
			/* the error, before ROLLBACK replaces it */
			snprintf(err, errlen, "%s: schema migration %d "
			    "failed: %s", s->path, version + 1,
			    sqlite3_errmsg(s->db));
			store_exec(s, "ROLLBACK", "migrate rollback");
			return -1;
		}
		log_debug("store %s: schema migrated to version %d", s->path,
		    version + 1);
	}
	return 0;
fail:
	snprintf(err, errlen, "%s: schema migration %d failed: %s", s->path,
	    version + 1, sqlite3_errmsg(s->db));
	return -1;
}

/*
 * WAL with synchronous=NORMAL: a commit appends to the WAL without an
 * fsync; the WAL is synced before every checkpoint.  A power cut may
 * therefore lose the last transactions since the last sync, but the
 * database is never corrupt: it opens at the last durable commit.  What
 * is lost is refetched on the next poll, so the saved fsyncs are worth
 * it.  WAL also lets `feedd status` read while the daemon writes.
 *
 * Foreign keys stay declared but are not enforced: checking the parents
 * of the rows an item brings (its source, up to five index rows) was a
 * fifth of the CPU of storing it (bench-near), and store.c writes a row
 * only after the rows it refers to.  The one thing enforcement did,
 * cascading an item's deletion to its sources and index rows, the
 * trigger of migration 7 does.
 */
static int
store_setup(struct store *s, char *err, size_t errlen)
{
	if (sqlite3_busy_timeout(s->db, STORE_BUSY_MS) != SQLITE_OK ||
	    /* Takes effect on a new database only, before WAL or any
	     * table: store_prune() then gives freed pages back bit by bit. */
	    store_exec(s, "PRAGMA auto_vacuum = INCREMENTAL", "auto_vacuum") == -1 ||
	    store_exec(s, "PRAGMA journal_mode = WAL", "journal_mode") == -1 ||
	    store_exec(s, "PRAGMA synchronous = NORMAL", "synchronous") == -1 ||
	    /* A feed's savepoint inside a shared transaction keeps the
	     * pages it changes in a statement journal, spilled to a temp
	     * file past 64 KB: 124,000 page writes for 200 feeds, 10 times
	     * the data stored (bench).  In memory it holds one feed's
	     * pages at a time (about 3 MB at the bench's peak). */
	    store_exec(s, "PRAGMA temp_store = MEMORY", "temp_store") == -1 ||
	    /* Half SQLite's default: a cold bench cycle (50,000 items
	     * written) peaks 2 MB lower at the same CPU time; the pages
	     * it no longer holds come back from the OS's cache. */
	    store_exec(s, "PRAGMA cache_size = -1000", "cache_size") == -1 ||
	    /* what a burst of writes grew the WAL to is given back when
	     * it rewinds (store_ckpt.h) */
	    store_exec(s, "PRAGMA journal_size_limit = 67108864",
	    "journal_size_limit") == -1) {
		snprintf(err, errlen, "%s: %s", s->path, sqlite3_errmsg(s->db));
		return -1;
	}
	return 0;
}

static int
store_prepare(struct store *s, char *err, size_t errlen)
{
	int	 i;

	/* Named feeds for store_recent(), bound row by row. */
	if (store_exec(s, "CREATE TEMP TABLE recent_names"
	    " (name TEXT PRIMARY KEY)", "temp table") == -1)
		goto fail;
	for (i = 0; i < S_MAX; i++) {
		if (sqlite3_prepare_v3(s->db, stmt_sql[i], -1,
		    SQLITE_PREPARE_PERSISTENT, &s->stmt[i], NULL) != SQLITE_OK) {
			store_fail(s, stmt_sql[i]);
			goto fail;
		}
	}
	return 0;
fail:
	snprintf(err, errlen, "%s: cannot prepare statements: %s", s->path,
	    sqlite3_errmsg(s->db));
	return -1;
}

/*
 * SQLite counts every allocation under a global mutex by default, for
 * sqlite3_memory_used(), which feedd never asks for: one lock fewer
 * for every statement step.  Must run before the first connection.
 */
static void
store_global(void)
{
	int	 rc;

	if ((rc = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0)) != SQLITE_OK)
		log_debug("store: SQLITE_CONFIG_MEMSTATUS: %s",
		    sqlite3_errstr(rc));
}

/*
 * sqlite3_wal_hook: after each commit.  Replaces SQLite's checkpoint on
 * this connection with the checkpointer's (store_ckpt.h), started the
 * first time the WAL is long enough to need one.
 */
static int
store_wal_hook(void *arg, sqlite3 *db, const char *name, int pages)
{
	struct store	*s = arg;

	(void)name;
	if (pages < STORE_CKPT_PAGES)
		return SQLITE_OK;
	if (s->ckpt == NULL && !s->ckpt_failed &&
	    (s->ckpt = store_ckpt_start(s->path)) == NULL)
		s->ckpt_failed = true;
	/* The checkpointer has copied most pages already, so the rest is
	 * quick: the WAL can then rewind at the next transaction, which it
	 * cannot while the checkpointer runs behind a burst of writes. */
	if (s->ckpt != NULL && pages < STORE_WAL_MAX_PAGES)
		store_ckpt_kick(s->ckpt);
	else if (sqlite3_wal_checkpoint_v2(db, NULL,
	    SQLITE_CHECKPOINT_PASSIVE, NULL, NULL) != SQLITE_OK)
		log_warnx("store %s: checkpoint: %s", s->path,
		    sqlite3_errmsg(db));
	return SQLITE_OK;
}

struct store *
store_open(const char *path, char *err, size_t errlen)
{
	static pthread_once_t	 once = PTHREAD_ONCE_INIT;
	struct store	*s;
	int		 rc;

	if ((rc = pthread_once(&once, store_global)) != 0)
		log_warnx("store: pthread_once: %s", strerror(rc));
	s = xcalloc(1, sizeof(*s));
	s->path = xstrdup(path);
	s->near_max = SIMHASH_DISTANCE;
	rc = sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", path, s->db ?
		    sqlite3_errmsg(s->db) : sqlite3_errstr(rc));
		goto fail;
	}
	if (sqlite3_extended_result_codes(s->db, 1) != SQLITE_OK ||
	    store_setup(s, err, errlen) == -1 ||
	    store_migrate(s, err, errlen) == -1 ||
	    store_prepare(s, err, errlen) == -1)
		goto fail;
	sqlite3_wal_hook(s->db, store_wal_hook, s);
	return s;
fail:
	store_close(s);
	return NULL;
}

void
store_close(struct store *s)
{
	int	 i;

	if (s == NULL)
		return;
	for (i = 0; i < S_MAX; i++)
		sqlite3_finalize(s->stmt[i]);
	store_near_free(s->near);
	store_ckpt_stop(s->ckpt);
	free(s->name);
	/* Closing the last connection checkpoints and removes the WAL. */
	if (s->db && sqlite3_close(s->db) != SQLITE_OK)
		log_warnx("store %s: close: %s", s->path, sqlite3_errmsg(s->db));
	free(s->path);
	free(s);
}

int
store_begin(struct store *s)
{
	return stmt_exec(s, s->stmt[S_BEGIN], "begin");
}

int
store_commit(struct store *s)
{
	return stmt_exec(s, s->stmt[S_COMMIT], "commit");
}

void
store_rollback(struct store *s)
{
	/* An error may already have rolled the transaction back. */
	if (sqlite3_get_autocommit(s->db))
		return;
	stmt_exec(s, s->stmt[S_ROLLBACK], "rollback");
}

int
store_in_transaction(struct store *s)
{
	return !sqlite3_get_autocommit(s->db);
}

int
store_savepoint(struct store *s)
{
	return stmt_exec(s, s->stmt[S_SAVEPOINT], "savepoint");
}

int
store_release(struct store *s)
{
	return stmt_exec(s, s->stmt[S_RELEASE], "release savepoint");
}

void
store_rollback_to(struct store *s)
{
	/* An error may already have rolled the whole transaction back. */
	if (sqlite3_get_autocommit(s->db))
		return;
	if (stmt_exec(s, s->stmt[S_ROLLBACK_TO], "rollback to savepoint") == 0)
		stmt_exec(s, s->stmt[S_RELEASE], "release savepoint");
}

/* The FEED_COLS of the current row of st into *out. */
static void
feed_state_read(sqlite3_stmt *st, struct feed_state *out)
{
	memset(out, 0, sizeof(*out));
	out->id = sqlite3_column_int64(st, 0);
	out->name = col_text(st, 1);
	out->url = col_text(st, 2);
	out->title = col_text(st, 3);
	out->link = col_text(st, 4);
	out->etag = col_text(st, 5);
	out->last_modified = col_text(st, 6);
	out->last_fetch = (time_t)sqlite3_column_int64(st, 7);
	out->last_ok = (time_t)sqlite3_column_int64(st, 8);
	out->last_status = (long)sqlite3_column_int64(st, 9);
	out->last_error = col_text(st, 10);
	out->error_stage = col_text(st, 11);
	out->errors = (long)sqlite3_column_int64(st, 12);
	out->next_poll = (time_t)sqlite3_column_int64(st, 13);
	out->dead = sqlite3_column_int64(st, 14) != 0;
	out->moved_url = col_text(st, 15);
	out->redirect_url = col_text(st, 16);
	out->redirect_count = (long)sqlite3_column_int64(st, 17);
	if (sqlite3_column_bytes(st, 18) == HASH_LEN) {
		memcpy(out->body_hash, sqlite3_column_blob(st, 18), HASH_LEN);
		out->has_body_hash = true;
	}
	out->hint = (long)sqlite3_column_int64(st, 19);
	out->skip_hours = (uint32_t)sqlite3_column_int64(st, 20);
	out->skip_days = (uint8_t)sqlite3_column_int64(st, 21);
}

/* Looks the feed up by name: 1 found (*out filled), 0 not, -1 error. */
static int
store_feed_get(struct store *s, const char *name, struct feed_state *out)
{
	sqlite3_stmt	*st = s->stmt[S_FEED_GET];
	int		 rc;

	if (bind_text(s, st, 1, name) == -1) {
		stmt_reset(st);
		return -1;
	}
	if ((rc = stmt_row(s, st, "look up feed")) == 1) {
		feed_state_read(st, out);
		stmt_reset(st);
	}
	return rc;
}

int
store_feed(struct store *s, const char *name, const char *url,
    struct feed_state *out)
{
	sqlite3_stmt	*st;
	int		 rc;

	if ((rc = store_feed_get(s, name, out)) == -1)
		return -1;
	if (rc == 0) {
		st = s->stmt[S_FEED_INSERT];
		if (bind_text(s, st, 1, name) == -1 ||
		    bind_text(s, st, 2, url) == -1) {
			stmt_reset(st);
			return -1;
		}
		if (stmt_exec(s, st, "insert feed") == -1)
			return -1;
		if (store_feed_get(s, name, out) != 1)
			return -1;
		return 0;
	}
	if (url == NULL || (out->url && strcmp(out->url, url) == 0))
		return 0;
	/* A new url for the same section keeps the feed's history. */
	st = s->stmt[S_FEED_SET_URL];
	if (bind_int(s, st, 1, out->id) == -1 || bind_text(s, st, 2, url) == -1 ||
	    stmt_exec(s, st, "set feed url") == -1) {
		stmt_reset(st);
		feed_state_free(out);
		return -1;
	}
	item_set(&out->url, url);
	/* as S_FEED_SET_URL did in the database */
	out->next_poll = 0;
	out->dead = false;
	item_set(&out->moved_url, NULL);
	item_set(&out->redirect_url, NULL);
	out->redirect_count = 0;
	out->has_body_hash = false;
	return 0;
}

void
feed_state_free(struct feed_state *st)
{
	free(st->name);
	free(st->url);
	free(st->title);
	free(st->link);
	free(st->etag);
	free(st->last_modified);
	free(st->last_error);
	free(st->error_stage);
	free(st->moved_url);
	free(st->redirect_url);
	memset(st, 0, sizeof(*st));
}

int
store_feed_update(struct store *s, const struct feed_state *f)
{
	sqlite3_stmt	*st = s->stmt[S_FEED_UPDATE];

	if (bind_int(s, st, 1, f->id) == -1 ||
	    bind_text(s, st, 2, f->title) == -1 ||
	    bind_text(s, st, 3, f->link) == -1 ||
	    bind_text(s, st, 4, f->etag) == -1 ||
	    bind_text(s, st, 5, f->last_modified) == -1 ||
	    bind_int(s, st, 6, f->last_fetch) == -1 ||
	    bind_int(s, st, 7, f->last_ok) == -1 ||
	    bind_int(s, st, 8, f->last_status) == -1 ||
	    bind_text(s, st, 9, f->last_error) == -1 ||
	    bind_text(s, st, 10, f->error_stage) == -1 ||
	    bind_int(s, st, 11, f->errors) == -1 ||
	    bind_int(s, st, 12, f->next_poll) == -1 ||
	    bind_int(s, st, 13, f->dead) == -1 ||
	    bind_text(s, st, 14, f->moved_url) == -1 ||
	    bind_text(s, st, 15, f->redirect_url) == -1 ||
	    bind_int(s, st, 16, f->redirect_count) == -1 ||
	    (f->has_body_hash ? bind_blob(s, st, 17, f->body_hash, HASH_LEN) :
	    bind_blob(s, st, 17, NULL, 0)) == -1 ||
	    bind_int(s, st, 18, f->hint) == -1 ||
	    bind_int(s, st, 19, f->skip_hours) == -1 ||
	    bind_int(s, st, 20, f->skip_days) == -1) {
		stmt_reset(st);
		return -1;
	}
	return stmt_exec(s, st, "update feed");
}

int
store_feeds(struct store *s, struct feed_state **out, size_t *n)
{
	sqlite3_stmt		*st = s->stmt[S_FEED_ALL];
	struct feed_state	*v = NULL;
	size_t			 nv = 0, i;
	int			 rc;

	while ((rc = stmt_row(s, st, "list feeds")) == 1) {
		v = xreallocarray(v, nv + 1, sizeof(*v));
		feed_state_read(st, &v[nv]);
		v[nv++].items = (long)sqlite3_column_int64(st, FEED_NCOLS);
	}
	if (rc == -1) {
		for (i = 0; i < nv; i++)
			feed_state_free(&v[i]);
		free(v);
		return -1;
	}
	*out = v;
	*n = nv;
	return 0;
}

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
	if (bind_blob(s, st, 2, it->hash, HASH_LEN) == -1 ||
	    bind_text(s, st, 3, it->title) == -1 ||
	    bind_text(s, st, 4, it->link) == -1 ||
	    bind_text(s, st, 5, it->author) == -1 ||
	    bind_text(s, st, 6, it->summary) == -1 ||
	    bind_text(s, st, 7, it->content) == -1 ||
	    bind_date(s, st, 8, it->published) == -1 ||
	    bind_date(s, st, 9, it->updated) == -1 ||
	    bind_int(s, st, 10, now) == -1 ||
	    bind_text(s, st, 11, cats) == -1 ||
	    bind_text(s, st, 12, encs) == -1)
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
	if (bind_int(s, st, 1, id) == -1 ||
	    bind_item(s, st, it, now, cats, encs) == -1)
		stmt_reset(st);
	else
		rc = stmt_exec(s, st, "update item");
	free(cats);
	free(encs);
	return rc;
}

/* Runs a one-row, one-integer query bound to ?1; 1, 0 or -1. */
static int
query_id(struct store *s, sqlite3_stmt *bound, int64_t *id, const char *what)
{
	int	 rc;

	if ((rc = stmt_row(s, bound, what)) == 1) {
		*id = sqlite3_column_int64(bound, 0);
		stmt_reset(bound);
	}
	return rc;
}

static int
item_by_hash(struct store *s, const unsigned char *hash, int64_t *id)
{
	sqlite3_stmt	*st = s->stmt[S_ITEM_BY_HASH];

	if (bind_blob(s, st, 1, hash, HASH_LEN) == -1) {
		stmt_reset(st);
		return -1;
	}
	return query_id(s, st, id, "find item by hash");
}

static int
source_write(struct store *s, enum stmt which, int64_t feed_id,
    const char *guid, int64_t item_id, time_t now)
{
	sqlite3_stmt	*st = s->stmt[which];

	if (bind_int(s, st, 1, feed_id) == -1 ||
	    bind_text(s, st, 2, guid) == -1 ||
	    bind_int(s, st, 3, item_id) == -1 ||
	    (which == S_SOURCE_INSERT && bind_int(s, st, 4, now) == -1)) {
		stmt_reset(st);
		return -1;
	}
	return stmt_exec(s, st, which == S_SOURCE_INSERT ?
	    "insert source" : "move source");
}

static int
item_touch(struct store *s, int64_t id, time_t now)
{
	sqlite3_stmt	*st = s->stmt[S_ITEM_TOUCH];

	if (bind_int(s, st, 1, id) == -1 || bind_int(s, st, 2, now) == -1) {
		stmt_reset(st);
		return -1;
	}
	return stmt_exec(s, st, "touch item");
}

static int
item_drop_orphan(struct store *s, int64_t id)
{
	sqlite3_stmt	*st = s->stmt[S_ITEM_DROP_ORPHAN];

	if (bind_int(s, st, 1, id) == -1) {
		stmt_reset(st);
		return -1;
	}
	return stmt_exec(s, st, "drop orphan item");
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
	if (bind_int(s, st, 1, feed_id) == -1) {
		stmt_reset(st);
		return NULL;
	}
	if ((rc = stmt_row(s, st, "feed name")) != 1) {
		if (rc == 0)
			log_warnx("store %s: no feed with id %lld", s->path,
			    (long long)feed_id);
		return NULL;
	}
	free(s->name);
	s->name = xstrdup((const char *)sqlite3_column_text(st, 0));
	s->name_of = feed_id;
	stmt_reset(st);
	return s->name;
}

/*
 * The uid of a new item: "urn:feedd:" + SHA-256 of its first feed's name
 * and its identity there.  Derived, not random, so a database rebuilt
 * from the same feeds gives the same entry ids.  Should that uid be taken
 * (the source that made it moved to another item, then the identity came
 * back), the content hash joins the input (second).
 */
static void
item_uid(const char *feed, const struct item *it, bool second,
    char uid[sizeof(STORE_UID_PREFIX) + HASH_HEX_LEN])
{
	unsigned char	 h[HASH_LEN];
	char		 hex[HASH_HEX_LEN], *in;

	hash_hex(it->hash, hex);
	in = xasprintf("%s\n%s%s%s", feed, it->id, second ? "\n" : "",
	    second ? hex : "");
	hash_bytes(in, strlen(in), h);
	free(in);
	memcpy(uid, STORE_UID_PREFIX, strlen(STORE_UID_PREFIX));
	hash_hex(h, uid + strlen(STORE_UID_PREFIX));
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
	const char	*feed;
	int		 rc = SQLITE_ERROR, second;

	if ((feed = store_feed_name(s, feed_id)) == NULL)
		return -1;
	cats = item_categories_json(it);
	encs = item_enclosures_json(it);
	for (second = 0; second < 2; second++) {
		item_uid(feed, it, second, uid);
		if (bind_text(s, st, 1, uid) == -1 ||
		    bind_item(s, st, it, now, cats, encs) == -1)
			break;
		rc = sqlite3_step(st);
		if (rc != SQLITE_CONSTRAINT_UNIQUE ||
		    strstr(sqlite3_errmsg(s->db), "items.uid") == NULL)
			break;
		stmt_reset(st);
	}
	if (rc != SQLITE_DONE)
		store_fail(s, second == 2 ? "insert item: uid taken" :
		    "insert item");
	stmt_reset(st);
	free(cats);
	free(encs);
	return rc == SQLITE_DONE ? 0 : -1;
}

void
store_set_near(struct store *s, int max_distance)
{
	s->near_max = max_distance > SIMHASH_DISTANCE_MAX ?
	    SIMHASH_DISTANCE_MAX : max_distance;
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
	int64_t		 keys[SIMHASH_NKEYS];
	int		 i, n, rc, d, best = 65, max;

	if (s->near_max < 0 ||
	    (n = simhash_keys(&it->sim, keys)) == 0)
		return 0;
	if (store_near_sync(&s->near, s->db) == -1)
		return store_fail(s, "near-duplicate filter");
	for (i = 0; i < n; i++) {
		/* most keys are in no row: no page read for them */
		if (!store_near_maybe(s->near, keys[i]))
			continue;
		if (bind_int(s, st, 1, keys[i]) == -1) {
			stmt_reset(st);
			return -1;
		}
		max = simhash_key_distance(keys[i], s->near_max);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			d = simhash_distance(it->sim.hash,
			    (uint64_t)sqlite3_column_int64(st, 1));
			if (d <= max && d < best) {
				best = d;
				*id = sqlite3_column_int64(st, 0);
			}
		}
		if (rc != SQLITE_DONE) {
			store_fail(s, "find near duplicate");
			stmt_reset(st);
			return -1;
		}
		stmt_reset(st);
	}
	return best <= 64;
}

/* Indexes the signature of item id; an item that is not new first has
 * its old rows removed. */
static int
item_near_index(struct store *s, int64_t id, const struct simhash_sig *sig,
    bool fresh)
{
	sqlite3_stmt	*st = s->stmt[S_NEAR_DEL], *add = s->stmt[S_NEAR_ADD];
	int64_t		 keys[SIMHASH_NKEYS];
	int		 i, n;

	_Static_assert(SIMHASH_NKEYS == 5, "S_NEAR_ADD binds 5 keys");
	if (!fresh && (bind_int(s, st, 1, id) == -1 ||
	    stmt_exec(s, st, "unindex near duplicate") == -1)) {
		stmt_reset(st);
		return -1;
	}
	if ((n = simhash_keys(sig, keys)) == 0)
		return 0;
	for (i = 0; i < SIMHASH_NKEYS; i++)
		if ((i < n ? sqlite3_bind_int64(add, i + 1, keys[i]) :
		    sqlite3_bind_null(add, i + 1)) != SQLITE_OK) {
			stmt_reset(add);
			return store_fail(s, "bind near-duplicate key");
		}
	if (bind_int(s, add, 6, id) == -1 ||
	    bind_int(s, add, 7, (int64_t)sig->hash) == -1) {
		stmt_reset(add);
		return -1;
	}
	if (stmt_exec(s, add, "index near duplicate") == -1)
		return -1;
	for (i = 0; i < n; i++)
		store_near_add(s->near, keys[i]);
	return 0;
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
	if (bind_int(s, st, 1, feed_id) == -1 ||
	    bind_text(s, st, 2, it->id) == -1) {
		stmt_reset(st);
		return -1;
	}
	if ((rc = stmt_row(s, st, "find source")) == -1)
		return -1;
	if (rc == 0)
		return store_put_new(s, feed_id, it, now);
	id = sqlite3_column_int64(st, 0);
	same = sqlite3_column_bytes(st, 1) == HASH_LEN &&
	    memcmp(sqlite3_column_blob(st, 1), it->hash, HASH_LEN) == 0;
	stmt_reset(st);
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
	it->uid = col_text(st, 1);
	it->title = col_text(st, 2);
	it->link = col_text(st, 3);
	it->author = col_text(st, 4);
	it->summary = col_text(st, 5);
	it->content = col_text(st, 6);
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

	if (bind_int(s, st, 1, id) == -1) {
		stmt_reset(st);
		return -1;
	}
	while ((rc = stmt_row(s, st, "item sources")) == 1)
		item_add_source(it, (const char *)sqlite3_column_text(st, 0),
		    (const char *)sqlite3_column_text(st, 1),
		    (const char *)sqlite3_column_text(st, 2),
		    (const char *)sqlite3_column_text(st, 3));
	return rc;
}

static int
store_set_names(struct store *s, const char *const *names, size_t n)
{
	sqlite3_stmt	*st = s->stmt[S_NAMES_ADD];
	size_t		 i;

	if (stmt_exec(s, s->stmt[S_NAMES_CLEAR], "clear names") == -1)
		return -1;
	for (i = 0; i < n; i++) {
		if (bind_text(s, st, 1, names[i]) == -1) {
			stmt_reset(st);
			return -1;
		}
		if (stmt_exec(s, st, "add name") == -1)
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
	    bind_int(s, st, 1, limit) == -1) {
		stmt_reset(st);
		return -1;
	}
	while ((rc = stmt_row(s, st, "recent items")) == 1) {
		v = xreallocarray(v, nv + 1, sizeof(*v));
		item_read(st, &v[nv]);
		if (item_read_sources(s, sqlite3_column_int64(st, 0),
		    &v[nv++]) == -1) {
			stmt_reset(st);
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
	if (own && stmt_exec(s, s->stmt[S_BEGIN_READ], "begin") == -1)
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

char *
store_meta_get(struct store *s, const char *key)
{
	sqlite3_stmt	*st = s->stmt[S_META_GET];
	const char	*v;
	char		*out = NULL;

	if (bind_text(s, st, 1, key) == -1) {
		stmt_reset(st);
		return NULL;
	}
	if (stmt_row(s, st, "read meta") != 1)
		return NULL;
	if ((v = (const char *)sqlite3_column_text(st, 0)) != NULL)
		out = xstrdup(v);
	stmt_reset(st);
	return out;
}

int
store_meta_set(struct store *s, const char *key, const char *value)
{
	sqlite3_stmt	*st = s->stmt[S_META_SET];

	if (bind_text(s, st, 1, key) == -1 ||
	    bind_text(s, st, 2, value) == -1) {
		stmt_reset(st);
		return -1;
	}
	return stmt_exec(s, st, "write meta");
}

int
store_meta_bump(struct store *s, const char *key)
{
	sqlite3_stmt	*st = s->stmt[S_META_BUMP];

	if (bind_text(s, st, 1, key) == -1) {
		stmt_reset(st);
		return -1;
	}
	return stmt_exec(s, st, "bump meta");
}

long
store_count_items(struct store *s)
{
	sqlite3_stmt	*st = s->stmt[S_ITEM_COUNT];
	long		 n;

	if (stmt_row(s, st, "count items") != 1)
		return -1;
	n = (long)sqlite3_column_int64(st, 0);
	stmt_reset(st);
	return n;
}

/*
 * Retention: an item goes once its date and its last sighting are both
 * older than cutoff, unless it is among the newest limit items of the
 * named feeds, which the published feeds still show.  Requiring the old
 * last sighting too means a story still in its feed's document is never
 * dropped only to come back as new on the next fetch.  Sources and the
 * near-duplicate index go with it (trigger items_unlinked).
 */
long
store_prune(struct store *s, const char *const *names, size_t nnames,
    long limit, time_t cutoff)
{
	static const char sql[] = "DELETE FROM items WHERE sort_date < ?1"
	    " AND last_seen < ?1 AND id NOT IN (SELECT i.id FROM items i"
	    " WHERE EXISTS (SELECT 1 FROM item_sources s"
	    " JOIN feeds f ON f.id = s.feed_id"
	    " JOIN temp.recent_names n ON n.name = f.name"
	    " WHERE s.item_id = i.id)"
	    " ORDER BY i.sort_date DESC, i.uid DESC LIMIT ?2)";
	sqlite3_stmt	*st = NULL;
	long		 n = -1;

	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) {
		store_fail(s, "prepare prune");
		return -1;
	}
	if (store_begin(s) == -1)
		goto done;
	if (store_set_names(s, names, nnames) == -1 ||
	    bind_int(s, st, 1, (int64_t)cutoff) == -1 ||
	    bind_int(s, st, 2, limit) == -1 ||
	    stmt_exec(s, st, "prune items") == -1) {
		store_rollback(s);
		goto done;
	}
	n = (long)sqlite3_changes(s->db);
	if (store_commit(s) == -1) {
		n = -1;
		goto done;
	}
	if (n > 0 && store_exec(s, "PRAGMA incremental_vacuum(" 
	    STORE_VACUUM_PAGES ")", "incremental vacuum") == -1)
		n = -1;
 done:
	sqlite3_finalize(st);
	return n;
}
