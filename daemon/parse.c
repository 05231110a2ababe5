/*
 * parse.c — feed bytes to a feed_doc (parse.h): detection by content
 * (JSON Feed or XML), charset, repair of broken XML, libxml2's parse,
 * and a last pass that leaves every string valid UTF-8; parse_xml.c and
 * parse_json.c read the formats.
 *
 * libxml2 builds a tree (xmlCtxtReadMemory) with the network off, no DTD
 * loading and no entity substitution; external entities are refused a
 * second time by an entity loader that loads nothing.  Internal entities
 * are read from their declaration one level deep, so an entity bomb stays
 * the size of its text (libxml2 itself stops reference loops).
 *
 * Feeds in the wild are not always XML: when the parser reports a bare
 * "&" or an HTML entity such as &nbsp;, the bytes are repaired once and
 * parsed again, so one stray ampersand does not cost the whole feed.
 */
#include <ctype.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>

#include "buf.h"
#include "date.h"
#include "feed.h"
#include "log.h"
#include "parse.h"
#include "parse_discover.h"
#include "parse_int.h"
#include "xmalloc.h"

#define PARSE_XML_OPTIONS	(XML_PARSE_NONET | XML_PARSE_RECOVER | \
				 XML_PARSE_NOERROR | XML_PARSE_NOWARNING | \
				 XML_PARSE_NOCDATA | XML_PARSE_COMPACT | \
				 XML_PARSE_IGNORE_ENC)
#define PARSE_ENTITY_NAME_MAX	32	/* longest &name; worth repairing */
/* A date this far ahead of the fetch is a wrong clock or a typo. */
#define PARSE_FUTURE_SLACK	(24 * 60 * 60)
#define PARSE_SNIFF_BYTES	512	/* how far we look for <html */
#define PARSE_CHARSET_NAME	64	/* a charset's name, resolved */

/* The loader libxml2 calls for any external resource: there are none. */
static xmlParserInputPtr
parse_no_loader(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
	(void)url;
	(void)id;
	(void)ctxt;
	return NULL;
}

void
parse_init(void)
{
	xmlInitParser();
	xmlSetExternalEntityLoader(parse_no_loader);
}

void
parse_cleanup(void)
{
	xmlCleanupParser();
}

/*
 * What the parser said: whether the document was well-formed, and the
 * first fatal error for the message.  libxml2 (2.9) drops every entity
 * reference, &lt; and &amp; included, once a document has stopped being
 * well-formed, so any error calls for the repair below and a second
 * parse.
 */
struct parse_errors {
	bool	 broken;
	bool	 bad_utf8;	/* bytes that are not UTF-8 in a UTF-8 document */
	bool	 bad_charset;	/* bytes the charset cannot decode */
	int	 code;		/* of the first fatal error */
	int	 line;
	char	 msg[128];
};

static void
parse_on_error(void *user, xmlErrorPtr e)
{
	xmlParserCtxtPtr	 pctx = user;
	struct parse_errors	*pe = pctx->_private;
	size_t			 n;

	if (pe == NULL || e == NULL || e->level < XML_ERR_ERROR)
		return;
	pe->broken = true;
	if (e->code == XML_ERR_INVALID_CHAR && e->message != NULL &&
	    strstr(e->message, "UTF-8") != NULL)
		pe->bad_utf8 = true;
	if (e->level == XML_ERR_FATAL && pe->msg[0] == '\0' &&
	    e->message != NULL) {
		pe->line = e->line;
		pe->code = e->code;
		strncpy(pe->msg, e->message, sizeof(pe->msg) - 1);
		n = strlen(pe->msg);
		while (n > 0 && isspace((unsigned char)pe->msg[n - 1]))
			pe->msg[--n] = '\0';
	}
}

/* Set by libxml2's generic error handler on this thread: a charset
 * conversion failed, and libxml2 stopped reading there. */
static _Thread_local bool parse_conv_failed;

