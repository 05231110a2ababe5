/*
 * test_fetch.c — fetch.c against tests/lib/server.py on 127.0.0.1.
 *
 * The fixture server is started here (from $TOP, default the current
 * directory) on a temporary root holding feed.xml, and killed at the
 * end.  Cases run as batches through one fetcher, so their timeouts
 * overlap and the whole test takes a few seconds.
 */
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "fetch.h"
#include "unit.h"

#define FEED_BODY	"<rss version=\"2.0\"><channel><title>fixture</title>" \
			"</channel></rss>\n"
#define TEST_UA		"feedd-test/1"
#define MAX_BYTES	1048576L

static char	 tmpdir[] = "/tmp/feedd-fetch.XXXXXX";
static char	 base[64];
static pid_t	 server_pid = -1;

/* What the first batch captured, for the conditional requests. */
static char	*got_etag;
static char	*got_modified;

/* Sentinels for table fields filled in from an earlier batch. */
static const char CAPTURED_ETAG[] = "(captured etag)";
static const char CAPTURED_MODIFIED[] = "(captured last-modified)";

struct fetch_case {
	const char	*name;
	const char	*url;		/* "/x" is relative to the server */
	const char	*etag;		/* validators to send */
	const char	*modified;
	long		 status;
	const char	*error;		/* exact, "" for success */
	const char	*error_has;	/* or a substring of it */
	const char	*body_has;	/* NULL: body must be NULL */
	const char	*effective_tail;
	const char	*content_type;
	const char	*charset;
	int		 validators;	/* expect etag + last_modified */
};

static const struct fetch_case first_batch[] = {
	{ "200 with validators", "/feed.xml", NULL, NULL, 200, "", NULL,
	  "<title>fixture</title>", "/feed.xml", "text/xml", "utf-8", 1 },
	{ "404", "/missing.xml", NULL, NULL, 404, "http 404", NULL, NULL,
	  "/missing.xml", "text/plain", NULL, 0 },
	{ "503", "/status/503/feed.xml", NULL, NULL, 503, "http 503", NULL,
	  NULL, NULL, NULL, NULL, 0 },
	{ "redirects followed", "/redirect/3/feed.xml", NULL, NULL, 200, "",
	  NULL, "<title>fixture</title>", "/feed.xml", NULL, NULL, 1 },
	{ "exactly max_redirects", "/redirect/5/feed.xml", NULL, NULL, 200,
	  "", NULL, "<title>fixture</title>", "/feed.xml", NULL, NULL, 1 },
	{ "too many redirects", "/redirect/6/feed.xml", NULL, NULL, 302,
	  NULL, "redirects", NULL, NULL, NULL, NULL, 0 },
	{ "redirect loop", "/loop/feed.xml", NULL, NULL, 302, NULL,
	  "redirects", NULL, "/loop/feed.xml", NULL, NULL, 0 },
	{ "gzip decoded", "/gzip/feed.xml", NULL, NULL, 200, "", NULL,
	  "<title>fixture</title>", NULL, NULL, NULL, 1 },
	{ "over max_size by Content-Length", "/big?bytes=20000000", NULL,
	  NULL, 200, "body over 1048576 bytes", NULL, NULL, NULL, NULL,
	  NULL, 0 },
	{ "over max_size while streaming", "/big?bytes=20000000&chunked=1",
	  NULL, NULL, 200, "body over 1048576 bytes", NULL, NULL, NULL, NULL,
	  NULL, 0 },
	{ "timeout on a silent server", "/noanswer", NULL, NULL, 0,
	  "timeout after 2s", NULL, NULL, NULL, NULL, NULL, 0 },
	{ "trickle cut off", "/trickle/feed.xml", NULL, NULL, 200, NULL,
	  "2s", NULL, NULL, NULL, NULL, 0 },
	{ "connection reset", "/reset", NULL, NULL, 0, NULL, "", NULL, NULL,
	  NULL, NULL, 0 },
	{ "short body", "/badlength/feed.xml", NULL, NULL, 200, NULL,
	  "partial", NULL, NULL, NULL, NULL, 0 },
	{ "quoted charset", "/feed.xml?type=application/RSS%2Bxml;"
	  "%20charset=%22ISO-8859-1%22", NULL, NULL, 200, "", NULL, "fixture",
	  NULL, "application/rss+xml", "ISO-8859-1", 1 },
	{ "ftp refused", "ftp://127.0.0.1:1/feed.xml", NULL, NULL, 0, NULL,
	  "ftp", NULL, NULL, NULL, NULL, 0 },
	{ "connection refused", "http://127.0.0.1:1/feed.xml", NULL, NULL,
	  0, NULL, "connect", NULL, NULL, NULL, NULL, 0 },
};

