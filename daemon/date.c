/*
 * date.c — reading the dates feeds write (RFC 822 and RFC 3339, with the
 * usual damage) and writing ours (date.h).
 *
 * Both readers are hand-rolled on purpose: strptime() depends on the
 * locale and on TZ, and neither libc nor our libraries read RFC 822 zone
 * names or tolerate the corruptions found in real feeds.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "date.h"
#include "feed.h"

#define DATE_YEAR_MIN	1900
#define DATE_YEAR_MAX	9999
#define DATE_PIVOT_YY	50	/* two-digit years below this are 20yy */

struct date_fields {
	int	 year, mon, mday, hour, min, sec;
	int	 off;		/* seconds east of UTC */
};

struct date_zone {
	const char	*name;
	int		 hours;
};

/* RFC 822 section 5.1 zones; the military letters keep RFC 822's signs,
 * as most feed readers do. */
static const struct date_zone date_zones[] = {
	{ "CDT", -5 }, { "CST", -6 }, { "EDT", -4 }, { "EST", -5 },
	{ "GMT", 0 }, { "MDT", -6 }, { "MST", -7 }, { "PDT", -7 },
	{ "PST", -8 }, { "UT", 0 }, { "UTC", 0 }, { "Z", 0 },
};

static const char *const date_months[] = {
	"jan", "feb", "mar", "apr", "may", "jun",
	"jul", "aug", "sep", "oct", "nov", "dec",
};

static const char *const date_wdays[] = {
	"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat",
};

static int
date_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
date_mdays(int y, int m)
{
	static const int days[] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};

	return m == 2 && date_leap(y) ? 29 : days[m - 1];
}

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
 * days_from_civil). */
time_t
date_timegm(int year, int mon, int mday, int hour, int min, int sec)
{
	long long	 y, era, yoe, doy, doe, days;

	if (year < DATE_YEAR_MIN || year > DATE_YEAR_MAX || mon < 1 ||
	    mon > 12 || mday < 1 || mday > date_mdays(year, mon) ||
	    hour < 0 || hour > 24 || min < 0 || min > 59 || sec < 0 || sec > 60)
		return -1;
	y = year - (mon <= 2);
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (mon + (mon > 2 ? -3 : 9)) + 2) / 5 + mday - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	days = era * 146097 + doe - 719468;
	return (time_t)(days * 86400 + hour * 3600 + min * 60 + sec);
}

/* Reads exactly n digits; -1 if they are not there. */
static int
date_digits(const char **sp, int n)
{
	const char	*s = *sp;
	int		 v = 0, i;

	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*sp = s + n;
	return v;
}

/* Reads 1..max digits; -1 if there are none. */
static int
date_number(const char **sp, int max, int *ndigits)
{
	const char	*s = *sp;
	int		 v = 0, n = 0;

	while (n < max && isdigit((unsigned char)s[n])) {
		v = v * 10 + (s[n] - '0');
		n++;
	}
	if (n == 0 || isdigit((unsigned char)s[n]))
		return -1;
	*sp = s + n;
	if (ndigits != NULL)
		*ndigits = n;
	return v;
}

static void
date_skip_space(const char **sp)
{
	while (isspace((unsigned char)**sp))
		(*sp)++;
}

static time_t
date_result(const struct date_fields *f)
{
	time_t	 t;
	int	 sec = f->sec == 60 ? 59 : f->sec;

	if (f->hour == 24 && (f->min != 0 || sec != 0))
		return DATE_NONE;
	t = date_timegm(f->year, f->mon, f->mday, f->hour, f->min, sec);
	if (t == -1)
		return DATE_NONE;
	return t - f->off;
}

/* "Z", "+hh:mm", "+hhmm", "+hh"; *sp advanced; -1 when absent or bad. */
static int
date_iso_offset(const char **sp, int *off)
{
	const char	*s = *sp;
	int		 sign, h, m = 0;

	if (*s == 'Z' || *s == 'z') {
		*off = 0;
		*sp = s + 1;
		return 0;
	}
	if (*s != '+' && *s != '-')
		return -1;
	sign = *s++ == '-' ? -1 : 1;
	if ((h = date_digits(&s, 2)) == -1)
		return -1;
	if (*s == ':')
		s++;
	if (isdigit((unsigned char)*s) && (m = date_digits(&s, 2)) == -1)
		return -1;
	if (h > 23 || m > 59)
		return -1;
	*off = sign * (h * 3600 + m * 60);
	*sp = s;
	return 0;
}