static void
parse_silent(void *ctx, const char *fmt, ...)
{
	va_list	 ap;
	char	 msg[128];

	(void)ctx;
	if (fmt == NULL)
		return;
	va_start(ap, fmt);
	(void)vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (strstr(msg, "conversion failed") != NULL ||
	    strstr(msg, "encoder error") != NULL)
		parse_conv_failed = true;
}

static xmlDocPtr
parse_xml(const char *data, size_t len, const char *url, const char *charset,
    struct parse_errors *pe)
{
	xmlParserCtxtPtr	 pctx;
	xmlDocPtr		 x;

	memset(pe, 0, sizeof(*pe));
	if (len > INT_MAX)
		return NULL;
	/* charset conversion errors bypass the context's handler and go
	 * to libxml2's generic one (per thread): not to our stderr */
	xmlSetGenericErrorFunc(NULL, parse_silent);
	parse_conv_failed = false;
	if ((pctx = xmlNewParserCtxt()) == NULL)
		return NULL;
	pctx->_private = pe;
	pctx->sax->serror = parse_on_error;
	x = xmlCtxtReadMemory(pctx, data, (int)len, url, charset,
	    PARSE_XML_OPTIONS);
	if (!pctx->wellFormed)
		pe->broken = true;
	pe->bad_charset = parse_conv_failed;
	pctx->_private = NULL;
	xmlFreeParserCtxt(pctx);
	return x;
}

/*
 * parse_xml(), with the long runs of text of a document read as UTF-8
 * kept out of libxml2's way (parse_runs.c).  A document that is not
 * well-formed is read again as it is, so what is said of it and every
 * repair see the bytes that were sent.
 */
static xmlDocPtr
parse_xml_fast(const char *data, size_t len, const char *url,
    const char *charset, struct parse_errors *pe)
{
	struct parse_runs	 r;
	struct buf		 scratch;
	xmlDocPtr		 x;

	if ((charset != NULL && !parse_charset_is_utf8(charset)) ||
	    !parse_runs_hide(&r, data, len))
		return parse_xml(data, len, url, charset, pe);
	x = parse_xml(r.doc.data, r.doc.len, url, charset, pe);
	buf_free(&r.doc);	/* read: its memory is better spent on the tree */
	if (x != NULL && !pe->broken) {
		buf_init(&scratch, 0);
		parse_runs_restore(&r, x->children, &scratch);
		buf_free(&scratch);
		parse_runs_free(&r);
		return x;
	}
	xmlFreeDoc(x);
	parse_runs_free(&r);
	return parse_xml(data, len, url, charset, pe);
}

/*
 * Did libxml2 stop at one of its limits: an entity bomb (reference loop
 * or amplification), nesting past 256 levels or a huge text node (2.9
 * reports these as internal or memory errors)?  What it kept is then an
 * arbitrary fragment, so the document is refused, not stored in part.
 */
static bool
parse_limit_hit(const struct parse_errors *pe)
{
	return pe->code == XML_ERR_ENTITY_LOOP ||
	    pe->code == XML_ERR_INTERNAL_ERROR || pe->code == XML_ERR_NO_MEMORY;
}

/* Length of an entity name at s, terminated by ';'; 0 if there is none. */
static size_t
parse_entity_name(const char *s, const char *end)
{
	size_t	 n = 0;

	while (s + n < end && n <= PARSE_ENTITY_NAME_MAX &&
	    (isalnum((unsigned char)s[n]) || s[n] == '_' || s[n] == '-' ||
	    s[n] == '.' || s[n] == ':' || (unsigned char)s[n] >= 0x80))
		n++;
	if (n == 0 || n > PARSE_ENTITY_NAME_MAX || s + n >= end || s[n] != ';')
		return 0;
	return n;
}

static size_t
parse_charref(const char *s, const char *end)
{
	size_t	 n = 1;

	if (s + 1 < end && (s[1] == 'x' || s[1] == 'X')) {
		n = 2;
		while (s + n < end && isxdigit((unsigned char)s[n]))
			n++;
	} else
		while (s + n < end && isdigit((unsigned char)s[n]))
			n++;
	return s + n < end && s[n] == ';' && n > 1 ? n : 0;
}

