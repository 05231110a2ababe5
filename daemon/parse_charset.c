/*
 * parse_charset.c — which charset the bytes of an XML feed are in
 * (parse_int.h), the way RFC 7303 section 3 and XML 1.0 appendix F order
 * the evidence: a BOM first, or the NULs of UTF-16 in the first bytes;
 * then the HTTP charset, then the XML declaration, each only when
 * libxml2 knows the name (parse_label.c) and it fits the bytes; and,
 * when nothing credible says anything and the bytes are not UTF-8, a
 * guess from their statistics among the legacy charsets feeds are still
 * published in.  A label that is not credible is ignored, never a reason
 * to refuse the document.
 *
 * libxml2 stops reading at the first byte its decoder refuses;
 * parse_charset_to_utf8() decodes with iconv instead, each such byte
 * replaced by U+FFFD, so one bad byte does not cost the items after it.
 *
 * The guess looks at the first PARSE_GUESS_BYTES only, in one pass per
 * family, so its cost is bounded whatever the document's size.
 */
#include <errno.h>
#include <iconv.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "log.h"
#include "parse_int.h"

#define PARSE_GUESS_BYTES	65536
#define PARSE_DECL_BYTES	512
#define PARSE_DECL_LABEL	64	/* longest encoding name we read */
#define PARSE_GUESS_MIN		16	/* fewer high bytes are Windows-1252 strays */

static bool
parse_charset_ascii(unsigned char c)
{
	return c != 0 && c < 0x80;
}

/*
 * The charset the first bytes show when they are not ASCII's (XML 1.0
 * appendix F): a BOM's, else UTF-16 by the NULs beside its first two
 * characters (00 3C 00 3F is "<?" in UTF-16BE; "<r" of a document
 * without a declaration, or a blank before it, are as clear).  UTF-32
 * is read before this (parse.c).
 */
const char *
parse_charset_sniff(const char *s, size_t len)
{
	const unsigned char	*u = (const unsigned char *)s;

	if (len >= 3 && u[0] == 0xef && u[1] == 0xbb && u[2] == 0xbf)
		return "UTF-8";
	if (len >= 2 && u[0] == 0xff && u[1] == 0xfe)
		return "UTF-16LE";
	if (len >= 2 && u[0] == 0xfe && u[1] == 0xff)
		return "UTF-16BE";
	if (len < 4)
		return NULL;
	if (u[0] == 0 && u[2] == 0 && parse_charset_ascii(u[1]) &&
	    parse_charset_ascii(u[3]))
		return "UTF-16BE";
	if (u[1] == 0 && u[3] == 0 && parse_charset_ascii(u[0]) &&
	    parse_charset_ascii(u[2]))
		return "UTF-16LE";
	return NULL;
}

bool
parse_charset_is_utf8(const char *label)
{
	return strcasecmp(label, "utf-8") == 0 ||
	    strcasecmp(label, "utf8") == 0;
}

/* The encoding the XML declaration names: its length, *at where. */
static size_t
parse_charset_decl(const char *s, size_t len, const char **at)
{
	const char	*e, *enc, *q, *close;
	size_t		 n = len < PARSE_DECL_BYTES ? len : PARSE_DECL_BYTES;

	if (n < 5 || memcmp(s, "<?xml", 5) != 0 ||
	    (e = memmem(s, n, "?>", 2)) == NULL ||
	    (enc = memmem(s, (size_t)(e - s), "encoding", 8)) == NULL)
		return 0;
	for (q = enc + 8; q < e && *q != '"' && *q != '\''; q++)
		;
	if (q == e || (close = memchr(q + 1, *q, (size_t)(e - q - 1))) == NULL)
		return 0;
	*at = q + 1;
	return (size_t)(close - q - 1);
}

/*
 * A label from the HTTP Content-Type or the XML declaration, for bytes
 * the caller has seen are ASCII-compatible: the name to read them with,
 * or NULL when it tells nothing credible — a name libxml2 does not know
 * ("u16", "bogus"), ASCII (which says nothing of the high bytes it is
 * sent with), or a 16- or 32-bit charset the bytes are not in.
 */
