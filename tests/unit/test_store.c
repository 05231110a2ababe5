/*
 * test_store.c — the SQLite store on a fresh database in a temp dir.
 */
#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "due.h"
#include "feed.h"
#include "fetch.h"
#include "hash.h"
#include "store.h"
#include "unit.h"
#include "xmalloc.h"

#define NOW	((time_t)1700000000)

/* One item to put: feed, identity, content hash byte, title, date. */
struct put_case {
	const char	*what;
	int		 feed;		/* index into feed ids */
	const char	*guid;
	int		 hashbyte;
	const char	*title;
	time_t		 published;
	int		 want;
};

static const struct put_case puts_table[] = {
	{ "new story in a", 0, "a1", 1, "Story one", NOW - 300, STORE_NEW },
	{ "same story from b is merged", 1, "b1", 1, "Story one", NOW - 300,
	    STORE_MERGED },
	{ "same guid same content unchanged", 0, "a1", 1, "Story one",
	    NOW - 300, STORE_UNCHANGED },
	{ "second story in a", 0, "a2", 2, "Story two", NOW - 200, STORE_NEW },
	{ "third story in b", 1, "b3", 3, "Story three", NOW - 100, STORE_NEW },
	{ "same guid new content updated", 0, "a2", 4, "Story two, fixed",
	    NOW - 200, STORE_UPDATED },
};

static void
make_item(struct item *it, const char *guid, int hashbyte, const char *title,
    time_t published)
{
	memset(it, 0, sizeof(*it));
	item_set(&it->id, guid);
	item_set(&it->title, title);
	item_set(&it->link, "https://example.org/x");
	item_set(&it->content, "<p>text &amp; more</p>");
	item_add_category(it, "news");
	item_add_enclosure(it, "https://example.org/a.mp3", "audio/mpeg", 42);
	it->published = published;
	memset(it->hash, hashbyte, HASH_LEN);
	it->hashed = true;
}

static int
put(struct store *s, int64_t feed, const char *guid, int hashbyte,
    const char *title, time_t published)
{
	struct item	 it;
	int		 rc;

	make_item(&it, guid, hashbyte, title, published);
	rc = store_put_item(s, feed, &it, NOW);
	item_free(&it);
	return rc;
}

/* One integer from a query on the database at path, or -1. */
static long long
query_int(const char *path, const char *sql)
{
	sqlite3		*db;
	sqlite3_stmt	*st;
	long long	 v = -1;

	if (sqlite3_open(path, &db) != SQLITE_OK)
		return -1;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW)
			v = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
	}
	sqlite3_close(db);
	return v;
}

static int
user_version(const char *path)
{
	return (int)query_int(path, "PRAGMA user_version");
}

/* Runs sql on the database at path behind the store's back; 0 or -1. */
static int
exec_sql(const char *path, const char *sql)
{
	sqlite3	*db;
	int	 rc;

	if (sqlite3_open(path, &db) != SQLITE_OK) {
		sqlite3_close(db);
		return -1;
	}
	rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		printf("# %s: %s\n", path, sqlite3_errmsg(db));
	sqlite3_close(db);
	return rc == SQLITE_OK ? 0 : -1;
}

static int
set_user_version(const char *path, int v)
{
	char	 sql[64];

	snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", v);
	return exec_sql(path, sql);
}


/*
 * Migration 6: a version-5 database indexed SimHash bands of 21 bits
 * (key kinds 0-2); they become the two 32-bit bands of kinds 6 and 7,
 * and an item indexed only by its bands stays findable through them.
 */