static const struct fetch_case second_batch[] = {
	{ "304 by If-None-Match", "/feed.xml", CAPTURED_ETAG, NULL, 304, "",
	  NULL, NULL, NULL, NULL, NULL, 1 },
	{ "304 by If-Modified-Since", "/feed.xml", NULL, CAPTURED_MODIFIED,
	  304, "", NULL, NULL, NULL, NULL, NULL, 1 },
	{ "304 through redirects", "/redirect/2/feed.xml", CAPTURED_ETAG,
	  NULL, 304, "", NULL, NULL, "/feed.xml", NULL, NULL, 1 },
	{ "stale etag gets 200", "/feed.xml", "\"stale\"", NULL, 200, "",
	  NULL, "<title>fixture</title>", NULL, NULL, NULL, 1 },
	{ "header injection dropped", "/feed.xml", "\"x\"\r\nX-Evil: 1",
	  NULL, 200, "", NULL, "<title>fixture</title>", NULL, NULL, NULL,
	  1 },
};

static long
now_ms(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int
rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st, (void)flag, (void)ftw;
	return remove(path);
}

static void
server_stop(void)
{
	if (server_pid > 0) {
		kill(server_pid, SIGTERM);
		waitpid(server_pid, NULL, 0);
		server_pid = -1;
	}
	nftw(tmpdir, rm_entry, 8, FTW_DEPTH | FTW_PHYS);
}

static void
write_file(const char *path, const char *s)
{
	FILE	*fp;

	if ((fp = fopen(path, "w")) == NULL || fputs(s, fp) == EOF ||
	    fclose(fp) == EOF) {
		perror(path);
		exit(1);
	}
}

static char *
read_file(const char *path)
{
	static char	 data[1 << 16];
	FILE		*fp;
	size_t		 n;

	if ((fp = fopen(path, "r")) == NULL)
		return NULL;
	n = fread(data, 1, sizeof(data) - 1, fp);
	fclose(fp);
	data[n] = '\0';
	return data;
}

static int
server_start(void)
{
	char		 root[128], portfile[128], logfile[128], script[512];
	char		 feed[160];
	const char	*top = getenv("TOP");
	char		*s;
	int		 i;

	if (mkdtemp(tmpdir) == NULL)
		return -1;
	snprintf(root, sizeof(root), "%s/root", tmpdir);
	snprintf(portfile, sizeof(portfile), "%s/port", tmpdir);
	snprintf(logfile, sizeof(logfile), "%s/log", tmpdir);
	snprintf(script, sizeof(script), "%s/tests/lib/server.py",
	    top ? top : ".");
	if (mkdir(root, 0755) == -1)
		return -1;
	snprintf(feed, sizeof(feed), "%s/feed.xml", root);
	write_file(feed, FEED_BODY);
	if ((server_pid = fork()) == -1)
		return -1;
	if (server_pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGTERM);
		if (freopen("/dev/null", "w", stdout) == NULL)
			_exit(127);
		execl("/usr/bin/python3", "python3", script, "--root", root,
		    "--port-file", portfile, "--log", logfile, (char *)NULL);
		perror("exec server.py");
		_exit(127);
	}
	for (i = 0; i < 100; i++) {
		if ((s = read_file(portfile)) != NULL && atoi(s) > 0) {
			snprintf(base, sizeof(base), "http://127.0.0.1:%d",
			    atoi(s));
			return 0;
		}
		usleep(50000);
	}
	return -1;
}

