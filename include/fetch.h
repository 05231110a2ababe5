/*
 * fetch.h — many feeds at once over one libcurl multi handle.
 *
 * fetch_add() queues a transfer; at most opts.parallel run at once, the
 * rest wait their turn.  Finished results not yet taken with fetch_next()
 * count against that cap too, so the bodies held stay bounded by it.  The caller drives everything with fetch_wait()
 * (curl_multi_poll, which also watches one extra fd such as the signal
 * self-pipe) and fetch_next(), which hands back finished transfers one
 * at a time.
 *
 * Transfers follow at most max_redirects redirects, and only to http and
 * https; they send If-None-Match / If-Modified-Since when given the
 * validators, accept every compression libcurl supports, and abort as
 * soon as the body exceeds max_size.
 *
 * A fetch_result belongs to the caller, who releases it with
 * fetch_result_free().  error is "" on success: a 2xx with a body, or a
 * 304 (not_modified set, body NULL).  Otherwise error says why in one
 * line ("http 404", "timeout after 30s", "body over 10485760 bytes").
 *
 * Politeness: at most opts.per_host transfers to one host at once (0: no
 * cap beyond opts.parallel); connections, DNS answers and TLS sessions
 * are shared by every transfer; HTTP/2 is used when a server offers it.
 * libcurl reads the usual proxy variables (http_proxy, https_proxy,
 * no_proxy) itself.
 *
 * Safety: a redirect that leads from a public address to a loopback,
 * private or link-local one is refused before connecting ("redirect to
 * local address 10.0.0.1 refused"); a URL that is local in the first
 * place stays allowed, since the user configured it.  A 403 or 503 that
 * is a bot wall's challenge page is reported as one, not as a feed.
 */
#ifndef FEEDD_FETCH_H
#define FEEDD_FETCH_H

#include <stdbool.h>
#include <stddef.h>

#define FETCH_ERR_LEN	256

struct fetch_opts {
	long		 timeout;		/* seconds, whole transfer */
	long		 connect_timeout;	/* seconds */
	long		 max_size;		/* bytes of body */
	long		 parallel;		/* transfers at once */
	long		 max_redirects;
	const char	*user_agent;
	long		 per_host;		/* transfers at once per host */
};

/* One request; fetch_add_req copies everything it keeps. */
struct fetch_req {
	const char	*url;
	const char	*etag;		/* validators to send, or NULL */
	const char	*last_modified;
	const char	*userpwd;	/* "user:password" for basic auth */
	const char	*headers;	/* extra "Name: value" lines, each
					   ended by '\n' or the string */
	bool		 insecure;	/* skip TLS verification */
	void		*udata;
};

struct fetch_result {
	void		*udata;		/* as given to fetch_add */
	long		 status;	/* final HTTP status, 0 if none */
	bool		 not_modified;	/* 304 */
	char		*body;		/* NUL-terminated, len bytes */
	size_t		 len;
	char		*etag;		/* response validators, or NULL */
	char		*last_modified;
	char		*content_type;	/* media type, lowercase, no parameters */
	char		*charset;	/* from content_type, or NULL */
	char		*effective_url;	/* after redirects */
	double		 seconds;	/* total time */
	char		*moved_url;	/* where 301/308 hops from the start
					   led, or NULL */
	char		*retry_after;	/* header values of the final */
	char		*cache_control;	/* response, or NULL */
	char		*expires;
	bool		 bot_wall;	/* a challenge page, not the feed */
	char		 error[FETCH_ERR_LEN];
};

struct fetcher;

/* Call once before any thread starts: curl_global_init. */
int	 fetch_global_init(void);
void	 fetch_global_cleanup(void);

struct fetcher *fetch_new(const struct fetch_opts *, char *err, size_t errlen);
void	 fetch_free(struct fetcher *);
/* etag and last_modified may be NULL; one holding CR or LF (which would
 * split the request header) is dropped with a log line.  Returns 0, or -1
 * with a log line. */
int	 fetch_add(struct fetcher *, const char *url, const char *etag,
	    const char *last_modified, void *udata);
/* The same with every option; returns 0, or -1 with a log line. */
int	 fetch_add_req(struct fetcher *, const struct fetch_req *);
/* Transfers queued or running. */
size_t	 fetch_pending(const struct fetcher *);
/* Runs transfers for up to timeout_ms; returns early when one finishes
 * or extra_fd (if >= 0) is readable.  Returns -1 on a libcurl error. */
int	 fetch_wait(struct fetcher *, int timeout_ms, int extra_fd);
/* A finished transfer, or NULL when none is ready. */
struct fetch_result *fetch_next(struct fetcher *);
/* Aborts every queued and running transfer; their results are dropped. */
void	 fetch_abort_all(struct fetcher *);
void	 fetch_result_free(struct fetch_result *);
/* Whether ip (numeric, v4 or v6) is loopback, private, link-local,
 * CGNAT, unspecified or otherwise not a public address. */
bool	 fetch_addr_local(const char *ip);

#endif