static void
test_migrate_bands(const char *dir)
{
	char		 path[128], err[STORE_ERR_LEN], sql[512];
	struct store	*s;
	sqlite3		*db;
	struct feed_state f;
	struct item	 it;
	int64_t		 id = 0;
	const long long	 sim = 0x123456789abcdef1LL;

	snprintf(path, sizeof(path), "%s/v5.db", dir);
	if ((s = store_open(path, err, sizeof(err))) == NULL) {
		printf("not ok - store_open: %s\n", err);
		return;
	}
	store_close(s);
	/* what version 5 wrote for one item: three bands, no other key */
	snprintf(sql, sizeof(sql), "INSERT INTO items (id, uid, hash,"
	    " first_seen, last_seen, sort_date) VALUES (7, 'u', x'01', 1, 1,"
	    " 1); INSERT INTO item_simhash VALUES (%lld, 7, %lld),"
	    " (%lld, 7, %lld), (%lld, 7, %lld); DROP TRIGGER items_unlinked;"
	    " PRAGMA user_version = 5;",
	    sim & 0x1fffff, sim, 1LL << 56 | (sim >> 21 & 0x1fffff), sim,
	    2LL << 56 | (long long)((unsigned long long)sim >> 42), sim);
	if (sqlite3_open(path, &db) != SQLITE_OK ||
	    sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK) {
		printf("not ok - version-5 database: %s\n", sqlite3_errmsg(db));
		sqlite3_close(db);
		return;
	}
	sqlite3_close(db);
	if ((s = store_open(path, err, sizeof(err))) == NULL) {
		printf("not ok - store_open: %s\n", err);
		return;
	}
	CHECK_INT(user_version(path), 8, "version 5 migrated to 8");
	CHECK_INT(query_int(path, "SELECT count(*) FROM item_simhash"
	    " WHERE key >> 56 < 3"), 0, "21-bit bands gone");
	CHECK_INT(query_int(path, "SELECT key FROM item_simhash"
	    " WHERE key >> 56 = 6"), 6LL << 56 | (sim & 0xffffffffLL),
	    "low 32-bit band indexed");
	CHECK_INT(query_int(path, "SELECT key FROM item_simhash"
	    " WHERE key >> 56 = 7"), 7LL << 56 | (sim >> 32),
	    "high 32-bit band indexed");
	memset(&it, 0, sizeof(it));
	it.sim.hash = (uint64_t)sim ^ 1;
	CHECK_INT(store_feed(s, "m", "https://m.example/", &f), 0, "feed");
	CHECK(store_begin(s) == 0 && store_find_near(s, &it, &id) == 1 &&
	    id == 7, "migrated item found through a band");
	store_rollback(s);
	feed_state_free(&f);
	store_close(s);
	if (sqlite3_open(path, &db) != SQLITE_OK ||
	    sqlite3_exec(db, "DELETE FROM items WHERE id = 7", NULL, NULL,
	    NULL) != SQLITE_OK)
		printf("# delete: %s\n", sqlite3_errmsg(db));
	sqlite3_close(db);
	CHECK_INT(query_int(path, "SELECT count(*) FROM item_simhash"), 0,
	    "a deleted item's index rows go with it");
}

/*
 * Past 1,000 WAL pages a commit calls a checkpoint, which the
 * checkpointer thread runs (store_ckpt.h): the pages reach the database
 * file while the store stays open, without anyone closing it.
 */
static void
test_checkpointer(const char *dir)
{
	char		 path[128], err[STORE_ERR_LEN], guid[32], *body;
	struct store	*s;
	struct feed_state f;
	struct item	 it;
	struct stat	 sb;
	int		 i, waited;

	snprintf(path, sizeof(path), "%s/ckpt.db", dir);
	if ((s = store_open(path, err, sizeof(err))) == NULL ||
	    store_feed(s, "c", "https://c.example/", &f) == -1) {
		printf("not ok - store_open: %s\n", err);
		store_close(s);
		return;
	}
	body = xmalloc(8192);
	memset(body, 'x', 8191);
	body[8191] = '\0';
	CHECK_INT(store_begin(s), 0, "begin a large write");
	for (i = 0; i < 1000; i++) {
		snprintf(guid, sizeof(guid), "ckpt-%d", i);
		make_item(&it, guid, 0, guid, NOW);
		memcpy(it.hash, &i, sizeof(i));
		item_set(&it.content, body);
		store_put_item(s, f.id, &it, NOW);
		item_free(&it);
	}
	CHECK_INT(store_commit(s), 0, "8 MB committed to the WAL");
	for (waited = 0; waited < 100; waited++) {
		if (stat(path, &sb) == 0 && sb.st_size > 4 << 20)
			break;
		usleep(50000);
	}
	CHECK(sb.st_size > 4 << 20,
	    "checkpointed into the database while the store is open");
	CHECK_INT(store_count_items(s), 1000, "and all of it readable");
	free(body);
	feed_state_free(&f);
	store_close(s);
}

