/*
 * schedule.h — when to poll a feed next: pure arithmetic, no clock, no I/O.
 *
 * After a success the delay is the configured interval, stretched to the
 * publisher's hint when that asks for less (RSS ttl, sy:updatePeriod,
 * Cache-Control max-age, Expires), kept between the floor and ceiling,
 * with +-SCHED_JITTER_PCT percent of jitter so that feeds configured
 * alike do not poll in lock-step.  After the Nth consecutive failure it
 * is the interval doubled N-1 times, capped at backoff_max, with the
 * same jitter.  The caller passes r, a uniform random number in [0, 1),
 * so every result can be checked by a test.
 *
 * Retry-After and the HTTP freshness headers are read here too; they
 * return seconds from now, -1 (or 0 for a hint) when absent or unusable.
 */
#ifndef FEEDD_SCHEDULE_H
#define FEEDD_SCHEDULE_H

#include <stdint.h>
#include <time.h>

#define SCHED_JITTER_PCT	10

struct sched_conf {
	long	 interval;	/* configured, seconds */
	long	 floor;		/* no poll sooner than this after the last */
	long	 ceiling;	/* no success waits longer than this */
	long	 backoff_max;	/* no failure waits longer than this */
};

/* Seconds to wait after a good poll; hint is the publisher's, 0 if none. */
long	 sched_after_ok(const struct sched_conf *, long hint, double r);
/* Seconds to wait after the errors-th consecutive failure (errors >= 1). */
long	 sched_after_error(const struct sched_conf *, long errors, double r);
/* Seconds to wait for a Retry-After of retry seconds: never jittered
 * early, kept between the floor and the larger of ceiling and backoff_max. */
long	 sched_after_retry(const struct sched_conf *, long retry);
/*
 * The first time at or after t (wall clock, UTC) that is in neither a
 * skipped hour (bit h of hours: hour h, 0-23) nor a skipped day (bit d of
 * days: 0 = Sunday).  When everything is skipped, t itself.
 */
time_t	 sched_skip(time_t t, uint32_t hours, uint8_t days);
/* Retry-After (RFC 9110 10.2.3): delay-seconds or an HTTP-date.
 * Returns seconds from now (0 for a date past), or -1. */
long	 sched_retry_after(const char *value, time_t now);
/* Freshness the response grants: Cache-Control max-age (s-maxage
 * ignored: we are no shared cache), else Expires.  0 when none. */
long	 sched_http_hint(const char *cache_control, const char *expires,
	    time_t now);
/* sy:updatePeriod and sy:updateFrequency as seconds, 0 if unusable. */
long	 sched_sy_period(const char *period, const char *frequency);
/* A uniform random number in [0, 1), seeded once per process. */
double	 sched_random(void);

#endif
