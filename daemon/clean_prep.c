/*
 * clean_prep.c — a fragment made fit for the HTML parser (see
 * clean_prep.h).
 */
#include <ctype.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "buf.h"
#include "clean_prep.h"
#include "vec16.h"

/* How long a sequence the byte c starts, 0 if it starts none. */
static size_t
clean_utf8_lead(unsigned char c)
{
	if (c >= 0xc2 && c <= 0xdf)
		return 2;
	if (c >= 0xe0 && c <= 0xef)
		return 3;
	if (c >= 0xf0 && c <= 0xf4)
		return 4;
	return 0;
}

/* The length of the valid UTF-8 sequence at p (RFC 3629: no overlong,
 * surrogate, past U+10FFFF or truncated one), 0 if it is none. */
static size_t
clean_utf8_char(const unsigned char *p, const unsigned char *e)
{
	size_t		 len = clean_utf8_lead(*p), i;
	unsigned	 c;

	if (len == 0 || (size_t)(e - p) < len)
		return 0;
	c = *p & (0x7f >> len);
	for (i = 1; i < len && (p[i] & 0xc0) == 0x80; i++)
		c = (c << 6) | (p[i] & 0x3f);
	if (i < len || (len == 3 && c < 0x800) ||
	    (len == 4 && (c < 0x10000 || c > 0x10ffff)) ||
	    (c >= 0xd800 && c <= 0xdfff))
		return 0;
	return len;
}

size_t
clean_utf8_span(const char *s, size_t n)
{
	const unsigned char	*p = (const unsigned char *)s, *e = p + n;
	size_t			 len;
	unsigned		 m;

	while (p < e) {
		if (e - p >= 16) {
			/* ASCII, most of it: on to the first byte that is not */
			if ((m = v16_bits(v16_high(v16_load(p)))) == 0) {
				p += 16;
				continue;
			}
			p += __builtin_ctz(m);
		} else if (*p < 0x80) {
			p++;
			continue;
		}
		if ((len = clean_utf8_char(p, e)) == 0)
			break;
		p += len;
	}
	return (size_t)(p - (const unsigned char *)s);
}

void
clean_utf8(struct buf *b, const char *s, size_t n)
{
	const unsigned char	*p = (const unsigned char *)s, *e = p + n;
	size_t			 ok, len;

	while ((ok = clean_utf8_span((const char *)p, (size_t)(e - p))) <
	    (size_t)(e - p)) {
		buf_append(b, p, ok);
		buf_puts(b, "\xef\xbf\xbd");
		/* the bad byte, and the continuation bytes its lead
		 * promised that are there */
		len = clean_utf8_lead(p[ok]);
		for (p += ok + 1; p < e && (*p & 0xc0) == 0x80 && len > 1;
		    p++, len--)
			;
	}
	buf_append(b, p, (size_t)(e - p));
}

/*
 * Whether clean_bogus_comments() has anything to remove in s: a '<'
 * followed by '?', by '!' without "--", or by '/' and no letter.
 */
static bool
clean_is_bogus(const char *p, const char *e)
{
	return p[1] == '?' || (p[1] == '!' && !(p[2] == '-' && p[3] == '-')) ||
	    (p[1] == '/' && p + 2 < e && !isalpha((unsigned char)p[2]));
}

/* s[len] is the NUL: p[1], p[2] and p[3] are read no further than it
 * when the ones before them are what the tests want. */
bool
clean_has_bogus(const char *s, size_t len)
{
	const char	*p, *e = s + len;

	for (p = s; (p = memchr(p, '<', (size_t)(e - p))) != NULL; p++)
		if (clean_is_bogus(p, e))
			return true;
	return false;
}

bool
clean_fit(const char *s, size_t len)
{
	const char	*p = s, *e = s + len;
	vec16		 x;
	unsigned	 m;
	size_t		 n;

	while (p < e) {
		if (e - p >= 16) {
			/* on to the next '<' or byte that is not ASCII */
			x = v16_load(p);
			if ((m = v16_bits(v16_or(v16_eq(x, '<'),
			    v16_high(x)))) == 0) {
				p += 16;
				continue;
			}
			p += __builtin_ctz(m);
		}
		if (*p == '<') {
			if (clean_is_bogus(p, e))
				return false;
			p++;
		} else if ((unsigned char)*p >= 0x80) {
			if ((n = clean_utf8_char((const unsigned char *)p,
			    (const unsigned char *)e)) == 0)
				return false;
			p += n;
		} else
			p++;
	}
	return true;
}

/*
 * Removes, in place, the markup an HTML5 tokenizer reads as a bogus
 * comment but html.c keeps as text: "<!" not starting a comment,
 * "<?", and "</" before a non-letter, each up to the next '>'
 * (WHATWG HTML 13.2.5.6-8).  Comments and tags are skipped whole,
 * quoted attribute values included, so a '<' inside them is left alone.  Without
 * this, "<![endif]-->" would survive as text a browser sees as markup.
 */
void
clean_bogus_comments(struct buf *b, size_t from)
{
	char	*r, *w, *e, *gt, q;

	if (b->data == NULL)
		return;
	for (r = w = b->data + from, e = b->data + b->len; r < e;) {
		if (*r != '<' || r + 1 == e) {
			*w++ = *r++;
			continue;
		}
		if ((r[1] == '!' && !(r + 3 < e && r[2] == '-' && r[3] == '-')) ||
		    r[1] == '?' || (r[1] == '/' && r + 2 < e &&
		    !isalpha((unsigned char)r[2]))) {
			gt = memchr(r, '>', (size_t)(e - r));
			r = gt ? gt + 1 : e;
			continue;
		}
		if (r[1] == '!') {
			/* a real comment: keep it whole for html.c to drop */
			gt = memmem(r + 4, (size_t)(e - r - 4), "-->", 3);
			gt = gt ? gt + 3 : e;
			while (r < gt)
				*w++ = *r++;
			continue;
		}
		if (!isalpha((unsigned char)r[1]) && r[1] != '/') {
			*w++ = *r++;
			continue;
		}
		/* a tag: copy through its '>', honouring quoted values
		 * (the '<' first, so r[-1] is always in the buffer) */
		for (*w++ = *r++, q = 0; r < e; ) {
			if (q == 0 && *r == '>')
				break;
			if (q == 0 && r[-1] == '=' && (*r == '"' || *r == '\''))
				q = *r;
			else if (q != 0 && *r == q)
				q = 0;
			*w++ = *r++;
		}
		if (r < e)
			*w++ = *r++;
	}
	*w = '\0';
	b->len = (size_t)(w - b->data);
}
