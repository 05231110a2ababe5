/*
 * test_http.c — the embedded server on 127.0.0.1, spoken to with libcurl.
 */
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include <curl/curl.h>

#include "buf.h"
#include "http.h"
#include "unit.h"
#include "xmalloc.h"

#define MTIME	((time_t)1700000000)	/* Tue, 14 Nov 2023 22:13:20 GMT */
#define TYPE	"application/atom+xml; charset=utf-8"

/* "@ETAG" in a request header stands for the ETag of the first GET. */
struct req_case {
	const char	*what;
	const char	*method;	/* GET, HEAD, POST */
	const char	*path;
	const char	*header;	/* request headers, '\n' between */
	const char	*encoding;	/* CURLOPT_ACCEPT_ENCODING, or NULL */
	long		 status;
	int		 body;		/* 1: the document, 0: empty, -1: any */
	const char	*want_header;	/* "Name: value" expected, or NULL */
};

static const struct req_case req_cases[] = {
	{ "get", "GET", "/feed.atom", NULL, NULL, 200, 1,
	    "Content-Type: " TYPE },
	{ "last-modified", "GET", "/feed.atom", NULL, NULL, 200, 1,
	    "Last-Modified: Tue, 14 Nov 2023 22:13:20 GMT" },
	{ "cache-control", "GET", "/feed.atom", NULL, NULL, 200, 1,
	    "Cache-Control: max-age=60" },
	{ "vary", "GET", "/feed.atom", NULL, NULL, 200, 1,
	    "Vary: Accept-Encoding" },
	{ "if-none-match matches", "GET", "/feed.atom", "If-None-Match: @ETAG",
	    NULL, 304, 0, "ETag: @ETAG" },
	{ "if-none-match in a list, weak", "GET", "/feed.atom",
	    "If-None-Match: \"x\", W/@ETAG", NULL, 304, 0, NULL },
	{ "if-none-match star", "GET", "/feed.atom", "If-None-Match: *", NULL,
	    304, 0, NULL },
	{ "if-none-match other", "GET", "/feed.atom", "If-None-Match: \"x\"",
	    NULL, 200, 1, NULL },
	{ "if-modified-since same", "GET", "/feed.atom",
	    "If-Modified-Since: Tue, 14 Nov 2023 22:13:20 GMT", NULL, 304, 0,
	    NULL },
	{ "if-modified-since earlier", "GET", "/feed.atom",
	    "If-Modified-Since: Tue, 14 Nov 2023 22:13:19 GMT", NULL, 200, 1,
	    NULL },
	{ "if-none-match wins over if-modified-since", "GET", "/feed.atom",
	    "If-None-Match: \"x\"\nIf-Modified-Since: Tue, 14 Nov 2023 "
	    "22:13:20 GMT", NULL, 200, 1, NULL },
	{ "head", "HEAD", "/feed.atom", NULL, NULL, 200, 0, "ETag: @ETAG" },
	{ "gzip when asked", "GET", "/feed.atom", NULL, "gzip", 200, 1,
	    "Content-Encoding: gzip" },
	{ "gzip via star", "GET", "/feed.atom", NULL, "br, *;q=0.5", 200, 1,
	    "Content-Encoding: gzip" },
	{ "no gzip with q=0", "GET", "/feed.atom", NULL, "gzip;q=0, *", 200, 1,
	    "ETag: @ETAG" },
	{ "unknown path", "GET", "/nope", NULL, NULL, 404, -1, NULL },
	{ "post not allowed", "POST", "/feed.atom", NULL, NULL, 405, -1,
	    "Allow: GET, HEAD" },
	{ "healthz", "GET", "/healthz", NULL, NULL, 200, -1, NULL },
};

static double
mono_secs(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

struct reply {
	long		 status;
	struct buf	 body;
	struct buf	 headers;
};

static const char *req_host = "127.0.0.1";

static size_t
on_data(char *p, size_t size, size_t n, void *cls)
{
	if (buf_append(cls, p, size * n) == -1)
		return 0;
	return size * n;
}

static int
request(int port, const char *method, const char *path, const char *header,
    const char *encoding, struct reply *r)
{
	struct curl_slist	*hl = NULL;
	CURL			*c;
	CURLcode		 rc;
	char			 url[128], *line;
	size_t			 n;

	buf_init(&r->body, 0);
	buf_init(&r->headers, 0);
	r->status = 0;
	if ((c = curl_easy_init()) == NULL)
		return -1;
	snprintf(url, sizeof(url), "http://%s:%d%s", req_host, port, path);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &r->body);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_data);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, &r->headers);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 10L);
	if (strcmp(method, "HEAD") == 0)
		curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
	else if (strcmp(method, "POST") == 0)
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, "x=1");
	if (encoding)
		curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, encoding);
	while (header && *header) {
		n = strcspn(header, "\n");
		line = xstrndup(header, n);
		hl = curl_slist_append(hl, line);
		free(line);
		header += n + (header[n] != '\0');
	}
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, hl);
	rc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r->status);
	curl_slist_free_all(hl);
	curl_easy_cleanup(c);
	buf_str(&r->body);
	buf_str(&r->headers);
	return rc == CURLE_OK ? 0 : -1;
}

