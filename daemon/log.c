/*
 * log.c — one line per event on stderr (see log.h).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"

/* sd-daemon(3) priorities, as journald reads them from a stream. */
#define PRIO_ERR	3
#define PRIO_WARNING	4
#define PRIO_INFO	6
#define PRIO_DEBUG	7

static int verbosity;
static int journal;	/* stderr is connected to journald */

void
log_init(int verbose)
{
	verbosity = verbose;
	journal = getenv("JOURNAL_STREAM") != NULL;
}

int
log_verbose(void)
{
	return verbosity;
}

static void
vlog(int prio, const char *errstr, const char *fmt, va_list ap)
{
	char	 msg[2048];
	int	 saved = errno;

	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (journal)
		fprintf(stderr, "<%d>", prio);
	else
		fputs("feedd: ", stderr);
	if (errstr)
		fprintf(stderr, "%s: %s\n", msg, errstr);
	else
		fprintf(stderr, "%s\n", msg);
	errno = saved;
}

void
log_warn(const char *fmt, ...)
{
	va_list	 ap;
	int	 saved = errno;

	va_start(ap, fmt);
	vlog(PRIO_WARNING, strerror(saved), fmt, ap);
	va_end(ap);
	errno = saved;
}

void
log_warnx(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vlog(PRIO_WARNING, NULL, fmt, ap);
	va_end(ap);
}

void
log_info(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vlog(PRIO_INFO, NULL, fmt, ap);
	va_end(ap);
}

void
log_debug(const char *fmt, ...)
{
	va_list	 ap;

	if (verbosity < 1)
		return;
	va_start(ap, fmt);
	vlog(PRIO_DEBUG, NULL, fmt, ap);
	va_end(ap);
}

void
fatal(const char *fmt, ...)
{
	va_list	 ap;
	int	 saved = errno;

	va_start(ap, fmt);
	vlog(PRIO_ERR, strerror(saved), fmt, ap);
	va_end(ap);
	exit(1);
}

void
fatalx(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vlog(PRIO_ERR, NULL, fmt, ap);
	va_end(ap);
	exit(1);
}