/* The first uid of identity key in feed (store_item.c): four bytes of
 * the feed's name's SHA-256, then the start of the pair's. */
static void
first_uid(const char *feed, const char *key, char hex[HASH_HEX_LEN])
{
	unsigned char	 f[HASH_LEN], h[HASH_LEN];
	char		 in[128];

	snprintf(in, sizeof(in), "%s\n%s", feed, key);
	hash_bytes(feed, strlen(feed), f);
	hash_bytes(in, strlen(in), h);
	memmove(h + 4, h, HASH_LEN - 4);
	memcpy(h, f, 4);
	hash_hex(h, hex);
}

/*
 * A new item's uid starts with its feed's part, so one feed's items
 * sort together in the uid index.  A new item whose derived uid another
 * item already holds (its source moved away, then the identity came
 * back) gets the second form, with its content hash in the input: the
 * UNIQUE index tells, and nothing is refused.
 */
static void
test_uid_taken(const char *dir)
{
	char		 path[128], err[STORE_ERR_LEN], sql[384];
	char		 hex[HASH_HEX_LEN], hex2[HASH_HEX_LEN];
	struct store	*s;
	struct feed_state f, g;
	sqlite3		*db;

	snprintf(path, sizeof(path), "%s/uid.db", dir);
	if ((s = store_open(path, err, sizeof(err))) == NULL ||
	    store_feed(s, "a", "https://a.example/", &f) == -1 ||
	    store_feed(s, "b", "https://b.example/", &g) == -1) {
		printf("not ok - store_open: %s\n", err);
		store_close(s);
		return;
	}
	CHECK_INT(put(s, f.id, "g2", 8, "Second", NOW), STORE_NEW, "a's item");
	CHECK_INT(put(s, g.id, "g3", 9, "Third", NOW), STORE_NEW, "b's item");
	first_uid("a", "g2", hex);
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM items WHERE uid ="
	    " 'urn:feedd:%s'", hex);
	CHECK_INT(query_int(path, sql), 1, "the uid is derived as documented");
	first_uid("a", "g1", hex);
	first_uid("b", "g3", hex2);
	CHECK(strncmp(hex, hex2, 8) != 0, "other feeds, other first digits");
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM items WHERE"
	    " substr(uid, 11, 8) = '%.8s'", hex);
	CHECK_INT(query_int(path, sql), 1, "one feed's items share them");
	/* as a store that derived uids otherwise would have, counted */
	snprintf(sql, sizeof(sql), "INSERT INTO items (uid, hash, first_seen,"
	    " last_seen, sort_date) VALUES ('urn:feedd:%s', x'ff', 1, 1, 1);"
	    " UPDATE meta SET value = value + 1 WHERE key = 'items'", hex);
	if (sqlite3_open(path, &db) != SQLITE_OK ||
	    sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
		printf("# insert: %s\n", sqlite3_errmsg(db));
	sqlite3_close(db);
	CHECK_INT(put(s, f.id, "g1", 7, "Came back", NOW), STORE_NEW,
	    "an item whose first uid is taken is still stored");
	CHECK_INT(store_count_items(s), 4, "beside the one holding the uid");
	feed_state_free(&f);
	feed_state_free(&g);
	store_close(s);
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM items WHERE uid ="
	    " 'urn:feedd:%s'", hex);
	CHECK_INT(query_int(path, sql), 1, "the first uid stays its holder's");
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM items WHERE"
	    " substr(uid, 11, 8) = '%.8s'", hex);
	CHECK_INT(query_int(path, sql), 3,
	    "a's items, the second form too, share a's first digits");
}

