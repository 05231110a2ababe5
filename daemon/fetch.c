/*
 * fetch.c — many feeds at once over one libcurl multi handle (see fetch.h).
 *
 * A transfer lives in a struct fetch_xfer.  fetch_add() puts it on the
 * pending queue with only its URL and validators; a slot opens when fewer
 * than opts.parallel transfers run, and only then does it get an easy
 * handle, taken from a small pool so handles (and their buffers) are
 * reused rather than made per feed.  Finished transfers become
 * fetch_results on a FIFO that fetch_next() drains.
 *
 * CURLMOPT_MAX_TOTAL_CONNECTIONS alone would make libcurl queue excess
 * handles internally, but every one of them would then hold an easy
 * handle and count against its timeout while it waits; our own queue
 * starts the clock only when the transfer starts, and is where a
 * per-host cap belongs (fetch_pick()).
 */
#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <curl/curl.h>

#include "buf.h"
#include "fetch.h"
#include "log.h"
#include "xmalloc.h"

#ifndef FEEDD_VERSION
#define FEEDD_VERSION	"dev"
#endif

/* A validator longer than this is not one we want to echo back. */
#define FETCH_MAX_VALIDATOR_BYTES	1024
/* Abort when fewer than this many bytes/s arrive for this long. */
#define FETCH_LOW_SPEED_BYTES		16
#define FETCH_LOW_SPEED_SECS		30

struct fetch_xfer {
	struct fetcher		*f;
	struct fetch_xfer	*next;		/* pending or running list */
	CURL			*easy;		/* NULL while pending */
	struct curl_slist	*headers;	/* must outlive the transfer */
	char			*url;
	char			*req_etag;	/* validators we send */
	char			*req_modified;
	void			*udata;
	struct buf		 body;
	char			*etag;		/* from the final response */
	char			*last_modified;
	bool			 over;		/* body passed max_size */
	char			 errbuf[CURL_ERROR_SIZE];
};

struct fetcher {
	struct fetch_opts	 opts;
	char			*user_agent;	/* our copy of opts.user_agent */
	CURLM			*multi;
	struct fetch_xfer	*pending;	/* FIFO: head and tail */
	struct fetch_xfer	*pending_tail;
	size_t			 npending;
	struct fetch_xfer	*running;	/* in the multi handle */
	size_t			 nrunning;
	CURL			**idle;		/* easy handles to reuse */
	size_t			 nidle;		/* at most opts.parallel */
	struct fetch_result	**done;		/* FIFO of finished results */
	size_t			 done_head;
	size_t			 done_len;
	size_t			 done_cap;
};

static void	fetch_xfer_clear(struct fetch_xfer *);
static void	fetch_finish(struct fetcher *, struct fetch_xfer *, CURLcode);

int
fetch_global_init(void)
{
	CURLcode	 rc;

	if ((rc = curl_global_init(CURL_GLOBAL_DEFAULT)) != CURLE_OK) {
		log_warnx("fetch: curl_global_init: %s", curl_easy_strerror(rc));
		return -1;
	}
	return 0;
}

void
fetch_global_cleanup(void)
{
	curl_global_cleanup();
}

static long
fetch_clamp(long v, long def)
{
	return v > 0 ? v : def;
}

