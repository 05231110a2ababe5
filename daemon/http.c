/*
 * http.c — the embedded server that hands out the merged feed (see
 * http.h).
 *
 * libmicrohttpd runs its own polling thread and calls http_answer() for
 * every request.  Published documents are immutable and refcounted: the
 * table maps a path to the current version under a mutex held only long
 * enough to take a reference, and a response hands the document's bytes
 * to MHD without copying them, dropping its reference when MHD is done.
 * So a publish never waits for a slow client, and a client never sees a
 * half-swapped document.  The gzip body and the ETags are made once per
 * publish, not per request.
 *
 * Paths answered by code rather than by a document (/healthz) are rows of
 * http_routes[]; everything else is looked up among the published
 * documents.  MHD runs epoll in a pool of one thread per core, with its
 * turbo mode (no per-request socket flag changes); connections, request
 * header memory and idle time are bounded.  Under systemd socket
 * activation (LISTEN_FDS) the socket handed over is served instead of
 * binding listen.
 */
#include <errno.h>
#include <limits.h>
#include <netdb.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <fcntl.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>
#ifdef HAVE_SYSTEMD
#include <systemd/sd-daemon.h>
#endif
#define ZLIB_CONST
#include <zlib.h>

#include "date.h"
#include "hash.h"
#include "http.h"
#include "log.h"
#include "xmalloc.h"

#define HTTP_MAX_CONNS		1024	/* connections at once */
#define HTTP_CONN_TIMEOUT_SECS	30	/* idle connection closed after */
#define HTTP_CONN_MEMORY	(32 * 1024)	/* bytes per connection for
						   the request head */
#define HTTP_MAX_THREADS	64	/* of the pool, whatever the cores */
#define HTTP_MAX_AGE_SECS	60	/* until http_set_max_age */
#define HTTP_ALLOW		"GET, HEAD"

/* One published version of one path.  Only refs changes after publish. */
struct http_doc {
	atomic_int	 refs;
	char		*path;
	char		*type;
	char		*body;
	size_t		 len;
	char		*gz;		/* gzip of body, NULL if not smaller */
	size_t		 gzlen;
	char		 etag[HASH_HEX_LEN + 2];	/* "hex" */
	char		 etag_gz[HASH_HEX_LEN + 5];	/* "hex-gz" */
	time_t		 mtime;
	char		 last_modified[DATE_HTTP_LEN];
	char		 cache_control[32];	/* "max-age=N" */
};

struct http_server {
	struct MHD_Daemon *mhd;
	pthread_mutex_t	 lock;		/* guards docs, ndocs */
	struct http_doc	**docs;
	size_t		 ndocs;
	int		 port;
	atomic_long	 max_age;	/* seconds, for documents to come */
	atomic_llong	 healthy_until;	/* CLOCK_MONOTONIC, milliseconds */
	char		 lasterr[HTTP_ERR_LEN];	/* MHD's last complaint */
};

/* A path answered by code; c is the connection, s the server. */
struct http_route {
	const char	*path;
	enum MHD_Result	(*answer)(struct http_server *s,
			    struct MHD_Connection *c);
};

static enum MHD_Result	http_healthz(struct http_server *,
			    struct MHD_Connection *);

/* Looked up before the documents; add a row for a new computed path. */
static const struct http_route http_routes[] = {
	{ "/healthz",	http_healthz },
};

static void
http_doc_release(void *cls)
{
	struct http_doc	*d = cls;

	if (d == NULL || atomic_fetch_sub(&d->refs, 1) != 1)
		return;
	free(d->path);
	free(d->type);
	free(d->body);
	free(d->gz);
	free(d);
}

/*
 * gzip of in, or NULL when it would not be smaller: sending it would
 * cost the client a decompression for nothing.
 */