static const struct item *
find_title(const struct item *v, size_t n, const char *title)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (v[i].title && strcmp(v[i].title, title) == 0)
			return &v[i];
	return NULL;
}

/*
 * A body's digest (due_same_body) goes to the store and back: the same
 * bytes match, one byte more or less does not, and a digest stored in
 * the old form (a 32-byte SHA-256) matches nothing, so the first poll
 * after the change parses once rather than skipping a changed body.
 */
static void
test_body_digest(const char *dir)
{
	char			 path[128], err[STORE_ERR_LEN];
	char			 body[] = "<rss><channel></channel></rss>";
	unsigned char		 h[BODY_HASH_LEN], h2[BODY_HASH_LEN];
	struct fetch_result	 res;
	struct feed_state	 st, again;
	struct store		*s;
	sqlite3			*db;

	snprintf(path, sizeof(path), "%s/digest.db", dir);
	if ((s = store_open(path, err, sizeof(err))) == NULL ||
	    store_feed(s, "a", "https://a.example/feed", &st) == -1) {
		printf("not ok - store: %s\n", err);
		return;
	}
	memset(&res, 0, sizeof(res));
	res.body = body;
	res.len = strlen(body);
	CHECK(!due_same_body(&st, &res, h), "no digest stored: not the same");
	memcpy(st.body_hash, h, BODY_HASH_LEN);
	st.has_body_hash = true;
	CHECK_INT(store_feed_update(s, &st), 0, "digest saved");
	CHECK_INT(store_feed(s, "a", NULL, &again), 0, "read back");
	CHECK(again.has_body_hash &&
	    memcmp(again.body_hash, h, BODY_HASH_LEN) == 0, "digest kept");
	CHECK(due_same_body(&again, &res, h2), "the same bytes match");
	res.len--;
	CHECK(!due_same_body(&again, &res, h2), "one byte fewer does not");
	feed_state_free(&again);
	store_close(s);
	if (sqlite3_open(path, &db) == SQLITE_OK) {
		CHECK_INT(sqlite3_exec(db, "UPDATE feeds SET body_hash ="
		    " zeroblob(32)", NULL, NULL, NULL), SQLITE_OK,
		    "an old 32-byte digest");
		sqlite3_close(db);
	}
	if ((s = store_open(path, err, sizeof(err))) == NULL) {
		printf("not ok - store: %s\n", err);
		feed_state_free(&st);
		return;
	}
	CHECK_INT(store_feed(s, "a", NULL, &again), 0, "read back again");
	CHECK(!again.has_body_hash, "an old digest is no digest");
	feed_state_free(&again);
	feed_state_free(&st);
	store_close(s);
}

static void
test_open(const char *path)
{
	char		 err[STORE_ERR_LEN];
	struct store	*s;

	s = store_open(path, err, sizeof(err));
	CHECK(s != NULL, "fresh database opens");
	store_close(s);
	CHECK_INT(user_version(path), 8, "fresh database migrated to v8");
	s = store_open(path, err, sizeof(err));
	CHECK(s != NULL, "migrated database reopens");
	store_close(s);
	CHECK_INT(user_version(path), 8, "reopen keeps user_version");
	CHECK_INT(set_user_version(path, 99), 0, "pretend a newer schema");
	s = store_open(path, err, sizeof(err));
	CHECK(s == NULL && strstr(err, "newer") != NULL,
	    "newer schema refused");
	store_close(s);
	set_user_version(path, 8);
	s = store_open("/nonexistent/dir/x.db", err, sizeof(err));
	CHECK(s == NULL && strstr(err, "/nonexistent/dir/x.db") != NULL,
	    "open failure names the path");
}

