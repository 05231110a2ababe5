/*
 * test_schedule.c — next poll times: hints within floor and ceiling, jitter
 * bounds, the backoff schedule and its cap, Retry-After in both forms,
 * Cache-Control and Expires, sy:update*, skipHours and skipDays, and
 * the hints hint.c reads from documents.
 */
#include <stdint.h>
#include <time.h>

#include "date.h"
#include "feed.h"
#include "parse.h"
#include "schedule.h"
#include "unit.h"

/* 2026-11-02 10:00:00 UTC, a Monday. */
#define MONDAY10	((time_t)1793613600)

static void
test_after_ok(void)
{
	struct sched_conf	 c = { 1800, 60, 86400, 6 * 3600 };
	long			 lo = 1800, hi = 1800, d;
	int			 i;

	CHECK_INT(sched_after_ok(&c, 0, 0.5), 1800, "interval, mid jitter");
	CHECK_INT(sched_after_ok(&c, 0, 0.0), 1620, "jitter -10%");
	CHECK_INT(sched_after_ok(&c, 600, 0.5), 1800,
	    "a hint shorter than the interval is not a reason to poll more");
	CHECK_INT(sched_after_ok(&c, 7200, 0.5), 7200, "ttl of 2h honoured");
	CHECK_INT(sched_after_ok(&c, 30 * 86400, 0.5), 86400,
	    "a month's hint held at the ceiling");
	CHECK_INT(sched_after_ok(&c, 30 * 86400, 0.99), 86400,
	    "jitter never passes the ceiling");
	c.interval = 10;
	CHECK_INT(sched_after_ok(&c, 0, 0.0), 60, "interval raised to the floor");
	c.interval = 1800;
	for (i = 0; i < 1000; i++) {
		d = sched_after_ok(&c, 0, sched_random());
		if (d < lo)
			lo = d;
		if (d > hi)
			hi = d;
	}
	CHECK(lo >= 1620 && hi <= 1980 && hi - lo > 200,
	    "random jitter spreads within +-10%");
}

static void
test_backoff(void)
{
	struct sched_conf	 c = { 60, 1, 86400, 600 };

	CHECK_INT(sched_after_error(&c, 1, 0.5), 60, "1st failure: interval");
	CHECK_INT(sched_after_error(&c, 2, 0.5), 120, "2nd: doubled");
	CHECK_INT(sched_after_error(&c, 3, 0.5), 240, "3rd: doubled again");
	CHECK_INT(sched_after_error(&c, 4, 0.5), 480, "4th");
	CHECK_INT(sched_after_error(&c, 5, 0.5), 600, "5th: at the cap");
	CHECK_INT(sched_after_error(&c, 500, 0.99), 600,
	    "jitter never passes the cap");
	CHECK_INT(sched_after_error(&c, 3, 0.0), 216, "jitter -10% on 240");
	c.backoff_max = 10;
	CHECK_INT(sched_after_error(&c, 9, 0.5), 60,
	    "a cap below the interval never polls sooner than the interval");
}

static void
test_retry_after(void)
{
	struct sched_conf	 c = { 60, 5, 3600, 86400 };
	char			 d[DATE_HTTP_LEN];

	CHECK_INT(sched_retry_after("120", MONDAY10), 120, "delay-seconds");
	CHECK_INT(sched_retry_after(" 7 ", MONDAY10), 7, "with spaces");
	date_format_http(MONDAY10 + 90, d);
	CHECK_INT(sched_retry_after(d, MONDAY10), 90, "HTTP-date");
	date_format_http(MONDAY10 - 90, d);
	CHECK_INT(sched_retry_after(d, MONDAY10), 0, "a date past is now");
	CHECK_INT(sched_retry_after("soon", MONDAY10), -1, "junk");
	CHECK_INT(sched_retry_after("-5", MONDAY10), -1, "negative");
	CHECK_INT(sched_retry_after(NULL, MONDAY10), -1, "absent");
	CHECK_INT(sched_after_retry(&c, 2), 5, "held at the floor");
	CHECK_INT(sched_after_retry(&c, 7200), 7200, "beyond the ceiling: "
	    "backoff_max bounds it");
	CHECK_INT(sched_after_retry(&c, 10 * 86400), 86400, "and caps it");
}

static void
test_http_hint(void)
{
	char	 d[DATE_HTTP_LEN];

	CHECK_INT(sched_http_hint("public, max-age=900", NULL, MONDAY10), 900,
	    "max-age");
	CHECK_INT(sched_http_hint("s-maxage=5, max-age=\"60\"", NULL,
	    MONDAY10), 60, "s-maxage skipped, quoted max-age");
	date_format_http(MONDAY10 + 3600, d);
	CHECK_INT(sched_http_hint("no-cache", d, MONDAY10), 3600,
	    "Expires when no max-age");
	CHECK_INT(sched_http_hint("max-age=10", d, MONDAY10), 10,
	    "max-age wins over Expires");
	CHECK_INT(sched_http_hint(NULL, "0", MONDAY10), 0, "Expires: 0");
	CHECK_INT(sched_http_hint(NULL, NULL, MONDAY10), 0, "none");
}