static void
reply_free(struct reply *r)
{
	buf_free(&r->body);
	buf_free(&r->headers);
}

/* The value of header name in r, malloc'd, or NULL. */
static char *
reply_header(struct reply *r, const char *name)
{
	const char	*p = buf_str(&r->headers);
	size_t		 n = strlen(name);

	while ((p = strstr(p, "\r\n")) != NULL) {
		p += 2;
		if (strncasecmp(p, name, n) == 0 && p[n] == ':') {
			p += n + 1 + strspn(p + n + 1, " ");
			return xstrndup(p, strcspn(p, "\r\n"));
		}
	}
	return NULL;
}

/* s with "@ETAG" replaced by etag. */
static char *
subst_etag(const char *s, const char *etag)
{
	const char	*at;

	if (s == NULL || (at = strstr(s, "@ETAG")) == NULL)
		return xstrdup(s);
	return xasprintf("%.*s%s%s", (int)(at - s), s, etag, at + 5);
}

static void
run_case(int port, const struct req_case *c, const char *doc,
    const char *etag)
{
	struct reply	 r;
	char		*hdr, *want, *name, *got, what[128];

	hdr = subst_etag(c->header, etag);
	want = subst_etag(c->want_header, etag);
	snprintf(what, sizeof(what), "%s: request completes", c->what);
	CHECK(request(port, c->method, c->path, hdr, c->encoding, &r) == 0,
	    what);
	snprintf(what, sizeof(what), "%s: status %ld", c->what, c->status);
	CHECK_INT(r.status, c->status, what);
	if (c->body != -1) {
		snprintf(what, sizeof(what), "%s: %s", c->what,
		    c->body ? "body is the document" : "no body");
		CHECK_STR(r.body.data ? r.body.data : "", c->body ? doc : "",
		    what);
	}
	if (want) {
		name = xstrndup(want, strcspn(want, ":"));
		got = reply_header(&r, name);
		snprintf(what, sizeof(what), "%s: %s", c->what, want);
		CHECK_STR(got, want + strlen(name) + 2, what);
		free(name);
		free(got);
	}
	free(hdr);
	free(want);
	reply_free(&r);
}

static char *
make_doc(const char *word)
{
	struct buf	 b;
	int		 i;

	buf_init(&b, 0);
	for (i = 0; i < 200; i++)
		buf_printf(&b, "<entry>%s %d</entry>\n", word, i % 7);
	return buf_take(&b);
}

static void
test_bad_listen(void)
{
	static const char *const bad[] = {
		"127.0.0.1", "127.0.0.1:99999", "::1:80", "[::1", "[::1]80",
		"127.0.0.1:http",
		"192.0.2.1:0",		/* TEST-NET: not ours, cannot bind */
	};
	char			 err[HTTP_ERR_LEN], what[128];
	struct http_server	*s;
	size_t			 i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		s = http_start(bad[i], err, sizeof(err));
		snprintf(what, sizeof(what), "listen \"%s\" refused with a reason",
		    bad[i]);
		CHECK(s == NULL && *err != '\0', what);
		http_stop(s);
	}
}

/* [::1] when the machine has IPv6 loopback; nothing to check if not. */
static void
test_ipv6(void)
{
	char			 err[HTTP_ERR_LEN];
	struct http_server	*s;
	struct reply		 r;

	if ((s = http_start("[::1]:0", err, sizeof(err))) == NULL) {
		printf("# no IPv6 loopback: %s\n", err);
		return;
	}
	req_host = "[::1]";
	http_set_healthy_until(s, mono_secs() + 60);
	request(http_port(s), "GET", "/healthz", NULL, NULL, &r);
	req_host = "127.0.0.1";
	CHECK_INT(r.status, 200, "[::1]:0 serves over IPv6");
	CHECK_STR(r.body.data, "ok\n", "healthz says ok");
	reply_free(&r);
	http_stop(s);
}

