/*
 * republish.c — render every published document after a change and
 * hand out the ones that changed (see republish.h).
 *
 * Documents are compared by SHA-256 of their bytes against the last
 * version of the same path, so a cycle that stored something invisible
 * (an item beyond max_items, a feed's new ETag) costs a render but no
 * write, no new ETag for subscribers and no hub ping.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "hash.h"
#include "log.h"
#include "opml.h"
#include "publish.h"
#include "republish.h"
#include "websub.h"
#include "xmalloc.h"

#define TAG_PREFIX	"/tag/"

/* The last version handed out of one path. */
struct republish_doc {
	char		*path;
	unsigned char	 digest[HASH_LEN];
	bool		 live;		/* still produced by this run */
};

struct republish {
	struct republish_doc	*docs;
	size_t			 ndocs;
	struct http_server	*http;	/* the server the docs went to */
	struct websub		*websub;
	char			*hub;	/* websub's hub */
	bool			 warned_base;	/* hub without base_url */
	size_t			 changed;	/* documents, this run */
	bool			 failed;	/* a file write failed, this run */
	long			 items;		/* in the merged feed */
};

/* A format of a feed: extension, renderer, type.  The merged feed's
 * output files come in the same order (republish_feed). */
struct republish_format {
	const char	*ext;
	char		*(*render)(const struct publish_meta *,
			    const struct item *, size_t, size_t *);
	const char	*type;
};

static const struct republish_format formats[] = {
	{ ".atom",	publish_atom,	PUBLISH_ATOM_TYPE },
	{ ".rss",	publish_rss,	PUBLISH_RSS_TYPE },
	{ ".json",	publish_json,	PUBLISH_JSON_TYPE },
};
#define NFORMATS	(sizeof(formats) / sizeof(formats[0]))

struct republish *
republish_new(void)
{
	return xcalloc(1, sizeof(struct republish));
}

void
republish_free(struct republish *r)
{
	size_t	 i;

	if (r == NULL)
		return;
	websub_free(r->websub);
	for (i = 0; i < r->ndocs; i++)
		free(r->docs[i].path);
	free(r->docs);
	free(r->hub);
	free(r);
}

/* Is body new for path?  Remembers it either way. */
static bool
republish_changed(struct republish *r, const char *path, const char *body,
    size_t len)
{
	unsigned char	 h[HASH_LEN];
	size_t		 i;

	hash_bytes(body, len, h);
	for (i = 0; i < r->ndocs; i++)
		if (strcmp(r->docs[i].path, path) == 0)
			break;
	if (i == r->ndocs) {
		r->docs = xreallocarray(r->docs, r->ndocs + 1, sizeof(*r->docs));
		r->docs[r->ndocs].path = xstrdup(path);
		r->ndocs++;
	} else if (memcmp(r->docs[i].digest, h, HASH_LEN) == 0) {
		r->docs[i].live = true;
		return false;
	}
	memcpy(r->docs[i].digest, h, HASH_LEN);
	r->docs[i].live = true;
	r->changed++;
	return true;
}

/* A write failed: forget path's digest, so the next run writes it again
 * (a zero digest matches no document). */
static void
republish_forget(struct republish *r, const char *path)
{
	size_t	 i;

	r->failed = true;
	for (i = 0; i < r->ndocs; i++)
		if (strcmp(r->docs[i].path, path) == 0)
			memset(r->docs[i].digest, 0, HASH_LEN);
}

/* Hands body (owned) out at path: the file, the server, the hub. */
static void
republish_doc(struct republish *r, const struct conf *c,
    struct http_server *http, const char *path, const char *type,
    const char *file, char *body, size_t len, time_t now, bool ping)
{
	char	 err[PUBLISH_ERR_LEN], *url;

	if (body == NULL)
		return;
	if (!republish_changed(r, path, body, len)) {
		free(body);
		return;
	}
	if (file && publish_write(file, body, len, err, sizeof(err)) == -1) {
		log_warnx("publish %s: %s", file, err);
		republish_forget(r, path);
	}
	if (http)
		http_publish(http, path, type, body, len, now);
	else
		free(body);
	if (!ping || r->websub == NULL)
		return;
	if ((url = publish_url(c->base_url, path)) == NULL) {
		if (!r->warned_base)
			log_warnx("websub: base_url is not set, so the hub "
			    "cannot be told the feeds' URLs");
		r->warned_base = true;
		return;
	}
	websub_ping(r->websub, url);
	free(url);
}

/* The feed of names (the merged feed, or one tag's) in every format;
 * the merged feed also as the HTML page. */
