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
 * use; store_stmt_reset() is the only place that resets them.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "log.h"
#include "simhash.h"
#include "store_ckpt.h"
#include "store_int.h"
#include "store_near.h"
#include "store.h"
#include "xmalloc.h"

#define STORE_BUSY_MS		5000	/* wait for `feedd status` readers */
#define STORE_VACUUM_PAGES	"2048"	/* freed pages returned per prune */

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
	/* 8: an insert counts itself (S_ITEM_COUNTED).  A trigger made
	 * every INSERT keep a statement journal, a copy of each page it
	 * changed that the transaction had changed already: with 16 KB
	 * pages, 0.3 s of a cold bench cycle (4 alternating runs). */
	"DROP TRIGGER IF EXISTS items_counted;",
};
#define STORE_NMIGRATIONS	(sizeof(migrations) / sizeof(migrations[0]))
/* WAL that calls a checkpoint, as SQLite's default of 1,000 pages of
 * 4 KB; then one here, so it rewinds (store_ckpt.h).  In bytes, as a
 * database keeps the page size it was made with (store_setup). */
#define STORE_CKPT_BYTES	(4000 * 1024)
#define STORE_WAL_MAX_BYTES	(64 * 1024 * 1024)

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


static const char *const stmt_sql[S_MAX] = {
	/* Writers take the lock up front, where the busy timeout helps;
	 * a deferred transaction upgraded later could deadlock instead. */
	[S_BEGIN] = "BEGIN IMMEDIATE",
	[S_BEGIN_READ] = "BEGIN",
	[S_COMMIT] = "COMMIT",
	[S_ROLLBACK] = "ROLLBACK",
	/* One feed inside a transaction that carries several (store.h). */
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
	[S_ITEM_COUNTED] = "UPDATE meta SET value = value + 1"
	    " WHERE key = 'items'",
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
	[S_NEAR_ADD] = "INSERT OR IGNORE INTO item_simhash (key, item_id,"
	    " simhash) VALUES (?1, ?2, ?3)",
	[S_NEAR_DEL] = "DELETE FROM item_simhash WHERE item_id = ?1",
	[S_META_GET] = "SELECT value FROM meta WHERE key = ?1",
	[S_META_SET] = "INSERT OR REPLACE INTO meta VALUES (?1, ?2)",
	[S_META_BUMP] = "INSERT INTO meta VALUES (?1, 1)"
	    " ON CONFLICT (key) DO UPDATE SET value = value + 1",
};

int
store_fail(struct store *s, const char *what)
{
	log_warnx("store %s: %s: %s", s->path, what, sqlite3_errmsg(s->db));
	return -1;
}

/*
 * sqlite3_reset() repeats the error of the last step, which the caller
 * has already reported, so its result carries no news here.
 */
void
store_stmt_reset(sqlite3_stmt *st)
{
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
}

int
store_bind_text(struct store *s, sqlite3_stmt *st, int i, const char *v)
{
	int	 rc;

	if (v == NULL)
		rc = sqlite3_bind_null(st, i);
	else
		rc = sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
	return rc == SQLITE_OK ? 0 : store_fail(s, "bind");
}

int
store_bind_int(struct store *s, sqlite3_stmt *st, int i, int64_t v)
{
	if (sqlite3_bind_int64(st, i, v) != SQLITE_OK)
		return store_fail(s, "bind");
	return 0;
}

/* A date column: DATE_NONE is stored as NULL so coalesce() skips it. */
int
store_bind_date(struct store *s, sqlite3_stmt *st, int i, time_t v)
{
	int	 rc;

	if (v == DATE_NONE)
		rc = sqlite3_bind_null(st, i);
	else
		rc = sqlite3_bind_int64(st, i, (sqlite3_int64)v);
	return rc == SQLITE_OK ? 0 : store_fail(s, "bind");
}

int
store_bind_blob(struct store *s, sqlite3_stmt *st, int i, const void *p, int n)
{
	if (sqlite3_bind_blob(st, i, p, n, SQLITE_STATIC) != SQLITE_OK)
		return store_fail(s, "bind");
	return 0;
}