struct fetcher *
fetch_new(const struct fetch_opts *opts, char *err, size_t errlen)
{
	struct fetcher	*f;
	CURLMcode	 mc;

	f = xcalloc(1, sizeof(*f));
	f->opts = *opts;
	f->opts.parallel = fetch_clamp(opts->parallel, 1);
	f->opts.timeout = fetch_clamp(opts->timeout, 30);
	f->opts.connect_timeout = fetch_clamp(opts->connect_timeout, 10);
	if (f->opts.max_redirects < 0)
		f->opts.max_redirects = 0;
	if (f->opts.max_size < 0)
		f->opts.max_size = 0;
	f->user_agent = xstrdup(opts->user_agent ? opts->user_agent :
	    "feedd/" FEEDD_VERSION);
	f->opts.user_agent = f->user_agent;
	f->idle = xcalloc((size_t)f->opts.parallel, sizeof(*f->idle));
	if ((f->multi = curl_multi_init()) == NULL) {
		snprintf(err, errlen, "curl_multi_init failed");
		goto fail;
	}
	/* A backstop only: our queue already keeps to opts.parallel. */
	mc = curl_multi_setopt(f->multi, CURLMOPT_MAX_TOTAL_CONNECTIONS,
	    f->opts.parallel);
	if (mc == CURLM_OK)
		mc = curl_multi_setopt(f->multi, CURLMOPT_MAXCONNECTS,
		    f->opts.parallel * 2);
	if (mc != CURLM_OK) {
		snprintf(err, errlen, "curl_multi_setopt: %s",
		    curl_multi_strerror(mc));
		goto fail;
	}
	return f;
fail:
	if (f->multi)
		curl_multi_cleanup(f->multi);
	free(f->idle);
	free(f->user_agent);
	free(f);
	return NULL;
}

/* A header value we may send: no CR, LF or NUL that would split it. */
static bool
fetch_header_safe(const char *s)
{
	return s == NULL || (strlen(s) <= FETCH_MAX_VALIDATOR_BYTES &&
	    strpbrk(s, "\r\n") == NULL);
}

int
fetch_add(struct fetcher *f, const char *url, const char *etag,
    const char *last_modified, void *udata)
{
	struct fetch_xfer	*x;

	if (url == NULL || *url == '\0') {
		log_warnx("fetch: empty url");
		return -1;
	}
	if (!fetch_header_safe(etag) || !fetch_header_safe(last_modified)) {
		log_warnx("fetch %s: unusable stored validator, dropped", url);
		etag = last_modified = NULL;
	}
	x = xcalloc(1, sizeof(*x));
	x->f = f;
	x->url = xstrdup(url);
	x->req_etag = etag && *etag ? xstrdup(etag) : NULL;
	x->req_modified = last_modified && *last_modified ?
	    xstrdup(last_modified) : NULL;
	x->udata = udata;
	buf_init(&x->body, (size_t)f->opts.max_size);
	if (f->pending_tail)
		f->pending_tail->next = x;
	else
		f->pending = x;
	f->pending_tail = x;
	f->npending++;
	return 0;
}

size_t
fetch_pending(const struct fetcher *f)
{
	return f->npending + f->nrunning;
}

/*
 * Body data, already decoded when the server compressed it, so max_size
 * bounds what we hold, not what crossed the wire.  Returning less than
 * given makes libcurl stop with CURLE_WRITE_ERROR.
 */
static size_t
fetch_write_cb(char *p, size_t size, size_t n, void *arg)
{
	struct fetch_xfer	*x = arg;

	n *= size;	/* size is always 1 for body data */
	if (buf_append(&x->body, p, n) == -1) {
		x->over = true;
		return 0;
	}
	return n;
}

/* Copy of a header's value if line is "name: value", else NULL. */
static char *
fetch_header_value(const char *line, size_t len, const char *name)
{
	size_t	 nlen = strlen(name);

	if (len <= nlen || line[nlen] != ':' ||
	    strncasecmp(line, name, nlen) != 0)
		return NULL;
	line += nlen + 1;
	len -= nlen + 1;
	while (len > 0 && (*line == ' ' || *line == '\t'))
		line++, len--;
	while (len > 0 && isspace((unsigned char)line[len - 1]))
		len--;
	if (len == 0 || len > FETCH_MAX_VALIDATOR_BYTES ||
	    memchr(line, '\0', len) != NULL)
		return NULL;
	return xstrndup(line, len);
}

/*
 * Every header line of every response, redirects and 1xx included.  A
 * status line starts a new response, so validators are forgotten there
 * and what is left at the end came from the final response.
 */
