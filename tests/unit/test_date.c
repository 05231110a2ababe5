/*
 * test_date.c — date_parse() against the dates feeds really write, and
 * the two formatters.  want is the UTC result in ISO form, or NULL when
 * the input must be refused (DATE_NONE).
 */
#include <stdio.h>
#include <string.h>

#include "date.h"
#include "feed.h"
#include "unit.h"

static const struct {
	const char	*in;
	const char	*want;
} cases[] = {
	/* RFC 822 / 1123 */
	{ "Sun, 06 Nov 1994 08:49:37 GMT",	"1994-11-06T08:49:37Z" },
	{ "Sun, 6 Nov 1994 08:49:37 GMT",	"1994-11-06T08:49:37Z" },
	{ "Tue, 10 Jun 2003 04:00:00 +0000",	"2003-06-10T04:00:00Z" },
	{ "Tue, 10 Jun 2003 04:00:00 +0200",	"2003-06-10T02:00:00Z" },
	{ "Tue, 10 Jun 2003 04:00:00 -0530",	"2003-06-10T09:30:00Z" },
	{ "Tue, 10 Jun 2003 04:00:00 +02:00",	"2003-06-10T02:00:00Z" },
	{ "Tue, 10 Jun 2003 04:00:00 EST",	"2003-06-10T09:00:00Z" },
	{ "Tue, 10 Jun 2003 04:00:00 EDT",	"2003-06-10T08:00:00Z" },
	{ "Tue, 10 Jun 2003 04:00:00 CST",	"2003-06-10T10:00:00Z" },
	{ "Tue, 10 Jun 2003 04:00:00 CDT",	"2003-06-10T09:00:00Z" },
	{ "Tue, 10 Jun 2003 04:00:00 MST",	"2003-06-10T11:00:00Z" },
	{ "Tue, 10 Jun 2003 04:00:00 MDT",	"2003-06-10T10:00:00Z" },
	{ "Tue, 10 Jun 2003 04:00:00 PST",	"2003-06-10T12:00:00Z" },
	{ "Tue, 10 Jun 2003 04:00:00 PDT",	"2003-06-10T11:00:00Z" },
	{ "Tue, 10 Jun 2003 04:00:00 UT",	"2003-06-10T04:00:00Z" },
	{ "Tue, 10 Jun 2003 04:00:00 Z",	"2003-06-10T04:00:00Z" },
	{ "Tue, 10 Jun 2003 04:00:00 A",	"2003-06-10T05:00:00Z" },
	{ "Tue, 10 Jun 2003 04:00:00 N",	"2003-06-10T03:00:00Z" },
	{ "Tue, 10 Jun 2003 04:00:00 gmt",	"2003-06-10T04:00:00Z" },
	{ "Tue, 10 Jun 2003 04:00:00",		"2003-06-10T04:00:00Z" },
	{ "Tue, 10 Jun 2003 04:00 GMT",		"2003-06-10T04:00:00Z" },
	{ "10 Jun 2003 04:00:00 GMT",		"2003-06-10T04:00:00Z" },
	{ "Fri, 10 Jun 2003 04:00:00 GMT",	"2003-06-10T04:00:00Z" },
	{ "Tuesday, 10 June 2003 04:00:00 GMT",	"2003-06-10T04:00:00Z" },
	{ "Tue, 10 Jun 03 04:00:00 GMT",	"2003-06-10T04:00:00Z" },
	{ "Thu, 01 Jan 98 00:00:00 GMT",	"1998-01-01T00:00:00Z" },
	{ "Tue,10 Jun 2003 04:00:00 GMT",	"2003-06-10T04:00:00Z" },
	{ "  Tue, 10 Jun 2003 04:00:00 GMT  ",	"2003-06-10T04:00:00Z" },
	{ "Tue, 10 Jun 2003 04:00:00 -0700 (PDT)", "2003-06-10T11:00:00Z" },
	{ "Tue, 10 Jun 2003 04:00:00 GMT+0200",	"2003-06-10T02:00:00Z" },
	{ "Tue, 10 Jun 2003",			"2003-06-10T00:00:00Z" },
	{ "10-Jun-2003 04:00:00 GMT",		"2003-06-10T04:00:00Z" },
	{ "Tue Jun 10 04:00:00 2003",		"2003-06-10T04:00:00Z" },
	{ "Wed, 29 Feb 2012 12:00:00 GMT",	"2012-02-29T12:00:00Z" },
	/* RFC 3339 / W3C-DTF */
	{ "2003-12-13T18:30:02Z",		"2003-12-13T18:30:02Z" },
	{ "2003-12-13T18:30:02.25Z",		"2003-12-13T18:30:02Z" },
	{ "2003-12-13T18:30:02+01:00",		"2003-12-13T17:30:02Z" },
	{ "2003-12-13T18:30:02-05:00",		"2003-12-13T23:30:02Z" },
	{ "2003-12-13T18:30:02.123456-0500",	"2003-12-13T23:30:02Z" },
	{ "2003-12-13T18:30Z",			"2003-12-13T18:30:00Z" },
	{ "2003-12-13t18:30:02z",		"2003-12-13T18:30:02Z" },
	{ "2003-12-13 18:30:02",		"2003-12-13T18:30:02Z" },
	{ "2003-12-13T18:30:02",		"2003-12-13T18:30:02Z" },
	{ "2003-12-13",				"2003-12-13T00:00:00Z" },
	{ "2003-12",				"2003-12-01T00:00:00Z" },
	{ "2003",				"2003-01-01T00:00:00Z" },
	{ "2016-12-31T23:59:60Z",		"2016-12-31T23:59:59Z" },
	{ "1970-01-01T00:00:01Z",		"1970-01-01T00:00:01Z" },
	/* refused */
	{ "",					NULL },
	{ NULL,					NULL },
	{ "yesterday",				NULL },
	{ "Tue, 32 Jun 2003 04:00:00 GMT",	NULL },
	{ "Tue, 10 Foo 2003 04:00:00 GMT",	NULL },
	{ "Tue, 10 Jun 2003 25:00:00 GMT",	NULL },
	{ "Tue, 10 Jun 2003 04:61:00 GMT",	NULL },
	{ "Sat, 29 Feb 2003 00:00:00 GMT",	NULL },
	{ "2003-13-01",				NULL },
	{ "2003-02-30T00:00:00Z",		NULL },
	{ "2003-12-13T18:30:02+25:00",		NULL },
	{ "2003-12-13T18:30:02 junk",		NULL },
	{ "2003-1-13",				NULL },
	{ "0000-00-00T00:00:00Z",		NULL },
	{ "Tue, 10 Jun 203 04:00:00 GMT",	NULL },
	{ "12345",				NULL },
};

