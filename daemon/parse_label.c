/*
 * parse_label.c — a charset label, as an XML declaration or an HTTP
 * Content-Type gives it, made a name libxml2 can read (parse_int.h).
 *
 * Publishers misspell labels ("UTF_8", "x-mac-roman", "x-sjis") or
 * invent them ("u16", "bogus"); libxml2 then refuses the whole document
 * ("Unsupported encoding").  A label is compared the way the WHATWG
 * Encoding standard and Python's codecs do, ignoring case and
 * punctuation, against the aliases below; anything else is tried as it
 * is, and a name libxml2 does not know is reported unknown so that the
 * caller can ignore it and let the bytes speak.
 */
#include <ctype.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/encoding.h>

#include "parse_int.h"

#define PARSE_LABEL_MAX	48	/* longer is not a charset's name */

/* Sorted by key: a label in lower case without punctuation. */
static const struct parse_alias {
	const char	*key;
	const char	*name;		/* "" for ASCII: see below */
} parse_aliases[] = {
	{ "ansix341968", "" },
	{ "ascii", "" },
	{ "big5hkscs", "BIG5-HKSCS" },
	{ "cnbig5", "BIG5" },
	{ "csbig5", "BIG5" },
	{ "csgb2312", "GB2312" },
	{ "csisolatin1", "ISO-8859-1" },
	{ "csmacintosh", "MACINTOSH" },
	{ "csshiftjis", "SHIFT_JIS" },
	{ "eucjp", "EUC-JP" },
	{ "euckr", "EUC-KR" },
	{ "gb2312", "GB2312" },
	{ "gbk", "GBK" },
	{ "iso646us", "" },
	{ "koi8", "KOI8-R" },
	{ "koi8r", "KOI8-R" },
	{ "koi8u", "KOI8-U" },
	{ "l1", "ISO-8859-1" },
	{ "latin1", "ISO-8859-1" },
	{ "mac", "MACINTOSH" },
	{ "macintosh", "MACINTOSH" },
	{ "macroman", "MACINTOSH" },
	{ "mskanji", "SHIFT_JIS" },
	{ "shiftjis", "SHIFT_JIS" },
	{ "sjis", "SHIFT_JIS" },
	{ "tis620", "TIS-620" },
	{ "unicode11utf8", "UTF-8" },
	{ "unicode20utf8", "UTF-8" },
	{ "usascii", "" },
	{ "utf16", "UTF-16" },
	{ "utf16be", "UTF-16BE" },
	{ "utf16le", "UTF-16LE" },
	{ "utf8", "UTF-8" },
	{ "windows31j", "WINDOWS-31J" },
	{ "xeucjp", "EUC-JP" },
	{ "xeuckr", "EUC-KR" },
	{ "xgbk", "GBK" },
	{ "xmacintosh", "MACINTOSH" },
	{ "xmacroman", "MACINTOSH" },
	{ "xsjis", "SHIFT_JIS" },
	{ "xunicode20utf8", "UTF-8" },
	{ "xxbig5", "BIG5" },
};

static int
parse_alias_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct parse_alias *)elem)->key);
}

/* The label in lower case, letters and digits only; false if too long. */
static bool
parse_label_key(const char *label, char *key, size_t size)
{
	size_t	 n = 0;

	for (; *label != '\0'; label++) {
		if (!isalnum((unsigned char)*label))
			continue;
		if (n + 1 >= size)
			return false;
		key[n++] = (char)tolower((unsigned char)*label);
	}
	key[n] = '\0';
	return n > 0;
}

/* Numbered families the table would list one by one: iso-8859-N,
 * windows-125N and its cp/x-cp spellings. */
static bool
parse_label_family(const char *key, char *name, size_t size)
{
	static const char	*cp[] = { "windows", "xcp", "cp" };
	size_t			 i, n;

	if (strncmp(key, "iso8859", 7) == 0 && key[7] != '\0' &&
	    strspn(key + 7, "0123456789") == strlen(key + 7))
		return snprintf(name, size, "ISO-8859-%s", key + 7) <
		    (int)size;
	for (i = 0; i < sizeof(cp) / sizeof(cp[0]); i++) {
		n = strlen(cp[i]);
		if (strncmp(key, cp[i], n) == 0 && strlen(key + n) == 4 &&
		    strncmp(key + n, "125", 3) == 0 &&
		    isdigit((unsigned char)key[n + 3]))
			return snprintf(name, size, "WINDOWS-%s", key + n) <
			    (int)size;
	}
	return false;
}

/* Does libxml2 (itself or through iconv) read this charset? */
static bool
parse_label_readable(const char *name)
{
	xmlCharEncodingHandlerPtr	 h;

	if ((h = xmlFindCharEncodingHandler(name)) == NULL)
		return false;
	(void)xmlCharEncCloseFunc(h);
	return true;
}

enum parse_label
parse_label(const char *label, char *name, size_t size)
{
	const struct parse_alias	*a;
	char				 key[PARSE_LABEL_MAX + 1];

	if (size == 0)
		return PARSE_LABEL_UNKNOWN;
	name[0] = '\0';
	if (!parse_label_key(label, key, sizeof(key)))
		return PARSE_LABEL_UNKNOWN;
	if ((a = bsearch(key, parse_aliases, sizeof(parse_aliases) /
	    sizeof(parse_aliases[0]), sizeof(parse_aliases[0]),
	    parse_alias_cmp)) != NULL) {
		/* ASCII says nothing of the bytes above 0x7F it is used
		 * for (RFC 3023's old text/xml default) */
		if (a->name[0] == '\0')
			return PARSE_LABEL_ASCII;
		if (strlen(a->name) >= size)
			return PARSE_LABEL_UNKNOWN;
		memcpy(name, a->name, strlen(a->name) + 1);
	} else if (!parse_label_family(key, name, size)) {
		if (strlen(label) >= size)
			return PARSE_LABEL_UNKNOWN;
		memcpy(name, label, strlen(label) + 1);
	}
	if (!parse_label_readable(name)) {
		name[0] = '\0';
		return PARSE_LABEL_UNKNOWN;
	}
	return parse_label_wide(name) ? PARSE_LABEL_WIDE : PARSE_LABEL_BYTES;
}

bool
parse_label_wide(const char *name)
{
	static const char	*wide[] = {
		"utf16", "utf32", "ucs2", "ucs4", "unicode", "iso10646",
	};
	char			 key[PARSE_LABEL_MAX + 1];
	size_t			 i;

	if (!parse_label_key(name, key, sizeof(key)))
		return false;
	for (i = 0; i < sizeof(wide) / sizeof(wide[0]); i++)
		if (strncmp(key, wide[i], strlen(wide[i])) == 0)
			return true;
	return false;
}
