/*
 * buf.h — growable byte buffer with a cap.
 *
 * A buf owns its data.  data is always NUL-terminated when len > 0 or
 * after buf_str(), so it can be used as a C string when the content has
 * no NUL bytes.  max bounds len (0 means unbounded); an append that
 * would exceed it fails with -1 and leaves the buffer unchanged, which is
 * how network input is capped (curl's dynbuf "toobig").
 *
 * Reuse: buf_reset() empties without freeing; buf_free() releases.
 * buf_take() hands the data to the caller (free() it) and leaves an empty
 * buffer that may be reused.
 */
#ifndef FEEDD_BUF_H
#define FEEDD_BUF_H

#include <stddef.h>
#include <string.h>

struct buf {
	char	*data;
	size_t	 len;
	size_t	 cap;
	size_t	 max;
};

void	 buf_init(struct buf *, size_t max);
/* buf_append() when the data must grow first, or max may be passed. */
int	 buf_append_grow(struct buf *, const void *, size_t);
/* Room for n more bytes at once (a size known in advance), so appending
 * them never moves the data; -1 past max. */
int	 buf_reserve(struct buf *, size_t n);
int	 buf_printf(struct buf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
const char *buf_str(struct buf *);
void	 buf_reset(struct buf *);
char	*buf_take(struct buf *);
void	 buf_free(struct buf *);

/* Appends n bytes (and a NUL after them); -1 past max.  Inline where
 * they fit, which is nearly always: the cleaner and the hasher append
 * text a piece at a time. */
static inline int
buf_append(struct buf *b, const void *p, size_t n)
{
	if (n >= b->cap - b->len || b->max != 0)
		return buf_append_grow(b, p, n);
	if (n != 0)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return 0;
}

static inline int
buf_puts(struct buf *b, const char *s)
{
	return buf_append(b, s, strlen(s));
}

static inline int
buf_putc(struct buf *b, int c)
{
	char	 ch = (char)c;

	return buf_append(b, &ch, 1);
}

#endif