/* C0 controls other than tab, newline and return are not XML at all. */
static bool
parse_is_control(unsigned char c)
{
	return c < 0x20 && c != '\t' && c != '\n' && c != '\r';
}

/* Copies s..end up to and including the terminator, or all of it,
 * without control characters. */
static const char *
parse_copy_until(struct buf *b, const char *s, const char *end,
    const char *term)
{
	const char	*e, *p;

	e = memmem(s, (size_t)(end - s), term, strlen(term));
	e = e != NULL ? e + strlen(term) : end;
	for (p = s; p < e; p++)
		if (!parse_is_control((unsigned char)*p))
			buf_putc(b, *p);
	return e;
}

/* "<!" that opens no comment, CDATA section or declaration (those
 * are named in capitals: DOCTYPE, ENTITY ...). */
static bool
parse_is_bogus_decl(const char *s, const char *end)
{
	if (end - s < 2 || s[1] != '!')
		return false;
	return end - s == 2 || !isupper((unsigned char)s[2]);
}

/* The character a predefined XML entity stands for, or 0. */
static int
parse_predefined(const char *name)
{
	static const struct {
		const char	*name;
		int		 c;
	} pre[] = {
		{ "amp", '&' }, { "apos", '\'' }, { "gt", '>' }, { "lt", '<' },
		{ "quot", '"' },
	};
	size_t	 i;

	for (i = 0; i < sizeof(pre) / sizeof(pre[0]); i++)
		if (strcmp(name, pre[i].name) == 0)
			return pre[i].c;
	return 0;
}

/*
 * The bytes of a broken document made as parseable as we can: a bare
 * "&" becomes "&#38;", every named entity (predefined or HTML) its
 * character reference, which libxml2 keeps even in a broken document;
 * control characters go.  CDATA sections and comments are copied as
 * they are; so is any entity the document declares itself.
 */
static char *
parse_repair(const char *s, size_t len, size_t *outlen)
{
	struct buf		 b;
	const char		*end = s + len, *p;
	const htmlEntityDesc	*ent;
	bool			 decls;
	size_t			 n;
	int			 c;
	char			 name[PARSE_ENTITY_NAME_MAX + 1];

	decls = memmem(s, len, "<!ENTITY", 8) != NULL;
	buf_init(&b, 0);
	while (s < end) {
		p = s;
		while (p < end && *p != '&' && *p != '<' &&
		    !parse_is_control((unsigned char)*p))
			p++;
		buf_append(&b, s, (size_t)(p - s));
		if ((s = p) == end)
			break;
		if (*s != '&' && *s != '<') {
			s++;
			continue;
		}
		if (*s == '<') {
			if ((size_t)(end - s) >= 9 && memcmp(s, "<![CDATA[", 9) == 0)
				s = parse_copy_until(&b, s, end, "]]>");
			else if ((size_t)(end - s) >= 4 && memcmp(s, "<!--", 4) == 0)
				s = parse_copy_until(&b, s, end, "-->");
			else if (parse_is_bogus_decl(s, end)) {
				/* "<!foo>", "<![if !IE]>", a "<![CD" cut off:
				 * libxml2 drops the "<" and keeps the rest as
				 * text; a browser sees a comment to the ">".
				 * One left open ends before the next tag, so
				 * it cannot swallow the element it is in. */
				for (p = s + 2; p < end && *p != '>' &&
				    *p != '<'; p++)
					;
				s = p < end && *p == '>' ? p + 1 : p;
				log_debug("parse: <! that opens nothing dropped");
			} else if ((p = parse_fix_xhtml(&b, s, end)) != NULL) {
				log_debug("parse: xhtml that does not balance "
				    "read as html");
				s = p;
			} else
				buf_putc(&b, *s++);
			continue;
		}
		s++;
		if (s < end && *s == '#' && (n = parse_charref(s, end)) > 0) {
			buf_puts(&b, "&#");	/* XML wants a lower-case x */
			if (s[1] == 'X')
				buf_putc(&b, 'x');
			s += s[1] == 'X' ? 2 : 1;
			continue;
		}
		if ((n = parse_entity_name(s, end)) > 0) {
			memcpy(name, s, n);
			name[n] = '\0';
			if ((c = parse_predefined(name)) != 0) {
				buf_printf(&b, "&#%d;", c);
				s += n + 1;
				continue;
			}
			if (decls) {
				buf_putc(&b, '&');
				continue;
			}
			if ((ent = htmlEntityLookup((const xmlChar *)name))
			    != NULL) {
				buf_printf(&b, "&#%u;", ent->value);
				s += n + 1;
				continue;
			}
		}
		buf_puts(&b, "&#38;");
	}
	*outlen = b.len;
	return buf_take(&b);
}

