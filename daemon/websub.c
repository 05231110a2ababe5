/*
 * websub.c — publish pings to a WebSub hub, off the main loop (see
 * websub.h).
 *
 * A queue under a mutex and a condition variable; the worker takes one
 * URL at a time and POSTs it with a libcurl easy handle it reuses (the
 * connection to the hub stays open between pings).
 */
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>

#include "log.h"
#include "websub.h"
#include "xmalloc.h"

struct websub {
	char		*hub;
	pthread_t	 thread;
	pthread_mutex_t	 lock;		/* guards queue, nqueue, stop */
	pthread_cond_t	 cond;
	char		*queue[WEBSUB_QUEUE_MAX];
	size_t		 nqueue;
	bool		 stop;
	time_t		 stop_at;	/* monotonic, when told to stop */
	bool		 failing;	/* the last ping failed: log recovery */
};

/* The hub's answer body is of no interest. */
static size_t
websub_discard(char *p, size_t size, size_t n, void *cls)
{
	(void)p;
	(void)cls;
	return size * n;
}

static void
websub_post(struct websub *ws, CURL *h, const char *url)
{
	char		*esc, *body, err[CURL_ERROR_SIZE] = "";
	long		 status = 0;
	CURLcode	 rc;

	if ((esc = curl_easy_escape(h, url, 0)) == NULL) {
		log_warnx("websub: cannot escape %s", url);
		return;
	}
	body = xasprintf("hub.mode=publish&hub.url=%s", esc);
	curl_free(esc);
	curl_easy_setopt(h, CURLOPT_URL, ws->hub);
	curl_easy_setopt(h, CURLOPT_COPYPOSTFIELDS, body);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, (long)WEBSUB_TIMEOUT_SECS);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, (long)WEBSUB_TIMEOUT_SECS);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, err);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, websub_discard);
	curl_easy_setopt(h, CURLOPT_USERAGENT, "feedd/" FEEDD_VERSION);
	free(body);
	rc = curl_easy_perform(h);
	if (rc == CURLE_OK)
		curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
	/* Hubs answer 202 Accepted, some 204 or 200. */
	if (rc == CURLE_OK && status >= 200 && status < 300) {
		if (ws->failing)
			log_info("websub %s: pinging again", ws->hub);
		ws->failing = false;
		log_debug("websub %s: pinged for %s", ws->hub, url);
		return;
	}
	if (rc != CURLE_OK)
		log_warnx("websub %s: ping for %s: %s", ws->hub, url,
		    *err ? err : curl_easy_strerror(rc));
	else
		log_warnx("websub %s: ping for %s: HTTP %ld", ws->hub, url,
		    status);
	ws->failing = true;
}

static time_t
websub_now(void)
{
	struct timespec	 ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) == -1)
		fatal("clock_gettime");
	return ts.tv_sec;
}

static void *
websub_main(void *cls)
{
	struct websub	*ws = cls;
	CURL		*h;
	char		*url;

	if ((h = curl_easy_init()) == NULL)
		log_warnx("websub: curl_easy_init failed; not pinging");
	pthread_mutex_lock(&ws->lock);
	for (;;) {
		while (ws->nqueue == 0 && !ws->stop)
			pthread_cond_wait(&ws->cond, &ws->lock);
		/* Stopping: what is queued goes out, but only for so long. */
		if (ws->nqueue == 0 || (ws->stop &&
		    websub_now() - ws->stop_at >= WEBSUB_DRAIN_SECS))
			break;
		url = ws->queue[0];
		memmove(ws->queue, ws->queue + 1,
		    --ws->nqueue * sizeof(ws->queue[0]));
		pthread_mutex_unlock(&ws->lock);
		if (h)
			websub_post(ws, h, url);
		free(url);
		pthread_mutex_lock(&ws->lock);
	}
	pthread_mutex_unlock(&ws->lock);
	if (h)
		curl_easy_cleanup(h);
	return NULL;
}

struct websub *
websub_new(const char *hub)
{
	struct websub	*ws;

	ws = xcalloc(1, sizeof(*ws));
	ws->hub = xstrdup(hub);
	if ((errno = pthread_mutex_init(&ws->lock, NULL)) != 0)
		fatal("websub: pthread_mutex_init");
	if ((errno = pthread_cond_init(&ws->cond, NULL)) != 0)
		fatal("websub: pthread_cond_init");
	if ((errno = pthread_create(&ws->thread, NULL, websub_main, ws)) != 0)
		fatal("websub: pthread_create");
	return ws;
}

void
websub_ping(struct websub *ws, const char *url)
{
	size_t	 i;

	pthread_mutex_lock(&ws->lock);
	for (i = 0; i < ws->nqueue; i++)
		if (strcmp(ws->queue[i], url) == 0)
			break;
	if (i == ws->nqueue) {
		if (ws->nqueue < WEBSUB_QUEUE_MAX) {
			ws->queue[ws->nqueue++] = xstrdup(url);
			pthread_cond_signal(&ws->cond);
		} else
			log_warnx("websub %s: queue full, not pinging for %s",
			    ws->hub, url);
	}
	pthread_mutex_unlock(&ws->lock);
}

void
websub_free(struct websub *ws)
{
	size_t	 i;

	if (ws == NULL)
		return;
	pthread_mutex_lock(&ws->lock);
	ws->stop = true;
	ws->stop_at = websub_now();
	pthread_cond_signal(&ws->cond);
	pthread_mutex_unlock(&ws->lock);
	if ((errno = pthread_join(ws->thread, NULL)) != 0)
		log_warn("websub: pthread_join");
	for (i = 0; i < ws->nqueue; i++)
		free(ws->queue[i]);
	pthread_mutex_destroy(&ws->lock);
	pthread_cond_destroy(&ws->cond);
	free(ws->hub);
	free(ws);
}