/* Steps a statement that returns no rows and resets it. */
int
store_stmt_exec(struct store *s, sqlite3_stmt *st, const char *what)
{
	int	 rc;

	rc = sqlite3_step(st);
	if (rc != SQLITE_DONE)
		store_fail(s, what);
	store_stmt_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* Steps a query: 1 with a row, 0 without, -1 on error (then reset). */
int
store_stmt_row(struct store *s, sqlite3_stmt *st, const char *what)
{
	int	 rc;

	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc != SQLITE_DONE)
		store_fail(s, what);
	store_stmt_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

char *
store_col_text(sqlite3_stmt *st, int i)
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

/* The WAL's limits in pages of this database (4 KB before 16 KB). */
static int
store_wal_limits(struct store *s)
{
	sqlite3_stmt	*st;
	int		 rc, size = 0;

	if (sqlite3_prepare_v2(s->db, "PRAGMA page_size", -1, &st, NULL) !=
	    SQLITE_OK)
		return -1;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		size = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW || size <= 0)
		return -1;
	s->ckpt_pages = STORE_CKPT_BYTES / size;
	s->wal_max_pages = STORE_WAL_MAX_BYTES / size;
	return 0;
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
	    /* Both take effect on a new database only, before WAL or any
	     * table.  Items are a few KB of cleaned HTML each: with 4 KB
	     * pages most rows spilled into overflow pages, and the WAL
	     * took two writes a page; with 16 KB pages a cold bench cycle
	     * spends 0.25 s less system time and the file is 6% smaller
	     * (64 KB pages made each index insert rewrite too much).
	     * store_prune() gives freed pages back bit by bit. */
	    store_exec(s, "PRAGMA page_size = 16384", "page_size") == -1 ||
	    store_exec(s, "PRAGMA auto_vacuum = INCREMENTAL", "auto_vacuum") == -1 ||
	    store_exec(s, "PRAGMA journal_mode = WAL", "journal_mode") == -1 ||
	    store_exec(s, "PRAGMA synchronous = NORMAL", "synchronous") == -1 ||
	    /* Statement journals (an INSERT that fires a trigger keeps
	     * the pages it changes until it ends) and temp.recent_names:
	     * in memory, not in temp files written page by page. */
	    store_exec(s, "PRAGMA temp_store = MEMORY", "temp_store") == -1 ||
	    /* SQLite's default, 2 MB.  Half of it once kept a cold bench
	     * cycle (50,000 items written) 2 MB under its memory goal;
	     * since parse_runs.c that cycle peaks at 28 MB, and with the
	     * pages of the random-keyed indexes held rather than spilled
	     * and read back, it peaks at 29.6-30.5 MB and spends 0.3 s
	     * less CPU (6.22 s to 6.52 s, 6 alternating runs). */
	    store_exec(s, "PRAGMA cache_size = -2000", "cache_size") == -1 ||
	    /* what a burst of writes grew the WAL to is given back when
	     * it rewinds (store_ckpt.h) */
	    store_exec(s, "PRAGMA journal_size_limit = 67108864",
	    "journal_size_limit") == -1 || store_wal_limits(s) == -1) {
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
	if (pages < s->ckpt_pages)
		return SQLITE_OK;
	if (s->ckpt == NULL && !s->ckpt_failed &&
	    (s->ckpt = store_ckpt_start(s->path)) == NULL)
		s->ckpt_failed = true;
	/* The checkpointer has copied most pages already, so the rest is
	 * quick: the WAL can then rewind at the next transaction, which it
	 * cannot while the checkpointer runs behind a burst of writes. */
	if (s->ckpt != NULL && pages < s->wal_max_pages)
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
	store_pend_free(s);
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
	return store_stmt_exec(s, s->stmt[S_BEGIN], "begin");
}

int
store_commit(struct store *s)
{
	if (store_pend_flush(s) == -1)
		return -1;
	return store_stmt_exec(s, s->stmt[S_COMMIT], "commit");
}

void
store_rollback(struct store *s)
{
	store_pend_clear(s);
	/* An error may already have rolled the transaction back. */
	if (sqlite3_get_autocommit(s->db))
		return;
	store_stmt_exec(s, s->stmt[S_ROLLBACK], "rollback");
}

int
store_in_transaction(struct store *s)
{
	return !sqlite3_get_autocommit(s->db);
}

int
store_next_feed(struct store *s)
{
	return store_pend_between(s);
}