static size_t
fetch_header_cb(char *p, size_t size, size_t n, void *arg)
{
	struct fetch_xfer	*x = arg;
	char			*v;

	n *= size;	/* size is always 1 for headers */
	if (n >= 5 && strncmp(p, "HTTP/", 5) == 0) {
		free(x->etag);
		free(x->last_modified);
		x->etag = x->last_modified = NULL;
	} else if ((v = fetch_header_value(p, n, "ETag")) != NULL) {
		free(x->etag);
		x->etag = v;
	} else if ((v = fetch_header_value(p, n, "Last-Modified")) != NULL) {
		free(x->last_modified);
		x->last_modified = v;
	}
	return n;
}

/* Request headers; the list must live until the transfer ends. */
static int
fetch_headers(struct fetch_xfer *x)
{
	struct curl_slist	*l;
	char			*h;

	if (x->req_etag) {
		h = xasprintf("If-None-Match: %s", x->req_etag);
		l = curl_slist_append(x->headers, h);
		free(h);
		if (l == NULL)
			return -1;
		x->headers = l;
	}
	if (x->req_modified) {
		h = xasprintf("If-Modified-Since: %s", x->req_modified);
		l = curl_slist_append(x->headers, h);
		free(h);
		if (l == NULL)
			return -1;
		x->headers = l;
	}
	return 0;
}

/*
 * Configure x's easy handle for its URL.  Every option is checked: a
 * libcurl built without one of them should say so, not fetch unbounded.
 */
static CURLcode
fetch_setup(struct fetch_xfer *x, const char **what)
{
	const struct fetch_opts	*o = &x->f->opts;
	CURL			*e = x->easy;
	CURLcode		 rc;
	long			 lowtime;

#define SETOPT(opt, val) do {						\
	if ((rc = curl_easy_setopt(e, opt, val)) != CURLE_OK) {	\
		*what = #opt;						\
		return rc;						\
	}								\
} while (0)
	lowtime = o->timeout < FETCH_LOW_SPEED_SECS ? o->timeout :
	    FETCH_LOW_SPEED_SECS;
	SETOPT(CURLOPT_URL, x->url);
	SETOPT(CURLOPT_PRIVATE, x);
	SETOPT(CURLOPT_ERRORBUFFER, x->errbuf);
	SETOPT(CURLOPT_NOSIGNAL, 1L);
	SETOPT(CURLOPT_PROTOCOLS_STR, "http,https");
	SETOPT(CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	SETOPT(CURLOPT_FOLLOWLOCATION, o->max_redirects > 0 ? 1L : 0L);
	SETOPT(CURLOPT_MAXREDIRS, o->max_redirects);
	SETOPT(CURLOPT_CONNECTTIMEOUT, o->connect_timeout);
	SETOPT(CURLOPT_TIMEOUT, o->timeout);
	SETOPT(CURLOPT_LOW_SPEED_LIMIT, (long)FETCH_LOW_SPEED_BYTES);
	SETOPT(CURLOPT_LOW_SPEED_TIME, lowtime);
	SETOPT(CURLOPT_ACCEPT_ENCODING, "");
	SETOPT(CURLOPT_USERAGENT, o->user_agent);
	SETOPT(CURLOPT_WRITEFUNCTION, fetch_write_cb);
	SETOPT(CURLOPT_WRITEDATA, x);
	SETOPT(CURLOPT_HEADERFUNCTION, fetch_header_cb);
	SETOPT(CURLOPT_HEADERDATA, x);
	if (o->max_size > 0)
		SETOPT(CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)o->max_size);
	if (fetch_headers(x) == -1) {
		*what = "curl_slist_append";
		return CURLE_OUT_OF_MEMORY;
	}
	if (x->headers)
		SETOPT(CURLOPT_HTTPHEADER, x->headers);
#undef SETOPT
	return CURLE_OK;
}

/* An easy handle: an idle one, reset, or a new one. */
static CURL *
fetch_easy_get(struct fetcher *f)
{
	CURL	*e;

	if (f->nidle > 0) {
		e = f->idle[--f->nidle];
		curl_easy_reset(e);
		return e;
	}
	return curl_easy_init();
}