static void
parse_put_utf8(struct buf *b, unsigned int cp)
{
	if (cp < 0x80)
		buf_putc(b, (int)cp);
	else if (cp < 0x800) {
		buf_putc(b, (int)(0xc0 | cp >> 6));
		buf_putc(b, (int)(0x80 | (cp & 0x3f)));
	} else {
		buf_putc(b, (int)(0xe0 | cp >> 12));
		buf_putc(b, (int)(0x80 | (cp >> 6 & 0x3f)));
		buf_putc(b, (int)(0x80 | (cp & 0x3f)));
	}
}

/* Length of the valid UTF-8 sequence at p, or 0 (RFC 3629 section 4). */
size_t
parse_utf8_len(const unsigned char *p, const unsigned char *end)
{
	size_t	 n, i;

	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		n = 2;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		n = 3;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		n = 4;
	else
		return 0;
	if ((size_t)(end - p) < n)
		return 0;
	for (i = 1; i < n; i++)
		if ((p[i] & 0xc0) != 0x80)
			return 0;
	if ((p[0] == 0xe0 && p[1] < 0xa0) || (p[0] == 0xed && p[1] > 0x9f) ||
	    (p[0] == 0xf0 && p[1] < 0x90) || (p[0] == 0xf4 && p[1] > 0x8f))
		return 0;
	return n;
}

/* Windows-1252's 0x80-0x9F (0xfffd where it has no character). */
static const unsigned short parse_cp1252[32] = {
	0x20ac, 0xfffd, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
	0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0xfffd, 0x017d, 0xfffd,
	0xfffd, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
	0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0xfffd, 0x017e, 0x0178,
};

/*
 * A "UTF-8" document with stray bytes of another charset: each byte that
 * is not part of valid UTF-8 is read as Windows-1252 (whose upper half is
 * Latin-1's), the charset such bytes nearly always come from.  Valid
 * UTF-8 around them is kept.
 */
static char *
parse_fix_utf8(const char *data, size_t len, size_t *outlen)
{
	const unsigned char	*p = (const unsigned char *)data, *end = p + len;
	struct buf		 b;
	size_t			 n;

	buf_init(&b, 0);
	while (p < end) {
		if ((n = parse_utf8_len(p, end)) > 0) {
			buf_append(&b, p, n);
			p += n;
			continue;
		}
		parse_put_utf8(&b, *p >= 0xa0 || *p < 0x80 ? *p :
		    parse_cp1252[*p - 0x80]);
		p++;
	}
	*outlen = b.len;
	return buf_take(&b);
}

/* The first bytes, lower-cased, after a BOM and blanks. */
static bool
parse_sniff_html(const char *s, size_t len)
{
	char	 head[PARSE_SNIFF_BYTES + 1];
	size_t	 i, n;

	n = len < PARSE_SNIFF_BYTES ? len : PARSE_SNIFF_BYTES;
	for (i = 0; i < n; i++)
		head[i] = (char)tolower((unsigned char)s[i]);
	head[n] = '\0';
	return strstr(head, "<!doctype html") != NULL ||
	    strstr(head, "<html") != NULL;
}

/* The error for an HTML page where a feed was wanted, naming the feed
 * the page announces when it does (parse_discover.h). */
static void
parse_html_page(const char *data, size_t len, const char *url, char *err,
    size_t errlen)
{
	char	*feed;

	if ((feed = parse_discover(data, len, url)) != NULL)
		snprintf(err, errlen, "not a feed: html page; its feed is at %s",
		    feed);
	else
		snprintf(err, errlen, "not a feed: html page");
	free(feed);
}

