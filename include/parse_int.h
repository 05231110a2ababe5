/*
 * parse_int.h — what the parser's files share (parse.h is the contract).
 *
 * parse.c takes the bytes: detection (XML or JSON, by content), charset,
 * repair of broken XML, libxml2's parse, and a last pass that leaves
 * every string valid UTF-8.  parse_xml.c reads the RSS and Atom tree
 * libxml2 built (with parse_rss.c and parse_atom.c, parse_xml.h);
 * parse_fix.c mends what a byte-wise repair cannot; parse_runs.c keeps
 * long CDATA sections and text out of libxml2's slow path; parse_json.c
 * reads JSON Feed.
 */
#ifndef FEEDD_PARSE_INT_H
#define FEEDD_PARSE_INT_H

#include <stdbool.h>
#include <stddef.h>

#include <libxml/tree.h>

#include "buf.h"
#include "feed.h"

/* The format the root element names, or -1 with err set. */
int	parse_xml_format(const xmlNode *root, char *err, size_t errlen);
/* A feed inside an XHTML page (root <html>), or NULL; depth 0. */
xmlNode	*parse_xml_embedded(xmlNode *root, int depth);
/* Fills doc from an RSS or Atom tree of the given format. */
void	parse_xml_document(struct feed_doc *doc, xmlNode *root, int format);
/* JSON Feed 1.0/1.1: 0, or -1 with err set. */
int	parse_json(const char *data, size_t len, struct feed_doc *doc,
	    char *err, size_t errlen);
/* At s ('<') in a broken document: an Atom xhtml text construct whose
 * markup does not balance, appended to b as type html in CDATA; returns
 * where s continues, or NULL (nothing appended) for anything else. */
const char	*parse_fix_xhtml(struct buf *b, const char *s, const char *end);
/* Length of the valid UTF-8 sequence at p, or 0 (RFC 3629). */
size_t	parse_utf8_len(const unsigned char *p, const unsigned char *end);
/* Charsets (parse_charset.c).  The charset the first bytes show when
 * they are not ASCII-compatible (a BOM, or UTF-16 by its NULs), else
 * NULL; is a label UTF-8's; and for bytes nothing credible describes
 * that are not UTF-8, a guess among legacy charsets (Shift_JIS,
 * EUC-JP/KR, GB18030, Big5, KOI8-R, Windows-1251/1255, TIS-620) from the
 * first 64 KB, or NULL for UTF-8 with strays. */
const char	*parse_charset_sniff(const char *s, size_t len);
bool	parse_charset_is_utf8(const char *label);
const char	*parse_charset_guess(const char *s, size_t len);
/* The charset to read the bytes in: the first bytes' (BOM, UTF-16),
 * else the HTTP charset http (may be NULL), else the declaration's,
 * each label resolved by parse_label() and ignored (at debug level) when
 * unknown, ASCII, or 16/32-bit for 8-bit bytes.  Returns a static name
 * or name (size bytes), or NULL when nothing credible names one: the
 * bytes are then UTF-8, or a guess.  The declaration is to be ignored
 * by libxml2 (XML_PARSE_IGNORE_ENC): this has weighed it. */
const char	*parse_charset_pick(const char *s, size_t len, const char *http,
	    char *name, size_t size);
/* The bytes decoded from charset to UTF-8, each byte it cannot decode a
 * U+FFFD; malloc'd, or NULL for UTF-8, NULL or a charset iconv does not
 * know. */
char	*parse_charset_to_utf8(const char *s, size_t len, const char *charset,
	    size_t *outlen);
/* Labels (parse_label.c): label ("UTF_8", "x-mac-roman", "latin1") as a
 * name libxml2 reads, written to name (size bytes, "" unless BYTES or
 * WIDE); compared without case or punctuation against common aliases,
 * else tried as it is.  ASCII labels say nothing of the bytes above
 * 0x7F they come with and resolve to no name. */
enum parse_label {
	PARSE_LABEL_UNKNOWN,	/* libxml2 does not know it */
	PARSE_LABEL_ASCII,
	PARSE_LABEL_BYTES,	/* an ASCII-compatible charset */
	PARSE_LABEL_WIDE	/* UTF-16, UTF-32, UCS-2, UCS-4 */
};
enum parse_label	parse_label(const char *label, char *name, size_t size);
/* Is the charset name a 16- or 32-bit one? */
bool	parse_label_wide(const char *name);
/*
 * Long runs of text kept out of libxml2 (parse_runs.c), for a document
 * read as UTF-8: parse_runs_hide() writes into doc the document with the
 * CDATA sections and element text libxml2 would read without complaint
 * swapped for placeholders; a run points into data (which must outlive
 * r) or, decoded from its references, into text.  False, with nothing
 * to free, when it hid none.  After a well-formed parse of doc,
 * parse_runs_restore() puts the runs back into the text nodes from n on
 * (b is scratch).  parse_runs_free() frees doc, text and the runs.
 */
struct parse_runs {
	struct buf	 doc;
	struct buf	 text;
	struct parse_run {
		const char	*s;	/* in the document, or NULL: */
		size_t		 off;	/* in text */
		size_t		 len;
	}		*v;
	size_t		 n, cap;
};
bool	parse_runs_hide(struct parse_runs *r, const char *data, size_t len);
void	parse_runs_restore(const struct parse_runs *r, xmlNode *n,
	    struct buf *b);
void	parse_runs_free(struct parse_runs *r);
/* Set, every document is read without hiding (the fuzzer compares). */
extern bool	parse_runs_off;
/* Escapes text for HTML (& < > and, in attributes, "); malloc'd. */
char	*parse_escaped(const char *text);

#endif