/* Unlink x from the running list; parallel is small, so a walk is fine. */
static void
fetch_unlink_running(struct fetcher *f, struct fetch_xfer *x)
{
	struct fetch_xfer	**pp;

	for (pp = &f->running; *pp != NULL; pp = &(*pp)->next)
		if (*pp == x) {
			*pp = x->next;
			x->next = NULL;
			f->nrunning--;
			return;
		}
	fatalx("fetch %s: finished transfer was not running", x->url);
}

/* Start x, or finish it at once with the reason it could not start. */
static void
fetch_start(struct fetcher *f, struct fetch_xfer *x)
{
	const char	*what = "curl_easy_init";
	CURLcode	 rc = CURLE_FAILED_INIT;
	CURLMcode	 mc;

	x->next = f->running;
	f->running = x;
	f->nrunning++;
	if ((x->easy = fetch_easy_get(f)) == NULL ||
	    (rc = fetch_setup(x, &what)) != CURLE_OK) {
		snprintf(x->errbuf, sizeof(x->errbuf), "%s failed", what);
		fetch_finish(f, x, rc);
		return;
	}
	if ((mc = curl_multi_add_handle(f->multi, x->easy)) != CURLM_OK) {
		snprintf(x->errbuf, sizeof(x->errbuf),
		    "curl_multi_add_handle: %s", curl_multi_strerror(mc));
		fetch_finish(f, x, CURLE_FAILED_INIT);
	}
}

/*
 * The next pending transfer allowed to start, unlinked from the queue.
 * FIFO for now; a per-host cap would skip entries whose host is full.
 */
static struct fetch_xfer *
fetch_pick(struct fetcher *f)
{
	struct fetch_xfer	*x;

	if ((x = f->pending) == NULL)
		return NULL;
	if ((f->pending = x->next) == NULL)
		f->pending_tail = NULL;
	x->next = NULL;
	f->npending--;
	return x;
}

static void
fetch_fill(struct fetcher *f)
{
	struct fetch_xfer	*x;

	while (f->nrunning < (size_t)f->opts.parallel &&
	    (x = fetch_pick(f)) != NULL)
		fetch_start(f, x);
}

static void
fetch_done_push(struct fetcher *f, struct fetch_result *r)
{
	if (f->done_head == f->done_len)
		f->done_head = f->done_len = 0;
	if (f->done_len == f->done_cap) {
		f->done_cap = f->done_cap ? f->done_cap * 2 : 16;
		f->done = xreallocarray(f->done, f->done_cap, sizeof(*f->done));
	}
	f->done[f->done_len++] = r;
}