/*
 * Socket activation: a listening socket at fd 3 with LISTEN_FDS=1 and
 * LISTEN_PID=us is served, and listen (an address we cannot bind) is
 * not tried.
 */
static void
test_activation(void)
{
	struct sockaddr_in	 sin;
	socklen_t		 slen = sizeof(sin);
	struct http_server	*s;
	struct reply		 r;
	char			 err[HTTP_ERR_LEN] = "", pid[32];
	int			 fd;

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if ((fd = socket(AF_INET, SOCK_STREAM, 0)) == -1 ||
	    bind(fd, (struct sockaddr *)&sin, sizeof(sin)) == -1 ||
	    listen(fd, 16) == -1 ||
	    getsockname(fd, (struct sockaddr *)&sin, &slen) == -1 ||
	    (fd != 3 && dup2(fd, 3) == -1)) {
		CHECK(0, "activation: a listening socket at fd 3");
		return;
	}
	if (fd != 3)
		close(fd);
	snprintf(pid, sizeof(pid), "%ld", (long)getpid());
	setenv("LISTEN_PID", pid, 1);
	setenv("LISTEN_FDS", "1", 1);
	s = http_start("192.0.2.1:8080", err, sizeof(err));
	CHECK(s != NULL, "activation: the passed socket is served, listen "
	    "not bound");
	CHECK(getenv("LISTEN_FDS") == NULL, "activation: LISTEN_FDS unset "
	    "for a later restart");
	if (s == NULL) {
		printf("# %s\n", err);
		return;
	}
	CHECK_INT(http_port(s), ntohs(sin.sin_port), "activation: its port");
	request(ntohs(sin.sin_port), "GET", "/healthz", NULL, NULL, &r);
	CHECK(r.status == 200 || r.status == 503,
	    "activation: answers on the passed socket");
	reply_free(&r);
	http_stop(s);
}

struct slow_get {
	int		 port;
	struct reply	 r;
};

/* GET /big read at 8 MB/s, so that it spans a publish. */
static void *
slow_get(void *cls)
{
	struct slow_get		*g = cls;
	CURL			*c;
	char			 url[64];

	buf_init(&g->r.body, 0);
	buf_init(&g->r.headers, 0);
	if ((c = curl_easy_init()) == NULL)
		return NULL;
	snprintf(url, sizeof(url), "http://127.0.0.1:%d/big", g->port);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &g->r.body);
	curl_easy_setopt(c, CURLOPT_MAX_RECV_SPEED_LARGE,
	    (curl_off_t)8 * 1024 * 1024);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 20L);
	curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &g->r.status);
	curl_easy_cleanup(c);
	return NULL;
}

/*
 * A reader in the middle of a document when a new version is published
 * gets the whole old one; a reader after it gets the new one at once.
 */
static void
test_swap_under_reader(struct http_server *s, int port)
{
	struct slow_get	 g;
	struct reply	 r;
	pthread_t	 t;
	size_t		 len = 16 * 1024 * 1024, i;
	char		*a, *b, *lm;

	a = xmalloc(len);
	b = xmalloc(len);
	for (i = 0; i < len; i++) {
		a[i] = (char)('a' + i % 23);
		b[i] = (char)('A' + i % 19);
	}
	http_publish(s, "/big", "text/plain", a, len, MTIME);
	g.port = port;
	if (pthread_create(&t, NULL, slow_get, &g) != 0) {
		CHECK(0, "pthread_create");
		return;
	}
	usleep(300 * 1000);
	http_publish(s, "/big", "text/plain", b, len, MTIME + 1);
	request(port, "HEAD", "/big", NULL, NULL, &r);
	/* a and b belong to the server now. */
	lm = reply_header(&r, "Last-Modified");
	CHECK_STR(lm, "Tue, 14 Nov 2023 22:13:21 GMT",
	    "a request after the publish sees the new version");
	free(lm);
	reply_free(&r);
	pthread_join(t, NULL);
	CHECK(g.r.status == 200 && g.r.body.len == len &&
	    g.r.body.data[0] == 'a' && g.r.body.data[len - 1] ==
	    (char)('a' + (len - 1) % 23),
	    "the reader in flight got the whole old version");
	reply_free(&g.r);
	http_retract(s, "/big");
}

/* Cache-Control follows http_set_max_age; a retracted path is gone; a
 * request head beyond the memory bound is refused, not buffered. */
