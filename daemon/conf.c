/*
 * conf.c — feeds.conf reader (see conf.h and feeds.conf(5)).
 *
 * A line is a comment, a [section] or a key = value.  Keys are looked up
 * in one sorted table (bsearch), which says where a key may appear, how
 * its value is read and where it is stored.  Every problem is reported as
 * file:line and reading goes on, so one run shows them all.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "boiler.h"
#include "conf.h"
#include "simhash.h"
#include "xmalloc.h"

#define CONF_LINE_MAX		4096
#define CONF_GLOBAL_SECTION	"feedd"

#define DEFAULT_TITLE		"feedd"
#define DEFAULT_LISTEN		"127.0.0.1:8080"
#define DEFAULT_INTERVAL	(30L * 60)
#define DEFAULT_MAX_ITEMS	200L
#define DEFAULT_KEEP		(90L * 86400)
#define DEFAULT_TIMEOUT		30L
#define DEFAULT_CONNECT_TIMEOUT	10L
#define DEFAULT_MAX_SIZE	(10L * 1024 * 1024)
#define DEFAULT_PARALLEL	16L
#define DEFAULT_MAX_REDIRECTS	5L
#define DEFAULT_USER_AGENT	"feedd/" FEEDD_VERSION
#define DEFAULT_MIN_INTERVAL	60L
#define DEFAULT_MAX_INTERVAL	86400L
#define DEFAULT_BACKOFF_MAX	(12L * 3600)
#define DEFAULT_PER_HOST	4L

enum conf_type {
	T_STRING,	/* any non-empty text */
	T_PATH,		/* resolved against the config file's directory */
	T_OUTPUT,	/* a path, or "off" */
	T_LISTEN,	/* host:port, or "off" */
	T_URL,		/* absolute http(s) URL */
	T_DURATION,	/* seconds, s/m/h/d suffix */
	T_COUNT,	/* integer */
	T_SIZE,		/* bytes, k/M/G suffix */
	T_TAGS,		/* names split by commas or spaces */
	T_BOOL,		/* yes or no */
	T_HEADER,	/* "Name: value"; repeatable, kept one a line */
	T_LINES,	/* any text; repeatable, kept one a line */
	T_SELECTOR,	/* tag, .class, #id ...; repeatable, one a line */
};

#define NOWHERE	((size_t)-1)

struct conf_key {
	const char	*name;
	enum conf_type	 type;
	size_t		 global;	/* offset in struct conf, or NOWHERE */
	size_t		 feed;		/* offset in struct feed_conf, or NOWHERE */
	long		 min, max;	/* for numbers */
};

#define G(f)	offsetof(struct conf, f)
#define F(f)	offsetof(struct feed_conf, f)

