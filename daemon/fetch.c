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
#include <sys/socket.h>
#include <arpa/inet.h>
#include <netinet/in.h>

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
#define FETCH_READ_BYTES		65536L	/* libcurl's read buffer */

struct fetch_xfer {
	struct fetcher		*f;
	struct fetch_xfer	*next;		/* pending or running list */
	CURL			*easy;		/* NULL while pending */
	struct curl_slist	*headers;	/* must outlive the transfer */
	char			*url;
	char			*host;		/* for the per-host cap */
	char			*userpwd;
	bool			 insecure;
	char			*req_etag;	/* validators we send */
	char			*req_modified;
	void			*udata;
	struct buf		 body;
	char			*etag;		/* from the final response */
	char			*last_modified;
	char			*retry_after;
	char			*cache_control;
	char			*expires;
	char			*moved_url;	/* see fetch_status_line */
	long			 code;		/* of the response being read */
	bool			 moved;		/* every hop so far was 301/308 */
	bool			 bot_wall;	/* cf-mitigated: challenge */
	bool			 origin_local;	/* the first address was local */
	int			 nresp;		/* final responses seen */
	char			 refused[INET6_ADDRSTRLEN];
	bool			 over;		/* body passed max_size */
	char			 errbuf[CURL_ERROR_SIZE];
};

