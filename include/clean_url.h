/*
 * clean_url.h — the links and images clean.c keeps (clean.c's helper).
 *
 * Values of the attributes the sanitizer allows are checked here:
 * numbers and tokens, media URLs (http or https only), srcset lists,
 * and the links and images that count readers or sell the page rather
 * than show the story (known tracker hosts and paths).
 */
#ifndef FEEDD_CLEAN_URL_H
#define FEEDD_CLEAN_URL_H

#include <stdbool.h>

/* 1 to 9 decimal digits and nothing else. */
bool	 clean_is_number(const char *);
/* A short word: letters, digits and -_/+. */
bool	 clean_is_token(const char *);
/* An http(s) URL for src-like attributes, cleaned (malloc'd), or NULL. */
char	*clean_media_url(const char *base, const char *v);
/* A srcset value with its bad candidates gone (malloc'd), or NULL. */
char	*clean_srcset(const char *base, const char *v);
/* A lazy loader's placeholder (NULL, a data: URI, a blank/1x1 gif). */
bool	 clean_is_placeholder(const char *src);
/* url (may be NULL) is a counting pixel / an ad or tracking link. */
bool	 clean_is_tracker_img(const char *url);
bool	 clean_is_tracker_link(const char *url);
/* url (may be NULL) is an author's picture or a pixel, which is no
 * item's enclosure. */
bool	 clean_is_not_media(const char *url);

#endif