int
main(void)
{
	char		 got[DATE_ISO_LEN], what[160], http[DATE_HTTP_LEN];
	time_t		 t;
	size_t		 i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		t = date_parse(cases[i].in);
		snprintf(what, sizeof(what), "date_parse \"%s\"",
		    cases[i].in ? cases[i].in : "(null)");
		if (t == DATE_NONE) {
			CHECK_STR(NULL, cases[i].want, what);
			continue;
		}
		date_format_iso(t, got);
		CHECK_STR(got, cases[i].want, what);
	}

	CHECK_INT(date_timegm(1970, 1, 1, 0, 0, 0), 0, "timegm epoch");
	CHECK_INT(date_timegm(2000, 3, 1, 0, 0, 0), 951868800,
	    "timegm 2000-03-01");
	CHECK_INT(date_timegm(2001, 2, 29, 0, 0, 0), -1,
	    "timegm refuses 2001-02-29");
	CHECK_INT(date_timegm(2003, 0, 1, 0, 0, 0), -1, "timegm refuses month 0");

	date_format_http(784111777, http);
	CHECK_STR(http, "Sun, 06 Nov 1994 08:49:37 GMT", "format_http");
	date_format_http(date_parse("2024-02-29T23:59:59Z"), http);
	CHECK_STR(http, "Thu, 29 Feb 2024 23:59:59 GMT", "format_http leap day");
	date_format_iso(951868800, got);
	CHECK_STR(got, "2000-03-01T00:00:00Z", "format_iso");
	return unit_done();
}