struct fetcher {
	struct fetch_opts	 opts;
	char			*user_agent;	/* our copy of opts.user_agent */
	CURLM			*multi;
	CURLSH			*share;		/* DNS and TLS sessions */
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

/*
 * The multi handle already shares connections between its transfers;
 * DNS answers and TLS sessions need a share handle.  One thread uses
 * it, so no lock callbacks.
 */
static int
fetch_share(struct fetcher *f, char *err, size_t errlen)
{
	CURLSHcode	 sc;

	if ((f->share = curl_share_init()) == NULL) {
		snprintf(err, errlen, "curl_share_init failed");
		return -1;
	}
	sc = curl_share_setopt(f->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
	if (sc == CURLSHE_OK)
		sc = curl_share_setopt(f->share, CURLSHOPT_SHARE,
		    CURL_LOCK_DATA_SSL_SESSION);
	if (sc != CURLSHE_OK) {
		snprintf(err, errlen, "curl_share_setopt: %s",
		    curl_share_strerror(sc));
		return -1;
	}
	return 0;
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
	if (f->opts.per_host < 0)
		f->opts.per_host = 0;
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
	if (fetch_share(f, err, errlen) == -1)
		goto fail;
	return f;
fail:
	if (f->multi)
		curl_multi_cleanup(f->multi);
	if (f->share)
		curl_share_cleanup(f->share);
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
	struct fetch_req	 rq;

	memset(&rq, 0, sizeof(rq));
	rq.url = url;
	rq.etag = etag;
	rq.last_modified = last_modified;
	rq.udata = udata;
	return fetch_add_req(f, &rq);
}

/* The host part of url, lowercase, or "" when it has none. */
static char *
fetch_host(const char *url)
{
	CURLU	*u;
	char	*h = NULL, *r, *c;

	if ((u = curl_url()) == NULL)
		fatalx("fetch: curl_url failed");
	if (curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK)
		(void)curl_url_get(u, CURLUPART_HOST, &h, 0);
	r = xstrdup(h ? h : "");
	curl_free(h);
	curl_url_cleanup(u);
	for (c = r; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	return r;
}

/* Extra request headers: each line must be "Name: value". */
static int
fetch_add_headers(struct fetch_xfer *x, const struct fetch_req *rq)
{
	struct curl_slist	*l;
	const char		*p, *nl;
	char			*h;

	for (p = rq->headers; p != NULL && *p; p = nl ? nl + 1 : NULL) {
		nl = strchr(p, '\n');
		h = nl ? xstrndup(p, (size_t)(nl - p)) : xstrdup(p);
		if (strchr(h, '\r') != NULL || strchr(h, ':') == NULL) {
			log_warnx("fetch %s: bad header \"%s\"", rq->url, h);
			free(h);
			return -1;
		}
		l = curl_slist_append(x->headers, h);
		free(h);
		if (l == NULL)
			fatalx("fetch: curl_slist_append failed");
		x->headers = l;
	}
	return 0;
}

int
fetch_add_req(struct fetcher *f, const struct fetch_req *rq)
{
	struct fetch_xfer	*x;
	const char		*etag = rq->etag, *last_modified;

	last_modified = rq->last_modified;
	if (rq->url == NULL || *rq->url == '\0') {
		log_warnx("fetch: empty url");
		return -1;
	}
	if (!fetch_header_safe(etag) || !fetch_header_safe(last_modified)) {
		log_warnx("fetch %s: unusable stored validator, dropped",
		    rq->url);
		etag = last_modified = NULL;
	}
	x = xcalloc(1, sizeof(*x));
	x->f = f;
	if (fetch_add_headers(x, rq) == -1) {
		curl_slist_free_all(x->headers);
		free(x);
		return -1;
	}
	x->url = xstrdup(rq->url);
	x->host = fetch_host(rq->url);
	x->userpwd = rq->userpwd ? xstrdup(rq->userpwd) : NULL;
	x->insecure = rq->insecure;
	x->req_etag = etag && *etag ? xstrdup(etag) : NULL;
	x->req_modified = last_modified && *last_modified ?
	    xstrdup(last_modified) : NULL;
	x->udata = rq->udata;
	x->moved = true;
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
	curl_off_t		 announced;

	n *= size;	/* size is always 1 for body data */
	/* A body announced by its length is held in one block of that
	 * size, not grown by doubling: no copies, no slack (a compressed
	 * one grows from its wire size). */
	if (x->body.cap == 0 && curl_easy_getinfo(x->easy,
	    CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &announced) == CURLE_OK &&
	    announced > 0 && (size_t)announced > n)
		(void)buf_reserve(&x->body, (size_t)announced);
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

/* Forget the headers kept from the previous response. */
static void
fetch_forget_headers(struct fetch_xfer *x)
{
	free(x->etag);
	free(x->last_modified);
	free(x->retry_after);
	free(x->cache_control);
	free(x->expires);
	x->etag = x->last_modified = x->retry_after = NULL;
	x->cache_control = x->expires = NULL;
	x->bot_wall = false;
}

/*
 * A status line: a new response begins.  When every response before it
 * was a 301 or 308, the URL now being answered (libcurl has already
 * moved its effective URL there) is where the feed has moved; any other
 * redirect on the way ends that, since only a permanent chain from the
 * configured URL may move a feed.  1xx responses are not hops.
 */
static void
fetch_status_line(struct fetch_xfer *x, const char *p, size_t n)
{
	const char	*sp;
	char		*eff;
	long		 code;

	sp = memchr(p, ' ', n);
	if (sp == NULL || (size_t)(sp - p) + 4 > n)
		return;
	code = strtol(sp + 1, NULL, 10);
	if (code >= 100 && code < 200)
		return;
	if (x->nresp > 0 && x->moved && (x->code == 301 || x->code == 308)) {
		if (curl_easy_getinfo(x->easy, CURLINFO_EFFECTIVE_URL,
		    &eff) == CURLE_OK && eff != NULL) {
			free(x->moved_url);
			x->moved_url = xstrdup(eff);
		}
	} else if (x->nresp > 0)
		x->moved = false;
	x->code = code;
	x->nresp++;
	fetch_forget_headers(x);
}

/* Keep *field = the value of header name when line is that header. */
static bool
fetch_keep(char **field, const char *line, size_t n, const char *name)
{
	char	*v;

	if ((v = fetch_header_value(line, n, name)) == NULL)
		return false;
	free(*field);
	*field = v;
	return true;
}

/*
 * Every header line of every response, redirects and 1xx included.  A
 * status line starts a new response, so what is kept is forgotten there
 * and what is left at the end came from the final response.
 */
static size_t
fetch_header_cb(char *p, size_t size, size_t n, void *arg)
{
	struct fetch_xfer	*x = arg;
	char			*v = NULL;

	n *= size;	/* size is always 1 for headers */
	if (n >= 5 && strncmp(p, "HTTP/", 5) == 0)
		fetch_status_line(x, p, n);
	else if (fetch_keep(&x->etag, p, n, "ETag") ||
	    fetch_keep(&x->last_modified, p, n, "Last-Modified") ||
	    fetch_keep(&x->retry_after, p, n, "Retry-After") ||
	    fetch_keep(&x->cache_control, p, n, "Cache-Control") ||
	    fetch_keep(&x->expires, p, n, "Expires"))
		;
	else if (fetch_keep(&v, p, n, "cf-mitigated")) {
		x->bot_wall = strcasecmp(v, "challenge") == 0;
		free(v);
	}
	return n;
}

bool
fetch_addr_local(const char *ip)
{
	unsigned char	 a[16];
	static const unsigned char mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0,
	    0, 0xff, 0xff };

	if (inet_pton(AF_INET6, ip, a) == 1) {
		if (memcmp(a, mapped, sizeof(mapped)) == 0)
			memmove(a, a + 12, 4);
		else {
			static const unsigned char zero[15];

			/* ::, ::1, fe80::/10, fc00::/7 */
			return (memcmp(a, zero, 15) == 0 && a[15] <= 1) ||
			    (a[0] == 0xfe && (a[1] & 0xc0) == 0x80) ||
			    (a[0] & 0xfe) == 0xfc;
		}
	} else if (inet_pton(AF_INET, ip, a) != 1)
		return true;	/* not an address: treat as unsafe */
	return a[0] == 0 || a[0] == 10 || a[0] == 127 ||
	    (a[0] == 100 && (a[1] & 0xc0) == 64) ||
	    (a[0] == 169 && a[1] == 254) ||
	    (a[0] == 172 && (a[1] & 0xf0) == 16) ||
	    (a[0] == 192 && a[1] == 168) || a[0] >= 224;
}

/*
 * Test hook: FEEDD_TEST_PUBLIC_ADDR names one address the tests may
 * treat as public, so that a redirect from it to another loopback
 * address shows the refusal on 127.0.0.1 alone.
 */
static bool
fetch_is_local(const char *ip)
{
	const char	*pub = getenv("FEEDD_TEST_PUBLIC_ADDR");

	if (pub != NULL && strcmp(pub, ip) == 0)
		return false;
	return fetch_addr_local(ip);
}

/*
 * Every socket a transfer opens.  Before the first response the address
 * is the configured URL's: remember whether it was local.  After one,
 * a redirect is being followed: from a public origin, a local address
 * is refused before any byte goes to it.
 */
static curl_socket_t
fetch_opensocket_cb(void *arg, curlsocktype purpose,
    struct curl_sockaddr *sa)
{
	struct fetch_xfer	*x = arg;
	char			 ip[INET6_ADDRSTRLEN] = "";
	const void		*in = NULL;
	curl_socket_t		 fd;

	(void)purpose;
	if (sa->family == AF_INET)
		in = &((struct sockaddr_in *)(void *)&sa->addr)->sin_addr;
	else if (sa->family == AF_INET6)
		in = &((struct sockaddr_in6 *)(void *)&sa->addr)->sin6_addr;
	if (in != NULL && inet_ntop(sa->family, in, ip, sizeof(ip)) == NULL)
		ip[0] = '\0';
	if (x->nresp == 0)
		x->origin_local = x->origin_local || fetch_is_local(ip);
	else if (!x->origin_local && fetch_is_local(ip)) {
		snprintf(x->refused, sizeof(x->refused), "%s",
		    *ip ? ip : "?");
		return CURL_SOCKET_BAD;
	}
	if ((fd = socket(sa->family, sa->socktype, sa->protocol)) == -1)
		return CURL_SOCKET_BAD;
	return fd;
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
	/* libcurl reads 16 KB at a time by default: a body of 230 KB was
	 * fifteen reads, write callbacks and wake-ups of the sender.  At
	 * 64 KB the unchanged-200 bench cycle is 0.20-0.22 s, not
	 * 0.26-0.30 s, for 0.7 MB more while 16 transfers run. */
	SETOPT(CURLOPT_BUFFERSIZE, FETCH_READ_BYTES);
	SETOPT(CURLOPT_WRITEDATA, x);
	SETOPT(CURLOPT_HEADERFUNCTION, fetch_header_cb);
	SETOPT(CURLOPT_HEADERDATA, x);
	SETOPT(CURLOPT_OPENSOCKETFUNCTION, fetch_opensocket_cb);
	SETOPT(CURLOPT_OPENSOCKETDATA, x);
	SETOPT(CURLOPT_SHARE, x->f->share);
	SETOPT(CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_2TLS);
	SETOPT(CURLOPT_PIPEWAIT, 1L);
	if (x->insecure) {
		SETOPT(CURLOPT_SSL_VERIFYPEER, 0L);
		SETOPT(CURLOPT_SSL_VERIFYHOST, 0L);
	}
	if (x->userpwd) {
		SETOPT(CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
		SETOPT(CURLOPT_USERPWD, x->userpwd);
		/* never hand the password to another host on a redirect */
		SETOPT(CURLOPT_UNRESTRICTED_AUTH, 0L);
	}
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

/* Whether another transfer to host may start under the per-host cap. */
static bool
fetch_host_free(const struct fetcher *f, const char *host)
{
	const struct fetch_xfer	*r;
	long			 n = 0;

	if (f->opts.per_host <= 0)
		return true;
	for (r = f->running; r != NULL; r = r->next)
		if (strcmp(r->host, host) == 0 && ++n >= f->opts.per_host)
			return false;
	return true;
}

/*
 * The first pending transfer allowed to start, unlinked from the queue:
 * FIFO, skipping those whose host already has per_host transfers
 * running, so one slow host cannot hold every slot.  The queue is walked
 * only when a slot is free, so the cost is one walk per start.
 */
static struct fetch_xfer *
fetch_pick(struct fetcher *f, bool any)
{
	struct fetch_xfer	*x, *prev = NULL;

	for (x = f->pending; x != NULL; prev = x, x = x->next)
		if (any || fetch_host_free(f, x->host))
			break;
	if (x == NULL)
		return NULL;
	if (prev)
		prev->next = x->next;
	else
		f->pending = x->next;
	if (f->pending_tail == x)
		f->pending_tail = prev;
	x->next = NULL;
	f->npending--;
	return x;
}

static void
fetch_fill(struct fetcher *f)
{
	struct fetch_xfer	*x;

	/* Results not yet taken count against the cap: each holds a whole
	 * body, and against a fast server a round of fetch_step would
	 * otherwise finish dozens before the caller takes one (bench:
	 * 44 bodies, 11 MB, queued at once). */
	while (f->nrunning + (f->done_len - f->done_head) <
	    (size_t)f->opts.parallel &&
	    (x = fetch_pick(f, false)) != NULL)
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

	if (x->refused[0] != '\0')
		snprintf(r->error, sizeof(r->error),
		    "redirect to local address %s refused", x->refused);
	else if (x->over || rc == CURLE_FILESIZE_EXCEEDED)
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

/*
 * Whether an error response is a bot wall's challenge rather than the
 * publisher's answer: Cloudflare says so in cf-mitigated; others serve
 * a page that runs a script challenge, recognised by its usual marks.
 */
static bool
fetch_challenge(const struct fetch_xfer *x)
{
	static const char *const marks[] = { "challenge-platform",
	    "cf-chl", "_Incapsula_Resource", "captcha-delivery",
	    "Just a moment...", "DDoS protection by" };
	size_t	 i;

	if (x->bot_wall)
		return true;
	if (x->body.data == NULL)
		return false;
	for (i = 0; i < sizeof(marks) / sizeof(marks[0]); i++)
		if (memmem(x->body.data, x->body.len, marks[i],
		    strlen(marks[i])) != NULL)
			return true;
	return false;
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
	else if ((r->status == 403 || r->status == 503 || r->status == 429) &&
	    fetch_challenge(x)) {
		r->bot_wall = true;
		snprintf(r->error, sizeof(r->error), "bot wall: http %ld with "
		    "a challenge page%s", r->status, x->bot_wall ?
		    " (cf-mitigated: challenge)" : "");
	} else if (r->status >= 400 || (r->status >= 300 && r->status != 304))
		snprintf(r->error, sizeof(r->error), "http %ld", r->status);
	else if (r->status == 304)
		r->not_modified = true;
	else {
		r->len = x->body.len;
		r->body = x->body.data ? buf_take(&x->body) : xstrdup("");
	}
	r->etag = x->etag;
	r->last_modified = x->last_modified;
	r->retry_after = x->retry_after;
	r->cache_control = x->cache_control;
	r->expires = x->expires;
	r->moved_url = x->moved_url;
	x->etag = x->last_modified = x->retry_after = NULL;
	x->cache_control = x->expires = x->moved_url = NULL;
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
	free(x->host);
	free(x->userpwd);
	free(x->req_etag);
	free(x->req_modified);
	fetch_forget_headers(x);
	free(x->moved_url);
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
	int		 running, n = 0, got;

	do {
		fetch_fill(f);
		if ((mc = curl_multi_perform(f->multi, &running)) !=
		    CURLM_OK) {
			log_warnx("fetch: curl_multi_perform: %s",
			    curl_multi_strerror(mc));
			return -1;
		}
		n += got = fetch_harvest(f);
		/* Finishing frees slots; a start may finish at once too. */
	} while (got > 0 && f->npending > 0 &&
	    f->nrunning < (size_t)f->opts.parallel);
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

	while ((x = fetch_pick(f, true)) != NULL)
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
	curl_share_cleanup(f->share);
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
	free(r->moved_url);
	free(r->retry_after);
	free(r->cache_control);
	free(r->expires);
	free(r);
}
