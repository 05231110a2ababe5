/*
 * loop.c — the daemon's main loop (see loop.h).
 *
 * One thread owns everything but serving and parsing: it waits in
 * curl_multi_poll (through fetch_wait) on the transfers and on a
 * self-pipe that signal handlers and workers write to, starts the
 * transfers that are due, hands each fetched document to the worker
 * pool (work.h) for parse, clean and hash, and stores what comes back.
 * The pool holds a few documents at most, so memory stays bounded; the
 * store stays on this thread.  The HTTP server runs in libmicrohttpd's
 * own thread and only ever sees whole documents handed over by
 * http_publish().
 *
 * Feeds stored close together share one transaction, committed once
 * LOOP_BATCH_SECS have passed or when nothing is in flight: a crash
 * loses at most that much polling, never half a feed nor validators
 * without their items.  A store error rolls the whole transaction back
 * and its feeds are fetched again.
 *
 * Scheduling uses CLOCK_MONOTONIC; the wall clock is only for what is
 * stored.  A feed's first poll after start is due interval after its
 * last stored fetch, so restarting the daemon does not hammer anyone.
 */
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#ifdef HAVE_SYSTEMD
#include <systemd/sd-daemon.h>
#endif

#include "buf.h"
#include "clean.h"
#include "ident.h"
#include "conf.h"
#include "due.h"
#include "feed.h"
#include "fetch.h"
#include "hash.h"
#include "http.h"
#include "log.h"
#include "loop.h"
#include "metrics.h"
#include "parse.h"
#include "publish.h"
#include "republish.h"
#include "store.h"
#include "url.h"
#include "work.h"
#include "xmalloc.h"

#define LOOP_MAX_WAIT_MS	1000	/* wake at least this often */
#define LOOP_MMAP_BYTES		(1 << 20)	/* malloc: larger get mmap */
#define LOOP_TRIM_BYTES		(1 << 20)	/* malloc: free kept at most */
#define LOOP_ARENAS_MORE	2	/* malloc arenas beyond the workers' */
#define LOOP_TOP_PAD		(4 << 20)	/* malloc: free kept on top */
#define LOOP_NEVER		1e18	/* next poll of a dead feed */
#define LOOP_PRUNE_SECS		3600.0	/* retention runs at most this often */
#define LOOP_LATE_SECS		60.0	/* a poll this overdue is late */
#define LOOP_HEALTH_SECS	30.0	/* the loop comes round within this */
#define LOOP_BATCH_SECS		0.5	/* a transaction of feeds stays open */
/* store_meta keys: bumped with every change to what is published; its
 * value and the config's hash when feedd once last published. */
#define LOOP_META_GENERATION	"generation"
#define LOOP_META_PUBLISHED	"published"
#define METRICS_PATH		"/metrics"
#define METRICS_TYPE		"text/plain; version=0.0.4; charset=utf-8"

/* One configured feed at run time. */
struct feed_run {
	struct feed_conf	*fc;		/* points into loop.conf */
	struct feed_state	 st;		/* as stored */
	double			 next;		/* monotonic seconds */
	bool			 busy;		/* fetched, parsed or stored now */
	bool			 batched;	/* in the open transaction */
	const struct fetch_result *res;		/* being ingested, or NULL */
};

struct loop {
	struct conf		*conf;
	struct store		*store;
	struct fetcher		*fetcher;
	struct http_server	*http;
	struct feed_run		*feeds;
	size_t			 nfeeds;
	bool			 dirty;		/* stored something new */
	struct republish	*pub;		/* what was published */
	size_t			 polled_ok;	/* feeds polled without error */
	struct metrics		 metrics;
	double			 cycle_start;	/* monotonic; 0: no round */
	uint64_t		 watchdog_usec;	/* 0: no systemd watchdog */
	double			 watchdog_sent;	/* monotonic */
	double			 pruned;	/* monotonic; 0: not yet */
	struct work		*work;		/* parse, clean, hash */
	double			 batch_start;	/* monotonic; 0: none open */
};

/* One fetched document on its way through the worker pool. */
struct loop_job {
	struct feed_run		*fr;
	struct fetch_result	*res;
	const struct clean_rules *global, *feed;	/* strip rules */
	struct feed_doc		 doc;
	int			 rc;		/* of parse_feed */
	char			 err[PARSE_ERR_LEN];
	unsigned char		 digest[BODY_HASH_LEN];	/* of the body */
	struct feed_state	 last;		/* body_hash of the last poll */
	bool			 same;		/* body as last time: no parse */
};

static volatile sig_atomic_t got_quit, got_reload, got_pollnow;
static int sigpipe[2] = { -1, -1 };

static void	loop_reload_state(struct loop *, struct feed_run *);

static void
loop_sighandler(int sig)
{
	int	 saved = errno;
	char	 c = 0;

	switch (sig) {
	case SIGTERM:
	case SIGINT:
		got_quit = 1;
		break;
	case SIGHUP:
		got_reload = 1;
		break;
	case SIGUSR1:
		got_pollnow = 1;
		break;
	}
	(void)write(sigpipe[1], &c, 1);
	errno = saved;
}