static char *
server_log(void)
{
	char	 path[128];

	snprintf(path, sizeof(path), "%s/log", tmpdir);
	return read_file(path);
}

/*
 * Runs every transfer f holds to the end, filing result i (udata) in
 * out[i].  Gives up after budget_ms so a hang fails instead of blocking.
 */
static void
run_all(struct fetcher *f, struct fetch_result **out, int budget_ms)
{
	struct fetch_result	*r;
	long			 end = now_ms() + budget_ms;

	while (fetch_pending(f) > 0 && now_ms() < end) {
		if (fetch_wait(f, 200, -1) == -1)
			break;
		while ((r = fetch_next(f)) != NULL)
			out[(intptr_t)r->udata] = r;
	}
	while ((r = fetch_next(f)) != NULL)
		out[(intptr_t)r->udata] = r;
}

static const char *
tail_of(const char *s, const char *tail)
{
	size_t	 n, m;

	if (s == NULL || tail == NULL)
		return s;
	n = strlen(s), m = strlen(tail);
	return n >= m ? s + n - m : s;
}

static void
check_case(const struct fetch_case *c, const struct fetch_result *r)
{
	char	 what[160];

	snprintf(what, sizeof(what), "%s: finished", c->name);
	if (!CHECK(r != NULL, what))
		return;
	snprintf(what, sizeof(what), "%s: status", c->name);
	CHECK_INT(r->status, c->status, what);
	snprintf(what, sizeof(what), "%s: error", c->name);
	if (c->error)
		CHECK_STR(r->error, c->error, what);
	else {
		CHECK(r->error[0] != '\0' && strstr(r->error, c->error_has),
		    what);
		printf("#   error: %s\n", r->error);
	}
	snprintf(what, sizeof(what), "%s: body", c->name);
	if (c->body_has)
		CHECK(r->body && strstr(r->body, c->body_has) &&
		    strlen(r->body) == r->len, what);
	else
		CHECK(r->body == NULL && r->len == 0, what);
	snprintf(what, sizeof(what), "%s: not_modified", c->name);
	CHECK_INT(r->not_modified, c->status == 304, what);
	if (c->effective_tail) {
		snprintf(what, sizeof(what), "%s: effective url", c->name);
		CHECK_STR(tail_of(r->effective_url, c->effective_tail),
		    c->effective_tail, what);
	}
	if (c->content_type) {
		snprintf(what, sizeof(what), "%s: content type", c->name);
		CHECK_STR(r->content_type, c->content_type, what);
		snprintf(what, sizeof(what), "%s: charset", c->name);
		CHECK_STR(r->charset, c->charset, what);
	}
	if (c->validators) {
		snprintf(what, sizeof(what), "%s: validators of the final "
		    "response", c->name);
		CHECK(r->etag && r->last_modified && got_etag &&
		    strcmp(r->etag, got_etag) == 0 &&
		    strcmp(r->last_modified, got_modified) == 0, what);
	}
}

static const char *
resolve(const char *v)
{
	if (v == CAPTURED_ETAG)
		return got_etag;
	if (v == CAPTURED_MODIFIED)
		return got_modified;
	return v;
}