/* RFC 3339 / W3C-DTF: YYYY[-MM[-DD[(T| )hh:mm[:ss[.f]][zone]]]]. */
static time_t
date_parse_iso(const char *s)
{
	struct date_fields	 f = { 0, 1, 1, 0, 0, 0, 0 };

	if ((f.year = date_digits(&s, 4)) == -1)
		return DATE_NONE;
	if (*s == '-') {
		s++;
		if ((f.mon = date_digits(&s, 2)) == -1)
			return DATE_NONE;
		if (*s == '-') {
			s++;
			if ((f.mday = date_digits(&s, 2)) == -1)
				return DATE_NONE;
		}
	}
	if ((*s == 'T' || *s == 't' || *s == ' ') &&
	    isdigit((unsigned char)s[1])) {
		s++;
		if ((f.hour = date_digits(&s, 2)) == -1 || *s++ != ':' ||
		    (f.min = date_digits(&s, 2)) == -1)
			return DATE_NONE;
		if (*s == ':') {
			s++;
			if ((f.sec = date_digits(&s, 2)) == -1)
				return DATE_NONE;
			if (*s == '.' || *s == ',') {
				s++;
				while (isdigit((unsigned char)*s))
					s++;
			}
		}
		date_skip_space(&s);
		if (*s != '\0' && date_iso_offset(&s, &f.off) == -1)
			return DATE_NONE;
	}
	date_skip_space(&s);
	if (*s != '\0')
		return DATE_NONE;
	return date_result(&f);
}

static int
date_month(const char *w, size_t n)
{
	size_t	 i;

	if (n < 3)
		return -1;
	for (i = 0; i < 12; i++)
		if (strncasecmp(w, date_months[i], 3) == 0)
			return (int)i + 1;
	return -1;
}

/* A named zone, a military letter or a numeric offset; absent means UTC.
 * Anything after the zone (a comment such as "(PDT)", junk) is ignored. */
static int
date_rfc822_zone(const char *s, int *off)
{
	const char	*w;
	size_t		 n, i;
	int		 c;

	date_skip_space(&s);
	*off = 0;
	if (*s == '+' || *s == '-')
		return date_iso_offset(&s, off);
	for (w = s; isalpha((unsigned char)*s); s++)
		;
	n = (size_t)(s - w);
	if (n == 0)
		return 0;
	for (i = 0; i < sizeof(date_zones) / sizeof(date_zones[0]); i++) {
		if (strlen(date_zones[i].name) == n &&
		    strncasecmp(w, date_zones[i].name, n) == 0) {
			*off = date_zones[i].hours * 3600;
			/* "GMT+0200" */
			if (*s == '+' || *s == '-')
				return date_iso_offset(&s, off);
			return 0;
		}
	}
	if (n == 1) {
		c = toupper((unsigned char)*w);
		if (c >= 'A' && c <= 'I')
			*off = -(c - 'A' + 1) * 3600;
		else if (c >= 'K' && c <= 'M')
			*off = -(c - 'K' + 10) * 3600;
		else if (c >= 'N' && c <= 'Y')
			*off = (c - 'N' + 1) * 3600;
		return 0;
	}
	/* An unknown zone name: treat as UTC rather than lose the date. */
	return 0;
}

static int
date_rfc822_time(const char **sp, struct date_fields *f)
{
	const char	*s = *sp;

	if ((f->hour = date_number(&s, 2, NULL)) == -1 || *s++ != ':' ||
	    (f->min = date_digits(&s, 2)) == -1)
		return -1;
	if (*s == ':') {
		s++;
		if ((f->sec = date_digits(&s, 2)) == -1)
			return -1;
	}
	*sp = s;
	return 0;
}

static int
date_rfc822_year(const char **sp, struct date_fields *f)
{
	int	 n;

	if ((f->year = date_number(sp, 4, &n)) == -1 || n == 3 || n == 1)
		return -1;
	if (n == 2)
		f->year += f->year < DATE_PIVOT_YY ? 2000 : 1900;
	return 0;
}

/* Skips a word that is not a month (a weekday, right or wrong) and its
 * punctuation; returns the month if the word was one, else 0. */
static int
date_rfc822_word(const char **sp)
{
	const char	*s = *sp, *w;
	int		 m;

	for (w = s; isalpha((unsigned char)*s); s++)
		;
	m = date_month(w, (size_t)(s - w));
	while (*s == ',' || *s == '.' || isspace((unsigned char)*s))
		s++;
	*sp = s;
	return m == -1 ? 0 : m;
}