static void
loop_signals(void)
{
	struct sigaction	 sa;
	int			 i;
	static const int	 sigs[] = { SIGTERM, SIGINT, SIGHUP, SIGUSR1 };

	if (pipe2(sigpipe, O_NONBLOCK | O_CLOEXEC) == -1)
		fatal("pipe2");
	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = loop_sighandler;
	sa.sa_flags = SA_RESTART;
	for (i = 0; i < (int)(sizeof(sigs) / sizeof(sigs[0])); i++)
		if (sigaction(sigs[i], &sa, NULL) == -1)
			fatal("sigaction");
	signal(SIGPIPE, SIG_IGN);
	/* A file over RLIMIT_FSIZE (or a quota) must fail the write with
	 * EFBIG, which the store and publish report, not kill the daemon. */
	signal(SIGXFSZ, SIG_IGN);
}

static void
loop_drain_sigpipe(void)
{
	char	 junk[64];

	while (read(sigpipe[0], junk, sizeof(junk)) > 0)
		;
}

static double
mono_now(void)
{
	struct timespec	 ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) == -1)
		fatal("clock_gettime");
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
loop_notify(const char *state)
{
#ifdef HAVE_SYSTEMD
	static int	 warned;
	int		 rc;

	/* Say it once: a broken notify socket stays broken. */
	if ((rc = sd_notify(0, state)) < 0 && !warned++)
		log_warnx("sd_notify %s: %s", state, strerror(-rc));
#else
	(void)state;
#endif
}

/* Loads the stored state of every configured feed; due times follow
 * from the last fetch.  Returns -1 on a store error. */
static int
loop_load_feeds(struct loop *l)
{
	struct feed_run	*fr;
	double		 mono = mono_now();
	time_t		 wall = time(NULL);
	long		 age;
	size_t		 i;

	l->feeds = xcalloc(l->conf->nfeeds, sizeof(*l->feeds));
	l->nfeeds = l->conf->nfeeds;
	for (i = 0; i < l->nfeeds; i++) {
		fr = &l->feeds[i];
		fr->fc = &l->conf->feeds[i];
		if (store_feed(l->store, fr->fc->name, fr->fc->url, &fr->st) == -1)
			return -1;
		age = fr->st.last_fetch ? (long)(wall - fr->st.last_fetch) : -1;
		fr->next = mono;
		if (fr->st.dead)
			fr->next = LOOP_NEVER;
		else if (fr->st.next_poll > 0 && fr->st.next_poll > wall)
			fr->next += (double)(fr->st.next_poll - wall);
		else if (fr->st.next_poll == 0 && age >= 0 &&
		    age < fr->fc->interval)
			fr->next += (double)(fr->fc->interval - age);
	}
	return 0;
}

static void
loop_free_feeds(struct loop *l)
{
	size_t	 i;

	for (i = 0; i < l->nfeeds; i++)
		feed_state_free(&l->feeds[i].st);
	free(l->feeds);
	l->feeds = NULL;
	l->nfeeds = 0;
}

/* Opens the transaction that feeds stored from now on share. */
static int
loop_batch_begin(struct loop *l)
{
	if (l->batch_start != 0)
		return 0;
	if (store_begin(l->store) == -1)
		return -1;
	l->batch_start = mono_now();
	return 0;
}

/*
 * Commits the open transaction when it is old enough, or always with
 * force.  Should the commit fail, or a feed's failure have rolled the
 * transaction back, every feed in it is read back from the database, so
 * its validators do not outrun its items, and counts a store failure
 * (in memory only: the database just refused a write).
 */
static void
loop_batch_end(struct loop *l, bool force)
{
	struct feed_run	*fr;
	size_t		 i;
	int		 rc;

	if (l->batch_start == 0 ||
	    (!force && mono_now() - l->batch_start < LOOP_BATCH_SECS))
		return;
	l->batch_start = 0;
	/* An error may have rolled the whole transaction back already. */
	rc = store_in_transaction(l->store) ? store_commit(l->store) : -1;
	/* What the documents stored since the last commit left free in
	 * the arenas goes back now, not only at the end of the round: a
	 * cold bench cycle had 12-18 MB free to 5-7 MB in use at its
	 * commits, and peaked at 30.3-32.7 MB (10 runs), now 30.1-31.6 MB
	 * in the same time. */
	malloc_trim(0);
	if (rc == -1)
		store_rollback(l->store);
	for (i = 0; i < l->nfeeds; i++) {
		fr = &l->feeds[i];
		if (!fr->batched)
			continue;
		fr->batched = false;
		if (rc == 0)
			continue;
		loop_reload_state(l, fr);
		log_warnx("store %s: transaction rolled back; will fetch it "
		    "again", fr->fc->name);
		if (l->polled_ok > 0)	/* counted when it was stored */
			l->polled_ok--;
		l->metrics.store_failed++;
		fr->st.errors++;
		item_set(&fr->st.error_stage, "store");
		item_set(&fr->st.last_error, "transaction rolled back");
	}
}

/* Renders every published document from the store and hands the
 * changed ones to their files, the server and the hub (republish.h).
 * Failures are logged; the old output stays in place. */
