/*
 * date.h — the dates feeds write, and the ones we write.
 *
 * date_parse() reads RFC 822/1123 (with the usual corruptions: two-digit
 * years, no seconds, no or wrong weekday, named and military zones,
 * trailing junk) and RFC 3339 / W3C-DTF (fractions, offsets, date only).
 * It returns UTC seconds, or DATE_NONE when the string is not a date it
 * can read: never a guess at 1970.
 */
#ifndef FEEDD_DATE_H
#define FEEDD_DATE_H

#include <stddef.h>
#include <time.h>

#define DATE_ISO_LEN	21	/* "YYYY-MM-DDTHH:MM:SSZ" + NUL */
#define DATE_HTTP_LEN	30	/* "Sun, 06 Nov 1994 08:49:37 GMT" + NUL */

time_t	date_parse(const char *);
/* RFC 3339 in UTC, as the parse dump and Atom want it. */
void	date_format_iso(time_t, char out[DATE_ISO_LEN]);
/* RFC 7231 IMF-fixdate, as HTTP and RSS 2.0 want it. */
void	date_format_http(time_t, char out[DATE_HTTP_LEN]);
/* timegm() without the libc dependency on TZ; -1 on out-of-range. */
time_t	date_timegm(int year, int mon, int mday, int hour, int min, int sec);

#endif
