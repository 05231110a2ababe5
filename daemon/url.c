/*
 * url.c — links made absolute and stripped of trackers (see url.h).
 *
 * Resolution is curl's (RFC 3986 section 5 via curl_url_set on a handle
 * that already holds the base); around it we only do what a browser does
 * to an attribute value before resolving (WHATWG URL: strip leading and
 * trailing C0/space, drop tab and newline) and mend two gaps of curl
 * 7.88: it cannot hold "mailto:" (no host) and it resolves a bare
 * "#frag" against the base's directory instead of the base itself.
 */
#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#include "buf.h"
#include "log.h"
#include "url.h"
#include "xmalloc.h"

#define URL_SET_FLAGS	(CURLU_NON_SUPPORT_SCHEME | CURLU_URLENCODE)
#define URL_MAX_BYTES	(64 * 1024)	/* longer links are not links */

/*
 * Parsing the same base for every link of a feed is most of the cost of
 * resolving, so the last base is kept parsed and duplicated per call,
 * one per thread (the worker pool cleans on several);
 * url_thread_cleanup() releases it.
 */
static _Thread_local CURLU	*base_handle;
static _Thread_local char	*base_str;

static CURLU *
url_base_dup(const char *base)
{
	CURLU		*h;
	CURLUcode	 rc;

	if (base_str == NULL || strcmp(base_str, base) != 0) {
		free(base_str);
		base_str = NULL;
		if (base_handle == NULL && (base_handle = curl_url()) == NULL)
			fatalx("curl_url: out of memory");
		if ((rc = curl_url_set(base_handle, CURLUPART_URL, base,
		    URL_SET_FLAGS)) != CURLUE_OK) {
			/* A bad base resolves nothing; absolute refs still go. */
			if ((h = curl_url()) == NULL)
				fatalx("curl_url: out of memory");
			return h;
		}
		base_str = xstrdup(base);
	}
	if ((h = curl_url_dup(base_handle)) == NULL)
		fatalx("curl_url_dup: out of memory");
	return h;
}

/* The value as a browser reads it: outer C0/space gone, tab/CR/LF dropped. */
static char *
url_trim(const char *ref)
{
	const char	*e;
	char		*out, *o;

	while (*ref && (unsigned char)*ref <= 0x20)
		ref++;
	e = ref + strlen(ref);
	while (e > ref && (unsigned char)e[-1] <= 0x20)
		e--;
	out = o = xmalloc((size_t)(e - ref) + 1);
	for (; ref < e; ref++)
		if (*ref != '\t' && *ref != '\n' && *ref != '\r')
			*o++ = *ref;
	*o = '\0';
	return out;
}

/*
 * What a byte is in a URL: URL_ESCAPE, no business there and left in by
 * curl (C0, space, DEL and the characters RFC 3986 never allows);
 * URL_ODD, a byte curl would rewrite (non-ASCII, '%': escapes it may
 * normalise); URL_NAME, a character of a plain host name.
 */
#define URL_ESCAPE	1
#define URL_ODD		2
#define URL_NAME	4
#define URL_ESC8	URL_ESCAPE, URL_ESCAPE, URL_ESCAPE, URL_ESCAPE, \
	URL_ESCAPE, URL_ESCAPE, URL_ESCAPE, URL_ESCAPE
#define URL_ODD8	URL_ODD, URL_ODD, URL_ODD, URL_ODD, URL_ODD, URL_ODD, \
	URL_ODD, URL_ODD
#define URL_ODD64	URL_ODD8, URL_ODD8, URL_ODD8, URL_ODD8, URL_ODD8, \
	URL_ODD8, URL_ODD8, URL_ODD8
#define URL_NAME10	URL_NAME, URL_NAME, URL_NAME, URL_NAME, URL_NAME, \
	URL_NAME, URL_NAME, URL_NAME, URL_NAME, URL_NAME
#define URL_NAME26	URL_NAME10, URL_NAME10, URL_NAME, URL_NAME, URL_NAME, \
	URL_NAME, URL_NAME, URL_NAME
static const unsigned char url_byte[256] = {
	URL_ESC8, URL_ESC8, URL_ESC8, URL_ESC8,
	[' '] = URL_ESCAPE, ['"'] = URL_ESCAPE, ['%'] = URL_ODD,
	['-'] = URL_NAME, ['.'] = URL_NAME, ['0'] = URL_NAME10,
	['<'] = URL_ESCAPE, ['>'] = URL_ESCAPE, ['\\'] = URL_ESCAPE,
	['^'] = URL_ESCAPE, ['`'] = URL_ESCAPE, ['a'] = URL_NAME26,
	['{'] = URL_ESCAPE, ['|'] = URL_ESCAPE, ['}'] = URL_ESCAPE,
	[0x7f] = URL_ESCAPE, [0x80] = URL_ODD64, URL_ODD64,
};