static void
run_table(const struct fetch_opts *o, const struct fetch_case *t, size_t n)
{
	struct fetch_result	*out[32] = { NULL };
	struct fetcher		*f;
	char			 err[128], url[512];
	size_t			 i;

	if ((f = fetch_new(o, err, sizeof(err))) == NULL) {
		CHECK(0, err);
		return;
	}
	for (i = 0; i < n; i++) {
		snprintf(url, sizeof(url), "%s%s", t[i].url[0] == '/' ?
		    base : "", t[i].url);
		if (fetch_add(f, url, resolve(t[i].etag),
		    resolve(t[i].modified), (void *)(intptr_t)i) == -1)
			CHECK(0, t[i].name);
	}
	run_all(f, out, 15000);
	CHECK_INT(fetch_pending(f), 0, "every transfer finished");
	/* The plain 200 is first: its validators are the reference. */
	if (got_etag == NULL && out[0] && out[0]->etag &&
	    out[0]->last_modified) {
		got_etag = strdup(out[0]->etag);
		got_modified = strdup(out[0]->last_modified);
	}
	for (i = 0; i < n; i++) {
		check_case(&t[i], out[i]);
		fetch_result_free(out[i]);
	}
	fetch_free(f);
}

static void
test_requests_seen(void)
{
	char	*log = server_log(), line[256];

	CHECK(log && got_etag, "server log readable");
	if (log == NULL || got_etag == NULL)
		return;
	snprintf(line, sizeof(line), "GET\t/feed.xml\t%s\t-\t", got_etag);
	CHECK(strstr(log, line) != NULL, "If-None-Match sent");
	snprintf(line, sizeof(line), "GET\t/feed.xml\t-\t%s\t", got_modified);
	CHECK(strstr(log, line) != NULL, "If-Modified-Since sent");
	CHECK(strstr(log, "\t" TEST_UA "\t") != NULL, "User-Agent sent");
	CHECK(strstr(log, "X-Evil") == NULL && strstr(log, "\"x\"") == NULL,
	    "validator with CR LF not sent");
}

/* 20 slow URLs through 4 slots: all finish, never more than 4 at once. */
static void
test_parallel_cap(void)
{
	struct fetch_opts	 o = { 5, 2, MAX_BYTES, 4, 5, TEST_UA, 0 };
	struct fetch_result	*out[20] = { NULL };
	struct fetcher		*f;
	char			 err[128], url[256], *log, *p;
	long			 t0, ms;
	int			 i, ok = 0, maxin = 0;

	if ((f = fetch_new(&o, err, sizeof(err))) == NULL) {
		CHECK(0, err);
		return;
	}
	for (i = 0; i < 20; i++) {
		snprintf(url, sizeof(url), "%s/slow/par.xml?delay=0.3&n=%d",
		    base, i);
		fetch_add(f, url, NULL, NULL, (void *)(intptr_t)i);
	}
	CHECK_INT(fetch_pending(f), 20, "parallel: 20 pending");
	t0 = now_ms();
	run_all(f, out, 10000);
	ms = now_ms() - t0;
	for (i = 0; i < 20; i++) {
		ok += out[i] && out[i]->status == 404;
		fetch_result_free(out[i]);
	}
	fetch_free(f);
	CHECK_INT(ok, 20, "parallel: all 20 finished");
	CHECK(ms >= 1400 && ms < 6000, "parallel: took 5 rounds of 0.3s");
	printf("#   20 transfers in %ld ms\n", ms);
	log = server_log();
	for (p = log; p && (p = strstr(p, "\t/slow/par.xml?")) != NULL; p++) {
		/* method path inm ims inflight ua */
		const char *q = p;
		int tabs = 0;

		while (*q && *q != '\n' && tabs < 4)
			tabs += *q++ == '\t';
		if (atoi(q) > maxin)
			maxin = atoi(q);
	}
	CHECK(maxin >= 2 && maxin <= 4, "parallel: at most 4 at once");
	printf("#   most at once: %d\n", maxin);
}

/* One request with every option, run alone; the result or NULL. */
static struct fetch_result *
fetch_one(const struct fetch_req *rq0, const char *path)
{
	struct fetch_opts	 o = { 5, 2, MAX_BYTES, 4, 5, TEST_UA, 0 };
	struct fetch_result	*out[1] = { NULL };
	struct fetch_req	 rq = *rq0;
	struct fetcher		*f;
	char			 err[128], url[512];

	if ((f = fetch_new(&o, err, sizeof(err))) == NULL)
		return NULL;
	snprintf(url, sizeof(url), "%s%s", path[0] == '/' ? base : "", path);
	rq.url = url;
	rq.udata = (void *)(intptr_t)0;
	if (fetch_add_req(f, &rq) == 0)
		run_all(f, out, 10000);
	fetch_free(f);
	return out[0];
}

