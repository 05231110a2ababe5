/*
 * republish.h — everything feedd serves and writes, made again after a
 * change.
 *
 * republish_run() reads the newest items from the store once per feed
 * set (the merged feed, and one set per tag) and renders each as Atom,
 * RSS and JSON Feed; it renders the HTML page and the OPML list too.  A
 * document whose bytes did not change is left alone: its file keeps its
 * mtime, the server its ETag and Last-Modified, the hub is not pinged.
 * A changed one is written to its output file (the merged feed's, when
 * configured), handed to the server, and with websub_hub and base_url
 * set, its public URL is queued for a hub ping.  Tags no longer
 * configured stop being served.  Failures are logged; what was served
 * before stays.
 *
 * Returns the number of documents that changed, and in *items the
 * number of entries in the merged feed.
 *
 * republish_failed() tells whether an output file could not be written
 * in the last run (disk full, I/O error); the file keeps its last good
 * version and the next run writes it again, changed or not.
 *
 * The struct remembers what was published; republish_free() releases
 * it and stops the WebSub worker.
 */
#ifndef FEEDD_REPUBLISH_H
#define FEEDD_REPUBLISH_H

#include <stdbool.h>

#include "conf.h"
#include "http.h"
#include "store.h"

struct republish;

struct republish *republish_new(void);
size_t	 republish_run(struct republish *, struct store *,
	    const struct conf *, struct http_server *, long *items);
bool	 republish_failed(const struct republish *);
void	 republish_free(struct republish *);

#endif