static void
loop_publish(struct loop *l)
{
	long	 n = 0;

	loop_batch_end(l, true);
	l->dirty = false;
	if (republish_run(l->pub, l->store, l->conf, l->http, &n) == 0)
		return;
	l->metrics.publishes++;
	l->metrics.items_published = n;
	log_debug("published %ld entries", n);
}

/* Sets fr's next poll, in the state about to be stored and in memory. */
static void
loop_schedule(struct loop *l, struct feed_run *fr, bool ok)
{
	long	 d;

	d = due_schedule(l->conf, fr->fc, &fr->st, fr->res, ok,
	    fr->st.last_fetch ? fr->st.last_fetch : time(NULL));
	fr->next = d < 0 ? LOOP_NEVER : mono_now() + (double)d;
}

static void
loop_start_fetch(struct loop *l, struct feed_run *fr)
{
	struct fetch_req	 rq;

	memset(&rq, 0, sizeof(rq));
	rq.url = due_url(fr->fc, &fr->st);
	rq.etag = fr->st.etag;
	rq.last_modified = fr->st.last_modified;
	rq.userpwd = fr->fc->auth;
	rq.headers = fr->fc->headers;
	rq.insecure = fr->fc->insecure != 0;
	rq.udata = fr;
	if (fr->st.dead)
		return;
	if (l->cycle_start == 0)
		l->cycle_start = mono_now();
	if (fetch_add_req(l->fetcher, &rq) == -1) {
		fr->next = mono_now() + (double)fr->fc->interval;
		return;
	}
	fr->busy = true;
}

/* Records a failure of stage for fr, logging only the transition. */
static void
loop_failed(struct loop *l, struct feed_run *fr, const char *stage,
    const char *why)
{
	if (fr->st.errors == 0 || fr->st.error_stage == NULL ||
	    strcmp(fr->st.error_stage, stage) != 0)
		log_warnx("%s %s: %s", stage, fr->fc->name, why);
	else
		log_debug("%s %s: still failing: %s", stage, fr->fc->name, why);
	fr->st.errors++;
	if (strcmp(stage, "fetch") == 0)
		l->metrics.fetch_failed++;
	else if (strcmp(stage, "parse") == 0)
		l->metrics.parse_failed++;
	else
		l->metrics.store_failed++;
	item_set(&fr->st.error_stage, stage);
	item_set(&fr->st.last_error, why);
	loop_schedule(l, fr, false);
	if (loop_batch_begin(l) == -1 ||
	    store_feed_update(l->store, &fr->st) == -1)
		log_warnx("store %s: cannot record the failure", fr->fc->name);
	else
		fr->batched = true;
}

/* Marks the poll of fr a success in memory; the caller stores it and
 * then calls loop_log_ok with what this returned. */
static long
loop_mark_ok(struct feed_run *fr)
{
	long	 failed = fr->st.errors;

	fr->st.errors = 0;
	item_set(&fr->st.error_stage, NULL);
	item_set(&fr->st.last_error, NULL);
	fr->st.last_ok = fr->st.last_fetch;
	return failed;
}

static void
loop_log_ok(struct loop *l, struct feed_run *fr, long failed)
{
	if (failed > 0)
		log_info("%s: recovered after %ld failed polls", fr->fc->name,
		    failed);
	l->polled_ok++;
}

/* After a rolled-back transaction the state in memory is ahead of the
 * database (new validators above all: keeping them would turn the next
 * poll into a 304 and lose the items for good), so read it back. */
static void
loop_reload_state(struct loop *l, struct feed_run *fr)
{
	time_t	 last_fetch = fr->st.last_fetch;
	long	 status = fr->st.last_status;

	feed_state_free(&fr->st);
	if (store_feed(l->store, fr->fc->name, fr->fc->url, &fr->st) == -1)
		log_warnx("store %s: cannot read the feed state back",
		    fr->fc->name);
	fr->st.last_fetch = last_fetch;
	fr->st.last_status = status;
}

