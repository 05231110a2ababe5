/* test_conf.c — feeds.conf: values, defaults, units and every error. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"
#include "unit.h"

static char dir[] = "/tmp/feedd-conf.XXXXXX";

/* Writes text to dir/name and loads it; errors go to *msgs. */
static int
load(const char *name, const char *text, struct conf *c, char **msgs)
{
	char	 path[256];
	FILE	*fp, *err;
	size_t	 len;
	int	 n;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((fp = fopen(path, "w")) == NULL)
		return -1;
	fputs(text, fp);
	fclose(fp);
	err = open_memstream(msgs, &len);
	n = conf_load(path, c, err);
	fclose(err);
	return n;
}

static const struct {
	const char	*in;
	long		 secs;
} durations[] = {
	{ "30", 30 }, { "30s", 30 }, { "5m", 300 }, { "1h", 3600 },
	{ "2d", 172800 }, { "0", 0 }, { "", -1 }, { "m", -1 }, { "5x", -1 },
	{ "5mm", -1 }, { "-5", -1 }, { " 5", -1 }, { "99999999999999999999", -1 },
};

static const struct {
	const char	*in;
	long		 bytes;
} sizes[] = {
	{ "512", 512 }, { "64k", 65536 }, { "64K", 65536 },
	{ "10M", 10485760 }, { "1G", 1073741824 }, { "1T", -1 }, { "k", -1 },
};

static const struct {
	const char	*text;
	const char	*want;		/* substring of the messages */
} bad[] = {
	{ "[feedd]\ninterval = 5x\n", ":2: interval: not a duration" },
	{ "[feedd]\nmax_items = 0\n", ":2: max_items: 0 out of range" },
	{ "[feedd]\nlisten = nowhere\n", ":2: listen: want host:port" },
	{ "[feedd]\nlisten = h:70000\n", ":2: listen: want host:port" },
	{ "[feedd]\nnope = 1\n", ":2: unknown key 'nope'" },
	{ "[feedd]\ntitle = a\ntitle = b\n", ":3: 'title' given twice" },
	{ "[f]\n", ":1: feed [f] has no url" },
	{ "[f]\nurl = ftp://x/\n", ":2: url: not an http or https URL" },
	{ "[f]\nurl = not a url\n", ":2: url: not an http or https URL" },
	{ "[f]\nurl = http://x/\ndatabase = /x\n", ":3: 'database' belongs in [feedd]" },
	{ "[feedd]\nurl = http://x/\n", ":2: 'url' belongs in a feed section" },
	{ "[a b]\n", ":1: bad section name [a b]" },
	{ "[f\n", ":1: section header must be [name]" },
	{ "[f]\nurl = http://x/\n[f]\nurl = http://y/\n", ":3: feed [f] given twice (first at line 1)" },
	{ "[feedd]\n[feedd]\n", ":2: [feedd] given twice" },
	{ "x = 1\n", ":1: x: keys go in a section" },
	{ "[feedd]\njunk\n", ":2: expected key = value" },
	{ "[feedd]\ntitle =\n", ":2: 'title' has no value" },
	{ "[feedd]\nmax_size = 1\n", ":2: max_size: 1 out of range" },
};

int
main(void)
{
	struct conf	 c;
	char		*msgs, want[512];
	size_t		 i;
	int		 n;

	if (mkdtemp(dir) == NULL)
		return 1;
	for (i = 0; i < sizeof(durations) / sizeof(durations[0]); i++) {
		snprintf(want, sizeof(want), "duration '%s'", durations[i].in);
		CHECK_INT(conf_duration(durations[i].in), durations[i].secs, want);
	}
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		snprintf(want, sizeof(want), "size '%s'", sizes[i].in);
		CHECK_INT(conf_size(sizes[i].in), sizes[i].bytes, want);
	}

	setenv("STATE_DIRECTORY", "/srv/state:/other", 1);
	n = load("good.conf",
	    "# comment\n[feedd]\ntitle = \"Planet # X\"  # trailing\n"
	    "database = rel/db.sqlite\noutput = off\ninterval = 10m\n"
	    "\n[one]\nurl = http://example.org/feed#frag\n"
	    "[two]\nurl = https://example.org/atom\ninterval = 1d\n",
	    &c, &msgs);
	CHECK_INT(n, 0, "good config has no errors");
	CHECK_STR(msgs, "", "good config prints nothing");
	CHECK_STR(c.title, "Planet # X", "quoted value keeps '#'");
	snprintf(want, sizeof(want), "%s/rel/db.sqlite", dir);
	CHECK_STR(c.database, want, "relative path resolves against the file");
	CHECK(c.output == NULL, "output = off");
	CHECK_STR(c.listen, "127.0.0.1:8080", "listen defaults");
	CHECK_INT(c.max_items, 200, "max_items defaults");
	CHECK_INT(c.nfeeds, 2, "two feeds");
	CHECK_STR(c.feeds[0].url, "http://example.org/feed#frag",
	    "'#' without white space before it is not a comment");
	CHECK_INT(c.feeds[0].interval, 600, "feed inherits the interval");
	CHECK_INT(c.feeds[1].interval, 86400, "feed overrides the interval");
	CHECK_INT(c.feeds[1].line, 10, "feed remembers its line");
	CHECK(conf_feed(&c, "two") == &c.feeds[1], "conf_feed finds by name");
	CHECK(conf_feed(&c, "three") == NULL, "conf_feed misses unknown");
	conf_free(&c);
	free(msgs);

	n = load("defaults.conf", "[feedd]\n", &c, &msgs);
	CHECK_INT(n, 0, "empty [feedd] is valid");
	CHECK_STR(c.database, "/srv/state/feedd.db",
	    "database defaults into the first $STATE_DIRECTORY");
	CHECK_STR(c.output, "/srv/state/merged.atom", "output defaults likewise");
	conf_free(&c);
	free(msgs);

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		n = load("bad.conf", bad[i].text, &c, &msgs);
		snprintf(want, sizeof(want), "reports \"%s\"", bad[i].want);
		CHECK(n > 0 && strstr(msgs, bad[i].want) != NULL, want);
		if (n == 0 || strstr(msgs, bad[i].want) == NULL)
			printf("#   got: %s", msgs);
		conf_free(&c);
		free(msgs);
	}

	n = load("all.conf", "[feedd]\ninterval = x\nmax_items = y\n"
	    "[f]\n[g]\nurl = gopher://z\n", &c, &msgs);
	CHECK_INT(n, 4, "every error is counted once, not just the first");
	conf_free(&c);
	free(msgs);

	CHECK(conf_load("/nonexistent/feeds.conf", &c, NULL) == 1,
	    "a missing file is an error");
	conf_free(&c);
	return unit_done();
}
