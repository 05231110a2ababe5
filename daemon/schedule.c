/*
 * schedule.c — when to poll a feed next (see schedule.h).
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "date.h"
#include "feed.h"
#include "schedule.h"

/* Doubling stops here: 2^20 intervals is beyond any sane cap anyway. */
#define SCHED_MAX_DOUBLINGS	20

static long
sched_clamp(long v, long lo, long hi)
{
	if (hi > 0 && v > hi)
		v = hi;
	if (v < lo)
		v = lo;
	return v;
}

/* d stretched or shrunk by up to SCHED_JITTER_PCT percent. */
static long
sched_jitter(long d, double r)
{
	double	 f = 1.0 + (2.0 * r - 1.0) * SCHED_JITTER_PCT / 100.0;
	double	 v = (double)d * f;

	return v >= (double)LONG_MAX ? LONG_MAX : (long)(v + 0.5);
}

long
sched_after_ok(const struct sched_conf *c, long hint, double r)
{
	long	 d = c->interval > hint ? c->interval : hint;

	d = sched_clamp(d, c->floor, c->ceiling);
	return sched_clamp(sched_jitter(d, r), c->floor, c->ceiling);
}

long
sched_after_error(const struct sched_conf *c, long errors, double r)
{
	long	 base, d, cap;
	int	 i;

	base = sched_clamp(c->interval, c->floor, c->ceiling);
	cap = c->backoff_max > base ? c->backoff_max : base;
	d = base;
	for (i = 1; i < errors && i < SCHED_MAX_DOUBLINGS && d < cap; i++)
		d = d > LONG_MAX / 2 ? LONG_MAX : d * 2;
	if (d > cap)
		d = cap;
	return sched_clamp(sched_jitter(d, r), c->floor, cap);
}

long
sched_after_retry(const struct sched_conf *c, long retry)
{
	long	 hi = c->ceiling > c->backoff_max ? c->ceiling : c->backoff_max;

	return sched_clamp(retry, c->floor, hi);
}

time_t
sched_skip(time_t t, uint32_t hours, uint8_t days)
{
	struct tm	 tm;
	time_t		 u = t;
	int		 i;

	hours &= 0xffffff;
	days &= 0x7f;
	if ((hours & 0xffffff) == 0xffffff || days == 0x7f)
		return t;
	/* A week of hours is enough to find a free one. */
	for (i = 0; i < 24 * 8; i++) {
		if (gmtime_r(&u, &tm) == NULL)
			return t;
		if (!(days & (1u << tm.tm_wday)) &&
		    !(hours & (1u << tm.tm_hour)))
			return u;
		/* the start of the next hour */
		u += 3600 - (u % 3600 + 3600) % 3600;
	}
	return t;
}

/* A non-negative decimal number of seconds filling s; -1 if not one. */
static long
sched_seconds(const char *s, size_t n)
{
	long	 v = 0;
	size_t	 i;

	if (n == 0)
		return -1;
	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		if (v > (LONG_MAX - 9) / 10)
			return LONG_MAX;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

long
sched_retry_after(const char *value, time_t now)
{
	time_t	 t;
	size_t	 n;

	if (value == NULL)
		return -1;
	value += strspn(value, " \t");
	n = strlen(value);
	while (n > 0 && isspace((unsigned char)value[n - 1]))
		n--;
	if (n > 0 && isdigit((unsigned char)value[0]))
		return sched_seconds(value, n);
	if ((t = date_parse(value)) == DATE_NONE)
		return -1;
	return t > now ? (long)(t - now) : 0;
}

/* max-age=N in a Cache-Control value, or -1. */
static long
sched_max_age(const char *cc)
{
	const char	*p = cc;
	size_t		 n;

	while (p != NULL && *p) {
		p += strspn(p, " \t,");
		if (strncasecmp(p, "max-age", 7) == 0) {
			p += 7;
			p += strspn(p, " \t");
			if (*p++ != '=')
				return -1;
			if (*p == '"')
				p++;
			n = strspn(p, "0123456789");
			return sched_seconds(p, n);
		}
		p = strchr(p, ',');
	}
	return -1;
}

long
sched_http_hint(const char *cache_control, const char *expires, time_t now)
{
	time_t	 t;
	long	 age;

	if (cache_control != NULL && (age = sched_max_age(cache_control)) >= 0)
		return age;
	if (expires == NULL || (t = date_parse(expires)) == DATE_NONE)
		return 0;
	return t > now ? (long)(t - now) : 0;
}

long
sched_sy_period(const char *period, const char *frequency)
{
	static const struct { const char *name; long secs; } periods[] = {
		{ "hourly", 3600 }, { "daily", 86400 },
		{ "weekly", 7 * 86400 }, { "monthly", 30 * 86400 },
		{ "yearly", 365 * 86400 },
	};
	long	 secs = 0, freq = 1;
	size_t	 i;

	if (period == NULL)
		return 0;
	period += strspn(period, " \t\r\n");
	for (i = 0; i < sizeof(periods) / sizeof(periods[0]); i++)
		if (strncasecmp(period, periods[i].name,
		    strlen(periods[i].name)) == 0)
			secs = periods[i].secs;
	if (frequency != NULL) {
		frequency += strspn(frequency, " \t\r\n");
		freq = sched_seconds(frequency, strspn(frequency,
		    "0123456789"));
		if (freq <= 0)
			freq = 1;
	}
	return secs / freq;
}

double
sched_random(void)
{
	static bool		 seeded;
	static unsigned short	 state[3];
	struct timespec		 ts;

	if (!seeded) {
		clock_gettime(CLOCK_REALTIME, &ts);
		state[0] = (unsigned short)ts.tv_nsec;
		state[1] = (unsigned short)(ts.tv_nsec >> 16);
		state[2] = (unsigned short)(getpid() ^ ts.tv_sec);
		seeded = true;
	}
	return erand48(state);
}