/* Blank lines before the XML declaration make it an error (XML 1.0
 * section 2.8) that would break the whole document: skip them. */
static void
parse_skip_prolog_space(const char **data, size_t *len)
{
	const char	*s = *data, *end = *data + *len;

	while (s < end && isspace((unsigned char)*s))
		s++;
	if ((size_t)(end - s) >= 5 && memcmp(s, "<?xml", 5) == 0) {
		*len -= (size_t)(s - *data);
		*data = s;
	}
}

static bool
parse_blank(const char *s, size_t len)
{
	size_t	 i = 0;

	if (len >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	for (; i < len; i++)
		if (!isspace((unsigned char)s[i]))
			return false;
	return true;
}

/*
 * UTF-32, which libxml2 reads only through iconv and then not without
 * its BOM, is rare enough to convert here: by its BOM, or by "<" as the
 * first code unit (XML 1.0 appendix F).  Returns the UTF-8 bytes, or
 * NULL when the document is not UTF-32.
 */
static char *
parse_utf32(const char *data, size_t len, size_t *outlen)
{
	const unsigned char	*p = (const unsigned char *)data;
	struct buf		 b;
	unsigned int		 cp;
	size_t			 i = 0;
	bool			 be;

	if (len < 4)
		return NULL;
	if (memcmp(p, "\0\0\xfe\xff", 4) == 0 || memcmp(p, "\0\0\0<", 4) == 0)
		be = true;
	else if (memcmp(p, "\xff\xfe\0\0", 4) == 0 ||
	    memcmp(p, "<\0\0\0", 4) == 0)
		be = false;
	else
		return NULL;
	if (p[be ? 3 : 0] != '<')
		i = 4;				/* the BOM */
	buf_init(&b, 0);
	for (; i + 4 <= len; i += 4) {
		cp = be ? (unsigned int)p[i] << 24 | p[i + 1] << 16 |
		    p[i + 2] << 8 | p[i + 3] :
		    (unsigned int)p[i + 3] << 24 | p[i + 2] << 16 |
		    p[i + 1] << 8 | p[i];
		if (cp == 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			cp = 0xfffd;
		parse_put_utf8(&b, cp);
	}
	*outlen = b.len;
	return buf_take(&b);
}

/* Is the document JSON (after a UTF-8 BOM and blanks)? */
static bool
parse_is_json(const char *s, size_t len)
{
	size_t	 i = 0;

	if (len >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	while (i < len && isspace((unsigned char)s[i]))
		i++;
	return i < len && s[i] == '{';
}

/* *field with every byte that is not valid UTF-8 replaced by U+FFFD:
 * the promise of feed.h, kept here whatever libxml2 let through. */
/* A C1 control (U+0080-U+009F) in text is a Windows-1252 byte read as
 * Latin-1: publishers who say ISO-8859-1 send curly quotes there (the
 * WHATWG Encoding standard reads the label as Windows-1252 for that). */
static bool
parse_is_c1(const unsigned char *p, const unsigned char *end)
{
	return p[0] == 0xc2 && p + 1 < end && p[1] >= 0x80 && p[1] <= 0x9f;
}

/*
 * UTF-8 read as Latin-1 and encoded again ("â€¦" for "…"): code points
 * U+00C2-U+00F4 and U+0080-U+00BF whose values, taken as bytes, are one
 * UTF-8 character with a C1 byte among them (no real text has those).
 * Appends the character and returns the bytes it replaces, else 0.
 */
static size_t
parse_double_utf8(struct buf *b, const unsigned char *p,
    const unsigned char *end)
{
	unsigned char	 raw[4];
	size_t		 i, n, k;
	bool		 c1 = false;

	for (i = 0, k = 0; i < 4 && p + k + 1 < end &&
	    (p[k] == 0xc2 || p[k] == 0xc3) && (p[k + 1] & 0xc0) == 0x80;
	    i++, k += 2) {
		raw[i] = (unsigned char)((p[k] & 0x03) << 6 | (p[k + 1] & 0x3f));
		if (raw[i] >= 0x80 && raw[i] <= 0x9f)
			c1 = true;
	}
	if (i < 2 || !c1 || (n = parse_utf8_len(raw, raw + i)) < 2)
		return 0;
	for (k = 0; k < n; k++)
		if (raw[k] >= 0x80 && raw[k] <= 0x9f)
			break;
	if (k == n)
		return 0;
	buf_append(b, raw, n);
	return n * 2;
}

/* The end of the ASCII run at p: nearly all of a field, checked a word
 * at a time. */
static const unsigned char *
parse_ascii_span(const unsigned char *p, const unsigned char *end)
{
	uint64_t	 w;

	for (; end - p >= 8; p += 8) {
		memcpy(&w, p, 8);
		if (w & 0x8080808080808080ULL)
			break;
	}
	while (p < end && *p < 0x80)
		p++;
	return p;
}

/* Is all of s valid UTF-8? */
static bool
parse_utf8_valid(const char *s, size_t len)
{
	const unsigned char	*p = (const unsigned char *)s, *end = p + len;
	size_t			 n;

	while ((p = parse_ascii_span(p, end)) < end) {
		if ((n = parse_utf8_len(p, end)) == 0)
			return false;
		p += n;
	}
	return true;
}

/* s has a character above ASCII, and every one is UTF-8. */
static bool
parse_utf8_beyond_ascii(const char *s, size_t len)
{
	const unsigned char	*p = (const unsigned char *)s, *end = p + len;

	p = parse_ascii_span(p, end);
	return p < end && parse_utf8_valid((const char *)p, (size_t)(end - p));
}

static void
parse_utf8_field(char **field)
{
	const unsigned char	*p, *end;
	struct buf		 b;
	size_t			 n;
	unsigned int		 cp;

	if (*field == NULL)
		return;
	p = (const unsigned char *)*field;
	end = p + strlen(*field);
	p = parse_ascii_span(p, end);
	while (p < end && (n = parse_utf8_len(p, end)) > 0 &&
	    !parse_is_c1(p, end))
		p = parse_ascii_span(p + n, end);
	if (p == end)
		return;
	/* a C1 may end a double-encoded character that began before it */
	for (n = 0; n < 3 && p - 2 >= (const unsigned char *)*field &&
	    (p[-2] == 0xc2 || p[-2] == 0xc3) && (p[-1] & 0xc0) == 0x80; n++)
		p -= 2;
	buf_init(&b, 0);
	buf_append(&b, *field, (size_t)(p - (const unsigned char *)*field));
	while (p < end) {
		if ((n = parse_double_utf8(&b, p, end)) > 0)
			p += n;
		else if (parse_is_c1(p, end)) {
			if ((cp = parse_cp1252[p[1] - 0x80]) != 0xfffd)
				parse_put_utf8(&b, cp);
			p += 2;
		} else if ((n = parse_utf8_len(p, end)) > 0) {
			buf_append(&b, p, n);
			p += n;
		} else {
			parse_put_utf8(&b, 0xfffd);
			p++;
		}
	}
	log_debug("parse: invalid UTF-8 or C1 controls replaced");
	item_take(field, buf_take(&b));
}

/*
 * A numeric reference to a C1 control in HTML ("&#146;", "&#x92;") means
 * the Windows-1252 character of that byte, as browsers read it (HTML5
 * 13.2.5.80): the character is written in its place, since the HTML
 * parser clean.c uses would give the control, which is then dropped.
 */
static void
parse_c1_refs(char **field)
{
	struct buf	 b;
	const char	*s, *p, *q;
	unsigned long	 v;
	char		*e;

	if (*field == NULL || (p = strstr(*field, "&#")) == NULL)
		return;
	buf_init(&b, 0);
	for (s = *field; p != NULL; p = strstr(s, "&#")) {
		q = p + 2;
		e = NULL;
		if ((*q == 'x' || *q == 'X') && isxdigit((unsigned char)q[1]))
			v = strtoul(q + 1, &e, 16);
		else if (isdigit((unsigned char)*q))
			v = strtoul(q, &e, 10);
		else
			v = 0;
		if (v < 0x80 || v > 0x9f || *e != ';' ||
		    parse_cp1252[v - 0x80] == 0xfffd) {
			buf_append(&b, s, (size_t)(p + 2 - s));
			s = p + 2;
			continue;
		}
		buf_append(&b, s, (size_t)(p - s));
		parse_put_utf8(&b, parse_cp1252[v - 0x80]);
		s = e + 1;
	}
	if (s == *field) {
		buf_free(&b);
		return;
	}
	buf_puts(&b, s);
	item_take(field, buf_take(&b));
}

/* An error message quotes the document, and snprintf may cut it inside
 * a character: bytes that are not UTF-8 become '?'. */
static int
parse_fail(char *err)
{
	unsigned char	*p = (unsigned char *)err, *end = p + strlen(err);
	size_t		 n;

	while (p < end) {
		if ((n = parse_utf8_len(p, end)) > 0)
			p += n;
		else
			*p++ = '?';
	}
	return -1;
}

static void
parse_utf8_doc(struct feed_doc *doc)
{
	struct item	*it;
	size_t		 i, j;

	parse_utf8_field(&doc->title);
	parse_utf8_field(&doc->link);
	parse_utf8_field(&doc->description);
	for (i = 0; i < doc->nitems; i++) {
		it = &doc->items[i];
		parse_c1_refs(&it->title);
		parse_c1_refs(&it->summary);
		parse_c1_refs(&it->content);
		parse_utf8_field(&it->id);
		parse_utf8_field(&it->title);
		parse_utf8_field(&it->link);
		parse_utf8_field(&it->author);
		parse_utf8_field(&it->summary);
		parse_utf8_field(&it->content);
		parse_utf8_field(&it->base);
		for (j = 0; j < it->ncategories; j++)
			parse_utf8_field(&it->categories[j]);
		for (j = 0; j < it->nenclosures; j++) {
			parse_utf8_field(&it->enclosures[j].url);
			parse_utf8_field(&it->enclosures[j].type);
		}
	}
}

/* RSS or Atom: libxml2's parse, a repaired second one when the first
 * was not well-formed, then the tree read by parse_xml.c. */
static int
parse_feed_xml(const char *data, size_t len, const char *url,
    const char *charset, struct feed_doc *doc, char *err, size_t errlen)
{
	struct parse_errors	 pe;
	xmlDocPtr		 x;
	xmlNode			*root;
	const char		*guess;
	char			*fixed, *utf8, name[PARSE_CHARSET_NAME];
	size_t			 fixedlen, utf8len;
	int			 format;

	parse_skip_prolog_space(&data, &len);
	/* the declaration is weighed here; libxml2 ignores it */
	charset = parse_charset_pick(data, len, charset, name, sizeof(name));
	/* a legacy charset decodes any bytes, so a label that lies is not
	 * caught by a byte it refuses: text in it is next to never valid
	 * UTF-8 beyond ASCII, while a template's ISO-8859-1 around UTF-8
	 * text, or a server's default charset, is common */
	if (charset != NULL && !parse_charset_is_utf8(charset) &&
	    !parse_label_wide(charset) && parse_utf8_beyond_ascii(data, len)) {
		log_debug("parse: the bytes are UTF-8, not %s", charset);
		charset = "UTF-8";
	}
	x = parse_xml_fast(data, len, url, charset, &pe);
	/* nothing credible says what the bytes are, and they are not UTF-8 */
	if (pe.bad_utf8 && charset == NULL &&
	    (guess = parse_charset_guess(data, len)) != NULL) {
		log_debug("parse: no charset given, read as %s", guess);
		xmlFreeDoc(x);
		x = parse_xml(data, len, url, charset = guess, &pe);
	}
	/* the charset cannot decode bytes that are all UTF-8: the label
	 * lies (a CMS that says Shift_JIS and writes UTF-8) */
	if (pe.bad_charset && charset != NULL &&
	    !parse_charset_is_utf8(charset) && parse_utf8_valid(data, len)) {
		log_debug("parse: the bytes are UTF-8, not %s", charset);
		xmlFreeDoc(x);
		return parse_feed_xml(data, len, url, "UTF-8", doc, err,
		    errlen);
	}
	/* libxml2 stops at the first byte its decoder refuses, and the
	 * byte-wise repair below cannot mend 16-bit text: decode it
	 * ourselves, bad bytes replaced, and read it all as UTF-8 */
	if ((pe.bad_charset || (pe.broken && charset != NULL &&
	    parse_label_wide(charset))) && (utf8 = parse_charset_to_utf8(data,
	    len, charset, &utf8len)) != NULL) {
		log_debug("parse: decoded from %s before parsing", charset);
		xmlFreeDoc(x);
		format = parse_feed_xml(utf8, utf8len, url, "UTF-8", doc, err,
		    errlen);
		free(utf8);
		return format;
	}
	if (pe.broken) {
		utf8 = NULL;
		if (pe.bad_utf8 && (charset == NULL ||
		    parse_charset_is_utf8(charset)))
			utf8 = parse_fix_utf8(data, len, &utf8len);
		fixed = utf8 != NULL ? parse_repair(utf8, utf8len, &fixedlen) :
		    parse_repair(data, len, &fixedlen);
		free(utf8);
		xmlFreeDoc(x);
		x = parse_xml(fixed, fixedlen, url, charset, &pe);
		free(fixed);
	}
	if (x == NULL || parse_limit_hit(&pe) ||
	    (root = xmlDocGetRootElement(x)) == NULL) {
		if (parse_sniff_html(data, len))
			parse_html_page(data, len, url, err, errlen);
		else
			snprintf(err, errlen, "xml error at line %d: %s",
			    pe.line, pe.msg[0] ? pe.msg : "no document");
		xmlFreeDoc(x);
		return -1;
	}
	if ((format = parse_xml_format(root, err, errlen)) == -1 &&
	    strcasecmp((const char *)root->name, "html") == 0 &&
	    (root = parse_xml_embedded(root, 0)) != NULL) {
		log_debug("parse: a feed inside an html page");
		format = parse_xml_format(root, err, errlen);
	}
	if (format == -1) {
		if (strcasecmp((const char *)xmlDocGetRootElement(x)->name,
		    "html") == 0)
			parse_html_page(data, len, url, err, errlen);
		xmlFreeDoc(x);
		return -1;
	}
	parse_xml_document(doc, root, format);
	xmlFreeDoc(x);
	return 0;
}

int
parse_feed(const char *data, size_t len, const char *url,
    const char *charset, struct feed_doc *doc, char *err, size_t errlen)
{
	char	*u32;
	size_t	 u32len;
	int	 rc;

	if (data == NULL || parse_blank(data, len)) {
		snprintf(err, errlen, "empty document");
		return -1;
	}
	if (parse_is_json(data, len))
		rc = parse_json(data, len, doc, err, errlen);
	else if ((u32 = parse_utf32(data, len, &u32len)) != NULL) {
		log_debug("parse: UTF-32 read as UTF-8");
		rc = parse_feed_xml(u32, u32len, url, "UTF-8", doc, err,
		    errlen);
		free(u32);
	} else
		rc = parse_feed_xml(data, len, url, charset, doc, err, errlen);
	if (rc == -1)
		return parse_fail(err);
	parse_utf8_doc(doc);
	/* parsing follows the fetch at once: now is the time of the fetch */
	parse_clamp_dates(doc, time(NULL));
	return 0;
}

static void
parse_clamp(time_t *t, time_t now)
{
	if (*t != DATE_NONE && *t > now + PARSE_FUTURE_SLACK) {
		log_debug("parse: a date %lld s ahead taken as now",
		    (long long)(*t - now));
		*t = now;
	}
}

void
parse_clamp_dates(struct feed_doc *doc, time_t now)
{
	size_t	 i;

	parse_clamp(&doc->updated, now);
	for (i = 0; i < doc->nitems; i++) {
		parse_clamp(&doc->items[i].published, now);
		parse_clamp(&doc->items[i].updated, now);
	}
}
