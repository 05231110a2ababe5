/*
 * clean_url.c — the links and images clean.c keeps (see clean_url.h):
 * trackers, lazy-loading placeholders, src and srcset values.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "clean_url.h"
#include "url.h"
#include "xmalloc.h"

/*
 * Images and links that count readers or sell the page, not show the
 * story: host (exact, or a subdomain when it starts with '.') and path
 * prefix ("" matches any path).
 */
struct clean_tracker {
	const char	*host;
	size_t		 hostlen;
	const char	*path;
	size_t		 pathlen;
};
#define TR(host, path)	{ host, sizeof(host) - 1, path, sizeof(path) - 1 }

static const struct clean_tracker tracker_imgs[] = {
	TR("feeds.feedburner.com", "/~r/"),
	TR("feeds.feedburner.com", "/~ff/"),
	TR("feedproxy.google.com", "/~r/"),
	TR(".feedsportal.com", ""),
	TR("feedsportal.com", ""),
	TR("pixel.wp.com", ""),
	TR("stats.wordpress.com", ""),
	TR("feeds.wordpress.com", "/1.0/"),
	TR("www.google-analytics.com", ""),
	TR("google-analytics.com", ""),
	TR("pixel.quantserve.com", ""),
	TR("b.scorecardresearch.com", ""),
	TR("sb.scorecardresearch.com", ""),
	TR("feeds.feedblitz.com", "/~/i/"),
	TR("assets.feedblitz.com", "/i/"),
	TR("pixel.mathtag.com", ""),
	TR("www.facebook.com", "/tr"),
	TR("counters.gigya.com", ""),
	TR("rss.buysellads.com", ""),
	TR("ad.doubleclick.net", ""),
	TR("medium.com", "/_/stat"),
	TR("eotrx.substackcdn.com", ""),
	TR("img.zemanta.com", ""),	/* the "pixie" and reblog images */
};

static const struct clean_tracker tracker_links[] = {
	TR("feeds.feedburner.com", "/~ff/"),
	TR("feeds.feedburner.com", "/~a/"),
	TR("feedproxy.google.com", "/~ff/"),
	TR("feedproxy.google.com", "/~a/"),
	TR("feeds.wordpress.com", "/1.0/"),
	TR("rss.buysellads.com", ""),
	TR("ad.doubleclick.net", ""),
	TR(".feedsportal.com", ""),
};

/* Never an item's media, though feeds offer them as such: WordPress
 * gives every item a media:content of its author's Gravatar, Zemanta
 * one of its pixie.  (tracker_imgs is no test: feedburner's /~r/ links
 * are counting pixels in HTML and podcasts' audio in enclosures.) */
static const struct clean_tracker not_media[] = {
	TR("gravatar.com", "/avatar/"),
	TR(".gravatar.com", "/avatar/"),
	TR("img.zemanta.com", ""),
};

/* host and path of an absolute hierarchical URL ("scheme://host/path"). */
static bool
clean_url_split(const char *url, const char **host, size_t *hostlen,
    const char **path)
{
	const char	*p;

	if ((p = strstr(url, "://")) == NULL)
		return false;
	p += 3;
	*host = p;
	*hostlen = strcspn(p, "/?#:");
	*path = p + strcspn(p, "/?#");
	return true;
}

static bool
clean_is_tracker(const char *url, const struct clean_tracker *t, size_t nt)
{
	const char	*host, *path;
	size_t		 hlen, i, n;

	if (url == NULL || !clean_url_split(url, &host, &hlen, &path))
		return false;
	for (i = 0; i < nt; i++) {
		n = t[i].hostlen;
		if (t[i].host[0] == '.') {
			if (hlen <= n ||
			    strncasecmp(host + hlen - n, t[i].host, n) != 0)
				continue;
		} else if (hlen != n || strncasecmp(host, t[i].host, n) != 0)
			continue;
		if (strncmp(path, t[i].path, t[i].pathlen) == 0)
			return true;
	}
	return false;
}

