/*
 * main.c — feedd's command line (DESIGN.md "Command line").
 *
 * Each command is a short function; the daemon itself is loop_run().
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "clean.h"
#include "conf.h"
#include "date.h"
#include "dump.h"
#include "feed.h"
#include "fetch.h"
#include "hash.h"
#include "log.h"
#include "loop.h"
#include "opml.h"
#include "parse.h"
#include "status.h"
#include "store.h"
#include "xmalloc.h"

#define PARSE_MAX_BYTES	(256L * 1024 * 1024)	/* a file given to feedd parse */

static void __attribute__((noreturn))
usage(void)
{
	fprintf(stderr,
	    "usage: feedd [-v] [-c file] [command]\n"
	    "commands:\n"
	    "  run                      the daemon, in the foreground (default)\n"
	    "  once                     poll every feed once, publish, exit\n"
	    "  check                    validate the config and summarise it\n"
	    "  parse [--base URL] [--charset CS] FILE\n"
	    "                           print the parse dump of a feed document\n"
	    "  status [--json]          per-feed state from the database\n"
	    "  opml-import FILE         print feeds.conf sections for an OPML file\n"
	    "  opml-export              print the configured feeds as OPML\n");
	exit(2);
}

/* Reads all of fp into b (capped at PARSE_MAX_BYTES).  -1 with a log line. */
static int
read_all(FILE *fp, const char *name, struct buf *b)
{
	char	 chunk[65536];
	size_t	 n;

	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0) {
		if (buf_append(b, chunk, n) == -1) {
			log_warnx("parse %s: larger than %ld bytes", name,
			    PARSE_MAX_BYTES);
			return -1;
		}
	}
	if (ferror(fp)) {
		log_warn("parse %s: read", name);
		return -1;
	}
	return 0;
}

/* The location a file would have if fetched: file:// + its real path. */
static char *
file_url(const char *path)
{
	char	 real[PATH_MAX];

	if (strcmp(path, "-") == 0 || realpath(path, real) == NULL)
		return NULL;
	return xasprintf("file://%s", real);
}

static int
cmd_parse(int argc, char **argv)
{
	struct feed_doc	 doc;
	struct buf	 body;
	FILE		*fp;
	const char	*path, *base = NULL, *charset = NULL;
	char		*url, *json, err[PARSE_ERR_LEN];
	int		 rc = 1;

	/* --charset: as if the HTTP Content-Type had said it */
	while (argc >= 3 && (strcmp(argv[1], "--base") == 0 ||
	    strcmp(argv[1], "--charset") == 0)) {
		if (strcmp(argv[1], "--base") == 0)
			base = argv[2];
		else
			charset = argv[2];
		argc -= 2;
		argv += 2;
	}
	if (argc != 2)
		usage();
	path = argv[1];
	if (strcmp(path, "-") == 0)
		fp = stdin;
	else if ((fp = fopen(path, "rb")) == NULL) {
		log_warn("parse %s", path);
		return 1;
	}
	buf_init(&body, PARSE_MAX_BYTES);
	url = base ? xstrdup(base) : file_url(path);
	if (read_all(fp, path, &body) == -1)
		goto done;
	parse_init();
	feed_doc_init(&doc, url);
	if (parse_feed(body.data ? body.data : "", body.len, url, charset,
	    &doc, err, sizeof(err)) == -1) {
		log_warnx("parse %s: %s", path, err);
		feed_doc_free(&doc);
		goto done;
	}
	clean_feed(&doc);
	hash_feed(&doc);
	json = dump_feed(&doc);
	fputs(json, stdout);
	free(json);
	feed_doc_free(&doc);
	rc = fflush(stdout) == 0 ? 0 : 1;
 done:
	if (fp != stdin)
		fclose(fp);
	buf_free(&body);
	free(url);
	return rc;
}

static int
cmd_check(const char *path)
{
	struct conf	 conf;
	int		 errors;
	size_t		 i;

	if ((errors = conf_load(path, &conf, stderr)) != 0) {
		fprintf(stderr, "%s: %d error%s\n", path, errors,
		    errors == 1 ? "" : "s");
		conf_free(&conf);
		return 1;
	}
	if (log_verbose())
		conf_print(&conf, stdout);
	else {
		printf("%s: ok, %zu feed%s\n", path, conf.nfeeds,
		    conf.nfeeds == 1 ? "" : "s");
		printf("database %s\noutput %s\nlisten %s\n", conf.database,
		    conf.output ? conf.output : "off",
		    conf.listen ? conf.listen : "off");
		for (i = 0; i < conf.nfeeds; i++)
			printf("  %-20s every %lds  %s\n", conf.feeds[i].name,
			    conf.feeds[i].interval, conf.feeds[i].url);
	}
	conf_free(&conf);
	return 0;
}