/*
 * Migration 8: a version-7 database counted its items by trigger; the
 * trigger goes, and an item stored after the upgrade is counted once.
 */
static void
test_migrate_counter(const char *dir)
{
	char		 path[128], err[STORE_ERR_LEN];
	struct store	*s;
	struct feed_state f;

	snprintf(path, sizeof(path), "%s/v7.db", dir);
	store_close(store_open(path, err, sizeof(err)));
	CHECK_INT(exec_sql(path, "CREATE TRIGGER items_counted AFTER INSERT"
	    " ON items BEGIN UPDATE meta SET value = value + 1 WHERE key ="
	    " 'items'; END; PRAGMA user_version = 7"), 0,
	    "a version-7 database, trigger and all");
	s = store_open(path, err, sizeof(err));
	CHECK(s != NULL, "it opens");
	if (s == NULL)
		return;
	CHECK_INT(query_int(path, "SELECT count(*) FROM sqlite_master WHERE"
	    " name = 'items_counted'"), 0, "the counting trigger is gone");
	CHECK_INT(store_feed(s, "v7", "https://example.org/v7", &f), 0,
	    "a feed");
	CHECK_INT(put(s, f.id, "v7-1", 5, "After the upgrade", NOW),
	    STORE_NEW, "an item stored after it");
	CHECK_INT(store_count_items(s), 1, "is counted once");
	feed_state_free(&f);
	store_close(s);
	CHECK_INT(user_version(path), 8, "version 7 migrated to 8");
}

/*
 * A database made before page_size 16384 has 4 KB pages in WAL mode,
 * which no PRAGMA can change: it opens, keeps them, and stores items.
 */
static void
test_old_page_size(const char *dir)
{
	char		 path[128], err[STORE_ERR_LEN];
	struct store	*s;
	struct feed_state f;

	snprintf(path, sizeof(path), "%s/pages4k.db", dir);
	CHECK_INT(exec_sql(path, "PRAGMA page_size = 4096;"
	    " PRAGMA journal_mode = WAL; CREATE TABLE old (x)"), 0,
	    "a 4 KB-page WAL database made by hand");
	CHECK_INT(query_int(path, "PRAGMA page_size"), 4096,
	    "it has 4 KB pages");
	s = store_open(path, err, sizeof(err));
	CHECK(s != NULL, "a 4 KB-page database opens");
	if (s == NULL)
		return;
	CHECK_INT(store_feed(s, "old", "https://example.org/old", &f), 0,
	    "it takes a feed");
	CHECK_INT(put(s, f.id, "p1", 9, "Story on old pages", NOW),
	    STORE_NEW, "and an item");
	feed_state_free(&f);
	store_close(s);
	CHECK_INT(query_int(path, "PRAGMA page_size"), 4096,
	    "and keeps its page size");
	CHECK_INT(query_int(path, "SELECT count(*) FROM items"), 1,
	    "with the item stored");
}

static void
test_feeds(struct store *s, int64_t ids[2])
{
	struct feed_state	 a, b, again;

	CHECK_INT(store_feed(s, "a", "https://a.example/feed", &a), 0,
	    "feed a created");
	CHECK_INT(store_feed(s, "b", "https://b.example/feed", &b), 0,
	    "feed b created");
	CHECK(a.id != b.id, "feeds get distinct ids");
	CHECK_INT(store_feed(s, "a", "https://a.example/new", &again), 0,
	    "feed a found again");
	CHECK_INT(again.id, a.id, "same name same feed");
	CHECK_STR(again.url, "https://a.example/new", "changed url recorded");
	ids[0] = a.id;
	ids[1] = b.id;
	item_set(&a.title, "Feed A");
	item_set(&a.link, "https://a.example/");
	item_set(&a.etag, "\"v1\"");
	a.last_fetch = a.last_ok = NOW;
	a.last_status = 200;
	a.errors = 0;
	CHECK_INT(store_feed_update(s, &a), 0, "feed state saved");
	feed_state_free(&again);
	CHECK_INT(store_feed(s, "a", NULL, &again), 0, "feed state read back");
	CHECK_STR(again.etag, "\"v1\"", "etag kept");
	CHECK_STR(again.title, "Feed A", "title kept");
	CHECK_INT(again.last_status, 200, "status kept");
	CHECK_STR(again.url, "https://a.example/new", "null url keeps url");
	feed_state_free(&a);
	feed_state_free(&b);
	feed_state_free(&again);
}

