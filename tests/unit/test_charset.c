/*
 * test_charset.c — the charset the parser reads a document in: labels
 * resolved as libxml2 names (parse_label), and the evidence weighed in
 * RFC 7303 / XML 1.0 appendix F order (parse_charset_pick).
 */
#include <stdio.h>
#include <string.h>

#include "parse.h"
#include "parse_int.h"
#include "unit.h"

static const struct label_case {
	const char		*label;
	enum parse_label	 kind;
	const char		*name;		/* "" when none */
} labels[] = {
	/* every alias of parse_label.c's table, so its order is checked */
	{ "ANSI_X3.4-1968", PARSE_LABEL_ASCII, "" },
	{ "ascii", PARSE_LABEL_ASCII, "" },
	{ "Big5-HKSCS", PARSE_LABEL_BYTES, "BIG5-HKSCS" },
	{ "cn-big5", PARSE_LABEL_BYTES, "BIG5" },
	{ "csBig5", PARSE_LABEL_BYTES, "BIG5" },
	{ "csGB2312", PARSE_LABEL_BYTES, "GB2312" },
	{ "csISOLatin1", PARSE_LABEL_BYTES, "ISO-8859-1" },
	{ "csMacintosh", PARSE_LABEL_BYTES, "MACINTOSH" },
	{ "csShiftJIS", PARSE_LABEL_BYTES, "SHIFT_JIS" },
	{ "euc-jp", PARSE_LABEL_BYTES, "EUC-JP" },
	{ "EUC_KR", PARSE_LABEL_BYTES, "EUC-KR" },
	{ "gb2312", PARSE_LABEL_BYTES, "GB2312" },
	{ "GBK", PARSE_LABEL_BYTES, "GBK" },
	{ "ISO646-US", PARSE_LABEL_ASCII, "" },
	{ "koi8", PARSE_LABEL_BYTES, "KOI8-R" },
	{ "koi8r", PARSE_LABEL_BYTES, "KOI8-R" },
	{ "KOI8-U", PARSE_LABEL_BYTES, "KOI8-U" },
	{ "l1", PARSE_LABEL_BYTES, "ISO-8859-1" },
	{ "latin1", PARSE_LABEL_BYTES, "ISO-8859-1" },
	{ "mac", PARSE_LABEL_BYTES, "MACINTOSH" },
	{ "macintosh", PARSE_LABEL_BYTES, "MACINTOSH" },
	{ "MacRoman", PARSE_LABEL_BYTES, "MACINTOSH" },
	{ "MS_Kanji", PARSE_LABEL_BYTES, "SHIFT_JIS" },
	{ "Shift_JIS", PARSE_LABEL_BYTES, "SHIFT_JIS" },
	{ "sjis", PARSE_LABEL_BYTES, "SHIFT_JIS" },
	{ "TIS-620", PARSE_LABEL_BYTES, "TIS-620" },
	{ "unicode-1-1-utf-8", PARSE_LABEL_BYTES, "UTF-8" },
	{ "unicode20utf8", PARSE_LABEL_BYTES, "UTF-8" },
	{ "US-ASCII", PARSE_LABEL_ASCII, "" },
	{ "utf-16", PARSE_LABEL_WIDE, "UTF-16" },
	{ "UTF-16BE", PARSE_LABEL_WIDE, "UTF-16BE" },
	{ "utf16le", PARSE_LABEL_WIDE, "UTF-16LE" },
	{ "utf8", PARSE_LABEL_BYTES, "UTF-8" },
	{ "Windows-31J", PARSE_LABEL_BYTES, "WINDOWS-31J" },
	{ "x-euc-jp", PARSE_LABEL_BYTES, "EUC-JP" },
	{ "x-euc-kr", PARSE_LABEL_BYTES, "EUC-KR" },
	{ "x-gbk", PARSE_LABEL_BYTES, "GBK" },
	{ "x-mac-intosh", PARSE_LABEL_BYTES, "MACINTOSH" },
	{ "x-mac-roman", PARSE_LABEL_BYTES, "MACINTOSH" },
	{ "x-sjis", PARSE_LABEL_BYTES, "SHIFT_JIS" },
	{ "x-unicode20utf8", PARSE_LABEL_BYTES, "UTF-8" },
	{ "x-x-big5", PARSE_LABEL_BYTES, "BIG5" },
	/* spellings and families */
	{ "UTF_8", PARSE_LABEL_BYTES, "UTF-8" },
	{ " utf-8 ", PARSE_LABEL_BYTES, "UTF-8" },
	{ "iso8859_15", PARSE_LABEL_BYTES, "ISO-8859-15" },
	{ "ISO-8859-2", PARSE_LABEL_BYTES, "ISO-8859-2" },
	{ "x-cp1251", PARSE_LABEL_BYTES, "WINDOWS-1251" },
	{ "cp1252", PARSE_LABEL_BYTES, "WINDOWS-1252" },
	{ "Windows-1256", PARSE_LABEL_BYTES, "WINDOWS-1256" },
	/* as it is, when libxml2 knows it */
	{ "UCS-4", PARSE_LABEL_WIDE, "UCS-4" },
	{ "UTF-32LE", PARSE_LABEL_WIDE, "UTF-32LE" },
	{ "Big5", PARSE_LABEL_BYTES, "Big5" },
	/* nobody knows these */
	{ "u16", PARSE_LABEL_UNKNOWN, "" },
	{ "bogus", PARSE_LABEL_UNKNOWN, "" },
	{ "foo", PARSE_LABEL_UNKNOWN, "" },
	{ "iso8859-99", PARSE_LABEL_UNKNOWN, "" },
	{ "", PARSE_LABEL_UNKNOWN, "" },
	{ "-_-", PARSE_LABEL_UNKNOWN, "" },
	{ "a-label-far-too-long-to-be-the-name-of-any-charset-at-all",
	    PARSE_LABEL_UNKNOWN, "" },
};