/* "text/xml; charset="utf-8"" -> type "text/xml", charset "utf-8". */
static void
fetch_content_type(struct fetch_result *r, const char *ct)
{
	const char	*p, *end;
	char		*c;
	size_t		 n;

	if (ct == NULL)
		return;
	n = strcspn(ct, ";");
	while (n > 0 && isspace((unsigned char)ct[n - 1]))
		n--;
	r->content_type = xstrndup(ct, n);
	for (c = r->content_type; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	for (p = strchr(ct, ';'); p != NULL; p = strchr(p + 1, ';')) {
		p += strspn(p + 1, " \t") + 1;
		if (strncasecmp(p, "charset=", 8) != 0)
			continue;
		p += 8;
		if (*p == '"')
			end = strchr(++p, '"');
		else
			end = p + strcspn(p, "; \t");
		if (end == NULL || end == p)
			return;
		r->charset = xstrndup(p, (size_t)(end - p));
		return;
	}
}

/* One line on why a transfer failed, from libcurl's code and errbuf. */
static void
fetch_describe(struct fetch_result *r, const struct fetch_xfer *x,
    CURLcode rc)
{
	const struct fetch_opts	*o = &x->f->opts;
	const char		*eb = x->errbuf;

	if (x->over || rc == CURLE_FILESIZE_EXCEEDED)
		snprintf(r->error, sizeof(r->error), "body over %ld bytes",
		    o->max_size);
	else if (rc == CURLE_OPERATION_TIMEDOUT &&
	    strncmp(eb, "Operation too slow", 18) == 0)
		snprintf(r->error, sizeof(r->error),
		    "too slow: under %d bytes/s for %lds",
		    FETCH_LOW_SPEED_BYTES, o->timeout < FETCH_LOW_SPEED_SECS ?
		    o->timeout : FETCH_LOW_SPEED_SECS);
	else if (rc == CURLE_OPERATION_TIMEDOUT &&
	    strncmp(eb, "Operation timed out", 19) == 0)
		snprintf(r->error, sizeof(r->error), "timeout after %lds",
		    o->timeout);
	else if (rc == CURLE_OPERATION_TIMEDOUT)
		snprintf(r->error, sizeof(r->error),
		    "connect timeout after %lds", o->connect_timeout);
	else if (*eb && strstr(eb, curl_easy_strerror(rc)) == NULL)
		snprintf(r->error, sizeof(r->error), "%s: %.200s",
		    curl_easy_strerror(rc), eb);
	else if (*eb)
		snprintf(r->error, sizeof(r->error), "%s", eb);
	else
		snprintf(r->error, sizeof(r->error), "%s",
		    curl_easy_strerror(rc));
	r->error[strcspn(r->error, "\r\n")] = '\0';
}

/* Fill what libcurl knows about the finished transfer into r. */
static void
fetch_info(struct fetch_result *r, CURL *e)
{
	char	*s;

	if (curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &r->status) !=
	    CURLE_OK)
		r->status = 0;
	if (curl_easy_getinfo(e, CURLINFO_TOTAL_TIME, &r->seconds) !=
	    CURLE_OK)
		r->seconds = 0;
	if (curl_easy_getinfo(e, CURLINFO_EFFECTIVE_URL, &s) == CURLE_OK)
		r->effective_url = xstrdup(s);
	if (curl_easy_getinfo(e, CURLINFO_CONTENT_TYPE, &s) == CURLE_OK)
		fetch_content_type(r, s);
}

/* Turn x into a result on the done queue; x's easy handle goes idle. */
static void
fetch_finish(struct fetcher *f, struct fetch_xfer *x, CURLcode rc)
{
	struct fetch_result	*r;

	r = xcalloc(1, sizeof(*r));
	r->udata = x->udata;
	if (x->easy)
		fetch_info(r, x->easy);
	if (r->effective_url == NULL)
		r->effective_url = xstrdup(x->url);
	if (rc != CURLE_OK)
		fetch_describe(r, x, rc);
	else if (r->status >= 400 || (r->status >= 300 && r->status != 304))
		snprintf(r->error, sizeof(r->error), "http %ld", r->status);
	else if (r->status == 304)
		r->not_modified = true;
	else {
		r->len = x->body.len;
		r->body = x->body.data ? buf_take(&x->body) : xstrdup("");
	}
	r->etag = x->etag;
	r->last_modified = x->last_modified;
	x->etag = x->last_modified = NULL;
	fetch_done_push(f, r);
	fetch_unlink_running(f, x);
	fetch_xfer_clear(x);
}

/* Release x; its easy handle, if any, is kept for reuse. */
static void
fetch_xfer_clear(struct fetch_xfer *x)
{
	struct fetcher	*f = x->f;

	curl_slist_free_all(x->headers);
	buf_free(&x->body);
	free(x->url);
	free(x->req_etag);
	free(x->req_modified);
	free(x->etag);
	free(x->last_modified);
	if (x->easy && f->nidle < (size_t)f->opts.parallel)
		f->idle[f->nidle++] = x->easy;
	else if (x->easy)
		curl_easy_cleanup(x->easy);
	free(x);
}

/* Move every transfer libcurl reports done onto the done queue. */
static int
fetch_harvest(struct fetcher *f)
{
	struct fetch_xfer	*x;
	CURLMsg			*m;
	CURLMcode		 mc;
	char			*priv;
	int			 left, n = 0;

	while ((m = curl_multi_info_read(f->multi, &left)) != NULL) {
		if (m->msg != CURLMSG_DONE)
			continue;
		if (curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE,
		    &priv) != CURLE_OK || priv == NULL)
			fatalx("fetch: transfer without its private pointer");
		x = (struct fetch_xfer *)priv;
		if ((mc = curl_multi_remove_handle(f->multi, x->easy)) !=
		    CURLM_OK)
			log_warnx("fetch %s: curl_multi_remove_handle: %s",
			    x->url, curl_multi_strerror(mc));
		fetch_finish(f, x, m->data.result);
		n++;
	}
	return n;
}