struct moved_case {
	const char	*path;
	const char	*moved_tail;	/* NULL: the feed has not moved */
};

/* Only a chain of 301/308 from the configured URL moves a feed. */
static void
test_moved(void)
{
	static const struct moved_case cases[] = {
		{ "/moved/301/feed.xml", "/feed.xml" },
		{ "/moved/308/feed.xml", "/feed.xml" },
		{ "/moved/301/moved/308/feed.xml", "/feed.xml" },
		{ "/moved/308/moved/302/feed.xml", "/moved/302/feed.xml" },
		{ "/moved/302/feed.xml", NULL },
		{ "/moved/307/feed.xml", NULL },
		{ "/moved/302/moved/301/feed.xml", NULL },
		{ "/feed.xml", NULL },
	};
	struct fetch_req	 rq;
	struct fetch_result	*r;
	char			 what[160];
	size_t			 i;

	memset(&rq, 0, sizeof(rq));
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		r = fetch_one(&rq, cases[i].path);
		snprintf(what, sizeof(what), "moved %s: 200", cases[i].path);
		CHECK(r && r->status == 200 && r->error[0] == '\0', what);
		snprintf(what, sizeof(what), "moved %s: moved_url %s",
		    cases[i].path, cases[i].moved_tail ? cases[i].moved_tail :
		    "none");
		if (cases[i].moved_tail)
			CHECK(r && r->moved_url && strcmp(tail_of(r->moved_url,
			    cases[i].moved_tail), cases[i].moved_tail) == 0 &&
			    strncmp(r->moved_url, base, strlen(base)) == 0,
			    what);
		else
			CHECK(r && r->moved_url == NULL, what);
		fetch_result_free(r);
	}
}

/* Compressions, auth, extra headers, the headers kept for scheduling. */
static void
test_request_options(void)
{
	struct fetch_req	 rq;
	struct fetch_result	*r;
	char			*log;

	memset(&rq, 0, sizeof(rq));
	r = fetch_one(&rq, "/deflate/feed.xml");
	CHECK(r && r->status == 200 && r->body && strstr(r->body,
	    "<title>fixture</title>"), "deflate body decoded");
	fetch_result_free(r);
	r = fetch_one(&rq, "/br/feed.xml");
	CHECK(r && r->status == 200 && r->body && strstr(r->body,
	    "<title>fixture</title>"), "brotli body decoded");
	fetch_result_free(r);
	r = fetch_one(&rq, "/auth/feed.xml");
	CHECK(r && r->status == 401 && strcmp(r->error, "http 401") == 0,
	    "auth: 401 without credentials");
	fetch_result_free(r);
	rq.userpwd = "feedd:s3cret";
	rq.headers = "X-Test: hello there";
	r = fetch_one(&rq, "/auth/feed.xml");
	CHECK(r && r->status == 200 && r->body, "auth: 200 with basic auth");
	fetch_result_free(r);
	log = server_log();
	CHECK(log && strstr(log, "\tBasic ZmVlZGQ6czNjcmV0\thello there\n"),
	    "auth and extra header sent");
	rq.userpwd = NULL;
	rq.headers = NULL;
	r = fetch_one(&rq, "/status/429/feed.xml?retry=7");
	CHECK(r && r->status == 429 && r->retry_after &&
	    strcmp(r->retry_after, "7") == 0, "429: Retry-After kept");
	fetch_result_free(r);
	r = fetch_one(&rq, "/feed.xml?cc=max-age=600");
	CHECK(r && r->cache_control && strcmp(r->cache_control,
	    "max-age=600") == 0, "Cache-Control kept");
	fetch_result_free(r);
	r = fetch_one(&rq, "/challenge");
	CHECK(r && r->bot_wall && r->status == 403 &&
	    strncmp(r->error, "bot wall: http 403", 18) == 0,
	    "challenge page reported as a bot wall");
	if (r)
		printf("#   error: %s\n", r->error);
	fetch_result_free(r);
	rq.headers = "X-Evil\r\nHost: x";
	rq.url = base;
	{
		struct fetch_opts	 o = { 5, 2, MAX_BYTES, 4, 5, TEST_UA, 0 };
		struct fetcher		*f;
		char			 err[128];

		if ((f = fetch_new(&o, err, sizeof(err))) == NULL)
			return;
		CHECK_INT(fetch_add_req(f, &rq), -1,
		    "header with CR LF refused");
		CHECK_INT(fetch_pending(f), 0, "and not queued");
		fetch_free(f);
	}
}