static void
test_labels(void)
{
	const struct label_case	*c;
	char			 name[64], what[160];
	size_t			 i;

	for (i = 0; i < sizeof(labels) / sizeof(labels[0]); i++) {
		c = &labels[i];
		snprintf(what, sizeof(what), "label \"%s\": kind", c->label);
		CHECK_INT(parse_label(c->label, name, sizeof(name)), c->kind,
		    what);
		snprintf(what, sizeof(what), "label \"%s\": name", c->label);
		CHECK_STR(name, c->name, what);
	}
	CHECK_INT(parse_label("utf-8", name, 3), PARSE_LABEL_UNKNOWN,
	    "label: a name that does not fit is unknown");
	CHECK_INT(parse_label_wide("UTF-8"), 0, "wide: UTF-8 is not");
	CHECK_INT(parse_label_wide("ucs-2"), 1, "wide: UCS-2 is");
}

#define DECL(enc)	"<?xml version=\"1.0\" encoding=\"" enc "\"?><rss/>"

static const struct pick_case {
	const char	*what;
	const char	*bytes;
	size_t		 len;		/* 0: strlen(bytes) */
	const char	*http;
	const char	*want;		/* NULL: nothing credible */
} picks[] = {
	{ "UTF-8 BOM beats HTTP", "\xef\xbb\xbf<rss/>", 0, "iso-8859-1",
	    "UTF-8" },
	{ "UTF-16LE BOM", "\xff\xfe<\0r\0", 6, NULL, "UTF-16LE" },
	{ "UTF-16BE BOM", "\xfe\xff\0<\0r", 6, "utf-8", "UTF-16BE" },
	{ "00 3C 00 3F is UTF-16BE", "\0<\0?\0x\0m\0l", 10, NULL,
	    "UTF-16BE" },
	{ "3C 00 3F 00 is UTF-16LE", "<\0?\0x\0m\0l\0", 10, NULL,
	    "UTF-16LE" },
	{ "UTF-16LE bytes beat HTTP", "<\0r\0s\0s\0", 8, "iso-8859-1",
	    "UTF-16LE" },
	{ "UTF-16BE with a blank first", "\0\n\0<\0r", 6, NULL, "UTF-16BE" },
	{ "a NUL and UTF-8 is not UTF-16", "\0<?xml", 6, NULL, NULL },
	{ "HTTP beats the declaration", DECL("utf-8"), 0, "ISO-8859-1",
	    "ISO-8859-1" },
	{ "unknown HTTP: the declaration", DECL("windows-1252"), 0, "foo",
	    "WINDOWS-1252" },
	{ "HTTP UTF-16 on 8-bit bytes: the declaration", DECL("shift_jis"),
	    0, "utf-16", "SHIFT_JIS" },
	{ "HTTP us-ascii: the declaration", DECL("euc-jp"), 0, "us-ascii",
	    "EUC-JP" },
	{ "declared UTF_8", DECL("UTF_8"), 0, NULL, "UTF-8" },
	{ "declared latin1", DECL("latin1"), 0, NULL, "ISO-8859-1" },
	{ "declared x-mac-roman", DECL("x-mac-roman"), 0, NULL, "MACINTOSH" },
	{ "declared in single quotes",
	    "<?xml version='1.0' encoding='koi8-r'?><rss/>", 0, NULL,
	    "KOI8-R" },
	{ "declared foo", DECL("foo"), 0, NULL, NULL },
	{ "declared u16 on 8-bit bytes", DECL("u16"), 0, NULL, NULL },
	{ "declared UTF-16 on 8-bit bytes", DECL("UTF-16"), 0, NULL, NULL },
	{ "declared us-ascii", DECL("us-ascii"), 0, NULL, NULL },
	{ "declared nothing", "<?xml version=\"1.0\"?><rss/>", 0, NULL,
	    NULL },
	{ "no declaration", "<rss/>", 0, NULL, NULL },
	{ "empty", "", 0, NULL, NULL },
};

static void
test_picks(void)
{
	const struct pick_case	*c;
	char			 name[64];
	size_t			 i, len;

	for (i = 0; i < sizeof(picks) / sizeof(picks[0]); i++) {
		c = &picks[i];
		len = c->len > 0 ? c->len : strlen(c->bytes);
		CHECK_STR(parse_charset_pick(c->bytes, len, c->http, name,
		    sizeof(name)), c->want, c->what);
	}
}

int
main(void)
{
	parse_init();
	test_labels();
	test_picks();
	parse_cleanup();
	return unit_done();
}