static bool
loop_same(const char *a, const char *b)
{
	return a == b || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/* Stores every item of doc and the feed's new state in the batch's
 * transaction, so validators never advance without the items they
 * describe.  A failure rolls back the batch, this feed and those before
 * it alike: a savepoint per feed, to undo it alone, kept the pages each
 * feed changed in a statement journal (bench: 2.6 MB more at the peak,
 * and its bookkeeping on every page).  Returns the number of items that
 * changed the merged feed, or -1. */
static int
loop_store_doc(struct loop *l, struct feed_run *fr, struct feed_doc *doc,
    const struct fetch_result *res)
{
	struct feed_state	*st = &fr->st;
	size_t			 i;
	int			 rc, changed = 0, renamed;
	unsigned		 count[STORE_UNCHANGED + 1] = { 0 };

	/* Even a failed begin must read the state back: the caller has
	 * already set the new body hash in memory. */
	if (loop_batch_begin(l) == -1 || store_next_feed(l->store) == -1)
		goto fail;
	for (i = 0; i < doc->nitems; i++) {
		rc = store_put_item(l->store, st->id, &doc->items[i],
		    st->last_fetch);
		if (rc == -1)
			goto fail;
		if (rc != STORE_UNCHANGED)
			changed++;
		count[rc]++;
	}
	/* The source's title and link are published with its entries. */
	renamed = !loop_same(st->title, doc->title) ||
	    !loop_same(st->link, doc->link);
	item_set(&st->title, doc->title);
	item_set(&st->link, doc->link);
	item_set(&st->etag, res->etag);
	item_set(&st->last_modified, res->last_modified);
	st->hint = doc->hint;
	st->skip_hours = doc->skip_hours;
	st->skip_days = doc->skip_days;
	loop_schedule(l, fr, true);
	/* What is published changed: feedd once must render again. */
	if ((changed + renamed > 0 && store_meta_bump(l->store,
	    LOOP_META_GENERATION) == -1) ||
	    store_feed_update(l->store, st) == -1)
		goto fail;
	fr->batched = true;
	l->metrics.items_new += count[STORE_NEW];
	l->metrics.items_updated += count[STORE_UPDATED];
	l->metrics.items_merged += count[STORE_MERGED];
	return changed;
 fail:
	store_rollback(l->store);
	loop_batch_end(l, true);	/* the feeds before this one */
	loop_reload_state(l, fr);
	return -1;
}

static void	loop_submit(struct loop *, struct feed_run *,
		    struct fetch_result *);

/* A 304, or a 200 whose body hashes as the last one did: only the poll
 * is recorded. */
static void
loop_unchanged(struct loop *l, struct feed_run *fr,
    const struct fetch_result *res)
{
	long		 failed;

	l->metrics.fetch_not_modified++;
	log_debug("fetch %s: %s", fr->fc->name, res->not_modified ?
	    "not modified" : "same body as last time");
	failed = loop_mark_ok(fr);
	if (!res->not_modified) {
		item_set(&fr->st.etag, res->etag);
		item_set(&fr->st.last_modified, res->last_modified);
	}
	loop_schedule(l, fr, true);
	if (loop_batch_begin(l) == -1 ||
	    store_feed_update(l->store, &fr->st) == -1)
		log_warnx("store %s: cannot record the poll",
		    fr->fc->name);
	else
		fr->batched = true;
	loop_log_ok(l, fr, failed);
}

/* A finished transfer: a failure or a 304 is recorded here; a body goes
 * to the pool, which hashes it (on a worker, off this thread: a cycle of
 * unchanged 200s is mostly hashing) and parses, cleans and hashes its
 * items unless it is the same as last time.  true says the pool owns res
 * now. */
static bool
loop_ingest(struct loop *l, struct fetch_result *res)
{
	struct feed_run	*fr = res->udata;

	fr->st.last_fetch = time(NULL);
	fr->st.last_status = res->status;
	due_redirect(fr->fc, &fr->st, res);
	if (res->error[0] != '\0') {
		loop_failed(l, fr, "fetch", res->error);
		return false;
	}
	if (res->not_modified) {
		loop_unchanged(l, fr, res);
		return false;
	}
	loop_submit(l, fr, res);
	return true;
}

/*
 * On a worker: parse, clean and hash one document (work.h).  The body
 * is freed once parsed (res->len stays, for the metrics), not when the
 * main thread has stored the items: finished documents waiting for it
 * held theirs, a few hundred KB each.
 */
static void
loop_job_run(void *arg)
{
	struct loop_job		*j = arg;
	struct fetch_result	*res = j->res;

	feed_doc_init(&j->doc, res->effective_url ? res->effective_url :
	    j->fr->fc->url);
	j->same = due_same_body(&j->last, res, j->digest);
	if (!j->same)
		j->rc = parse_feed(res->body, res->len, j->doc.url,
		    res->charset, &j->doc, j->err, sizeof(j->err));
	free(res->body);
	res->body = NULL;
	if (j->same || j->rc == -1)
		return;
	clean_feed_rules(&j->doc, j->global, j->feed);
	hash_feed(&j->doc);
}

static void
loop_thread_done(void)
{
	clean_thread_cleanup();
	url_thread_cleanup();
	hash_thread_cleanup();
}

/* Back on the main thread: store what a worker made of a document. */
static void
loop_stored(struct loop *l, struct loop_job *j)
{
	struct feed_run	*fr = j->fr;
	int		 changed;
	long		 failed;

	fr->res = j->res;
	if (j->same) {
		loop_unchanged(l, fr, j->res);
		goto done;
	}
	l->metrics.fetch_ok++;
	l->metrics.fetch_bytes += j->res->len;
	if (j->rc == -1) {
		loop_failed(l, fr, "parse", j->err);
		goto done;
	}
	ident_check(fr->fc->name, &j->doc);
	store_set_near(l->store, l->conf->near_duplicates ?
	    (int)l->conf->near_threshold : -1);
	failed = loop_mark_ok(fr);
	memcpy(fr->st.body_hash, j->digest, BODY_HASH_LEN);
	fr->st.has_body_hash = true;
	if ((changed = loop_store_doc(l, fr, &j->doc, j->res)) == -1) {
		loop_failed(l, fr, "store", "transaction rolled back");
		goto done;
	}
	loop_log_ok(l, fr, failed);
	if (changed > 0) {
		l->dirty = true;
		log_info("%s: %d new or updated of %zu items", fr->fc->name,
		    changed, j->doc.nitems);
	}
 done:
	fr->res = NULL;
	fr->busy = false;
	feed_doc_free(&j->doc);
	fetch_result_free(j->res);
	free(j);
}

/* Hands a fetched document to the pool, first storing what the pool has
 * done while it is full: the back-pressure that bounds memory. */
static void
loop_submit(struct loop *l, struct feed_run *fr, struct fetch_result *res)
{
	struct loop_job	*j;

	while (work_full(l->work))
		loop_stored(l, work_wait(l->work));
	j = xcalloc(1, sizeof(*j));
	j->fr = fr;
	j->res = res;
	j->global = &l->conf->strip;
	j->feed = &fr->fc->strip;
	/* The worker compares with a copy: fr->st is the main thread's. */
	j->last.has_body_hash = fr->st.has_body_hash;
	memcpy(j->last.body_hash, fr->st.body_hash, BODY_HASH_LEN);
	work_submit(l->work, loop_job_run, j);
}

/* Transfers and documents in flight. */
static size_t
loop_pending(const struct loop *l)
{
	return fetch_pending(l->fetcher) + work_pending(l->work);
}

static void
loop_collect(struct loop *l)
{
	struct fetch_result	*res;
	struct feed_run		*fr;
	struct loop_job		*j;

	while ((res = fetch_next(l->fetcher)) != NULL) {
		fr = res->udata;
		fr->res = res;
		if (loop_ingest(l, res))
			continue;	/* the pool has it, busy still */
		fr->res = NULL;
		fr->busy = false;
		fetch_result_free(res);
	}
	while ((j = work_next(l->work)) != NULL)
		loop_stored(l, j);
	loop_batch_end(l, loop_pending(l) == 0);
}

/* A fetcher with the settings of c.  fetch_new copies what it keeps. */
static struct fetcher *
loop_fetcher(const struct conf *c, char *err, size_t errlen)
{
	struct fetch_opts	 fo;

	memset(&fo, 0, sizeof(fo));
	fo.timeout = c->timeout;
	fo.connect_timeout = c->connect_timeout;
	fo.max_size = c->max_size;
	fo.parallel = c->parallel;
	fo.max_redirects = c->max_redirects;
	fo.user_agent = c->user_agent;
	fo.per_host = c->per_host;
	return fetch_new(&fo, err, errlen);
}

/* The worker pool: one worker per processor, so a cycle parses on every
 * core while this thread fetches and stores. */
static int
loop_work(struct loop *l, char *err, size_t errlen)
{
	unsigned char	 h[HASH_LEN];
	size_t		 nworkers = work_default_threads();

	/* hash.c fetches its digest on first use: do that here, before
	 * any worker could race for it. */
	hash_bytes("", 0, h);
	/* An arena each for this thread, the store's checkpointer and every
	 * worker (work.c binds them at start); more threads (the server's)
	 * share.  glibc's default, eight per core, kept what documents
	 * parsed on a worker and freed here left in them: a peak of 75 MB.
	 * Two for all made this thread queue on the lock of a worker's
	 * arena: a cold bench cycle 4.9-5.5 s, the main thread asleep 1.5 s
	 * of it; with one each 4.0-4.2 s at the same peak. */
	if (mallopt(M_ARENA_MAX, (int)nworkers + LOOP_ARENAS_MORE) != 1)
		log_debug("mallopt M_ARENA_MAX failed");
	/* Bodies (a few hundred KB) were each a fresh mmap, faulted in page
	 * by page and unmapped after: from the heap, the next body reuses
	 * the pages (bench unchanged-200, 1,000 feeds: 0.42 s, now 0.29 s;
	 * same peak).  Trimming keeps LOOP_TOP_PAD at the top of the heap,
	 * or the next bodies fault those pages in again (system time of
	 * that cycle 0.21-0.24 s, with the pad 0.13-0.19 s; same peak).
	 * What stays free is given back after each round. */
	if (mallopt(M_MMAP_THRESHOLD, LOOP_MMAP_BYTES) != 1 ||
	    mallopt(M_TRIM_THRESHOLD, LOOP_TRIM_BYTES) != 1 ||
	    mallopt(M_TOP_PAD, LOOP_TOP_PAD) != 1)
		log_debug("mallopt M_MMAP_THRESHOLD failed");
	if ((l->work = work_new(nworkers, 0, sigpipe[1], loop_thread_done, err,
	    errlen)) == NULL) {
		log_warnx("work: %s", err);
		return -1;
	}
	return 0;
}

static int
loop_open(struct loop *l, bool serve)
{
	char			 err[256];

	if ((l->store = store_open(l->conf->database, err, sizeof(err))) == NULL) {
		log_warnx("store %s: %s", l->conf->database, err);
		return -1;
	}
	if (loop_load_feeds(l) == -1)
		return -1;
	if (l->conf->output)
		publish_sweep(l->conf->output);
	if (l->conf->output_rss)
		publish_sweep(l->conf->output_rss);
	if (l->conf->output_json)
		publish_sweep(l->conf->output_json);
	if ((l->fetcher = loop_fetcher(l->conf, err, sizeof(err))) == NULL) {
		log_warnx("fetch: %s", err);
		return -1;
	}
	if (loop_work(l, err, sizeof(err)) == -1)
		return -1;
	if (serve && l->conf->listen &&
	    (l->http = http_start(l->conf->listen, err, sizeof(err))) == NULL) {
		log_warnx("listen %s: %s", l->conf->listen, err);
		return -1;
	}
	l->pub = republish_new();
	return 0;
}

static void
loop_close(struct loop *l)
{
	struct loop_job	*j;

	if (l->fetcher) {
		fetch_abort_all(l->fetcher);
		fetch_free(l->fetcher);
	}
	/* Documents still in the pool are dropped unstored: their feeds'
	 * state never advanced, so the next run fetches them again. */
	while (l->work && (j = work_wait(l->work)) != NULL) {
		feed_doc_free(&j->doc);
		fetch_result_free(j->res);
		free(j);
	}
	work_free(l->work);
	if (l->store)
		loop_batch_end(l, true);
	republish_free(l->pub);
	if (l->http)
		http_stop(l->http);
	loop_free_feeds(l);
	if (l->store)
		store_close(l->store);
	conf_free(l->conf);
	free(l->conf);
}

/* Retention (feeds.conf keep): at most once an hour, and at the end of
 * feedd once. */
static void
loop_prune(struct loop *l, bool force)
{
	const char	**names;
	double		 now = mono_now();
	long		 n;

	if (!force && l->pruned != 0 && now - l->pruned < LOOP_PRUNE_SECS)
		return;
	loop_batch_end(l, true);	/* retention is a transaction of its own */
	l->pruned = now;
	names = conf_feed_names(l->conf);
	n = store_prune(l->store, names, l->nfeeds, l->conf->max_items,
	    time(NULL) - l->conf->keep);
	free(names);
	if (n == -1)
		log_warnx("store: retention failed; will try again");
	else if (n > 0) {
		log_info("store: %ld items older than keep removed", n);
		if (store_meta_bump(l->store, LOOP_META_GENERATION) == -1)
			log_warnx("store: cannot count the removal");
	}
}

/* The SHA-256 of the config file in hex, or "" if it cannot be read. */
static void
loop_conf_hash(const struct conf *c, char hex[HASH_HEX_LEN])
{
	struct buf	 b;
	unsigned char	 h[HASH_LEN];
	char		 chunk[8192];
	size_t		 n;
	FILE		*fp;

	hex[0] = '\0';
	if ((fp = fopen(c->path, "r")) == NULL)
		return;
	buf_init(&b, 0);
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		buf_append(&b, chunk, n);
	if (!ferror(fp)) {
		hash_bytes(b.data ? b.data : "", b.len, h);
		hash_hex(h, hex);
	}
	fclose(fp);
	buf_free(&b);
}

/*
 * Whether feedd once must render and write its documents: not when the
 * content generation and the config are those of the last publish and
 * every output file is still there (a warm cycle of 304s then costs no
 * rendering).  key gets what to record after publishing.
 */
static bool
loop_once_stale(struct loop *l, char *key, size_t keylen)
{
	const char	*outs[] = { l->conf->output, l->conf->output_rss,
			    l->conf->output_json };
	char		 hex[HASH_HEX_LEN], *gen, *last;
	bool		 stale;
	size_t		 i;

	loop_batch_end(l, true);
	loop_conf_hash(l->conf, hex);
	gen = store_meta_get(l->store, LOOP_META_GENERATION);
	snprintf(key, keylen, "%s %.*s", gen ? gen : "0", HASH_HEX_LEN - 1,
	    hex);
	free(gen);
	last = store_meta_get(l->store, LOOP_META_PUBLISHED);
	stale = l->dirty || hex[0] == '\0' || last == NULL ||
	    strcmp(last, key) != 0;
	free(last);
	for (i = 0; i < sizeof(outs) / sizeof(outs[0]); i++)
		if (outs[i] != NULL && access(outs[i], F_OK) == -1)
			stale = true;
	return stale;
}

/* feedd once: every feed a single time, then publish. */
static int
loop_once(struct loop *l)
{
	char	 key[64 + HASH_HEX_LEN];
	size_t	 i;

	for (i = 0; i < l->nfeeds; i++)
		loop_start_fetch(l, &l->feeds[i]);
	while (loop_pending(l) > 0 && !got_quit) {
		if (fetch_wait(l->fetcher, LOOP_MAX_WAIT_MS, sigpipe[0]) == -1)
			break;
		loop_drain_sigpipe();
		loop_collect(l);
	}
	if (got_quit)
		return 1;
	if (loop_once_stale(l, key, sizeof(key))) {
		loop_publish(l);
		if (!republish_failed(l->pub) &&
		    store_meta_set(l->store, LOOP_META_PUBLISHED, key) == -1)
			log_warnx("store: cannot record the publish");
	} else
		log_debug("nothing changed since the last publish");
	loop_prune(l, true);
	log_info("polled %zu of %zu feeds", l->polled_ok, l->nfeeds);
	return l->nfeeds > 0 && l->polled_ok == 0 ? 1 : 0;
}

static struct feed_run *
loop_find_feed(struct feed_run *feeds, size_t n, const char *name)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (strcmp(feeds[i].fc->name, name) == 0)
			return &feeds[i];
	return NULL;
}