static char *
http_gzip(const char *in, size_t len, size_t *outlen)
{
	z_stream	 z;
	char		*out;
	size_t		 bound;
	int		 rc;

	if (len > UINT_MAX)
		return NULL;
	memset(&z, 0, sizeof(z));
	/* 15 + 16: the largest window, with a gzip wrapper (zlib.h). */
	if ((rc = deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 8,
	    Z_DEFAULT_STRATEGY)) != Z_OK) {
		log_warnx("http: deflateInit2: %s", zError(rc));
		return NULL;
	}
	bound = deflateBound(&z, (uLong)len);
	out = xmalloc(bound);
	z.next_in = (const Bytef *)in;
	z.avail_in = (uInt)len;
	z.next_out = (Bytef *)out;
	z.avail_out = (uInt)bound;
	rc = deflate(&z, Z_FINISH);
	*outlen = z.total_out;
	deflateEnd(&z);
	if (rc != Z_STREAM_END) {
		log_warnx("http: deflate: %s", z.msg ? z.msg : zError(rc));
		free(out);
		return NULL;
	}
	if (*outlen >= len) {
		free(out);
		return NULL;
	}
	return out;
}

static struct http_doc *
http_doc_new(const char *path, const char *type, char *body, size_t len,
    time_t mtime, long max_age)
{
	struct http_doc	*d;
	unsigned char	 h[HASH_LEN];
	char		 hex[HASH_HEX_LEN];

	d = xcalloc(1, sizeof(*d));
	atomic_init(&d->refs, 1);
	d->path = xstrdup(path);
	d->type = xstrdup(type);
	d->body = body;
	d->len = len;
	d->gz = http_gzip(body, len, &d->gzlen);
	/* Strong ETags differ between the plain and the gzip'd bytes
	 * (RFC 9110 8.8.3.3). */
	hash_bytes(body, len, h);
	hash_hex(h, hex);
	snprintf(d->etag, sizeof(d->etag), "\"%s\"", hex);
	snprintf(d->etag_gz, sizeof(d->etag_gz), "\"%s-gz\"", hex);
	d->mtime = mtime != DATE_NONE ? mtime : time(NULL);
	date_format_http(d->mtime, d->last_modified);
	snprintf(d->cache_control, sizeof(d->cache_control), "max-age=%ld",
	    max_age);
	return d;
}

/* The current version of path with a reference taken, or NULL. */
static struct http_doc *
http_doc_get(struct http_server *s, const char *path)
{
	struct http_doc	*d = NULL;
	size_t		 i;

	pthread_mutex_lock(&s->lock);
	for (i = 0; i < s->ndocs; i++) {
		if (strcmp(s->docs[i]->path, path) == 0) {
			d = s->docs[i];
			atomic_fetch_add(&d->refs, 1);
			break;
		}
	}
	pthread_mutex_unlock(&s->lock);
	return d;
}

/*
 * Does the If-None-Match list name this document?  Weak comparison
 * (RFC 9110 13.1.2): a W/ prefix is ignored; either representation's
 * tag matches, since both stand for the same content.
 */
static bool
http_etag_match(const char *list, const struct http_doc *d)
{
	const char	*p = list, *end;
	size_t		 n;

	for (;;) {
		p += strspn(p, " \t,");
		if (*p == '\0')
			return false;
		if (*p == '*')
			return true;
		if (strncmp(p, "W/", 2) == 0)
			p += 2;
		if (*p != '"')
			return false;
		if ((end = strchr(p + 1, '"')) == NULL)
			return false;
		n = (size_t)(end - p) + 1;
		if ((n == strlen(d->etag) && strncmp(p, d->etag, n) == 0) ||
		    (n == strlen(d->etag_gz) && strncmp(p, d->etag_gz, n) == 0))
			return true;
		p = end + 1;
	}
}

/*
 * Does Accept-Encoding allow gzip?  "gzip" or "x-gzip" with q > 0, or a
 * "*" with q > 0 when gzip is not named (RFC 9110 12.5.3).
 */
