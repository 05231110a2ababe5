/*
 * log.h — the daemon's voice.
 *
 * Everything goes to stderr, one line per event, where journald (or the
 * terminal) timestamps it.  When JOURNAL_STREAM is set, lines carry the
 * sd-daemon "<N>" priority prefix.  No function here changes errno.
 * Messages are lowercase, without a trailing period, and name the feed
 * and the stage: "fetch lwn: timeout after 30s".
 */
#ifndef FEEDD_LOG_H
#define FEEDD_LOG_H

#include <stdarg.h>

void	log_init(int verbose);
int	log_verbose(void);
void	log_warn(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_warnx(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_info(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_debug(const char *, ...) __attribute__((format(printf, 1, 2)));
/* fatal() adds strerror(errno); both exit(1).  Startup and invariants only. */
void	fatal(const char *, ...) __attribute__((format(printf, 1, 2), noreturn));
void	fatalx(const char *, ...) __attribute__((format(printf, 1, 2), noreturn));

#endif
