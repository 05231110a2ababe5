/*
 * url.h — links made absolute and stripped of trackers.
 *
 * Built on curl's URL API (curl_url), which implements RFC 3986
 * reference resolution; we do not parse URLs ourselves.
 * All returned strings are malloc'd; the caller frees them.
 */
#ifndef FEEDD_URL_H
#define FEEDD_URL_H

#include <stdbool.h>

/* ref resolved against base (which may be NULL: ref must then be
 * absolute).  Returns NULL when the result is not a valid URL. */
char	*url_resolve(const char *base, const char *ref);
/* true for http, https and mailto URLs (case-insensitive scheme). */
bool	 url_scheme_allowed(const char *url);
/* url without utm_*, fbclid, gclid, mc_cid, mc_eid and their kin;
 * a copy of url when there is nothing to strip or it does not parse. */
char	*url_strip_tracking(const char *url);
/* url_resolve, then scheme check, then url_strip_tracking: what every
 * link in a cleaned item goes through.  NULL when the link must go. */
char	*url_clean(const char *base, const char *ref);
/* Releases the calling thread's cached base (see url.c). */
void	 url_thread_cleanup(void);

#endif