/* The FEED_COLS of the current row of st into *out. */
static void
feed_state_read(sqlite3_stmt *st, struct feed_state *out)
{
	memset(out, 0, sizeof(*out));
	out->id = sqlite3_column_int64(st, 0);
	out->name = store_col_text(st, 1);
	out->url = store_col_text(st, 2);
	out->title = store_col_text(st, 3);
	out->link = store_col_text(st, 4);
	out->etag = store_col_text(st, 5);
	out->last_modified = store_col_text(st, 6);
	out->last_fetch = (time_t)sqlite3_column_int64(st, 7);
	out->last_ok = (time_t)sqlite3_column_int64(st, 8);
	out->last_status = (long)sqlite3_column_int64(st, 9);
	out->last_error = store_col_text(st, 10);
	out->error_stage = store_col_text(st, 11);
	out->errors = (long)sqlite3_column_int64(st, 12);
	out->next_poll = (time_t)sqlite3_column_int64(st, 13);
	out->dead = sqlite3_column_int64(st, 14) != 0;
	out->moved_url = store_col_text(st, 15);
	out->redirect_url = store_col_text(st, 16);
	out->redirect_count = (long)sqlite3_column_int64(st, 17);
	if (sqlite3_column_bytes(st, 18) == BODY_HASH_LEN) {
		memcpy(out->body_hash, sqlite3_column_blob(st, 18),
		    BODY_HASH_LEN);
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

	if (store_bind_text(s, st, 1, name) == -1) {
		store_stmt_reset(st);
		return -1;
	}
	if ((rc = store_stmt_row(s, st, "look up feed")) == 1) {
		feed_state_read(st, out);
		store_stmt_reset(st);
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
		if (store_bind_text(s, st, 1, name) == -1 ||
		    store_bind_text(s, st, 2, url) == -1) {
			store_stmt_reset(st);
			return -1;
		}
		if (store_stmt_exec(s, st, "insert feed") == -1)
			return -1;
		if (store_feed_get(s, name, out) != 1)
			return -1;
		return 0;
	}
	if (url == NULL || (out->url && strcmp(out->url, url) == 0))
		return 0;
	/* A new url for the same section keeps the feed's history. */
	st = s->stmt[S_FEED_SET_URL];
	if (store_bind_int(s, st, 1, out->id) == -1 ||
	    store_bind_text(s, st, 2, url) == -1 ||
	    store_stmt_exec(s, st, "set feed url") == -1) {
		store_stmt_reset(st);
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

	if (store_bind_int(s, st, 1, f->id) == -1 ||
	    store_bind_text(s, st, 2, f->title) == -1 ||
	    store_bind_text(s, st, 3, f->link) == -1 ||
	    store_bind_text(s, st, 4, f->etag) == -1 ||
	    store_bind_text(s, st, 5, f->last_modified) == -1 ||
	    store_bind_int(s, st, 6, f->last_fetch) == -1 ||
	    store_bind_int(s, st, 7, f->last_ok) == -1 ||
	    store_bind_int(s, st, 8, f->last_status) == -1 ||
	    store_bind_text(s, st, 9, f->last_error) == -1 ||
	    store_bind_text(s, st, 10, f->error_stage) == -1 ||
	    store_bind_int(s, st, 11, f->errors) == -1 ||
	    store_bind_int(s, st, 12, f->next_poll) == -1 ||
	    store_bind_int(s, st, 13, f->dead) == -1 ||
	    store_bind_text(s, st, 14, f->moved_url) == -1 ||
	    store_bind_text(s, st, 15, f->redirect_url) == -1 ||
	    store_bind_int(s, st, 16, f->redirect_count) == -1 ||
	    (f->has_body_hash ?
	    store_bind_blob(s, st, 17, f->body_hash, BODY_HASH_LEN) :
	    store_bind_blob(s, st, 17, NULL, 0)) == -1 ||
	    store_bind_int(s, st, 18, f->hint) == -1 ||
	    store_bind_int(s, st, 19, f->skip_hours) == -1 ||
	    store_bind_int(s, st, 20, f->skip_days) == -1) {
		store_stmt_reset(st);
		return -1;
	}
	return store_stmt_exec(s, st, "update feed");
}

int
store_feeds(struct store *s, struct feed_state **out, size_t *n)
{
	sqlite3_stmt		*st = s->stmt[S_FEED_ALL];
	struct feed_state	*v = NULL;
	size_t			 nv = 0, i;
	int			 rc;

	while ((rc = store_stmt_row(s, st, "list feeds")) == 1) {
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

char *
store_meta_get(struct store *s, const char *key)
{
	sqlite3_stmt	*st = s->stmt[S_META_GET];
	const char	*v;
	char		*out = NULL;

	if (store_bind_text(s, st, 1, key) == -1) {
		store_stmt_reset(st);
		return NULL;
	}
	if (store_stmt_row(s, st, "read meta") != 1)
		return NULL;
	if ((v = (const char *)sqlite3_column_text(st, 0)) != NULL)
		out = xstrdup(v);
	store_stmt_reset(st);
	return out;
}

int
store_meta_set(struct store *s, const char *key, const char *value)
{
	sqlite3_stmt	*st = s->stmt[S_META_SET];

	if (store_bind_text(s, st, 1, key) == -1 ||
	    store_bind_text(s, st, 2, value) == -1) {
		store_stmt_reset(st);
		return -1;
	}
	return store_stmt_exec(s, st, "write meta");
}

int
store_meta_bump(struct store *s, const char *key)
{
	sqlite3_stmt	*st = s->stmt[S_META_BUMP];

	if (store_bind_text(s, st, 1, key) == -1) {
		store_stmt_reset(st);
		return -1;
	}
	return store_stmt_exec(s, st, "bump meta");
}

long
store_count_items(struct store *s)
{
	sqlite3_stmt	*st = s->stmt[S_ITEM_COUNT];
	long		 n;

	if (store_stmt_row(s, st, "count items") != 1)
		return -1;
	n = (long)sqlite3_column_int64(st, 0);
	store_stmt_reset(st);
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
	    store_bind_int(s, st, 1, (int64_t)cutoff) == -1 ||
	    store_bind_int(s, st, 2, limit) == -1 ||
	    store_stmt_exec(s, st, "prune items") == -1) {
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