/* Sorted by name: bsearch. */
static const struct conf_key conf_keys[] = {
	{ "auth",	     T_STRING,	 NOWHERE,	     F(auth), 0, 0 },
	{ "backoff_max",     T_DURATION, G(backoff_max),     NOWHERE, 1, 30L * 86400 },
	{ "base_url",	     T_URL,	 G(base_url),	     NOWHERE, 0, 0 },
	{ "connect_timeout", T_DURATION, G(connect_timeout), NOWHERE, 1, 600 },
	{ "database",	     T_PATH,	 G(database),	     NOWHERE, 0, 0 },
	{ "header",	     T_HEADER,	 NOWHERE,	     F(headers), 0, 0 },
	{ "insecure",	     T_BOOL,	 NOWHERE,	     F(insecure), 0, 1 },
	{ "interval",	     T_DURATION, G(interval),	     F(interval), 1, 365L * 86400 },
	{ "keep",	     T_DURATION, G(keep),	     NOWHERE, 1, 100L * 365 * 86400 },
	{ "listen",	     T_LISTEN,	 G(listen),	     NOWHERE, 0, 0 },
	{ "max_interval",    T_DURATION, G(max_interval),    NOWHERE, 1, 365L * 86400 },
	{ "max_items",	     T_COUNT,	 G(max_items),	     NOWHERE, 1, 100000 },
	{ "max_redirects",   T_COUNT,	 G(max_redirects),   NOWHERE, 0, 50 },
	{ "max_size",	     T_SIZE,	 G(max_size),	     NOWHERE, 1024, 1L << 30 },
	{ "min_interval",    T_DURATION, G(min_interval),    NOWHERE, 1, 365L * 86400 },
	{ "near_duplicates", T_BOOL,	 G(near_duplicates), NOWHERE, 0, 1 },
	{ "near_threshold",  T_COUNT,	 G(near_threshold),  NOWHERE, 0, SIMHASH_DISTANCE_MAX },
	{ "output",	     T_OUTPUT,	 G(output),	     NOWHERE, 0, 0 },
	{ "output_json",     T_OUTPUT,	 G(output_json),     NOWHERE, 0, 0 },
	{ "output_rss",	     T_OUTPUT,	 G(output_rss),	     NOWHERE, 0, 0 },
	{ "parallel",	     T_COUNT,	 G(parallel),	     NOWHERE, 1, 1000 },
	{ "per_host",	     T_COUNT,	 G(per_host),	     NOWHERE, 1, 1000 },
	{ "strip_element",   T_SELECTOR, G(strip.strip_element), F(strip.strip_element), 0, 0 },
	{ "strip_text",	     T_LINES,	 G(strip.strip_text), F(strip.strip_text), 0, 0 },
	{ "tags",	     T_TAGS,	 NOWHERE,	     F(tags), 0, 0 },
	{ "timeout",	     T_DURATION, G(timeout),	     NOWHERE, 1, 3600 },
	{ "title",	     T_STRING,	 G(title),	     NOWHERE, 0, 0 },
	{ "url",	     T_URL,	 NOWHERE,	     F(url), 0, 0 },
	{ "user_agent",	     T_STRING,	 G(user_agent),	     NOWHERE, 0, 0 },
	{ "websub_hub",	     T_URL,	 G(websub_hub),	     NOWHERE, 0, 0 },
};

#undef G
#undef F

struct conf_reader {
	const char	*file;
	char		*dir;		/* of file, for relative paths */
	int		 line;
	int		 errors;
	FILE		*errout;
	struct conf	*conf;
	struct feed_conf *feed;		/* current section, NULL in [feedd] */
	int		 in_section;
	unsigned	 seen;		/* keys given in this section (bitmask) */
	int		 global_line;	/* where [feedd] was, 0 if not yet */
};

static void __attribute__((format(printf, 2, 3)))
conf_error(struct conf_reader *r, const char *fmt, ...)
{
	va_list	 ap;

	r->errors++;
	if (r->errout == NULL)
		return;
	fprintf(r->errout, "%s:%d: ", r->file, r->line);
	va_start(ap, fmt);
	vfprintf(r->errout, fmt, ap);
	va_end(ap);
	fputc('\n', r->errout);
}

static int
conf_key_cmp(const void *name, const void *key)
{
	return strcmp(name, ((const struct conf_key *)key)->name);
}

static const struct conf_key *
conf_key_find(const char *name)
{
	return bsearch(name, conf_keys, sizeof(conf_keys) / sizeof(conf_keys[0]),
	    sizeof(conf_keys[0]), conf_key_cmp);
}

