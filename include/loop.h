/*
 * loop.h — the daemon: scheduling, signals and lifetimes.
 *
 * loop_run() owns everything that lives as long as the process: the
 * config (reloaded on SIGHUP), the store, the fetcher and the HTTP
 * server.  Each fetched document goes through parse, clean, hash and
 * store in one transaction; after a round in which something changed,
 * the merged feed is published once.
 *
 * With once set, every feed is polled a single time and loop_run returns
 * 0 when at least one feed could be polled, else 1.  Otherwise it polls
 * each feed on its interval until SIGTERM or SIGINT and returns 0.
 * conf is adopted by the loop and freed by it.
 */
#ifndef FEEDD_LOOP_H
#define FEEDD_LOOP_H

#include <stdbool.h>

#include "conf.h"

int	loop_run(struct conf *, bool once);

#endif