static const char *
parse_charset_credible(const char *label, const char *from, char *name,
    size_t size)
{
	switch (parse_label(label, name, size)) {
	case PARSE_LABEL_BYTES:
		return name;
	case PARSE_LABEL_ASCII:
		return NULL;
	case PARSE_LABEL_WIDE:
		log_debug("parse: %s says %.40s, the bytes are not: ignored",
		    from, label);
		return NULL;
	case PARSE_LABEL_UNKNOWN:
		break;
	}
	log_debug("parse: %s names an unknown charset \"%.40s\": ignored",
	    from, label);
	return NULL;
}

const char *
parse_charset_pick(const char *s, size_t len, const char *http, char *name,
    size_t size)
{
	const char	*sniff, *at, *c;
	char		 label[PARSE_DECL_LABEL];
	size_t		 n;

	if ((sniff = parse_charset_sniff(s, len)) != NULL) {
		if (http != NULL && strncasecmp(http, sniff, strlen(http)) != 0)
			log_debug("parse: the bytes are %s, HTTP says %.40s: "
			    "the bytes win", sniff, http);
		return sniff;
	}
	if (http != NULL &&
	    (c = parse_charset_credible(http, "HTTP", name, size)) != NULL)
		return c;
	if ((n = parse_charset_decl(s, len, &at)) == 0)
		return NULL;
	if (n >= sizeof(label)) {
		log_debug("parse: the declaration's encoding is too long: "
		    "ignored");
		return NULL;
	}
	memcpy(label, at, n);
	label[n] = '\0';
	return parse_charset_credible(label, "the declaration", name, size);
}

/* Byte counts the guess is made from. */
struct parse_stats {
	size_t	 high;		/* bytes >= 0x80 */
	size_t	 utf8;		/* of them, in valid UTF-8 sequences */
	size_t	 euc_bad, euc_pairs, euc_kana, euc_hangul;
	size_t	 sjis_bad, sjis_half;
	size_t	 big5_bad;
	size_t	 runs;		/* high bytes beside another high byte */
	size_t	 c0_df, e0_ff, a1_bf;
};

static bool
parse_in(unsigned char c, unsigned char lo, unsigned char hi)
{
	return c >= lo && c <= hi;
}

/* EUC-JP, EUC-KR and GB2312 share a shape: pairs of 0xA1-0xFE (and
 * EUC-JP's 0x8E, 0x8F prefixes). */
static void
parse_stats_euc(struct parse_stats *st, const unsigned char *p, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		if (p[i] < 0x80)
			continue;
		if (parse_in(p[i], 0xa1, 0xfe) && i + 1 < n &&
		    parse_in(p[i + 1], 0xa1, 0xfe)) {
			st->euc_pairs++;
			if (p[i] == 0xa4 || p[i] == 0xa5)
				st->euc_kana++;
			if (parse_in(p[i], 0xb0, 0xc8))
				st->euc_hangul++;
			i++;
		} else if (p[i] == 0x8e && i + 1 < n &&
		    parse_in(p[i + 1], 0xa1, 0xdf))
			i++;
		else if (p[i] == 0x8f && i + 2 < n &&
		    parse_in(p[i + 1], 0xa1, 0xfe) &&
		    parse_in(p[i + 2], 0xa1, 0xfe))
			i += 2;
		else if (i + 1 < n)	/* the sample may cut the last pair */
			st->euc_bad++;
	}
}

static void
parse_stats_sjis(struct parse_stats *st, const unsigned char *p, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		if (p[i] < 0x80)
			continue;
		if (parse_in(p[i], 0xa1, 0xdf))
			st->sjis_half++;
		else if ((parse_in(p[i], 0x81, 0x9f) ||
		    parse_in(p[i], 0xe0, 0xfc)) && i + 1 < n &&
		    (parse_in(p[i + 1], 0x40, 0x7e) ||
		    parse_in(p[i + 1], 0x80, 0xfc)))
			i++;
		else if (i + 1 < n)
			st->sjis_bad++;
	}
}

static void
parse_stats_big5(struct parse_stats *st, const unsigned char *p, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		if (p[i] < 0x80)
			continue;
		if (parse_in(p[i], 0x81, 0xfe) && i + 1 < n &&
		    (parse_in(p[i + 1], 0x40, 0x7e) ||
		    parse_in(p[i + 1], 0xa1, 0xfe)))
			i++;
		else if (i + 1 < n)
			st->big5_bad++;
	}
}