static void
test_puts(struct store *s, const int64_t ids[2])
{
	const struct put_case	*c;
	size_t			 i;

	for (i = 0; i < sizeof(puts_table) / sizeof(puts_table[0]); i++) {
		c = &puts_table[i];
		CHECK_INT(put(s, ids[c->feed], c->guid, c->hashbyte, c->title,
		    c->published), c->want, c->what);
	}
	CHECK_INT(store_count_items(s), 3, "three stories stored");
}

static void
test_recent(struct store *s)
{
	const char *const	 both[] = { "a", "b" }, *only_b[] = { "b" };
	struct item		*v;
	const struct item	*it;
	size_t			 n;

	CHECK_INT(store_recent(s, both, 2, 10, &v, &n), 0, "recent of a, b");
	CHECK_INT(n, 3, "three items");
	if (n == 3) {
		CHECK_STR(v[0].title, "Story three", "newest first");
		CHECK_STR(v[2].title, "Story one", "oldest last");
	}
	it = find_title(v, n, "Story one");
	CHECK(it && it->nsources == 2, "merged story has two sources");
	if (it && it->nsources == 2) {
		CHECK_STR(it->sources[0].name, "a", "first source first");
		CHECK_STR(it->sources[0].title, "Feed A", "source title");
		CHECK_STR(it->sources[0].url, "https://a.example/new",
		    "source url");
		CHECK_STR(it->sources[1].name, "b", "second source");
	}
	CHECK(it && strncmp(it->uid, "urn:feedd:", 10) == 0 &&
	    strlen(it->uid) == 10 + 64, "uid is urn:feedd: + sha-256 hex");
	CHECK(it && it->ncategories == 1 &&
	    strcmp(it->categories[0], "news") == 0, "categories read back");
	CHECK(it && it->nenclosures == 1 && it->enclosures[0].length == 42 &&
	    strcmp(it->enclosures[0].type, "audio/mpeg") == 0,
	    "enclosures read back");
	CHECK(it && it->published == NOW - 300, "published read back");
	store_items_free(v, n);

	CHECK_INT(store_recent(s, both, 2, 1, &v, &n), 0, "recent limit 1");
	CHECK_INT(n, 1, "limit honoured");
	store_items_free(v, n);

	CHECK_INT(store_recent(s, only_b, 1, 10, &v, &n), 0, "recent of b");
	CHECK_INT(n, 2, "b carries two items");
	it = find_title(v, n, "Story one");
	CHECK(it && it->nsources == 1 && strcmp(it->sources[0].name, "b") == 0,
	    "only sources among the named feeds");
	store_items_free(v, n);
}

/* Updates keep the uid; an update to a known story joins it. */
static void
test_update(struct store *s, const int64_t ids[2])
{
	const char *const	 both[] = { "a", "b" };
	struct item		*v;
	char			*uid = NULL;
	size_t			 n;
	const struct item	*it;

	store_recent(s, both, 2, 10, &v, &n);
	if ((it = find_title(v, n, "Story two, fixed")) != NULL)
		uid = xstrdup(it->uid);
	store_items_free(v, n);
	CHECK(uid != NULL, "updated item found under its new title");
	CHECK_INT(put(s, ids[0], "a2", 5, "Story two, again", NOW - 200),
	    STORE_UPDATED, "second update");
	store_recent(s, both, 2, 10, &v, &n);
	it = find_title(v, n, "Story two, again");
	CHECK(it && uid && strcmp(it->uid, uid) == 0, "uid unchanged by update");
	store_items_free(v, n);
	free(uid);

	CHECK_INT(put(s, ids[0], "a2", 3, "Story three", NOW - 100),
	    STORE_UPDATED, "update to a known story");
	CHECK_INT(store_count_items(s), 2, "orphaned item removed");
	store_recent(s, both, 2, 10, &v, &n);
	it = find_title(v, n, "Story three");
	CHECK(it && it->nsources == 2, "moved source joins the known story");
	store_items_free(v, n);
}