static bool
http_accepts_gzip(const char *ae)
{
	const char	*p = ae, *q;
	size_t		 n, elen;
	int		 gzip = -1, star = -1, ok;

	while (*p) {
		p += strspn(p, " \t,");
		elen = strcspn(p, ",");
		n = strcspn(p, " \t;,");
		ok = 1;
		if ((q = memchr(p, ';', elen)) != NULL) {
			q += 1 + strspn(q + 1, " \t");
			if ((*q == 'q' || *q == 'Q') && q[1] == '=')
				ok = strtod(q + 2, NULL) > 0;
		}
		if ((n == 4 && strncasecmp(p, "gzip", 4) == 0) ||
		    (n == 6 && strncasecmp(p, "x-gzip", 6) == 0))
			gzip = ok;
		else if (n == 1 && *p == '*')
			star = ok;
		p += elen;
	}
	return gzip != -1 ? gzip == 1 : star == 1;
}

/* Adds name/value pairs until a NULL name; MHD_NO if one failed. */
static enum MHD_Result
http_headers(struct MHD_Response *r, ...)
{
	va_list		 ap;
	const char	*name, *value;
	enum MHD_Result	 rc = MHD_YES;

	va_start(ap, r);
	while ((name = va_arg(ap, const char *)) != NULL) {
		value = va_arg(ap, const char *);
		if (value && MHD_add_response_header(r, name, value) != MHD_YES)
			rc = MHD_NO;
	}
	va_end(ap);
	return rc;
}

static enum MHD_Result
http_queue(struct MHD_Connection *c, unsigned int status,
    struct MHD_Response *r)
{
	enum MHD_Result	 rc;

	rc = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return rc;
}

/* A short text/plain answer: 404, 405, /healthz. */
static enum MHD_Result
http_text(struct MHD_Connection *c, unsigned int status, const char *text)
{
	struct MHD_Response	*r;

	r = MHD_create_response_from_buffer(strlen(text), (void *)(uintptr_t)text,
	    MHD_RESPMEM_PERSISTENT);
	if (r == NULL)
		return MHD_NO;
	if (http_headers(r, MHD_HTTP_HEADER_CONTENT_TYPE,
	    "text/plain; charset=utf-8", MHD_HTTP_HEADER_ALLOW,
	    status == MHD_HTTP_METHOD_NOT_ALLOWED ? HTTP_ALLOW : NULL,
	    (const char *)NULL) != MHD_YES) {
		MHD_destroy_response(r);
		return MHD_NO;
	}
	return http_queue(c, status, r);
}

static bool
http_not_modified(struct MHD_Connection *c, const struct http_doc *d)
{
	const char	*inm, *ims;
	time_t		 t;

	inm = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_IF_NONE_MATCH);
	if (inm != NULL)
		return http_etag_match(inm, d);
	/* If-Modified-Since counts only without If-None-Match
	 * (RFC 9110 13.1.3). */
	ims = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_IF_MODIFIED_SINCE);
	if (ims == NULL || (t = date_parse(ims)) == DATE_NONE)
		return false;
	return d->mtime <= t;
}

/*
 * 200 or 304 for a published document.  MHD leaves the body out of a
 * HEAD answer itself, keeping Content-Length.  d's reference passes to
 * the response, or is dropped here.
 */
static enum MHD_Result
http_serve(struct MHD_Connection *c, struct http_doc *d)
{
	struct MHD_Response	*r;
	const char		*ae, *etag;
	bool			 gz, notmod;
	unsigned int		 status;

	ae = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_ACCEPT_ENCODING);
	gz = d->gz != NULL && ae != NULL && http_accepts_gzip(ae);
	etag = gz ? d->etag_gz : d->etag;
	notmod = http_not_modified(c, d);
	if (notmod) {
		r = MHD_create_response_from_buffer(0, NULL,
		    MHD_RESPMEM_PERSISTENT);
		status = MHD_HTTP_NOT_MODIFIED;
	} else {
		r = MHD_create_response_from_buffer_with_free_callback_cls(
		    gz ? d->gzlen : d->len, gz ? d->gz : d->body,
		    http_doc_release, d);
		status = MHD_HTTP_OK;
	}
	if (r == NULL) {
		http_doc_release(d);
		return MHD_NO;
	}
	if (http_headers(r, MHD_HTTP_HEADER_ETAG, etag,
	    MHD_HTTP_HEADER_LAST_MODIFIED, d->last_modified,
	    MHD_HTTP_HEADER_CACHE_CONTROL, d->cache_control,
	    MHD_HTTP_HEADER_VARY, "Accept-Encoding",
	    MHD_HTTP_HEADER_CONTENT_TYPE, notmod ? NULL : d->type,
	    MHD_HTTP_HEADER_CONTENT_ENCODING, gz && !notmod ? "gzip" : NULL,
	    (const char *)NULL) != MHD_YES) {
		MHD_destroy_response(r);
		if (notmod)
			http_doc_release(d);
		return MHD_NO;
	}
	if (notmod)
		http_doc_release(d);
	return http_queue(c, status, r);
}

