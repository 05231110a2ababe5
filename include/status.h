/*
 * status.h — `feedd status`: every feed's fetch state, as a table for
 * people or as JSON for scripts.
 *
 * Per feed: the URL polled (where a confirmed permanent redirect led,
 * else the configured one), the last poll and its result (the HTTP
 * status, or the stage that failed: fetch, parse, store), items stored,
 * the next poll ("dead" after a 410), consecutive errors and the last
 * error, and any permanent redirect being counted toward a move.
 */
#ifndef FEEDD_STATUS_H
#define FEEDD_STATUS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "store.h"

void	 status_print(const struct feed_state *, size_t n, bool json,
	    FILE *);

#endif