/* Whether the fetcher must be rebuilt for the new settings. */
static bool
loop_fetch_opts_changed(const struct conf *a, const struct conf *b)
{
	return a->timeout != b->timeout ||
	    a->connect_timeout != b->connect_timeout ||
	    a->max_size != b->max_size || a->parallel != b->parallel ||
	    a->max_redirects != b->max_redirects ||
	    strcmp(a->user_agent, b->user_agent) != 0;
}

/*
 * SIGHUP: read the config into a fresh struct; on any error keep running
 * the old one.  Called only with no transfer in flight, so no result can
 * point at a feed_run that goes away.  Kept feeds keep their state and
 * schedule (a shorter interval takes effect at once), added feeds are
 * polled now, removed feeds stop and leave the merged feed.
 */
static void
loop_reload(struct loop *l)
{
	struct conf		*nc, *oc = l->conf;
	struct feed_run		*old = l->feeds, *fr, *prev;
	size_t			 nold = l->nfeeds, i;
	double			 now = mono_now();
	struct http_server	*http;
	struct fetcher		*f;
	char			 err[HTTP_ERR_LEN];
	int			 errors;

	loop_notify("RELOADING=1");
	loop_batch_end(l, true);
	nc = xcalloc(1, sizeof(*nc));
	if ((errors = conf_load(oc->path, nc, stderr)) != 0) {
		log_warnx("reload %s: %d error%s, keeping the running config",
		    oc->path, errors, errors == 1 ? "" : "s");
		conf_free(nc);
		free(nc);
		loop_notify("READY=1");
		return;
	}
	if ((oc->listen == NULL) != (nc->listen == NULL) ||
	    (oc->listen && strcmp(oc->listen, nc->listen) != 0)) {
		http = nc->listen ? http_start(nc->listen, err, sizeof(err)) : NULL;
		if (nc->listen && http == NULL)
			log_warnx("reload: listen %s: %s; still serving on %s",
			    nc->listen, err, oc->listen ? oc->listen : "nothing");
		else {
			if (l->http)
				http_stop(l->http);
			l->http = http;
		}
	}
	l->feeds = xcalloc(nc->nfeeds, sizeof(*l->feeds));
	l->nfeeds = nc->nfeeds;
	for (i = 0; i < nc->nfeeds; i++) {
		fr = &l->feeds[i];
		fr->fc = &nc->feeds[i];
		fr->next = now;
		if ((prev = loop_find_feed(old, nold, fr->fc->name)) != NULL &&
		    strcmp(prev->fc->url, fr->fc->url) == 0) {
			fr->st = prev->st;
			memset(&prev->st, 0, sizeof(prev->st));
			fr->next = prev->next;
			if (fr->next > now + (double)fr->fc->interval &&
			    !fr->st.dead)
				fr->next = now + (double)fr->fc->interval;
			continue;
		}
		if (store_feed(l->store, fr->fc->name, fr->fc->url, &fr->st) == -1)
			log_warnx("reload: cannot load feed %s", fr->fc->name);
		log_info("reload: %s feed %s", prev ? "moved" : "new",
		    fr->fc->name);
	}
	for (i = 0; i < nold; i++) {
		if (loop_find_feed(l->feeds, l->nfeeds, old[i].fc->name) == NULL)
			log_info("reload: removed feed %s", old[i].fc->name);
		feed_state_free(&old[i].st);
	}
	free(old);
	if (loop_fetch_opts_changed(oc, nc)) {
		if ((f = loop_fetcher(nc, err, sizeof(err))) == NULL)
			log_warnx("reload: fetch: %s; keeping the old settings",
			    err);
		else {
			fetch_free(l->fetcher);
			l->fetcher = f;
		}
	}
	conf_free(oc);
	free(oc);
	l->conf = nc;
	l->dirty = true;	/* the set of published feeds may differ */
	log_info("reloaded %s: %zu feeds", nc->path, nc->nfeeds);
	loop_notify("READY=1");
}

