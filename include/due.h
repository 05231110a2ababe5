/*
 * due.h — a feed's fetch state after each poll: when it is due again,
 * whether it has moved or gone, whether its body changed.
 *
 * The loop calls these with the feed's stored state and the finished
 * transfer; they change only the struct feed_state they are given (the
 * loop stores it) and log the transitions a user wants to see: a feed
 * that moved, one that is gone.  The arithmetic is schedule.h's.
 */
#ifndef FEEDD_DUE_H
#define FEEDD_DUE_H

#include <stdbool.h>
#include <time.h>

#include "conf.h"
#include "feed.h"
#include "fetch.h"
#include "store.h"

/* Polls in a row that must show the same 301/308 before a feed moves. */
#define DUE_MOVE_POLLS	3

/* The URL to poll: where a confirmed permanent redirect led, else the
 * configured one. */
const char *due_url(const struct feed_conf *, const struct feed_state *);
/*
 * Counts the permanent redirect res reports (or its absence) toward
 * moving the feed; after DUE_MOVE_POLLS polls in a row that reached the
 * same URL through 301/308, st->moved_url becomes that URL.  Only polls
 * that got a feed (2xx or 304) count.
 */
void	 due_redirect(const struct feed_conf *, struct feed_state *,
	    const struct fetch_result *);
/*
 * Sets st->next_poll (wall clock) after a poll that ended ok or not, and
 * st->dead on a 410.  Returns the seconds until then, or -1 for a dead
 * feed that is not to be polled again until its url changes.
 */
long	 due_schedule(const struct conf *, const struct feed_conf *,
	    struct feed_state *, const struct fetch_result *, bool ok,
	    time_t now);
/* Whether res's body is byte for byte the one stored last time; puts
 * its digest (store.h) in hash either way. */
bool	 due_same_body(const struct feed_state *, const struct fetch_result *,
	    unsigned char hash[BODY_HASH_LEN]);

#endif
