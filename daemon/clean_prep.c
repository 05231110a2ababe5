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

/*
 * Copies s to b, each invalid UTF-8 sequence (RFC 3629: overlongs,
 * surrogates, past U+10FFFF, truncated) replaced by U+FFFD.
 */
void
clean_utf8(struct buf *b, const char *s, size_t n)
{
	const unsigned char	*p = (const unsigned char *)s, *e = p + n;
	const unsigned char	*run = p;
	size_t			 len, i;
	unsigned		 c;
	uint64_t		 x;

	while (p < e) {
		if (*p < 0x80) {
			/* ASCII, most of it: eight bytes at a time */
			for (p++; e - p >= 8; p += 8) {
				memcpy(&x, p, 8);
				if (x & 0x8080808080808080ULL)
					break;
			}
			continue;
		}
		if (*p >= 0xc2 && *p <= 0xdf)
			len = 2;
		else if (*p >= 0xe0 && *p <= 0xef)
			len = 3;
		else if (*p >= 0xf0 && *p <= 0xf4)
			len = 4;
		else
			len = 0;
		if (len && (size_t)(e - p) >= len) {
			c = *p & (0x7f >> len);
			for (i = 1; i < len && (p[i] & 0xc0) == 0x80; i++)
				c = (c << 6) | (p[i] & 0x3f);
			if (i == len && !(len == 3 && c < 0x800) &&
			    !(len == 4 && (c < 0x10000 || c > 0x10ffff)) &&
			    !(c >= 0xd800 && c <= 0xdfff)) {
				p += len;
				continue;
			}
		}
		buf_append(b, run, (size_t)(p - run));
		buf_puts(b, "\xef\xbf\xbd");
		/* skip the lead byte and any continuation bytes after it */
		for (p++; p < e && (*p & 0xc0) == 0x80 && len > 1; p++, len--)
			;
		run = p;
	}
	buf_append(b, run, (size_t)(p - run));
}

/*
 * Whether clean_bogus_comments() has anything to remove in s: a '<'
 * followed by '?', by '!' without "--", or by '/' and no letter.
 */
bool
clean_has_bogus(const char *s, size_t len)
{
	const char	*p, *e = s + len;

	for (p = s; (p = memchr(p, '<', (size_t)(e - p))) != NULL; p++)
		if (p[1] == '?' || (p[1] == '!' && !(p[2] == '-' &&
		    p[3] == '-')) || (p[1] == '/' && p + 2 < e &&
		    !isalpha((unsigned char)p[2])))
			return true;
	return false;
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
