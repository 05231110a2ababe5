/*
 * due.c — a feed's fetch state after each poll (see due.h).
 */
#include <stdbool.h>
#include <string.h>
#include <time.h>

#include <xxhash.h>

#include "conf.h"
#include "due.h"
#include "feed.h"
#include "fetch.h"
#include "log.h"
#include "schedule.h"
#include "store.h"

const char *
due_url(const struct feed_conf *fc, const struct feed_state *st)
{
	return st->moved_url ? st->moved_url : fc->url;
}

void
due_redirect(const struct feed_conf *fc, struct feed_state *st,
    const struct fetch_result *res)
{
	const char	*to = res->moved_url;

	if (res->error[0] != '\0')
		return;		/* a failing poll proves nothing */
	if (to == NULL || strcmp(to, due_url(fc, st)) == 0) {
		item_set(&st->redirect_url, NULL);
		st->redirect_count = 0;
		return;
	}
	if (st->redirect_url && strcmp(st->redirect_url, to) == 0)
		st->redirect_count++;
	else {
		item_set(&st->redirect_url, to);
		st->redirect_count = 1;
	}
	if (st->redirect_count < DUE_MOVE_POLLS) {
		log_info("fetch %s: permanent redirect to %s (%ld of %d polls "
		    "before the feed moves)", fc->name, to,
		    st->redirect_count, DUE_MOVE_POLLS);
		return;
	}
	log_info("fetch %s: moved to %s after %d polls in a row said so",
	    fc->name, to, DUE_MOVE_POLLS);
	item_set(&st->moved_url, strcmp(to, fc->url) == 0 ? NULL : to);
	item_set(&st->redirect_url, NULL);
	st->redirect_count = 0;
}

static void
due_conf(const struct conf *c, const struct feed_conf *fc,
    struct sched_conf *sc)
{
	sc->interval = fc->interval > 0 ? fc->interval : c->interval;
	sc->floor = c->min_interval;
	sc->ceiling = c->max_interval;
	sc->backoff_max = c->backoff_max;
}

/* The delay after a failed poll: dead, Retry-After, or backoff. */
static long
due_after_error(const struct sched_conf *sc, const struct feed_conf *fc,
    struct feed_state *st, const struct fetch_result *res, time_t now)
{
	long	 retry;

	if (res != NULL && res->status == 410 && res->error[0] != '\0') {
		if (!st->dead)
			log_warnx("fetch %s: gone (410); not polled again "
			    "until its url changes", fc->name);
		st->dead = true;
		return -1;
	}
	if (res != NULL && (res->status == 429 || res->status == 503) &&
	    (retry = sched_retry_after(res->retry_after, now)) >= 0)
		return sched_after_retry(sc, retry);
	return sched_after_error(sc, st->errors > 0 ? st->errors : 1,
	    sched_random());
}

long
due_schedule(const struct conf *c, const struct feed_conf *fc,
    struct feed_state *st, const struct fetch_result *res, bool ok,
    time_t now)
{
	struct sched_conf	 sc;
	long			 d, hint = st->hint;

	due_conf(c, fc, &sc);
	if (!ok) {
		if ((d = due_after_error(&sc, fc, st, res, now)) < 0) {
			st->next_poll = 0;
			return -1;
		}
		st->next_poll = now + d;
		return d;
	}
	if (res != NULL) {
		d = sched_http_hint(res->cache_control, res->expires, now);
		if (d > hint)
			hint = d;
	}
	d = sched_after_ok(&sc, hint, sched_random());
	st->next_poll = sched_skip(now + d, st->skip_hours, st->skip_days);
	/* skipHours never hold a feed past the ceiling */
	if (st->next_poll - now > sc.ceiling && sc.ceiling > d)
		st->next_poll = now + sc.ceiling;
	return (long)(st->next_poll - now);
}

bool
due_same_body(const struct feed_state *st, const struct fetch_result *res,
    unsigned char hash[BODY_HASH_LEN])
{
	XXH128_canonical_t	 c;

	XXH128_canonicalFromHash(&c,
	    XXH3_128bits(res->body ? res->body : "", res->len));
	memcpy(hash, c.digest, BODY_HASH_LEN);
	return st->has_body_hash &&
	    memcmp(hash, st->body_hash, BODY_HASH_LEN) == 0;
}
