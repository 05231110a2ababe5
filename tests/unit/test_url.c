/*
 * test_url.c — reference resolution, scheme policy, tracker stripping.
 */
#include <stdlib.h>

#include "unit.h"
#include "url.h"

#define BASE	"http://a.example/b/c/d;p?q"

static const struct {
	const char	*base, *ref, *want;
} resolve_cases[] = {
	/* RFC 3986 5.4.1 normal examples */
	{ BASE, "g", "http://a.example/b/c/g" },
	{ BASE, "./g", "http://a.example/b/c/g" },
	{ BASE, "g/", "http://a.example/b/c/g/" },
	{ BASE, "/g", "http://a.example/g" },
	{ BASE, "//g.example", "http://g.example" },
	{ BASE, "?y", "http://a.example/b/c/d;p?y" },
	{ BASE, "g?y", "http://a.example/b/c/g?y" },
	{ BASE, "#s", "http://a.example/b/c/d;p?q#s" },
	{ BASE, "g#s", "http://a.example/b/c/g#s" },
	{ BASE, "..", "http://a.example/b/" },
	{ BASE, "../g", "http://a.example/b/g" },
	{ BASE, "../../g", "http://a.example/g" },
	{ BASE, "../../../g", "http://a.example/g" },
	/* what browsers do to attribute values first */
	{ BASE, "  g  ", "http://a.example/b/c/g" },
	{ BASE, "g\n/h", "http://a.example/b/c/g/h" },
	{ BASE, "/a b", "http://a.example/a%20b" },
	{ BASE, "/\"<x>", "http://a.example/%22%3Cx%3E" },
	{ "https://x.example:443/", "/p", "https://x.example/p" },
	{ NULL, "https://x.example/p", "https://x.example/p" },
	{ NULL, "https://x.example/a/../b/./c?q=/./#f", "https://x.example/b/c?q=/./#f" },
	{ NULL, "https://x.example/a/..", "https://x.example/" },
	{ NULL, "http://x.example:80/p", "http://x.example/p" },
	/* an empty path stays empty, as written (5.4.1: "//g") */
	{ NULL, "https://x.example", "https://x.example" },
	{ NULL, "https://x.example?q=1#f", "https://x.example?q=1#f" },
	{ NULL, "http://x.example:80", "http://x.example" },
	{ NULL, "https://x.example/", "https://x.example/" },
	{ "http://x.example", "p", "http://x.example/p" },
	{ NULL, "relative/p", NULL },
	{ "not a url", "https://x.example/p", "https://x.example/p" },
	{ BASE, "mailto:Someone@Example.com", "mailto:Someone@Example.com" },
	{ BASE, "mailto:a b@x", "mailto:a%20b@x" },
};

static const struct {
	const char	*url;
	bool		 ok;
} scheme_cases[] = {
	{ "http://x/", true },
	{ "HTTPS://x/", true },
	{ "mailto:a@b", true },
	{ "javascript:alert(1)", false },
	{ "data:text/html,x", false },
	{ "file:///etc/passwd", false },
	{ "ftp://x/", false },
	{ "httpx://x/", false },
	{ "", false },
};

static const struct {
	const char	*in, *want;
} strip_cases[] = {
	{ "https://x/p?utm_source=rss&utm_medium=feed", "https://x/p" },
	{ "https://x/p?id=1&utm_campaign=c&b=2", "https://x/p?id=1&b=2" },
	{ "https://x/p?utm_source=a#frag", "https://x/p#frag" },
	{ "https://x/p?a=1&fbclid=abc#f", "https://x/p?a=1#f" },
	{ "https://x/p?gclid=1&dclid=2&msclkid=3", "https://x/p" },
	{ "https://x/p?mc_cid=1&mc_eid=2&keep=3", "https://x/p?keep=3" },
	{ "https://x/p?_hsenc=1&_hsmi=2&yclid=3&igshid=4", "https://x/p" },
	{ "https://x/p?UTM_Source=x&q=1", "https://x/p?q=1" },
	{ "https://x/p?utm=1", "https://x/p?utm=1" },
	{ "https://x/p?q=utm_source", "https://x/p?q=utm_source" },
	{ "https://x/p?b=2&a=1", "https://x/p?b=2&a=1" },
	{ "https://x/p", "https://x/p" },
	{ "https://x/p#?utm_source=x", "https://x/p#?utm_source=x" },
};

static const struct {
	const char	*base, *ref, *want;
} clean_cases[] = {
	{ "https://x/feed", "/post?utm_source=rss&id=7",
	    "https://x/post?id=7" },
	{ "https://x/feed", "javascript:alert(1)", NULL },
	{ "https://x/feed", " JaVaScRiPt:alert(1)", NULL },
	{ "https://x/feed", "java\tscript:alert(1)", NULL },
	{ "https://x/feed", "javascript://x.example/%0Aalert(1)", NULL },
	{ "https://x/feed", "vbscript:msgbox(1)", NULL },
	{ "https://x/feed", "data:text/html,<script>", NULL },
	{ "file:///tmp/feed.xml", "post.html", NULL },
	{ "https://x/feed", "//evil.example/p", "https://evil.example/p" },
	{ "https://x/feed", "mailto:a@example.com", "mailto:a@example.com" },
	{ "https://x/feed", "", "https://x/feed" },
};

int
main(void)
{
	size_t	 i;
	char	*got, what[256];

	for (i = 0; i < sizeof(resolve_cases) / sizeof(*resolve_cases); i++) {
		got = url_resolve(resolve_cases[i].base, resolve_cases[i].ref);
		snprintf(what, sizeof(what), "resolve %s",
		    resolve_cases[i].ref);
		CHECK_STR(got, resolve_cases[i].want, what);
		free(got);
	}
	for (i = 0; i < sizeof(scheme_cases) / sizeof(*scheme_cases); i++) {
		snprintf(what, sizeof(what), "scheme allowed: %s",
		    scheme_cases[i].url);
		CHECK(url_scheme_allowed(scheme_cases[i].url) ==
		    scheme_cases[i].ok, what);
	}
	for (i = 0; i < sizeof(strip_cases) / sizeof(*strip_cases); i++) {
		got = url_strip_tracking(strip_cases[i].in);
		snprintf(what, sizeof(what), "strip %s", strip_cases[i].in);
		CHECK_STR(got, strip_cases[i].want, what);
		free(got);
	}
	for (i = 0; i < sizeof(clean_cases) / sizeof(*clean_cases); i++) {
		got = url_clean(clean_cases[i].base, clean_cases[i].ref);
		snprintf(what, sizeof(what), "clean %s", clean_cases[i].ref);
		CHECK_STR(got, clean_cases[i].want, what);
		free(got);
	}
	return unit_done();
}