struct addr_case {
	const char	*ip;
	bool		 local;
};

/* Redirects from public to local addresses are refused. */
static void
test_ssrf(void)
{
	static const struct addr_case addrs[] = {
		{ "127.0.0.1", true }, { "10.1.2.3", true },
		{ "172.16.0.1", true }, { "172.31.255.255", true },
		{ "172.32.0.1", false }, { "192.168.1.1", true },
		{ "169.254.169.254", true }, { "100.64.0.1", true },
		{ "0.0.0.0", true }, { "93.184.216.34", false },
		{ "8.8.8.8", false }, { "::1", true }, { "::", true },
		{ "fe80::1", true }, { "fd00::1", true },
		{ "2001:db8::1", false }, { "::ffff:127.0.0.1", true },
		{ "::ffff:8.8.8.8", false }, { "junk", true },
	};
	struct fetch_req	 rq;
	struct fetch_result	*r;
	char			 path[128], what[64];
	size_t			 i;

	for (i = 0; i < sizeof(addrs) / sizeof(addrs[0]); i++) {
		snprintf(what, sizeof(what), "%s is %s", addrs[i].ip,
		    addrs[i].local ? "local" : "public");
		CHECK_INT(fetch_addr_local(addrs[i].ip), addrs[i].local, what);
	}
	memset(&rq, 0, sizeof(rq));
	snprintf(path, sizeof(path), "/to/127.0.0.1:%s/feed.xml",
	    strrchr(base, ':') + 1);
	r = fetch_one(&rq, path);
	CHECK(r && r->status == 200, "local origin may redirect locally");
	fetch_result_free(r);
	setenv("FEEDD_TEST_PUBLIC_ADDR", "127.0.0.1", 1);
	r = fetch_one(&rq, path);
	CHECK(r && r->status == 200, "public to public redirect followed");
	fetch_result_free(r);
	snprintf(path, sizeof(path), "/to/127.0.0.2:%s/feed.xml",
	    strrchr(base, ':') + 1);
	r = fetch_one(&rq, path);
	CHECK(r && strcmp(r->error,
	    "redirect to local address 127.0.0.2 refused") == 0,
	    "public to loopback redirect refused");
	if (r)
		printf("#   error: %s\n", r->error);
	fetch_result_free(r);
	unsetenv("FEEDD_TEST_PUBLIC_ADDR");
}