/* Number with an optional one-letter unit from units/mults; -1 if bad. */
static long
conf_number(const char *s, const char *units, const long *mults)
{
	char		*end;
	const char	*u;
	long		 n;

	if (!isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	n = strtol(s, &end, 10);
	if (errno != 0 || n < 0)
		return -1;
	if (*end == '\0')
		return n;
	if (end[1] != '\0' || (u = strchr(units, *end)) == NULL)
		return -1;
	if (n > LONG_MAX / mults[u - units])
		return -1;
	return n * mults[u - units];
}

long
conf_duration(const char *s)
{
	static const long mults[] = { 1, 60, 3600, 86400 };

	return conf_number(s, "smhd", mults);
}

long
conf_size(const char *s)
{
	static const long mults[] = { 1024, 1024, 1024L * 1024, 1024L * 1024 * 1024 };

	return conf_number(s, "kKMG", mults);
}

static int
conf_valid_url(const char *s)
{
	CURLU	*u;
	char	*scheme = NULL, *host = NULL;
	int	 ok;

	if ((u = curl_url()) == NULL)
		return 0;
	ok = curl_url_set(u, CURLUPART_URL, s, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK &&
	    (strcmp(scheme, "http") == 0 || strcmp(scheme, "https") == 0);
	curl_free(scheme);
	curl_free(host);
	curl_url_cleanup(u);
	return ok;
}

/* "host:port" with a numeric port, host a name, IPv4 or [IPv6]. */
static int
conf_valid_listen(const char *s)
{
	const char	*colon;
	long		 port;
	char		*end;

	if (*s == '[') {
		if ((colon = strstr(s, "]:")) == NULL)
			return 0;
		colon++;
	} else if ((colon = strrchr(s, ':')) == NULL || colon == s)
		return 0;
	errno = 0;
	port = strtol(colon + 1, &end, 10);
	return errno == 0 && *end == '\0' && colon[1] != '\0' &&
	    port > 0 && port <= 65535;
}

static char *
conf_path(struct conf_reader *r, const char *value)
{
	if (value[0] == '/')
		return xstrdup(value);
	return xasprintf("%s/%s", r->dir, value);
}

/* Tag names (they become /tag/NAME paths), normalised to one space
 * between; NULL after an error. */
static char *
conf_tags(struct conf_reader *r, const char *value)
{
	char		*out, *o;
	const char	*p;
	size_t		 n;

	out = o = xmalloc(strlen(value) + 1);
	for (p = value; *p; p += n) {
		p += strspn(p, ", \t");
		if ((n = strcspn(p, ", \t")) == 0)
			break;
		if (strspn(p, "abcdefghijklmnopqrstuvwxyz"
		    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.") < n) {
			conf_error(r, "tags: bad tag \"%.*s\": use letters, "
			    "digits, '-', '_' and '.'", (int)n, p);
			free(out);
			return NULL;
		}
		if (o != out)
			*o++ = ' ';
		memcpy(o, p, n);
		o += n;
	}
	*o = '\0';
	return out;
}

static long
conf_bool(const char *s)
{
	if (strcmp(s, "yes") == 0 || strcmp(s, "true") == 0 ||
	    strcmp(s, "on") == 0)
		return 1;
	if (strcmp(s, "no") == 0 || strcmp(s, "false") == 0 ||
	    strcmp(s, "off") == 0)
		return 0;
	return -1;
}

/* Appends value to the lines in *lines. */
static void
conf_add_line(char **lines, const char *value)
{
	char	*n;

	n = *lines ? xasprintf("%s\n%s", *lines, value) : xstrdup(value);
	free(*lines);
	*lines = n;
}

/* Appends a "Name: value" request header to the lines in *lines. */
static void
conf_header(struct conf_reader *r, char **lines, const char *value)
{
	const char	*colon = strchr(value, ':');
	char		*n;

	if (colon == NULL || colon == value ||
	    strcspn(value, " \t") < (size_t)(colon - value)) {
		conf_error(r, "header: want \"Name: value\", not %s", value);
		return;
	}
	n = *lines ? xasprintf("%s\n%s", *lines, value) : xstrdup(value);
	free(*lines);
	*lines = n;
}

/* Stores value for key k at field (in the current section). */
static void
conf_set(struct conf_reader *r, const struct conf_key *k, void *field,
    const char *value)
{
	char	**str = field;
	long	 n;

	switch (k->type) {
	case T_URL:
		/* Stored even when bad, so that "has no url" is not said
		 * as well; a conf with errors is never used. */
		if (!conf_valid_url(value))
			conf_error(r, "%s: not an http or https URL: %s",
			    k->name, value);
		__attribute__((fallthrough));
	case T_STRING:
		free(*str);
		*str = xstrdup(value);
		return;
	case T_LISTEN:
		if (strcmp(value, "off") != 0 && !conf_valid_listen(value)) {
			conf_error(r, "listen: want host:port or off, not %s",
			    value);
			return;
		}
		free(*str);
		*str = strcmp(value, "off") == 0 ? NULL : xstrdup(value);
		return;
	case T_OUTPUT:
	case T_PATH:
		free(*str);
		*str = k->type == T_OUTPUT && strcmp(value, "off") == 0 ?
		    NULL : conf_path(r, value);
		return;
	case T_TAGS:
		free(*str);
		*str = conf_tags(r, value);
		return;
	case T_HEADER:
		conf_header(r, str, value);
		return;
	case T_SELECTOR:
		if (!boiler_selector_valid(value)) {
			conf_error(r, "%s: want tag, .class, #id, tag.class or "
			    "tag#id, not %s", k->name, value);
			return;
		}
		__attribute__((fallthrough));
	case T_LINES:
		conf_add_line(str, value);
		return;
	case T_BOOL:
		n = conf_bool(value);
		break;
	case T_DURATION:
		n = conf_duration(value);
		break;
	case T_SIZE:
		n = conf_size(value);
		break;
	case T_COUNT:
	default:
		n = conf_number(value, "", NULL);
		break;
	}
	if (n == -1) {
		conf_error(r, "%s: not a %s: %s", k->name,
		    k->type == T_DURATION ? "duration (30s, 5m, 1h, 1d)" :
		    k->type == T_SIZE ? "size (512k, 10M)" :
		    k->type == T_BOOL ? "yes or no" : "number", value);
		return;
	}
	if (n < k->min || n > k->max) {
		conf_error(r, "%s: %s out of range (%ld to %ld%s)", k->name,
		    value, k->min, k->max, k->type == T_DURATION ? " seconds" :
		    k->type == T_SIZE ? " bytes" : "");
		return;
	}
	*(long *)field = n;
}

/* Trims in place; returns the start. */
static char *
conf_trim(char *s)
{
	char	*e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

/* '#' starts a comment at the start of a line or after white space, so
 * that a URL fragment needs no quoting; never inside quotes. */
static void
conf_strip_comment(char *s)
{
	int	 quoted = 0;
	char	*p;

	for (p = s; *p; p++) {
		if (*p == '"')
			quoted = !quoted;
		else if (*p == '#' && !quoted &&
		    (p == s || isspace((unsigned char)p[-1]))) {
			*p = '\0';
			return;
		}
	}
}

static int
conf_valid_name(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && !strchr("-_.", *s))
			return 0;
	return 1;
}

static void
conf_section(struct conf_reader *r, char *line)
{
	char		*name, *end;
	struct conf	*c = r->conf;
	size_t		 i;

	r->seen = 0;
	r->in_section = 1;
	r->feed = NULL;
	if ((end = strchr(line, ']')) == NULL || end[1] != '\0') {
		conf_error(r, "section header must be [name]");
		r->in_section = 0;
		return;
	}
	*end = '\0';
	name = conf_trim(line + 1);
	if (!conf_valid_name(name)) {
		conf_error(r, "bad section name [%s]: use letters, digits, "
		    "'-', '_' and '.'", name);
		r->in_section = 0;
		return;
	}
	if (strcmp(name, CONF_GLOBAL_SECTION) == 0) {
		if (r->global_line)
			conf_error(r, "[%s] given twice (first at line %d)",
			    name, r->global_line);
		r->global_line = r->line;
		return;
	}
	for (i = 0; i < c->nfeeds; i++) {
		if (strcmp(c->feeds[i].name, name) == 0) {
			conf_error(r, "feed [%s] given twice (first at line %d)",
			    name, c->feeds[i].line);
			r->in_section = 0;
			return;
		}
	}
	c->feeds = xreallocarray(c->feeds, c->nfeeds + 1, sizeof(*c->feeds));
	r->feed = &c->feeds[c->nfeeds++];
	memset(r->feed, 0, sizeof(*r->feed));
	r->feed->name = xstrdup(name);
	r->feed->line = r->line;
}

static void
conf_assignment(struct conf_reader *r, char *line)
{
	const struct conf_key	*k;
	char			*eq, *key, *value;
	size_t			 off, len, bit;

	if ((eq = strchr(line, '=')) == NULL) {
		conf_error(r, "expected key = value or [section]");
		return;
	}
	*eq = '\0';
	key = conf_trim(line);
	value = conf_trim(eq + 1);
	len = strlen(value);
	if (len >= 2 && value[0] == '"' && value[len - 1] == '"') {
		value[len - 1] = '\0';
		value++;
	}
	if (!r->in_section) {
		if (r->global_line == 0 && r->conf->nfeeds == 0)
			conf_error(r, "%s: keys go in a section: [%s] or a feed",
			    key, CONF_GLOBAL_SECTION);
		return;	/* inside a bad section: already reported */
	}
	if ((k = conf_key_find(key)) == NULL) {
		conf_error(r, "unknown key '%s'", key);
		return;
	}
	off = r->feed ? k->feed : k->global;
	if (off == NOWHERE) {
		conf_error(r, "'%s' belongs in %s", key,
		    r->feed ? "[" CONF_GLOBAL_SECTION "]" : "a feed section");
		return;
	}
	bit = 1u << (k - conf_keys);
	if ((r->seen & bit) && k->type != T_HEADER && k->type != T_LINES &&
	    k->type != T_SELECTOR) {
		conf_error(r, "'%s' given twice in this section", key);
		return;
	}
	r->seen |= bit;
	if (*value == '\0') {
		conf_error(r, "'%s' has no value", key);
		return;
	}
	conf_set(r, k, (char *)(r->feed ? (void *)r->feed : (void *)r->conf) +
	    off, value);
}

static void
conf_defaults(struct conf *c)
{
	const char	*state = getenv("STATE_DIRECTORY");
	char		*dir;
	size_t		 n;

	/* systemd may list several directories, colon-separated. */
	if (state == NULL || *state == '\0')
		state = CONF_STATE_DIR;
	n = strcspn(state, ":");
	dir = xstrndup(state, n);
	c->title = xstrdup(DEFAULT_TITLE);
	c->database = xasprintf("%s/feedd.db", dir);
	c->output = xasprintf("%s/merged.atom", dir);
	c->listen = xstrdup(DEFAULT_LISTEN);
	c->interval = DEFAULT_INTERVAL;
	c->max_items = DEFAULT_MAX_ITEMS;
	c->keep = DEFAULT_KEEP;
	c->timeout = DEFAULT_TIMEOUT;
	c->connect_timeout = DEFAULT_CONNECT_TIMEOUT;
	c->max_size = DEFAULT_MAX_SIZE;
	c->parallel = DEFAULT_PARALLEL;
	c->max_redirects = DEFAULT_MAX_REDIRECTS;
	c->user_agent = xstrdup(DEFAULT_USER_AGENT);
	c->min_interval = DEFAULT_MIN_INTERVAL;
	c->max_interval = DEFAULT_MAX_INTERVAL;
	c->backoff_max = DEFAULT_BACKOFF_MAX;
	c->per_host = DEFAULT_PER_HOST;
	c->near_duplicates = 1;
	c->near_threshold = SIMHASH_DISTANCE;
	free(dir);
}

/* Checks what needs the whole file: every feed has a url. */
static void
conf_finish(struct conf_reader *r)
{
	struct conf	*c = r->conf;
	size_t		 i;

	for (i = 0; i < c->nfeeds; i++) {
		if (c->feeds[i].url == NULL) {
			r->line = c->feeds[i].line;
			conf_error(r, "feed [%s] has no url", c->feeds[i].name);
		}
		if (c->feeds[i].interval == 0)
			c->feeds[i].interval = c->interval;
	}
}

static char *
conf_dirname(const char *path)
{
	const char	*slash = strrchr(path, '/');

	if (slash == NULL)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

int
conf_load(const char *path, struct conf *c, FILE *errout)
{
	struct conf_reader	 r;
	FILE			*fp;
	char			 line[CONF_LINE_MAX], *s;
	size_t			 len;
	int			 toolong = 0;

	memset(c, 0, sizeof(*c));
	memset(&r, 0, sizeof(r));
	c->path = xstrdup(path);
	conf_defaults(c);
	r.file = path;
	r.errout = errout;
	r.conf = c;
	if ((fp = fopen(path, "r")) == NULL) {
		if (errout)
			fprintf(errout, "%s: %s\n", path, strerror(errno));
		return 1;
	}
	r.dir = conf_dirname(path);
	while (fgets(line, sizeof(line), fp) != NULL) {
		len = strlen(line);
		if (len > 0 && line[len - 1] == '\n')
			line[--len] = '\0';
		else if (!feof(fp)) {
			if (!toolong++) {
				r.line++;
				conf_error(&r, "line longer than %d bytes",
				    CONF_LINE_MAX - 2);
			}
			continue;
		}
		if (toolong) {		/* the tail of a long line */
			toolong = 0;
			continue;
		}
		r.line++;
		conf_strip_comment(line);
		s = conf_trim(line);
		if (*s == '\0')
			continue;
		if (*s == '[')
			conf_section(&r, s);
		else
			conf_assignment(&r, s);
	}
	if (ferror(fp)) {
		conf_error(&r, "read error: %s", strerror(errno));
	}
	fclose(fp);
	conf_finish(&r);
	free(r.dir);
	return r.errors;
}

void
conf_free(struct conf *c)
{
	size_t	 i;

	for (i = 0; i < c->nfeeds; i++) {
		free(c->feeds[i].name);
		free(c->feeds[i].url);
		free(c->feeds[i].tags);
		free(c->feeds[i].auth);
		free(c->feeds[i].headers);
		free(c->feeds[i].strip.strip_text);
		free(c->feeds[i].strip.strip_element);
	}
	free(c->strip.strip_text);
	free(c->strip.strip_element);
	free(c->feeds);
	free(c->path);
	free(c->title);
	free(c->base_url);
	free(c->database);
	free(c->output);
	free(c->output_rss);
	free(c->output_json);
	free(c->websub_hub);
	free(c->listen);
	free(c->user_agent);
	memset(c, 0, sizeof(*c));
}

const char **
conf_feed_names(const struct conf *c)
{
	const char	**names;
	size_t		  i;

	names = xcalloc(c->nfeeds + 1, sizeof(*names));
	for (i = 0; i < c->nfeeds; i++)
		names[i] = c->feeds[i].name;
	return names;
}

const struct feed_conf *
conf_feed(const struct conf *c, const char *name)
{
	size_t	 i;

	for (i = 0; i < c->nfeeds; i++)
		if (strcmp(c->feeds[i].name, name) == 0)
			return &c->feeds[i];
	return NULL;
}

/* Durations print in the largest unit that divides them evenly. */
static void
conf_print_duration(FILE *fp, const char *key, long secs)
{
	if (secs % 86400 == 0)
		fprintf(fp, "%s = %ldd\n", key, secs / 86400);
	else if (secs % 3600 == 0)
		fprintf(fp, "%s = %ldh\n", key, secs / 3600);
	else if (secs % 60 == 0)
		fprintf(fp, "%s = %ldm\n", key, secs / 60);
	else
		fprintf(fp, "%s = %lds\n", key, secs);
}

/* The scheduling keys, when they differ from the defaults. */
static void
conf_print_sched(const struct conf *c, FILE *fp)
{
	if (c->min_interval != DEFAULT_MIN_INTERVAL)
		conf_print_duration(fp, "min_interval", c->min_interval);
	if (c->max_interval != DEFAULT_MAX_INTERVAL)
		conf_print_duration(fp, "max_interval", c->max_interval);
	if (c->backoff_max != DEFAULT_BACKOFF_MAX)
		conf_print_duration(fp, "backoff_max", c->backoff_max);
	if (c->per_host != DEFAULT_PER_HOST)
		fprintf(fp, "per_host = %ld\n", c->per_host);
}

static void
conf_print_fetch(const struct feed_conf *f, FILE *fp)
{
	const char	*p, *nl;

	if (f->auth)
		fprintf(fp, "auth = \"%s\"\n", f->auth);
	if (f->insecure)
		fprintf(fp, "insecure = yes\n");
	for (p = f->headers; p != NULL; p = nl ? nl + 1 : NULL) {
		nl = strchr(p, '\n');
		fprintf(fp, "header = \"%.*s\"\n",
		    (int)(nl ? (size_t)(nl - p) : strlen(p)), p);
	}
}

/* Boilerplate rules, one key a line, quoted ('#' would start a comment). */
static void
conf_print_strip(const struct clean_rules *s, FILE *fp)
{
	const char	*p, *nl;
	int		 i;

	for (i = 0; i < 2; i++)
		for (p = i ? s->strip_text : s->strip_element; p != NULL;
		    p = nl ? nl + 1 : NULL) {
			nl = strchr(p, '\n');
			fprintf(fp, "%s = \"%.*s\"\n", i ? "strip_text" :
			    "strip_element", (int)(nl ? (size_t)(nl - p) :
			    strlen(p)), p);
		}
}

void
conf_print(const struct conf *c, FILE *fp)
{
	size_t	 i;

	fprintf(fp, "[%s]\n", CONF_GLOBAL_SECTION);
	fprintf(fp, "title = \"%s\"\n", c->title);
	if (c->base_url)
		fprintf(fp, "base_url = %s\n", c->base_url);
	fprintf(fp, "database = %s\n", c->database);
	fprintf(fp, "output = %s\n", c->output ? c->output : "off");
	if (c->output_rss)
		fprintf(fp, "output_rss = %s\n", c->output_rss);
	if (c->output_json)
		fprintf(fp, "output_json = %s\n", c->output_json);
	if (c->websub_hub)
		fprintf(fp, "websub_hub = %s\n", c->websub_hub);
	fprintf(fp, "listen = %s\n", c->listen ? c->listen : "off");
	conf_print_duration(fp, "interval", c->interval);
	fprintf(fp, "max_items = %ld\n", c->max_items);
	conf_print_duration(fp, "keep", c->keep);
	conf_print_duration(fp, "timeout", c->timeout);
	conf_print_duration(fp, "connect_timeout", c->connect_timeout);
	fprintf(fp, "max_size = %ld\n", c->max_size);
	fprintf(fp, "parallel = %ld\n", c->parallel);
	fprintf(fp, "max_redirects = %ld\n", c->max_redirects);
	fprintf(fp, "user_agent = \"%s\"\n", c->user_agent);
	conf_print_sched(c, fp);
	if (!c->near_duplicates)
		fprintf(fp, "near_duplicates = no\n");
	if (c->near_threshold != SIMHASH_DISTANCE)
		fprintf(fp, "near_threshold = %ld\n", c->near_threshold);
	conf_print_strip(&c->strip, fp);
	for (i = 0; i < c->nfeeds; i++) {
		fprintf(fp, "\n[%s]\nurl = %s\n", c->feeds[i].name,
		    c->feeds[i].url);
		conf_print_duration(fp, "interval", c->feeds[i].interval);
		if (c->feeds[i].tags && *c->feeds[i].tags)
			fprintf(fp, "tags = %s\n", c->feeds[i].tags);
		conf_print_fetch(&c->feeds[i], fp);
		conf_print_strip(&c->feeds[i].strip, fp);
	}
}