static enum MHD_Result
http_answer(void *cls, struct MHD_Connection *c, const char *url,
    const char *method, const char *version, const char *upload_data,
    size_t *upload_data_size, void **con_cls)
{
	struct http_server	*s = cls;
	struct http_doc		*d;
	size_t			 i;

	(void)version;
	(void)upload_data;
	/* MHD calls first when the headers are in; a response queued then
	 * makes it close the connection (it cannot know the request is
	 * complete), so answer on a later call and keep it alive.  A body
	 * (only a refused method has one) is read and dropped: nothing is
	 * kept, and the idle timeout bounds a slow sender. */
	if (*con_cls == NULL) {
		*con_cls = s;
		return MHD_YES;
	}
	if (*upload_data_size != 0) {
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (strcmp(method, MHD_HTTP_METHOD_GET) != 0 &&
	    strcmp(method, MHD_HTTP_METHOD_HEAD) != 0)
		return http_text(c, MHD_HTTP_METHOD_NOT_ALLOWED,
		    "method not allowed\n");
	if (url[0] != '/')
		return http_text(c, MHD_HTTP_BAD_REQUEST, "bad request\n");
	for (i = 0; i < sizeof(http_routes) / sizeof(http_routes[0]); i++)
		if (strcmp(url, http_routes[i].path) == 0)
			return http_routes[i].answer(s, c);
	if ((d = http_doc_get(s, url)) == NULL)
		return http_text(c, MHD_HTTP_NOT_FOUND, "not found\n");
	return http_serve(c, d);
}

void
http_set_healthy_until(struct http_server *s, double deadline)
{
	atomic_store(&s->healthy_until, (long long)(deadline * 1000));
}

static enum MHD_Result
http_healthz(struct http_server *s, struct MHD_Connection *c)
{
	struct timespec	 ts;
	long long	 now;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) == -1)
		return http_text(c, MHD_HTTP_INTERNAL_SERVER_ERROR, "no clock\n");
	now = (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
	if (now < atomic_load(&s->healthy_until))
		return http_text(c, MHD_HTTP_OK, "ok\n");
	return http_text(c, MHD_HTTP_SERVICE_UNAVAILABLE,
	    "late: polls are not running on time\n");
}

/* MHD's own complaints, through our log; the last kept for http_start. */
static void
http_mhd_log(void *cls, const char *fmt, va_list ap)
{
	struct http_server	*s = cls;
	size_t			 n;

	vsnprintf(s->lasterr, sizeof(s->lasterr), fmt, ap);
	n = strlen(s->lasterr);
	while (n > 0 && (s->lasterr[n - 1] == '\n' || s->lasterr[n - 1] == ' '))
		s->lasterr[--n] = '\0';
	log_warnx("http: %s", s->lasterr);
}

/*
 * Splits "host:port", "[v6]:port", "*:port" or ":port" and resolves it.
 * *ai is NULL for "every address".
 */