/* n with thousands separators, as a person reads it: 1,234,567. */
static const char *
loop_thousands(long n, char out[32])
{
	char	 digits[24];
	int	 len, i, o = 0;

	len = snprintf(digits, sizeof(digits), "%ld", n < 0 ? 0 : n);
	for (i = 0; i < len; i++) {
		if (i > 0 && (len - i) % 3 == 0)
			out[o++] = ',';
		out[o++] = digits[i];
	}
	out[o] = '\0';
	return out;
}

/* Every transfer of a round is done: take the figures, tell systemd and
 * the /metrics page. */
static void
loop_cycle_done(struct loop *l)
{
	struct metrics	*m = &l->metrics;
	char		 status[160], feeds[32], items[32], *doc;
	size_t		 i, len;

	m->cycles++;
	/* An output file that could not be written is tried again after
	 * each round until the fault clears (republish.h). */
	if (republish_failed(l->pub))
		l->dirty = true;
	m->cycle_seconds = mono_now() - l->cycle_start;
	m->cycle_end = time(NULL);
	l->cycle_start = 0;
	m->feeds_ok = m->feeds_failing = 0;
	for (i = 0; i < l->nfeeds; i++) {
		if (l->feeds[i].st.errors > 0)
			m->feeds_failing++;
		else
			m->feeds_ok++;
	}
	loop_prune(l, false);
	malloc_trim(0);		/* idle till the next round: give back */
	m->items_stored = store_count_items(l->store);
	snprintf(status, sizeof(status),
	    "STATUS=%s feeds, %s items, last cycle %.1f s, %ld failing",
	    loop_thousands((long)l->nfeeds, feeds),
	    loop_thousands(m->items_stored, items), m->cycle_seconds,
	    m->feeds_failing);
	loop_notify(status);
	if (l->http) {
		doc = metrics_render(m, &len);
		http_publish(l->http, METRICS_PATH, METRICS_TYPE, doc, len,
		    m->cycle_end);
	}
}