static void
test_sy(void)
{
	CHECK_INT(sched_sy_period("hourly", NULL), 3600, "hourly");
	CHECK_INT(sched_sy_period("daily", "4"), 21600, "daily, 4 times");
	CHECK_INT(sched_sy_period(" weekly\n", "0"), 7 * 86400,
	    "frequency 0 read as 1");
	CHECK_INT(sched_sy_period("sometimes", "2"), 0, "unknown period");
	CHECK_INT(sched_sy_period(NULL, "2"), 0, "no period");
}

static void
test_skip(void)
{
	uint32_t	 night = 0;
	int		 h;

	for (h = 0; h < 6; h++)
		night |= 1u << h;
	CHECK_INT(sched_skip(MONDAY10, night, 0), MONDAY10, "10h not skipped");
	CHECK_INT(sched_skip(MONDAY10 - 8 * 3600 + 120, night, 0),
	    MONDAY10 - 4 * 3600, "02:02 waits for 06:00");
	CHECK_INT(sched_skip(MONDAY10, 0, 1u << 1), MONDAY10 + 14 * 3600,
	    "Monday skipped: Tuesday 00:00");
	CHECK_INT(sched_skip(MONDAY10, 0, 1u << 1 | 1u << 2),
	    MONDAY10 + 38 * 3600, "Monday and Tuesday skipped");
	CHECK_INT(sched_skip(MONDAY10, 0xffffff, 0), MONDAY10,
	    "every hour skipped: ignored");
	CHECK_INT(sched_skip(MONDAY10 + 14 * 3600 + 1800, night, 1u << 2),
	    MONDAY10 + 44 * 3600, "Tuesday 00:30, Tuesday and nights "
	    "skipped: Wednesday 06:00");
}

struct hint_case {
	const char	*name;
	const char	*doc;
	long		 hint;
	uint32_t	 hours;
	uint8_t		 days;
};

/* hint.c through parse_feed: what documents say about polling. */
static void
test_hints(void)
{
	static const struct hint_case cases[] = {
		{ "rss ttl", "<rss version=\"2.0\"><channel><title>t</title>"
		  "<ttl> 90 </ttl></channel></rss>", 5400, 0, 0 },
		{ "skipHours and skipDays", "<rss version=\"2.0\"><channel>"
		  "<title>t</title><skipHours><hour>0</hour><hour>5</hour>"
		  "<hour>24</hour><hour>x</hour></skipHours><skipDays>"
		  "<day>Sunday</day><day> saturday </day><day>Funday</day>"
		  "</skipDays></channel></rss>", 0, 1u | 1u << 5, 1u | 1u << 6 },
		{ "sy: in RSS 1.0", "<rdf:RDF xmlns:rdf=\"http://www.w3.org/"
		  "1999/02/22-rdf-syntax-ns#\" xmlns=\"http://purl.org/rss/"
		  "1.0/\" xmlns:sy=\"http://purl.org/rss/1.0/modules/"
		  "syndication/\"><channel rdf:about=\"x\"><title>t</title>"
		  "<sy:updatePeriod>daily</sy:updatePeriod><sy:updateFrequency>"
		  "2</sy:updateFrequency></channel></rdf:RDF>", 43200, 0, 0 },
		{ "the larger of ttl and sy", "<rss version=\"2.0\" xmlns:sy="
		  "\"http://purl.org/rss/1.0/modules/syndication/\"><channel>"
		  "<title>t</title><ttl>60</ttl><sy:updatePeriod>hourly"
		  "</sy:updatePeriod></channel></rss>", 3600, 0, 0 },
		{ "bad ttl ignored", "<rss version=\"2.0\"><channel><title>t"
		  "</title><ttl>soon</ttl></channel></rss>", 0, 0, 0 },
		{ "atom has none", "<feed xmlns=\"http://www.w3.org/2005/Atom\">"
		  "<title>t</title><ttl>60</ttl></feed>", 0, 0, 0 },
	};
	struct feed_doc	 doc;
	char		 err[256], what[128];
	size_t		 i;

	parse_init();
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		feed_doc_init(&doc, "http://example.org/feed");
		snprintf(what, sizeof(what), "%s: parsed", cases[i].name);
		CHECK(parse_feed(cases[i].doc, strlen(cases[i].doc),
		    doc.url, NULL, &doc, err, sizeof(err)) == 0, what);
		snprintf(what, sizeof(what), "%s: hint", cases[i].name);
		CHECK_INT(doc.hint, cases[i].hint, what);
		snprintf(what, sizeof(what), "%s: skip hours", cases[i].name);
		CHECK_INT(doc.skip_hours, cases[i].hours, what);
		snprintf(what, sizeof(what), "%s: skip days", cases[i].name);
		CHECK_INT(doc.skip_days, cases[i].days, what);
		feed_doc_free(&doc);
	}
	parse_cleanup();
}

int
main(void)
{
	test_after_ok();
	test_backoff();
	test_retry_after();
	test_http_hint();
	test_sy();
	test_skip();
	test_hints();
	return unit_done();
}