static int
http_resolve(const char *listen, struct addrinfo **ai, char *err,
    size_t errlen)
{
	struct addrinfo	 hints;
	char		*host, *port, *end;
	long		 pn;
	int		 rc = -1, gai;

	*ai = NULL;
	host = xstrdup(listen);
	if (*host == '[') {
		if ((end = strchr(host, ']')) == NULL || end[1] != ':') {
			snprintf(err, errlen, "%s: expected [address]:port",
			    listen);
			goto done;
		}
		*end = '\0';
		port = end + 2;
		memmove(host, host + 1, strlen(host + 1) + 1);
	} else if ((port = strrchr(host, ':')) == NULL ||
	    memchr(host, ':', (size_t)(port - host)) != NULL) {
		snprintf(err, errlen, "%s: expected host:port (IPv6 in [])",
		    listen);
		goto done;
	} else
		*port++ = '\0';
	errno = 0;
	pn = strtol(port, &end, 10);
	if (*port == '\0' || *end != '\0' || errno || pn < 0 || pn > 65535) {
		snprintf(err, errlen, "%s: bad port \"%s\"", listen, port);
		goto done;
	}
	if (*host == '\0' || strcmp(host, "*") == 0) {
		rc = (int)pn;
		goto done;
	}
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICSERV | AI_PASSIVE;
	if ((gai = getaddrinfo(host, port, &hints, ai)) != 0) {
		snprintf(err, errlen, "%s: %s", listen, gai_strerror(gai));
		*ai = NULL;
		goto done;
	}
	rc = (int)pn;
done:
	free(host);
	return rc;
}

/*
 * The socket systemd passed (LISTEN_FDS, sd_listen_fds(3)), made
 * non-blocking as MHD's turbo mode wants, or -1 when there is none.
 * The variables are unset so that a later restart of the server (a
 * reload with another listen) binds its own address.
 */
static int
http_activated_fd(void)
{
	int	 n, fd, fl;

#ifdef HAVE_SYSTEMD
	if ((n = sd_listen_fds(1)) < 0) {
		errno = -n;
		log_warn("http: sd_listen_fds");
		return -1;
	}
	fd = SD_LISTEN_FDS_START;
#else
	const char	*pid = getenv("LISTEN_PID"), *fds = getenv("LISTEN_FDS");

	n = pid && fds && atol(pid) == (long)getpid() ? atoi(fds) : 0;
	unsetenv("LISTEN_PID");
	unsetenv("LISTEN_FDS");
	fd = 3;
#endif
	if (n < 1)
		return -1;
	if (n > 1)
		log_warnx("http: %d sockets passed, serving the first", n);
	if ((fl = fcntl(fd, F_GETFL)) == -1 ||
	    fcntl(fd, F_SETFL, fl | O_NONBLOCK) == -1 ||
	    fcntl(fd, F_SETFD, FD_CLOEXEC) == -1) {
		log_warn("http: passed socket %d", fd);
		return -1;
	}
	return fd;
}

/* MHD's own unescaping, except that a %00 would cut the path short as a
 * C string ("/feed.atom%00.txt" read as "/feed.atom"): such a path is
 * emptied, and http_answer refuses it with 400. */
static size_t
http_unescape(void *cls, struct MHD_Connection *c, char *uri)
{
	size_t	 n;

	(void)cls;
	(void)c;
	n = MHD_http_unescape(uri);
	if (strlen(uri) != n) {
		uri[0] = '\0';
		return 0;
	}
	return n;
}

/* One polling thread per core (MHD shares the listen socket among
 * them), epoll where MHD has it. */
static struct MHD_Daemon *
http_mhd_start(struct http_server *s, unsigned int flags, int port,
    int fd, const struct sockaddr *sa)
{
	long		 cores;
	unsigned int	 threads;

	if ((cores = sysconf(_SC_NPROCESSORS_ONLN)) < 1)
		cores = 1;
	threads = cores > HTTP_MAX_THREADS ? HTTP_MAX_THREADS :
	    (unsigned int)cores;
	flags |= MHD_USE_ERROR_LOG | MHD_USE_TURBO;
	flags |= MHD_is_feature_supported(MHD_FEATURE_EPOLL) == MHD_YES ?
	    MHD_USE_EPOLL_INTERNAL_THREAD : MHD_USE_AUTO_INTERNAL_THREAD;
	return MHD_start_daemon(flags, (uint16_t)port, NULL, NULL,
	    http_answer, s,
	    MHD_OPTION_EXTERNAL_LOGGER, http_mhd_log, s,
	    MHD_OPTION_THREAD_POOL_SIZE, threads,
	    MHD_OPTION_CONNECTION_LIMIT, (unsigned int)HTTP_MAX_CONNS,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)HTTP_CONN_TIMEOUT_SECS,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)HTTP_CONN_MEMORY,
	    MHD_OPTION_LISTEN_BACKLOG_SIZE, (unsigned int)HTTP_MAX_CONNS,
	    MHD_OPTION_UNESCAPE_CALLBACK, http_unescape, NULL,
	    /* The list ends early when there is nothing more to say. */
	    fd != -1 ? MHD_OPTION_LISTEN_SOCKET : sa ? MHD_OPTION_SOCK_ADDR :
	    MHD_OPTION_END,
	    fd != -1 ? (void *)(intptr_t)fd : (const void *)sa,
	    MHD_OPTION_END);
}