static void
republish_feed(struct republish *r, struct store *st, const struct conf *c,
    struct http_server *http, const char *stem, const char **names,
    size_t nnames)
{
	struct publish_meta	 meta;
	struct item		*items = NULL;
	char			*path, *body;
	const char		*files[NFORMATS] = { c->output, c->output_rss,
				    c->output_json };
	size_t			 i, n = 0, len;
	bool			 merged = strcmp(stem, PUBLISH_STEM) == 0;

	if (store_recent(st, names, nnames, c->max_items, &items, &n) == -1) {
		log_warnx("publish %s: cannot read items; keeping the old "
		    "output", stem);
		return;
	}
	memset(&meta, 0, sizeof(meta));
	meta.title = c->title;
	meta.base_url = c->base_url;
	meta.now = time(NULL);
	meta.stem = stem;
	meta.hub = c->websub_hub;
	for (i = 0; i < NFORMATS; i++) {
		path = xasprintf("%s%s", stem, formats[i].ext);
		body = formats[i].render(&meta, items, n, &len);
		republish_doc(r, c, http, path, formats[i].type,
		    merged ? files[i] : NULL, body, len, meta.now, true);
		free(path);
	}
	if (merged) {
		r->items = (long)n;
		body = publish_page(&meta, items, n, &len);
		republish_doc(r, c, http, "/", PUBLISH_HTML_TYPE, NULL, body,
		    len, meta.now, false);
	}
	store_items_free(items, n);
}

static void
republish_opml(struct republish *r, struct store *st, const struct conf *c,
    struct http_server *http)
{
	struct feed_state	*states = NULL;
	size_t			 n = 0, i, len;
	char			*body;

	if (store_feeds(st, &states, &n) == -1)
		n = 0;
	body = opml_export(c, states, n, &len);
	for (i = 0; i < n; i++)
		feed_state_free(&states[i]);
	free(states);
	republish_doc(r, c, http, "/opml", PUBLISH_OPML_TYPE, NULL, body, len,
	    time(NULL), false);
}

/* Does the tag list s (one space between) hold tag? */
static bool
republish_has_tag(const char *s, const char *tag)
{
	size_t	 n = strlen(tag);

	while (s && *s) {
		if (strncmp(s, tag, n) == 0 && (s[n] == ' ' || s[n] == '\0'))
			return true;
		s = strchr(s, ' ');
		s = s ? s + 1 : NULL;
	}
	return false;
}

/* Every tag once: the first feed that names it publishes it. */
static void
republish_tags(struct republish *r, struct store *st, const struct conf *c,
    struct http_server *http, const char **names)
{
	char		*tag, *stem;
	const char	*p;
	size_t		 i, j, k, n, nn;

	for (i = 0; i < c->nfeeds; i++) {
		for (p = c->feeds[i].tags; p && *p; p += n + (p[n] == ' ')) {
			n = strcspn(p, " ");
			tag = xstrndup(p, n);
			for (j = 0; j < i; j++)
				if (republish_has_tag(c->feeds[j].tags, tag))
					break;
			if (j == i && !republish_has_tag(p + n, tag)) {
				for (k = i, nn = 0; k < c->nfeeds; k++)
					if (republish_has_tag(c->feeds[k].tags,
					    tag))
						names[nn++] = c->feeds[k].name;
				stem = xasprintf(TAG_PREFIX "%s", tag);
				republish_feed(r, st, c, http, stem, names, nn);
				free(stem);
			}
			free(tag);
		}
	}
}

/* What the last run did not produce again (a tag removed) goes. */
static void
republish_retract(struct republish *r, struct http_server *http)
{
	size_t	 i = 0;

	while (i < r->ndocs) {
		if (r->docs[i].live) {
			r->docs[i++].live = false;
			continue;
		}
		if (http)
			http_retract(http, r->docs[i].path);
		free(r->docs[i].path);
		r->docs[i] = r->docs[--r->ndocs];
	}
}

/* The hub follows the config; a changed hub gets a fresh worker. */
static void
republish_hub(struct republish *r, const struct conf *c)
{
	if (r->hub && c->websub_hub && strcmp(r->hub, c->websub_hub) == 0)
		return;
	websub_free(r->websub);
	free(r->hub);
	r->websub = NULL;
	r->hub = NULL;
	if (c->websub_hub) {
		r->hub = xstrdup(c->websub_hub);
		r->websub = websub_new(c->websub_hub);
	}
}

/* Cache-Control max-age: nothing changes faster than the shortest poll
 * interval, so a reader asking more often only costs a 304. */
static long
republish_max_age(const struct conf *c)
{
	long	 min = c->interval;
	size_t	 i;

	for (i = 0; i < c->nfeeds; i++)
		if (c->feeds[i].interval > 0 && c->feeds[i].interval < min)
			min = c->feeds[i].interval;
	return min;
}

size_t
republish_run(struct republish *r, struct store *st, const struct conf *c,
    struct http_server *http, long *items)
{
	const char	**names;
	size_t		 i;

	r->changed = 0;
	r->failed = false;
	/* A new server (listen changed) has nothing yet: send it all. */
	if (http != r->http) {
		for (i = 0; i < r->ndocs; i++)
			free(r->docs[i].path);
		r->ndocs = 0;
		r->http = http;
	}
	republish_hub(r, c);
	if (http)
		http_set_max_age(http, republish_max_age(c));
	names = conf_feed_names(c);
	republish_feed(r, st, c, http, PUBLISH_STEM, names, c->nfeeds);
	republish_tags(r, st, c, http, names);
	republish_opml(r, st, c, http);
	republish_retract(r, http);
	free(names);
	*items = r->items;
	return r->changed;
}

bool
republish_failed(const struct republish *r)
{
	return r->failed;
}
