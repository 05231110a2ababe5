/*
 * metrics.c — the Prometheus text exposition of struct metrics.
 *
 * Names follow the Prometheus conventions: a feedd_ prefix, _total on
 * counters, base units (seconds, bytes) in the name.
 */
#include <stdio.h>

#include "buf.h"
#include "metrics.h"

static void
metric(struct buf *b, const char *name, const char *type, const char *help)
{
	buf_printf(b, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

char *
metrics_render(const struct metrics *m, size_t *len)
{
	struct buf	 b;
	char		*doc;

	buf_init(&b, 0);
	metric(&b, "feedd_fetches_total", "counter",
	    "Feed polls by result.");
	buf_printf(&b, "feedd_fetches_total{result=\"ok\"} %llu\n", m->fetch_ok);
	buf_printf(&b, "feedd_fetches_total{result=\"not_modified\"} %llu\n",
	    m->fetch_not_modified);
	buf_printf(&b, "feedd_fetches_total{result=\"fetch_error\"} %llu\n",
	    m->fetch_failed);
	buf_printf(&b, "feedd_fetches_total{result=\"parse_error\"} %llu\n",
	    m->parse_failed);
	buf_printf(&b, "feedd_fetches_total{result=\"store_error\"} %llu\n",
	    m->store_failed);
	metric(&b, "feedd_fetch_bytes_total", "counter",
	    "Feed document bytes received.");
	buf_printf(&b, "feedd_fetch_bytes_total %llu\n", m->fetch_bytes);
	metric(&b, "feedd_items_total", "counter",
	    "Stories stored new or updated in place.");
	buf_printf(&b, "feedd_items_total{result=\"new\"} %llu\n", m->items_new);
	buf_printf(&b, "feedd_items_total{result=\"updated\"} %llu\n",
	    m->items_updated);
	metric(&b, "feedd_duplicates_merged_total", "counter",
	    "Items stored once as another source of a story already stored.");
	buf_printf(&b, "feedd_duplicates_merged_total %llu\n", m->items_merged);
	metric(&b, "feedd_publishes_total", "counter",
	    "Merged feeds rendered with new content.");
	buf_printf(&b, "feedd_publishes_total %llu\n", m->publishes);
	metric(&b, "feedd_cycles_total", "counter",
	    "Poll rounds completed (every transfer in flight done).");
	buf_printf(&b, "feedd_cycles_total %llu\n", m->cycles);
	metric(&b, "feedd_feeds", "gauge", "Configured feeds by state.");
	buf_printf(&b, "feedd_feeds{state=\"ok\"} %ld\n", m->feeds_ok);
	buf_printf(&b, "feedd_feeds{state=\"failing\"} %ld\n", m->feeds_failing);
	metric(&b, "feedd_items_stored", "gauge", "Items in the database.");
	buf_printf(&b, "feedd_items_stored %ld\n", m->items_stored);
	metric(&b, "feedd_items_published", "gauge",
	    "Entries in the merged feed.");
	buf_printf(&b, "feedd_items_published %ld\n", m->items_published);
	metric(&b, "feedd_cycle_duration_seconds", "gauge",
	    "Wall time of the last poll round.");
	buf_printf(&b, "feedd_cycle_duration_seconds %.3f\n", m->cycle_seconds);
	metric(&b, "feedd_last_cycle_timestamp_seconds", "gauge",
	    "When the last poll round ended, Unix time.");
	buf_printf(&b, "feedd_last_cycle_timestamp_seconds %lld\n",
	    (long long)m->cycle_end);
	metric(&b, "feedd_start_time_seconds", "gauge",
	    "When the daemon started, Unix time.");
	buf_printf(&b, "feedd_start_time_seconds %lld\n", (long long)m->started);
	*len = b.len;
	doc = buf_take(&b);
	return doc;
}