static bool
url_needs_escape(unsigned char c)
{
	return url_byte[c] & URL_ESCAPE;
}

static char *
url_escape_rest(const char *u)
{
	static const char	 hex[] = "0123456789ABCDEF";
	struct buf		 b;
	const char		*run;
	unsigned char		 c;

	buf_init(&b, 0);
	for (run = u; *u; u++) {
		c = (unsigned char)*u;
		if (!url_needs_escape(c))
			continue;
		buf_append(&b, run, (size_t)(u - run));
		buf_putc(&b, '%');
		buf_putc(&b, hex[c >> 4]);
		buf_putc(&b, hex[c & 15]);
		run = u + 1;
	}
	buf_append(&b, run, (size_t)(u - run));
	return buf_take(&b);
}

/*
 * An absolute http(s) URL already in the form curl would give back
 * (lowercase scheme, a host of plain name characters, no port, a path
 * without dot segments and nothing to escape) is its own resolution:
 * most links in feeds are, and curl's parse and print cost more than
 * the rest of cleaning a link.
 */
static bool
url_is_canonical(const char *r)
{
	const unsigned char	*p;

	if (strncmp(r, "https://", 8) == 0)
		p = (const unsigned char *)r + 8;
	else if (strncmp(r, "http://", 7) == 0)
		p = (const unsigned char *)r + 7;
	else
		return false;
	if (!isalnum(*p))
		return false;
	while (url_byte[*p] & URL_NAME)
		p++;
	if (*p != '/' || p[-1] == '.' || p[-1] == '-')
		return false;
	for (; *p; p++) {
		if (url_byte[*p] & (URL_ESCAPE | URL_ODD))
			return false;
		if (p[0] == '/' && p[1] == '.' && (p[2] == '/' || p[2] == '\0' ||
		    p[2] == '?' || p[2] == '#' || (p[2] == '.' && (p[3] == '/' ||
		    p[3] == '\0' || p[3] == '?' || p[3] == '#'))))
			return false;
		if (*p == '?' || *p == '#')
			break;
	}
	for (; *p; p++)
		if (url_byte[*p] & (URL_ESCAPE | URL_ODD))
			return false;
	return true;
}

static bool
url_has_scheme(const char *u, const char *scheme)
{
	size_t	 n = strlen(scheme);

	return strncasecmp(u, scheme, n) == 0 && u[n] == ':';
}

/* mailto has no authority, which curl refuses; it needs no resolving. */
static char *
url_mailto(const char *ref)
{
	char	*esc, *out;

	esc = url_escape_rest(ref + strlen("mailto:"));
	out = xasprintf("mailto:%s", esc);
	free(esc);
	return out;
}

static char *
url_get(CURLU *h)
{
	char		*u, *out;

	if (curl_url_get(h, CURLUPART_URL, &u, CURLU_NO_DEFAULT_PORT) !=
	    CURLUE_OK)
		return NULL;
	out = url_escape_rest(u);
	curl_free(u);
	return out;
}

/* Whether r is "scheme://authority" or "//authority" with an empty
 * path (RFC 3986 3.3), a query or fragment perhaps following. */
static bool
url_path_empty(const char *r)
{
	const char	*p = r;

	if (p[0] != '/') {
		if (!isalpha((unsigned char)*p))
			return false;
		while (isalnum((unsigned char)*p) || *p == '+' || *p == '-' ||
		    *p == '.')
			p++;
		if (*p++ != ':')
			return false;
	}
	if (p[0] != '/' || p[1] != '/')
		return false;
	p += 2 + strcspn(p + 2, "/?#");
	return *p != '/';
}

/*
 * curl writes an empty path as "/": "http://example.com" comes back
 * "http://example.com/".  The two name one resource, and RFC 3986
 * (5.4.1: "//g" is "http://g") and every reader keep the form the
 * publisher wrote, so the "/" curl added goes again.
 */
static void
url_keep_empty_path(char *out)
{
	char	*p;

	if ((p = strstr(out, "://")) == NULL)
		return;
	p += 3 + strcspn(p + 3, "/?#");
	if (p[0] == '/' && (p[1] == '\0' || p[1] == '?' || p[1] == '#'))
		memmove(p, p + 1, strlen(p + 1) + 1);
}

