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

struct buf {
	char	*data;
	size_t	 len;
	size_t	 cap;
	size_t	 max;
};

void	 buf_init(struct buf *, size_t max);
int	 buf_append(struct buf *, const void *, size_t);
/* Room for n more bytes at once (a size known in advance), so appending
 * them never moves the data; -1 past max. */
int	 buf_reserve(struct buf *, size_t n);
int	 buf_puts(struct buf *, const char *);
int	 buf_putc(struct buf *, int);
int	 buf_printf(struct buf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
const char *buf_str(struct buf *);
void	 buf_reset(struct buf *);
char	*buf_take(struct buf *);
void	 buf_free(struct buf *);

#endif
