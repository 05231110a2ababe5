/*
 * websub.h — telling a WebSub hub that our feeds changed (W3C WebSub,
 * section 7: the publisher's "publish" ping, as hubs commonly take it).
 *
 * websub_new() starts one worker thread that POSTs
 * hub.mode=publish&hub.url=URL to the hub for every URL queued with
 * websub_ping(), so the main loop never waits on the hub.  A URL already
 * waiting is not queued twice.  Failures are logged and forgotten: the
 * next change pings again.  websub_free() sends what is queued (so
 * `feedd once` pings too) for at most WEBSUB_DRAIN_SECS, drops the rest,
 * and joins the worker; a ping in flight is bounded by
 * WEBSUB_TIMEOUT_SECS.
 * libcurl must have been initialised (fetch_global_init).
 */
#ifndef FEEDD_WEBSUB_H
#define FEEDD_WEBSUB_H

#define WEBSUB_TIMEOUT_SECS	5	/* one ping */
#define WEBSUB_DRAIN_SECS	2	/* sending what is queued at exit */
#define WEBSUB_QUEUE_MAX	64	/* URLs waiting; more are dropped */

struct websub;

struct websub	*websub_new(const char *hub);
void		 websub_ping(struct websub *, const char *url);
void		 websub_free(struct websub *);

#endif