char *
url_resolve(const char *base, const char *ref)
{
	CURLU	*h = NULL;
	char	*r, *out = NULL;

	if (ref == NULL || strlen(ref) > URL_MAX_BYTES)
		return NULL;
	r = url_trim(ref);
	if (url_has_scheme(r, "mailto")) {
		out = url_mailto(r);
		goto done;
	}
	if (url_is_canonical(r)) {
		out = r;
		r = NULL;
		goto done;
	}
	if (base != NULL && *base != '\0')
		h = url_base_dup(base);
	else if ((h = curl_url()) == NULL)
		fatalx("curl_url: out of memory");
	if (r[0] == '\0' || r[0] == '#') {
		/* RFC 3986 5.2.2: the base document, with r's fragment. */
		if (curl_url_set(h, CURLUPART_FRAGMENT, r[0] && r[1] ? r + 1 :
		    NULL, CURLU_URLENCODE) != CURLUE_OK)
			goto done;
	} else if (curl_url_set(h, CURLUPART_URL, r, URL_SET_FLAGS) !=
	    CURLUE_OK)
		goto done;
	if ((out = url_get(h)) != NULL && url_path_empty(r))
		url_keep_empty_path(out);
done:
	curl_url_cleanup(h);
	free(r);
	return out;
}

bool
url_scheme_allowed(const char *url)
{
	if (url == NULL)
		return false;
	return url_has_scheme(url, "http") || url_has_scheme(url, "https") ||
	    url_has_scheme(url, "mailto");
}

/*
 * Query parameters that identify the click, not the page: analytics
 * campaign tags and ad-click ids.  Names match exactly, except the
 * prefixes, which end in '_'.
 */
static const char *const tracking_params[] = {
	"utm_", "__hsfp", "__hssc", "__hstc", "_ga", "_gl", "_hsenc",
	"_hsmi", "_openstat", "dclid", "fbclid", "gbraid", "gclid", "gclsrc",
	"hsCtaTracking", "igshid", "mc_cid", "mc_eid", "mkt_tok", "msclkid",
	"oly_anon_id", "oly_enc_id", "twclid", "ttclid", "vero_conv",
	"vero_id", "wbraid", "wickedid", "yclid",
};

static bool
url_is_tracking(const char *name, size_t len)
{
	size_t		 i, n;
	const char	*t;

	if (len == 0)
		return false;
	for (i = 0; i < sizeof(tracking_params) / sizeof(*tracking_params);
	    i++) {
		t = tracking_params[i];
		/* only "utm_" is matched without case, and is the first */
		if (i > 0 && t[0] != name[0])
			continue;
		n = strlen(t);
		if (t[n - 1] == '_') {
			if (len >= n && strncasecmp(name, t, n) == 0)
				return true;
		} else if (len == n && strncmp(name, t, n) == 0)
			return true;
	}
	return false;
}

/*
 * Works on the string, in place (what is kept only moves back): the
 * query is everything between the first '?' and the first '#' after it
 * (RFC 3986 3.4), parameters are separated by '&'.  Unless one goes,
 * url is left as it was: what the loop wrote over it was the same.
 */
static void
url_strip_in_place(char *url)
{
	char		*q, *end, *p, *sep, *w;
	size_t		 namelen, n;
	bool		 first = true, stripped = false;

	end = url + strcspn(url, "#");
	if ((q = memchr(url, '?', (size_t)(end - url))) == NULL)
		return;
	for (w = q, p = q + 1; p < end; p = sep + 1) {
		sep = p + strcspn(p, "&#");
		namelen = strcspn(p, "=&#");
		if (namelen > (size_t)(sep - p))
			namelen = (size_t)(sep - p);
		if (sep == p || url_is_tracking(p, namelen))
			stripped = true;	/* "&&": the empty one goes */
		else {
			*w++ = first ? '?' : '&';
			n = (size_t)(sep - p);
			memmove(w, p, n);
			w += n;
			first = false;
		}
		if (sep == end)
			break;
	}
	if (stripped)
		memmove(w, end, strlen(end) + 1);
}

char *
url_strip_tracking(const char *url)
{
	char	*out = xstrdup(url);

	url_strip_in_place(out);
	return out;
}

char *
url_clean(const char *base, const char *ref)
{
	char	*abs;

	if ((abs = url_resolve(base, ref)) == NULL)
		return NULL;
	if (!url_scheme_allowed(abs)) {
		free(abs);
		return NULL;
	}
	url_strip_in_place(abs);
	return abs;
}

void
url_thread_cleanup(void)
{
	curl_url_cleanup(base_handle);
	base_handle = NULL;
	free(base_str);
	base_str = NULL;
}