/* systemd's watchdog wants a sign of life at least every WatchdogSec;
 * we give one every half of it, from the loop itself, so a stuck loop
 * gets the daemon restarted. */
static void
loop_watchdog(struct loop *l)
{
	double	 now;

	if (l->watchdog_usec == 0)
		return;
	now = mono_now();
	if ((now - l->watchdog_sent) * 1e6 < (double)l->watchdog_usec / 2)
		return;
	l->watchdog_sent = now;
	loop_notify("WATCHDOG=1");
}

/* /healthz stays green while the loop comes round and no feed waits
 * for its poll longer than LOOP_LATE_SECS (due feeds were just started,
 * so one still waiting means polling is stuck, e.g. behind a reload). */
static void
loop_health(struct loop *l, double now)
{
	size_t	 i;

	if (l->http == NULL)
		return;
	for (i = 0; i < l->nfeeds; i++) {
		if (!l->feeds[i].busy && now - l->feeds[i].next > LOOP_LATE_SECS) {
			http_set_healthy_until(l->http, 0);
			return;
		}
	}
	http_set_healthy_until(l->http, now + LOOP_HEALTH_SECS);
}

/* feedd run: poll each feed on its interval until told to stop. */
static int
loop_daemon(struct loop *l)
{
	struct feed_run	*fr;
	double		 now, wait_ms;
	size_t		 i;

	loop_publish(l);	/* serve what is stored at once */
#ifdef HAVE_SYSTEMD
	if (sd_watchdog_enabled(0, &l->watchdog_usec) <= 0)
		l->watchdog_usec = 0;
#endif
	l->metrics.started = time(NULL);
	l->metrics.items_stored = store_count_items(l->store);
	loop_notify("READY=1");
	log_info("running: %zu feeds, %ld items stored", l->nfeeds,
	    l->metrics.items_stored);
	while (!got_quit) {
		if (got_reload && loop_pending(l) == 0) {
			got_reload = 0;
			loop_reload(l);
		}
		now = mono_now();
		wait_ms = LOOP_MAX_WAIT_MS;
		loop_watchdog(l);
		for (i = 0; i < l->nfeeds; i++) {
			fr = &l->feeds[i];
			if (got_pollnow && !fr->st.dead)
				fr->next = now;
			if (fr->busy)
				continue;
			/* A pending reload waits for the transfers in flight;
			 * start no new ones meanwhile. */
			if (fr->next <= now && !got_reload)
				loop_start_fetch(l, fr);
			else if ((fr->next - now) * 1000 < wait_ms)
				wait_ms = (fr->next - now) * 1000;
		}
		got_pollnow = 0;
		loop_health(l, now);
		if (fetch_wait(l->fetcher, (int)wait_ms + 1, sigpipe[0]) == -1)
			log_warnx("fetch: waiting for transfers failed");
		loop_drain_sigpipe();
		loop_collect(l);
		if (loop_pending(l) == 0) {
			if (l->dirty)
				loop_publish(l);
			if (l->cycle_start != 0)
				loop_cycle_done(l);
		}
		loop_watchdog(l);
	}
	loop_notify("STOPPING=1");
	log_info("stopping");
	return 0;
}

int
loop_run(struct conf *conf, bool once)
{
	struct loop	 l;
	int		 rc = 1;

	memset(&l, 0, sizeof(l));
	/* The loop owns the conf from here on; reload replaces it. */
	l.conf = xmalloc(sizeof(*l.conf));
	*l.conf = *conf;
	memset(conf, 0, sizeof(*conf));
	loop_signals();
	parse_init();
	if (fetch_global_init() == -1) {
		log_warnx("fetch: libcurl initialisation failed");
		loop_close(&l);
		return 1;
	}
	if (loop_open(&l, !once) == 0)
		rc = once ? loop_once(&l) : loop_daemon(&l);
	loop_close(&l);
	fetch_global_cleanup();
	parse_cleanup();
	return rc;
}