static void
test_limits(struct http_server *s, int port)
{
	struct reply	 r;
	char		*v, *big;

	http_set_max_age(s, 1800);
	http_publish(s, "/tag/x.atom", TYPE, xstrdup("<feed/>"), 7, MTIME);
	request(port, "GET", "/tag/x.atom", NULL, NULL, &r);
	v = reply_header(&r, "Cache-Control");
	CHECK_STR(v, "max-age=1800", "max-age as set for the poll interval");
	free(v);
	reply_free(&r);
	http_retract(s, "/tag/x.atom");
	request(port, "GET", "/tag/x.atom", NULL, NULL, &r);
	CHECK_INT(r.status, 404, "a retracted path is 404");
	reply_free(&r);
	big = xmalloc(64 * 1024);
	memcpy(big, "X-Big: ", 7);
	memset(big + 7, 'a', 64 * 1024 - 8);
	big[64 * 1024 - 1] = '\0';
	request(port, "GET", "/feed.atom", big, NULL, &r);
	CHECK(r.status == 431 || r.status == 413 || r.status == 0,
	    "a 64 KB request head is refused");
	printf("# big request head: status %ld\n", r.status);
	reply_free(&r);
	free(big);
}

int
main(void)
{
	char			 err[HTTP_ERR_LEN], *doc, *doc2, *etag, *etag2;
	char			 url[64];
	struct http_server	*s, *s2;
	struct reply		 r;
	size_t			 i;
	int			 port;

	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return 1;
	test_activation();
	test_bad_listen();
	test_ipv6();
	s = http_start("127.0.0.1:0", err, sizeof(err));
	CHECK(s != NULL, "server starts on 127.0.0.1:0");
	if (s == NULL) {
		printf("# %s\n", err);
		return unit_done();
	}
	port = http_port(s);
	CHECK(port > 0, "port 0 became a real port");
	snprintf(url, sizeof(url), "127.0.0.1:%d", port);
	s2 = http_start(url, err, sizeof(err));
	CHECK(s2 == NULL && strstr(err, url) != NULL,
	    "port in use refused, address named");
	http_stop(s2);
	request(port, "GET", "/feed.atom", NULL, NULL, &r);
	CHECK_INT(r.status, 404, "nothing published yet: 404");
	reply_free(&r);
	request(port, "GET", "/healthz", NULL, NULL, &r);
	CHECK_INT(r.status, 503, "healthz is 503 before the loop says it runs");
	reply_free(&r);
	http_set_healthy_until(s, mono_secs() - 1);
	request(port, "GET", "/healthz", NULL, NULL, &r);
	CHECK_INT(r.status, 503, "healthz is 503 once the deadline passed");
	CHECK(strstr(r.body.data ? r.body.data : "", "late") != NULL,
	    "healthz says why it is red");
	reply_free(&r);
	http_set_healthy_until(s, mono_secs() + 60);

	doc = make_doc("first");
	http_publish(s, "/feed.atom", TYPE, xstrdup(doc), strlen(doc), MTIME);
	request(port, "GET", "/feed.atom", NULL, NULL, &r);
	etag = reply_header(&r, "ETag");
	CHECK(etag && etag[0] == '"' && strlen(etag) > 2, "strong etag sent");
	reply_free(&r);
	for (i = 0; i < sizeof(req_cases) / sizeof(req_cases[0]); i++)
		run_case(port, &req_cases[i], doc, etag ? etag : "\"?\"");

	doc2 = make_doc("second");
	http_publish(s, "/feed.atom", TYPE, xstrdup(doc2), strlen(doc2),
	    MTIME + 60);
	request(port, "GET", "/feed.atom", NULL, NULL, &r);
	CHECK_STR(r.body.data, doc2, "publish swaps the body");
	etag2 = reply_header(&r, "ETag");
	CHECK(etag && etag2 && strcmp(etag, etag2) != 0, "new body, new etag");
	free(etag2);
	reply_free(&r);
	run_case(port, &(struct req_case){ "old etag after publish", "GET",
	    "/feed.atom", "If-None-Match: @ETAG", NULL, 200, 1, NULL },
	    doc2, etag ? etag : "\"?\"");

	http_publish(s, "/other", "text/plain", xstrdup("x"), 1, MTIME);
	request(port, "GET", "/other", NULL, "gzip", &r);
	etag2 = reply_header(&r, "Content-Encoding");
	CHECK(r.status == 200 && etag2 == NULL, "tiny body not gzip'd");
	free(etag2);
	reply_free(&r);
	test_limits(s, port);
	test_swap_under_reader(s, port);

	http_stop(s);
	free(doc);
	free(doc2);
	free(etag);
	curl_global_cleanup();
	return unit_done();
}
