/*
 * conf.h — feeds.conf, read into a struct conf.
 *
 * INI-style: [feedd] holds daemon settings, every other [NAME] section is
 * one feed, NAME its stable identity.  '#' starts a comment (outside
 * quotes), durations take s/m/h/d, sizes take k/M/G.  Relative paths
 * resolve against the directory of the config file.
 *
 * conf_load() reads path into a fresh conf (defaults for every key not
 * given) and reports every problem as "file:line: message" to errout,
 * collecting them all before it returns.  It returns the number of
 * errors; on a non-zero return the conf is still safe to conf_free() but
 * must not be used.  conf_free() releases everything conf_load() made.
 *
 * database and output default to feedd.db and merged.atom in the state
 * directory: $STATE_DIRECTORY when set (systemd's StateDirectory=, and
 * what `make run` sets to var/ in the checkout), else /var/lib/feedd.
 */
#ifndef FEEDD_CONF_H
#define FEEDD_CONF_H

#include <stddef.h>
#include <stdio.h>

#include "clean.h"

#define CONF_DEFAULT_PATH	"/etc/feedd/feeds.conf"
#define CONF_STATE_DIR		"/var/lib/feedd"

struct feed_conf {
	char	*name;		/* section name: the feed's identity */
	char	*url;
	long	 interval;	/* seconds */
	char	*tags;		/* tag names, one space between, or NULL */
	char	*auth;		/* "user:password" for HTTP basic auth */
	char	*headers;	/* extra request headers, one a line */
	long	 insecure;	/* 1: skip TLS verification */
	struct clean_rules strip;	/* the feed's own boilerplate rules */
	int	 line;		/* where the section starts, for messages */
};

struct conf {
	char	*path;		/* the file read, as given */
	char	*title;		/* title of the merged feed */
	char	*base_url;	/* public URL of the server, or NULL */
	char	*database;	/* absolute or relative to cwd */
	char	*output;	/* merged Atom file, or NULL for none */
	char	*output_rss;	/* merged RSS 2.0 file, or NULL for none */
	char	*output_json;	/* merged JSON Feed file, or NULL for none */
	char	*websub_hub;	/* hub to ping after a change, or NULL */
	char	*listen;	/* "host:port", or NULL when "off" */
	long	 interval;	/* default poll interval, seconds */
	long	 max_items;	/* entries in the merged feed */
	long	 keep;		/* seconds an item is kept (retention) */
	long	 timeout;	/* whole transfer, seconds */
	long	 connect_timeout;	/* seconds */
	long	 max_size;	/* bytes of one feed document */
	long	 parallel;	/* transfers at once */
	long	 max_redirects;
	long	 min_interval;	/* floor of any poll interval, seconds */
	long	 max_interval;	/* ceiling of a good feed's interval */
	long	 backoff_max;	/* ceiling of a failing feed's interval */
	long	 per_host;	/* transfers at once to one host */
	char	*user_agent;
	long	 near_duplicates;	/* 1: merge near duplicates */
	long	 near_threshold;	/* SimHash bits apart that merge */
	struct clean_rules strip;	/* boilerplate rules for every feed */

	struct feed_conf *feeds;
	size_t	 nfeeds;
};

int	 conf_load(const char *path, struct conf *, FILE *errout);
void	 conf_free(struct conf *);
/* Writes the conf back in feeds.conf syntax; the output loads again. */
void	 conf_print(const struct conf *, FILE *);
/* Parses "30", "30s", "5m", "1h", "2d" into seconds; -1 if invalid. */
long	 conf_duration(const char *);
/* Parses "512", "64k", "10M", "1G" into bytes; -1 if invalid. */
long	 conf_size(const char *);
const struct feed_conf *conf_feed(const struct conf *, const char *name);
/* The feeds' names in file order, NULL-terminated: a malloc'd array of
 * pointers into c (free() the array only, while c lives). */
const char **conf_feed_names(const struct conf *);

#endif