static void
parse_stats_bytes(struct parse_stats *st, const unsigned char *p, size_t n)
{
	size_t	 i, k;

	for (i = 0; i < n; i++) {
		if (p[i] < 0x80)
			continue;
		st->high++;
		if ((i > 0 && p[i - 1] >= 0x80) || (i + 1 < n &&
		    p[i + 1] >= 0x80))
			st->runs++;
		if (p[i] >= 0xe0)
			st->e0_ff++;
		else if (p[i] >= 0xc0)
			st->c0_df++;
		else if (p[i] >= 0xa1)
			st->a1_bf++;
	}
	for (i = 0; i < n; i += k)
		if ((k = parse_utf8_len(p + i, p + n)) > 1)
			st->utf8 += k;
		else
			k = 1;
}

/* Few enough errors: a stray byte or two does not rule a charset out. */
static bool
parse_few(size_t bad, size_t high)
{
	return bad * 100 <= high;
}

/* One-byte charsets: Cyrillic, Hebrew and Thai write whole words in high
 * bytes; Western European text has a high byte here and there. */
static const char *
parse_guess_single(const struct parse_stats *st)
{
	if (st->runs * 2 < st->high)
		return NULL;		/* Windows-1252 strays */
	if (st->a1_bf * 5 >= st->high)
		return "TIS-620";
	if (st->c0_df > st->e0_ff)
		return "KOI8-R";	/* lower case is 0xC0-0xDF in KOI8 */
	if (st->c0_df * 50 < st->high)
		return "WINDOWS-1255";	/* letters without case */
	return "WINDOWS-1251";
}

const char *
parse_charset_guess(const char *s, size_t len)
{
	const unsigned char	*p = (const unsigned char *)s;
	struct parse_stats	 st;
	size_t			 n = len < PARSE_GUESS_BYTES ? len :
				    PARSE_GUESS_BYTES;

	memset(&st, 0, sizeof(st));
	parse_stats_bytes(&st, p, n);
	if (st.high < PARSE_GUESS_MIN || st.utf8 * 2 >= st.high)
		return NULL;		/* UTF-8, or a few strays */
	parse_stats_euc(&st, p, n);
	parse_stats_sjis(&st, p, n);
	parse_stats_big5(&st, p, n);
	if (parse_few(st.euc_bad, st.high) && st.euc_pairs * 8 >= st.high) {
		if (st.euc_kana * 5 >= st.euc_pairs)
			return "EUC-JP";	/* hiragana and katakana rows */
		if (st.euc_hangul * 10 >= st.euc_pairs * 8)
			return "EUC-KR";	/* Hangul syllables */
		return "GB18030";
	}
	if (parse_few(st.sjis_bad, st.high) && st.sjis_half * 5 < st.high)
		return "SHIFT_JIS";
	if (parse_few(st.big5_bad, st.high))
		return "BIG5";
	return parse_guess_single(&st);
}

char *
parse_charset_to_utf8(const char *s, size_t len, const char *charset,
    size_t *outlen)
{
	struct buf	 b;
	iconv_t		 cd;
	char		 out[4096], *in, *o;
	size_t		 inleft, oleft;

	if (charset == NULL || parse_charset_is_utf8(charset) ||
	    (cd = iconv_open("UTF-8", charset)) == (iconv_t)-1)
		return NULL;
	in = (char *)(uintptr_t)s;	/* iconv's prototype; it only reads */
	inleft = len;
	buf_init(&b, 0);
	while (inleft > 0) {
		o = out;
		oleft = sizeof(out);
		if (iconv(cd, &in, &inleft, &o, &oleft) == (size_t)-1 &&
		    errno != E2BIG) {
			/* a byte it cannot decode, or a cut sequence */
			buf_append(&b, out, sizeof(out) - oleft);
			buf_puts(&b, "\xef\xbf\xbd");
			in++;
			inleft--;
			(void)iconv(cd, NULL, NULL, NULL, NULL);
			continue;
		}
		buf_append(&b, out, sizeof(out) - oleft);
	}
	if (iconv_close(cd) == -1)
		log_warn("parse: iconv_close");
	*outlen = b.len;
	return buf_take(&b);
}
