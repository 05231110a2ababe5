/*
 * metrics.h — what the daemon counts, in the Prometheus text format.
 *
 * The main loop owns one struct metrics and updates it as it works;
 * metrics_render() turns a snapshot into the text exposition format
 * (version 0.0.4) that /metrics serves.  Counters only grow for the
 * life of the process; gauges say how things are now.
 */
#ifndef FEEDD_METRICS_H
#define FEEDD_METRICS_H

#include <stddef.h>
#include <time.h>

struct metrics {
	/* counters */
	unsigned long long	 fetch_ok;		/* 2xx with a body */
	unsigned long long	 fetch_not_modified;	/* 304 */
	unsigned long long	 fetch_failed;		/* transfer or HTTP error */
	unsigned long long	 parse_failed;
	unsigned long long	 store_failed;
	unsigned long long	 fetch_bytes;		/* body bytes received */
	unsigned long long	 items_new;
	unsigned long long	 items_updated;
	unsigned long long	 items_merged;		/* duplicates merged */
	unsigned long long	 publishes;
	unsigned long long	 cycles;
	/* gauges */
	long			 feeds_ok;
	long			 feeds_failing;
	long			 items_stored;
	long			 items_published;
	double			 cycle_seconds;		/* the last one */
	time_t			 cycle_end;		/* wall clock */
	time_t			 started;		/* wall clock */
};

/* A malloc'd text document; its length in *len. */
char	*metrics_render(const struct metrics *, size_t *len);

#endif
