/*
 * parse_fix.c — repairs of a broken XML document that need more than a
 * byte at a time (parse_int.h); parse.c's repair pass calls them.
 *
 * An Atom text construct of type xhtml whose markup is not well-formed
 * (an unclosed <p>, a <br> without its slash) makes libxml2's recovery
 * take the rest of the feed for part of it: every later entry is lost.
 * Such a construct is rewritten as type html inside a CDATA section, so
 * its markup is read by the HTML parser as a browser would, and the
 * entries after it stay entries.
 */
#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "parse_int.h"

#define PARSE_FIX_DEPTH	64	/* deeper markup is left to libxml2 */

static bool
parse_fix_name_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == ':' || c == '_' || c == '-' ||
	    c == '.' || c >= 0x80;
}

static size_t
parse_fix_name_len(const char *s, const char *end)
{
	size_t	 n = 0;

	while (s + n < end && parse_fix_name_char((unsigned char)s[n]))
		n++;
	return n;
}

/* The '>' closing the tag that starts at s, quotes respected; NULL if
 * the document ends first. */
static const char *
parse_fix_tag_end(const char *s, const char *end)
{
	char	 q = 0;

	for (; s < end; s++) {
		if (q != 0) {
			if (*s == q)
				q = 0;
		} else if (*s == '"' || *s == '\'')
			q = *s;
		else if (*s == '>')
			return s;
	}
	return NULL;
}

/* After s, past the terminator term; NULL when it never comes. */
static const char *
parse_fix_past(const char *s, const char *end, const char *term)
{
	const char	*e;

	e = memmem(s, (size_t)(end - s), term, strlen(term));
	return e != NULL ? e + strlen(term) : NULL;
}

/* Does every tag in s..end close in order?  Markup too deep to follow
 * counts as balanced: libxml2 is left to it. */
static bool
parse_fix_balanced(const char *s, const char *end)
{
	const char	*name[PARSE_FIX_DEPTH], *te;
	size_t		 nlen[PARSE_FIX_DEPTH], n;
	int		 depth = 0;
	bool		 closing;

	while ((s = memchr(s, '<', (size_t)(end - s))) != NULL) {
		if ((size_t)(end - s) >= 4 && memcmp(s, "<!--", 4) == 0)
			s = parse_fix_past(s, end, "-->");
		else if ((size_t)(end - s) >= 9 &&
		    memcmp(s, "<![CDATA[", 9) == 0)
			s = parse_fix_past(s, end, "]]>");
		else if (s + 1 < end && (s[1] == '?' || s[1] == '!'))
			s = parse_fix_past(s, end, ">");
		else {
			closing = s + 1 < end && s[1] == '/';
			s += closing ? 2 : 1;
			if ((n = parse_fix_name_len(s, end)) == 0 ||
			    (te = parse_fix_tag_end(s, end)) == NULL)
				return false;
			if (closing) {
				if (depth == 0 || nlen[depth - 1] != n ||
				    memcmp(name[depth - 1], s, n) != 0)
					return false;
				depth--;
			} else if (te[-1] != '/') {
				if (depth == PARSE_FIX_DEPTH)
					return true;
				name[depth] = s;
				nlen[depth++] = n;
			}
			s = te + 1;
		}
		if (s == NULL)
			return false;
	}
	return depth == 0;
}

/* The value of attribute type in the open tag s..te, or NULL. */
static const char *
parse_fix_type(const char *s, const char *te, size_t *vlen)
{
	const char	*p, *v, *q;

	for (p = s; (p = memmem(p, (size_t)(te - p), "type", 4)) != NULL;
	    p += 4) {
		if (p == s || !(p[-1] == ' ' || p[-1] == '\t' ||
		    p[-1] == '\n' || p[-1] == '\r'))
			continue;
		for (v = p + 4; v < te && (*v == ' ' || *v == '\t'); v++)
			;
		if (v == te || *v++ != '=')
			continue;
		while (v < te && (*v == ' ' || *v == '\t'))
			v++;
		if (v == te || (*v != '"' && *v != '\'') ||
		    (q = memchr(v + 1, *v, (size_t)(te - v - 1))) == NULL)
			continue;
		*vlen = (size_t)(q - v - 1);
		return v + 1;
	}
	return NULL;
}

static bool
parse_fix_text_construct(const char *name, size_t n)
{
	static const char *const names[] = {
		"content", "rights", "subtitle", "summary", "tagline", "title",
	};
	const char	*local;
	size_t		 i;

	if ((local = memrchr(name, ':', n)) != NULL) {
		n -= (size_t)(local + 1 - name);
		name = local + 1;
	}
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strlen(names[i]) == n && memcmp(name, names[i], n) == 0)
			return true;
	return false;
}

/* The closing tag </name> after s: where it starts, and *past its '>'. */
static const char *
parse_fix_close(const char *s, const char *end, const char *name, size_t n,
    const char **past)
{
	const char	*p, *q;

	for (p = s; (p = memmem(p, (size_t)(end - p), "</", 2)) != NULL;
	    p += 2) {
		if ((size_t)(end - p) < n + 3 || memcmp(p + 2, name, n) != 0)
			continue;
		for (q = p + 2 + n; q < end && (*q == ' ' || *q == '\t' ||
		    *q == '\n' || *q == '\r'); q++)
			;
		if (q < end && *q == '>') {
			*past = q + 1;
			return p;
		}
	}
	return NULL;
}

/* Text into a CDATA section: "]]>" split in two, controls dropped. */
static void
parse_fix_cdata(struct buf *b, const char *s, const char *end)
{
	buf_puts(b, "<![CDATA[");
	for (; s < end; s++) {
		if ((unsigned char)*s < 0x20 && *s != '\t' && *s != '\n' &&
		    *s != '\r')
			continue;
		if (*s == ']' && end - s >= 3 && memcmp(s, "]]>", 3) == 0) {
			buf_puts(b, "]]]]><![CDATA[>");
			s += 2;
			continue;
		}
		buf_putc(b, *s);
	}
	buf_puts(b, "]]>");
}

const char *
parse_fix_xhtml(struct buf *b, const char *s, const char *end)
{
	const char	*name = s + 1, *te, *type, *inner, *close, *past;
	size_t		 n, tlen;

	n = parse_fix_name_len(name, end);
	if (n == 0 || !parse_fix_text_construct(name, n) ||
	    (te = parse_fix_tag_end(name + n, end)) == NULL || te[-1] == '/' ||
	    (type = parse_fix_type(name + n, te, &tlen)) == NULL)
		return NULL;
	if (!(tlen == 5 && strncasecmp(type, "xhtml", 5) == 0) &&
	    !(tlen == 21 && strncasecmp(type, "application/xhtml+xml", 21)
	    == 0))
		return NULL;
	inner = te + 1;
	if ((close = parse_fix_close(inner, end, name, n, &past)) == NULL ||
	    parse_fix_balanced(inner, close))
		return NULL;
	buf_append(b, s, (size_t)(type - s));
	buf_puts(b, "html");
	buf_append(b, type + tlen, (size_t)(inner - type - tlen));
	parse_fix_cdata(b, inner, close);
	buf_append(b, close, (size_t)(past - close));
	return past;
}