/* 8 slow URLs on one host with 8 slots but per_host 2. */
static void
test_per_host_cap(void)
{
	struct fetch_opts	 o = { 5, 2, MAX_BYTES, 8, 5, TEST_UA, 2 };
	struct fetch_result	*out[8] = { NULL };
	struct fetcher		*f;
	char			 err[128], url[256], *log, *p;
	int			 i, ok = 0, maxin = 0;

	if ((f = fetch_new(&o, err, sizeof(err))) == NULL) {
		CHECK(0, err);
		return;
	}
	for (i = 0; i < 8; i++) {
		snprintf(url, sizeof(url), "%s/slow/host.xml?delay=0.2&n=%d",
		    base, i);
		fetch_add(f, url, NULL, NULL, (void *)(intptr_t)i);
	}
	run_all(f, out, 10000);
	for (i = 0; i < 8; i++) {
		ok += out[i] && out[i]->status == 404;
		fetch_result_free(out[i]);
	}
	fetch_free(f);
	CHECK_INT(ok, 8, "per host: all 8 finished");
	log = server_log();
	for (p = log; p && (p = strstr(p, "\t/slow/host.xml?")) != NULL; p++) {
		const char *q = p;
		int tabs = 0;

		while (*q && *q != '\n' && tabs < 4)
			tabs += *q++ == '\t';
		if (atoi(q) > maxin)
			maxin = atoi(q);
	}
	CHECK_INT(maxin, 2, "per host: 2 at once, never more");
}

/* fetch_wait returns when the extra fd is readable, else on timeout. */
static void
test_extra_fd(void)
{
	struct fetch_opts	 o = { 10, 2, MAX_BYTES, 1, 5, TEST_UA, 0 };
	struct fetcher		*f;
	char			 err[128], url[256];
	int			 p[2];
	long			 t0, ms;

	if (pipe(p) == -1 || (f = fetch_new(&o, err, sizeof(err))) == NULL) {
		CHECK(0, "extra fd: setup");
		return;
	}
	snprintf(url, sizeof(url), "%s/noanswer", base);
	CHECK_INT(fetch_add(f, url, NULL, NULL, NULL), 0, "extra fd: add");
	t0 = now_ms();
	CHECK_INT(fetch_wait(f, 300, p[0]), 0, "extra fd: quiet wait");
	ms = now_ms() - t0;
	CHECK(ms >= 250 && ms < 1500, "extra fd: quiet wait runs its time");
	CHECK(write(p[1], "x", 1) == 1, "extra fd: write");
	t0 = now_ms();
	CHECK_INT(fetch_wait(f, 5000, p[0]), 0, "extra fd: woken wait");
	ms = now_ms() - t0;
	CHECK(ms < 1000, "extra fd: readable fd wakes fetch_wait");
	printf("#   woke after %ld ms\n", ms);
	CHECK(fetch_next(f) == NULL, "extra fd: nothing finished");
	CHECK_INT(fetch_pending(f), 1, "extra fd: transfer still running");
	fetch_abort_all(f);
	CHECK_INT(fetch_pending(f), 0, "abort_all: nothing pending");
	CHECK(fetch_next(f) == NULL, "abort_all: results dropped");
	fetch_free(f);
	close(p[0]);
	close(p[1]);
}

int
main(void)
{
	struct fetch_opts	 o = { 2, 2, MAX_BYTES, 32, 5, TEST_UA, 0 };
	struct rusage		 ru0, ru1;

	if (fetch_global_init() == -1 || server_start() == -1) {
		CHECK(0, "fixture server started");
		server_stop();
		return unit_done();
	}
	atexit(server_stop);
	getrusage(RUSAGE_SELF, &ru0);
	run_table(&o, first_batch, sizeof(first_batch) / sizeof(first_batch[0]));
	getrusage(RUSAGE_SELF, &ru1);
	/* Two 20 MB bodies were refused: peak RSS must not have grown by them. */
	CHECK(ru1.ru_maxrss - ru0.ru_maxrss < 16 * 1024,
	    "oversized bodies did not grow memory past the cap");
	printf("#   peak rss grew %ld kB\n", ru1.ru_maxrss - ru0.ru_maxrss);
	run_table(&o, second_batch,
	    sizeof(second_batch) / sizeof(second_batch[0]));
	test_requests_seen();
	test_parallel_cap();
	test_extra_fd();
	test_moved();
	test_request_options();
	test_ssrf();
	test_per_host_cap();
	free(got_etag);
	free(got_modified);
	fetch_global_cleanup();
	return unit_done();
}
