/*
 * xmalloc.h — allocation that cannot fail.
 *
 * A long-running daemon has no useful way to go on without memory, so
 * these wrappers fatalx() on failure and call sites stay readable.
 * xreallocarray checks nmemb * size for overflow.  xstrdup(NULL) and
 * xstrndup(NULL, n) return NULL.  Everything is freed with free().
 */
#ifndef FEEDD_XMALLOC_H
#define FEEDD_XMALLOC_H

#include <stddef.h>

void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xreallocarray(void *, size_t, size_t);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);
char	*xasprintf(const char *, ...) __attribute__((format(printf, 1, 2)));

#endif
