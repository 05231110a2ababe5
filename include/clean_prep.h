/*
 * clean_prep.h — a fragment made fit for html.h's parser (clean.c's
 * helper): bytes that are not UTF-8 replaced, and the markup a browser
 * reads as a comment but html.c (as libxml2) would keep as text
 * removed, before the parse.
 */
#ifndef FEEDD_CLEAN_PREP_H
#define FEEDD_CLEAN_PREP_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

/* How many bytes of s (n bytes) are valid UTF-8 before the first that
 * is not: n when all are. */
size_t	 clean_utf8_span(const char *s, size_t n);
/* Appends s (n bytes) to b, each invalid UTF-8 sequence replaced by
 * U+FFFD. */
void	 clean_utf8(struct buf *b, const char *s, size_t n);
/* Whether s (len bytes, s[len] a NUL) needs neither clean_utf8() nor
 * clean_bogus_comments(): both looked for in one pass. */
bool	 clean_fit(const char *s, size_t len);
/* Whether clean_bogus_comments() has anything to remove in s. */
bool	 clean_has_bogus(const char *s, size_t len);
/* Removes bogus comments from b, from byte from on, in place. */
void	 clean_bogus_comments(struct buf *b, size_t from);

#endif