static void
test_rollback_and_dates(struct store *s, const int64_t ids[2])
{
	const char *const	 both[] = { "a", "b" };
	struct item		*v;
	size_t			 n;
	long			 before = store_count_items(s);

	CHECK_INT(store_begin(s), 0, "begin");
	CHECK_INT(put(s, ids[0], "r1", 9, "Rolled back", NOW), STORE_NEW,
	    "put inside transaction");
	store_rollback(s);
	CHECK_INT(store_count_items(s), before, "rollback leaves nothing");

	CHECK_INT(store_begin(s), 0, "begin again");
	CHECK_INT(put(s, ids[1], "f1", 10, "From the future", NOW + 86400),
	    STORE_NEW, "future-dated item");
	CHECK_INT(put(s, ids[1], "u1", 11, "Undated", DATE_NONE), STORE_NEW,
	    "undated item");
	CHECK_INT(store_commit(s), 0, "commit");
	CHECK_INT(store_recent(s, both, 2, 10, &v, &n), 0, "recent");
	CHECK(n >= 2 && strcmp(v[0].title, "Undated") == 0 &&
	    strcmp(v[1].title, "From the future") == 0,
	    "future date clamped to now, undated sorts by first seen");
	CHECK(n >= 2 && v[0].first_seen == NOW && v[0].published == DATE_NONE,
	    "first_seen kept, missing date stays none");
	store_items_free(v, n);
}

static void
test_feed_counts(struct store *s)
{
	struct feed_state	*v;
	size_t			 n, i;

	CHECK_INT(store_feeds(s, &v, &n), 0, "store_feeds");
	CHECK_INT(n, 2, "two feeds");
	if (n == 2) {
		CHECK_STR(v[0].name, "a", "ordered by name");
		CHECK_INT(v[0].items, 2, "a carries two items");
		CHECK_INT(v[1].items, 4, "b carries four items");
	}
	for (i = 0; i < n; i++)
		feed_state_free(&v[i]);
	free(v);
}

int
main(void)
{
	char		 dir[] = "/tmp/feedd-store.XXXXXX", path[64];
	char		 err[STORE_ERR_LEN];
	struct store	*s;
	int64_t		 ids[2];

	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	snprintf(path, sizeof(path), "%s/feedd.db", dir);
	test_open(path);
	CHECK_INT(query_int(path, "PRAGMA page_size"), 16384,
	    "a fresh database has 16 KB pages");
	if ((s = store_open(path, err, sizeof(err))) == NULL) {
		printf("not ok - store_open: %s\n", err);
		return 1;
	}
	test_feeds(s, ids);
	test_puts(s, ids);
	test_recent(s);
	test_update(s, ids);
	test_rollback_and_dates(s, ids);
	test_feed_counts(s);
	CHECK_INT(store_count_items(s), query_int(path,
	    "SELECT count(*) FROM items"), "the kept item count is exact");
	store_close(s);
	test_migrate_bands(dir);
	test_checkpointer(dir);
	test_uid_taken(dir);
	test_body_digest(dir);
	test_old_page_size(dir);
	test_migrate_counter(dir);
	snprintf(err, sizeof(err), "rm -rf %s", dir);
	if (system(err) != 0)
		printf("# could not remove %s\n", dir);
	return unit_done();
}
