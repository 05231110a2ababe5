/*
 * http.h — the embedded server that hands out the merged feed.
 *
 * libmicrohttpd runs the server in its own thread.  It answers GET and
 * HEAD; other methods get 405, unknown paths 404.  Documents are
 * published whole: http_publish() swaps in a new version atomically
 * while requests in flight keep the old one, so serving never waits for
 * a publish.  Each document gets a strong ETag (from its content) and
 * Last-Modified, and a conditional request that matches gets 304;
 * Cache-Control max-age is what http_set_max_age() last said when the
 * document was published.  Connections, request head size and idle
 * time are bounded.
 */
#ifndef FEEDD_HTTP_H
#define FEEDD_HTTP_H

#include <stddef.h>
#include <time.h>

#define HTTP_ERR_LEN	256

struct http_server;

/* Under systemd socket activation (LISTEN_FDS and LISTEN_PID naming
 * this process) the passed socket is served and listen is not bound.
 * listen is "host:port" (IPv4, [IPv6] or a name; "*:port" or ":port"
 * for every address).  Port 0 picks a free port.  NULL with err set
 * when the address is bad or cannot be bound. */
struct http_server *http_start(const char *listen, char *err, size_t errlen);
/* The port actually bound (what port 0 became). */
int	 http_port(const struct http_server *);
/* Serves body at path (e.g. "/feed.atom") from now on.  Takes ownership
 * of body, which must have been malloc'd. */
void	 http_publish(struct http_server *, const char *path,
	    const char *content_type, char *body, size_t len, time_t mtime);
/* Stops serving path (404 from now on); requests in flight finish. */
void	 http_retract(struct http_server *, const char *path);
/* /healthz answers 200 until the CLOCK_MONOTONIC time deadline (in
 * seconds), 503 after it.  The main loop pushes the deadline forward as
 * long as it runs and polls on time, so a stuck or late loop turns the
 * check red by itself.  Before the first call: 503. */
void	 http_set_healthy_until(struct http_server *, double deadline);
/* Cache-Control max-age, seconds, for documents published from now. */
void	 http_set_max_age(struct http_server *, long secs);
void	 http_stop(struct http_server *);

#endif
