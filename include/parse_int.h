/*
 * parse_int.h — what the parser's files share (parse.h is the contract).
 *
 * parse.c takes the bytes: detection (XML or JSON, by content), charset,
 * repair of broken XML, libxml2's parse, and a last pass that leaves
 * every string valid UTF-8.  parse_xml.c reads the RSS and Atom tree
 * libxml2 built (with parse_rss.c and parse_atom.c, parse_xml.h);
 * parse_fix.c mends what a byte-wise repair cannot; parse_json.c reads
 * JSON Feed.
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
/* Charsets (parse_charset.c): the one a BOM names, or NULL; is a label
 * UTF-8's; does the XML declaration name an encoding; and for bytes
 * nothing describes that are not UTF-8, a guess among legacy charsets
 * (Shift_JIS, EUC-JP/KR, GB18030, Big5, KOI8-R, Windows-1251/1255,
 * TIS-620) from the first 64 KB, or NULL for UTF-8 with strays. */
const char	*parse_charset_bom(const char *s, size_t len);
bool	parse_charset_is_utf8(const char *label);
bool	parse_charset_declared(const char *s, size_t len);
const char	*parse_charset_guess(const char *s, size_t len);
/* The bytes decoded from charset (else the declared one) to UTF-8, each
 * byte it cannot decode a U+FFFD; malloc'd, or NULL for UTF-8 or a
 * charset iconv does not know. */
char	*parse_charset_to_utf8(const char *s, size_t len, const char *charset,
	    size_t *outlen);
/* Escapes text for HTML (& < > and, in attributes, "); malloc'd. */
char	*parse_escaped(const char *text);

#endif