static long
fetch_now_ms(void)
{
	struct timespec	 ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) == -1)
		fatal("clock_gettime");
	return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * Start what may start, let libcurl work, collect what finished.
 * Returns how many transfers finished, or -1 on a libcurl error.
 */
static int
fetch_step(struct fetcher *f)
{
	CURLMcode	 mc;
	int		 running, n = 0;

	do {
		fetch_fill(f);
		if ((mc = curl_multi_perform(f->multi, &running)) !=
		    CURLM_OK) {
			log_warnx("fetch: curl_multi_perform: %s",
			    curl_multi_strerror(mc));
			return -1;
		}
		n += fetch_harvest(f);
		/* Finishing frees slots; a start may finish at once too. */
	} while (f->npending > 0 && f->nrunning < (size_t)f->opts.parallel);
	return n;
}

int
fetch_wait(struct fetcher *f, int timeout_ms, int extra_fd)
{
	struct curl_waitfd	 wfd;
	CURLMcode		 mc;
	long			 deadline, left;
	int			 n;

	deadline = fetch_now_ms() + (timeout_ms > 0 ? timeout_ms : 0);
	for (;;) {
		if ((n = fetch_step(f)) == -1)
			return -1;
		if (n > 0 || f->done_head < f->done_len)
			return 0;
		if ((left = deadline - fetch_now_ms()) <= 0)
			return 0;
		memset(&wfd, 0, sizeof(wfd));
		wfd.fd = extra_fd;
		wfd.events = CURL_WAIT_POLLIN;
		mc = curl_multi_poll(f->multi, extra_fd >= 0 ? &wfd : NULL,
		    extra_fd >= 0 ? 1 : 0, (int)left, NULL);
		if (mc != CURLM_OK) {
			log_warnx("fetch: curl_multi_poll: %s",
			    curl_multi_strerror(mc));
			return -1;
		}
		if (extra_fd >= 0 && wfd.revents != 0) {
			if (fetch_step(f) == -1)
				return -1;
			return 0;
		}
	}
}

struct fetch_result *
fetch_next(struct fetcher *f)
{
	if (f->done_head == f->done_len)
		return NULL;
	return f->done[f->done_head++];
}

void
fetch_abort_all(struct fetcher *f)
{
	struct fetch_xfer	*x;
	CURLMcode		 mc;

	while ((x = fetch_pick(f)) != NULL)
		fetch_xfer_clear(x);
	while ((x = f->running) != NULL) {
		if ((mc = curl_multi_remove_handle(f->multi, x->easy)) !=
		    CURLM_OK)
			log_warnx("fetch %s: curl_multi_remove_handle: %s",
			    x->url, curl_multi_strerror(mc));
		fetch_unlink_running(f, x);
		fetch_xfer_clear(x);
	}
}

void
fetch_free(struct fetcher *f)
{
	CURLMcode	 mc;

	if (f == NULL)
		return;
	fetch_abort_all(f);
	while (f->done_head < f->done_len)
		fetch_result_free(f->done[f->done_head++]);
	free(f->done);
	while (f->nidle > 0)
		curl_easy_cleanup(f->idle[--f->nidle]);
	free(f->idle);
	if ((mc = curl_multi_cleanup(f->multi)) != CURLM_OK)
		log_warnx("fetch: curl_multi_cleanup: %s",
		    curl_multi_strerror(mc));
	free(f->user_agent);
	free(f);
}

void
fetch_result_free(struct fetch_result *r)
{
	if (r == NULL)
		return;
	free(r->body);
	free(r->etag);
	free(r->last_modified);
	free(r->content_type);
	free(r->charset);
	free(r->effective_url);
	free(r);
}