static int
cmd_status(const char *path, bool json)
{
	struct conf		 conf;
	struct store		*st;
	struct feed_state	*feeds = NULL;
	size_t			 i, n = 0;
	char			 err[STORE_ERR_LEN];
	int			 rc = 1;

	if (conf_load(path, &conf, stderr) != 0) {
		conf_free(&conf);
		return 1;
	}
	if ((st = store_open(conf.database, err, sizeof(err))) == NULL) {
		log_warnx("status: %s", err);
		conf_free(&conf);
		return 1;
	}
	if (store_feeds(st, &feeds, &n) == 0) {
		status_print(feeds, n, json, stdout);
		for (i = 0; i < n; i++)
			feed_state_free(&feeds[i]);
		free(feeds);
		rc = 0;
	}
	store_close(st);
	conf_free(&conf);
	return rc;
}

static int
cmd_opml_import(const char *file)
{
	char	 err[OPML_ERR_LEN];
	int	 n;

	if ((n = opml_import(file, stdout, err, sizeof(err))) == -1) {
		log_warnx("opml-import %s", err);
		return 1;
	}
	if (fflush(stdout) == EOF) {
		log_warn("opml-import: stdout");
		return 1;
	}
	log_info("opml-import: %d feed%s", n, n == 1 ? "" : "s");
	return 0;
}

/* Titles and home pages come from the database when there is one; an
 * export never creates it. */
static int
cmd_opml_export(const char *path)
{
	struct conf		 conf;
	struct store		*st = NULL;
	struct feed_state	*feeds = NULL;
	size_t			 i, n = 0, len;
	char			 err[STORE_ERR_LEN], *doc;
	int			 rc = 1;

	if (conf_load(path, &conf, stderr) != 0) {
		conf_free(&conf);
		return 1;
	}
	if (access(conf.database, R_OK) == 0 &&
	    (st = store_open(conf.database, err, sizeof(err))) == NULL)
		log_warnx("opml-export: %s; feeds without titles", err);
	if (st && store_feeds(st, &feeds, &n) == -1)
		n = 0;
	if ((doc = opml_export(&conf, feeds, n, &len)) != NULL &&
	    fwrite(doc, 1, len, stdout) == len && fflush(stdout) != EOF)
		rc = 0;
	else
		log_warn("opml-export: stdout");
	free(doc);
	for (i = 0; i < n; i++)
		feed_state_free(&feeds[i]);
	free(feeds);
	if (st)
		store_close(st);
	conf_free(&conf);
	return rc;
}

static int
cmd_daemon(const char *path, int once)
{
	struct conf	 conf;

	if (conf_load(path, &conf, stderr) != 0) {
		conf_free(&conf);
		return 1;
	}
	return loop_run(&conf, once);
}

int
main(int argc, char *argv[])
{
	const char	*conffile = CONF_DEFAULT_PATH, *cmd;
	int		 ch, verbose = 0;

	while ((ch = getopt(argc, argv, "+c:v")) != -1) {
		switch (ch) {
		case 'c':
			conffile = optarg;
			break;
		case 'v':
			verbose++;
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	log_init(verbose);
	cmd = argc > 0 ? argv[0] : "run";

	if (strcmp(cmd, "run") == 0 && argc <= 1)
		return cmd_daemon(conffile, 0);
	if (strcmp(cmd, "once") == 0 && argc == 1)
		return cmd_daemon(conffile, 1);
	if (strcmp(cmd, "check") == 0 && argc == 1)
		return cmd_check(conffile);
	if (strcmp(cmd, "parse") == 0)
		return cmd_parse(argc, argv);
	if (strcmp(cmd, "status") == 0 && argc == 1)
		return cmd_status(conffile, false);
	if (strcmp(cmd, "status") == 0 && argc == 2 &&
	    strcmp(argv[1], "--json") == 0)
		return cmd_status(conffile, true);
	if (strcmp(cmd, "opml-import") == 0 && argc == 2)
		return cmd_opml_import(argv[1]);
	if (strcmp(cmd, "opml-export") == 0 && argc == 1)
		return cmd_opml_export(conffile);
	usage();
}