struct http_server *
http_start(const char *listen, char *err, size_t errlen)
{
	struct http_server	*s;
	struct addrinfo		*ai = NULL;
	const union MHD_DaemonInfo *info;
	unsigned int		 flags = 0;
	int			 port = 0, fd;

	if ((fd = http_activated_fd()) == -1 &&
	    (port = http_resolve(listen, &ai, err, errlen)) == -1)
		return NULL;
	s = xcalloc(1, sizeof(*s));
	atomic_init(&s->max_age, HTTP_MAX_AGE_SECS);
	if ((errno = pthread_mutex_init(&s->lock, NULL)) != 0)
		fatal("http: pthread_mutex_init");
	if (fd == -1 && ai == NULL)
		flags |= MHD_USE_DUAL_STACK;
	else if (ai && ai->ai_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	s->mhd = http_mhd_start(s, flags, port, fd, ai ? ai->ai_addr : NULL);
	if (ai)
		freeaddrinfo(ai);
	if (s->mhd == NULL) {
		snprintf(err, errlen, "cannot listen on %s: %s",
		    fd != -1 ? "the socket systemd passed" : listen,
		    *s->lasterr ? s->lasterr : "libmicrohttpd failed to start");
		pthread_mutex_destroy(&s->lock);
		free(s);
		return NULL;
	}
	if (fd != -1)
		log_info("http: serving the socket systemd passed");
	info = MHD_get_daemon_info(s->mhd, MHD_DAEMON_INFO_BIND_PORT);
	s->port = info ? info->port : port;
	return s;
}

int
http_port(const struct http_server *s)
{
	return s->port;
}

void
http_publish(struct http_server *s, const char *path,
    const char *content_type, char *body, size_t len, time_t mtime)
{
	struct http_doc	*d, *old = NULL;
	size_t		 i;

	d = http_doc_new(path, content_type, body, len, mtime,
	    atomic_load(&s->max_age));
	pthread_mutex_lock(&s->lock);
	for (i = 0; i < s->ndocs; i++)
		if (strcmp(s->docs[i]->path, path) == 0)
			break;
	if (i == s->ndocs) {
		s->docs = xreallocarray(s->docs, s->ndocs + 1,
		    sizeof(*s->docs));
		s->ndocs++;
	} else
		old = s->docs[i];
	s->docs[i] = d;
	pthread_mutex_unlock(&s->lock);
	http_doc_release(old);
}

void
http_set_max_age(struct http_server *s, long secs)
{
	atomic_store(&s->max_age, secs < 0 ? 0 : secs);
}

void
http_retract(struct http_server *s, const char *path)
{
	struct http_doc	*old = NULL;
	size_t		 i;

	pthread_mutex_lock(&s->lock);
	for (i = 0; i < s->ndocs; i++) {
		if (strcmp(s->docs[i]->path, path) == 0) {
			old = s->docs[i];
			s->docs[i] = s->docs[--s->ndocs];
			break;
		}
	}
	pthread_mutex_unlock(&s->lock);
	http_doc_release(old);
}

void
http_stop(struct http_server *s)
{
	size_t	 i;

	if (s == NULL)
		return;
	/* Joins MHD's thread; responses in flight drop their references. */
	MHD_stop_daemon(s->mhd);
	for (i = 0; i < s->ndocs; i++)
		http_doc_release(s->docs[i]);
	free(s->docs);
	pthread_mutex_destroy(&s->lock);
	free(s);
}