bool
clean_is_number(const char *v)
{
	size_t	 n = strspn(v, "0123456789");

	return n > 0 && n < 10 && v[n] == '\0';
}

bool
clean_is_token(const char *v)
{
	size_t	 n = strspn(v, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_/+.");

	return n > 0 && n < 64 && v[n] == '\0';
}

/* An http(s) URL for src-like attributes, cleaned; NULL if none. */
char *
clean_media_url(const char *base, const char *v)
{
	char	*u;

	if ((u = url_clean(base, v)) == NULL)
		return NULL;
	if (strncasecmp(u, "http", 4) != 0) {
		free(u);
		return NULL;
	}
	return u;
}

/*
 * srcset (HTML 4.8.4.3.10, simplified): candidates separated by commas,
 * each a URL and optional "NNNw" / "N.Nx" descriptor.  Bad candidates
 * go; NULL when none is left.
 */
char *
clean_srcset(const char *base, const char *v)
{
	struct buf	 b;
	const char	*p = v, *u, *d;
	char		*raw, *url;
	size_t		 ulen, dlen;

	buf_init(&b, 0);
	while (*p) {
		p += strspn(p, " \t\n\r\f,");
		if (*p == '\0')
			break;
		u = p;
		ulen = strcspn(p, " \t\n\r\f");
		p += ulen;
		while (ulen > 0 && u[ulen - 1] == ',')
			ulen--;
		p += strspn(p, " \t\n\r\f");
		d = p;
		if (u[ulen] == ',')
			dlen = 0;
		else {
			dlen = strcspn(p, ",");
			p += dlen;
			while (dlen > 0 && strchr(" \t\n\r\f", d[dlen - 1]))
				dlen--;
		}
		raw = xstrndup(u, ulen);
		url = clean_media_url(base, raw);
		free(raw);
		if (url == NULL || strchr(url, ',') ||
		    strspn(d, "0123456789.wxh") < dlen) {
			free(url);
			continue;
		}
		if (b.len)
			buf_puts(&b, ", ");
		buf_puts(&b, url);
		if (dlen) {
			buf_putc(&b, ' ');
			buf_append(&b, d, dlen);
		}
		free(url);
	}
	if (b.len == 0) {
		buf_free(&b);
		return NULL;
	}
	return buf_take(&b);
}

/* File names of lazy loaders' placeholder images. */
static const struct {
	const char	*name;
	size_t		 len;
} placeholder_names[] = {
	{ "blank.gif", 9 }, { "spacer.gif", 10 }, { "pixel.gif", 9 },
	{ "1x1", 3 }, { "lazy-placeholder", 16 }, { "transparent.gif", 15 },
};

/* A lazy loader's placeholder: a data: URI or a blank/1x1 gif. */
bool
clean_is_placeholder(const char *src)
{
	const char	*file;
	size_t		 i;

	if (src == NULL)
		return true;
	src += strspn(src, " \t\n\r\f");
	if (strncasecmp(src, "data:", 5) == 0 || *src == '\0')
		return true;
	file = strrchr(src, '/') ? strrchr(src, '/') + 1 : src;
	/* strcasestr() of each name, in one pass: at each byte only the
	 * names starting with it (| 0x20: that letter in any case) */
	for (; *file; file++)
		for (i = 0; i < sizeof(placeholder_names) /
		    sizeof(*placeholder_names); i++)
			if (placeholder_names[i].name[0] == (*file | 0x20) &&
			    strncasecmp(file, placeholder_names[i].name,
			    placeholder_names[i].len) == 0)
				return true;
	return false;
}

bool
clean_is_tracker_img(const char *url)
{
	return clean_is_tracker(url, tracker_imgs,
	    sizeof(tracker_imgs) / sizeof(*tracker_imgs));
}

bool
clean_is_not_media(const char *url)
{
	return clean_is_tracker(url, not_media,
	    sizeof(not_media) / sizeof(*not_media));
}

bool
clean_is_tracker_link(const char *url)
{
	return clean_is_tracker(url, tracker_links,
	    sizeof(tracker_links) / sizeof(*tracker_links));
}