/*
 * RFC 822/1123: [wday,] DD Mon YYYY hh:mm[:ss] [zone], and asctime's
 * "Wdy Mon DD hh:mm:ss YYYY" which some feeds emit.
 */
static time_t
date_parse_rfc822(const char *s)
{
	struct date_fields	 f = { 0, 0, 0, 0, 0, 0, 0 };

	date_skip_space(&s);
	if (isalpha((unsigned char)*s))
		f.mon = date_rfc822_word(&s);
	if (f.mon == 0 && isalpha((unsigned char)*s))
		f.mon = date_rfc822_word(&s);
	if (f.mon != 0) {
		/* asctime order, or "Mon DD, YYYY hh:mm" */
		if ((f.mday = date_number(&s, 2, NULL)) == -1)
			return DATE_NONE;
		while (*s == ',' || isspace((unsigned char)*s))
			s++;
		if (date_rfc822_time(&s, &f) == 0) {
			date_skip_space(&s);
			if (date_rfc822_year(&s, &f) == -1)
				return DATE_NONE;
			return date_result(&f);
		}
		if (date_rfc822_year(&s, &f) == -1)
			return DATE_NONE;
	} else {
		if ((f.mday = date_number(&s, 2, NULL)) == -1)
			return DATE_NONE;
		while (*s == '-' || isspace((unsigned char)*s))
			s++;
		if ((f.mon = date_rfc822_word(&s)) == 0)
			return DATE_NONE;
		while (*s == '-')
			s++;
		if (date_rfc822_year(&s, &f) == -1)
			return DATE_NONE;
	}
	date_skip_space(&s);
	if (*s == '\0')
		return date_result(&f);
	if (date_rfc822_time(&s, &f) == -1 ||
	    date_rfc822_zone(s, &f.off) == -1)
		return DATE_NONE;
	return date_result(&f);
}

time_t
date_parse(const char *s)
{
	if (s == NULL)
		return DATE_NONE;
	date_skip_space(&s);
	if (isdigit((unsigned char)s[0]) && isdigit((unsigned char)s[1]) &&
	    isdigit((unsigned char)s[2]) && isdigit((unsigned char)s[3]))
		return date_parse_iso(s);
	return date_parse_rfc822(s);
}

static void
date_split(time_t t, struct date_fields *f, int *wday)
{
	long long	 days = (long long)t / 86400, secs = (long long)t % 86400;
	long long	 era, doe, yoe, doy, mp, y;

	if (secs < 0) {
		secs += 86400;
		days--;
	}
	*wday = (int)((days % 7 + 11) % 7);	/* 1970-01-01 was a Thursday */
	days += 719468;
	era = (days >= 0 ? days : days - 146096) / 146097;
	doe = days - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	f->mday = (int)(doy - (153 * mp + 2) / 5 + 1);
	f->mon = (int)(mp < 10 ? mp + 3 : mp - 9);
	f->year = (int)(y + (f->mon <= 2));
	f->hour = (int)(secs / 3600);
	f->min = (int)(secs / 60 % 60);
	f->sec = (int)(secs % 60);
	f->off = 0;
}

void
date_format_iso(time_t t, char out[DATE_ISO_LEN])
{
	struct date_fields	 f;
	int			 wday;

	date_split(t, &f, &wday);
	if (f.year < 0 || f.year > DATE_YEAR_MAX)
		f = (struct date_fields){ 1970, 1, 1, 0, 0, 0, 0 };
	snprintf(out, DATE_ISO_LEN, "%04d-%02d-%02dT%02d:%02d:%02dZ",
	    f.year, f.mon, f.mday, f.hour, f.min, f.sec);
}

void
date_format_http(time_t t, char out[DATE_HTTP_LEN])
{
	static const char *const mon[] = {
		"Jan", "Feb", "Mar", "Apr", "May", "Jun",
		"Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
	};
	struct date_fields	 f;
	int			 wday;

	date_split(t, &f, &wday);
	if (f.year < 0 || f.year > DATE_YEAR_MAX) {
		f = (struct date_fields){ 1970, 1, 1, 0, 0, 0, 0 };
		wday = 4;
	}
	snprintf(out, DATE_HTTP_LEN, "%s, %02d %s %04d %02d:%02d:%02d GMT",
	    date_wdays[wday], f.mday, mon[f.mon - 1], f.year, f.hour, f.min,
	    f.sec);
}
