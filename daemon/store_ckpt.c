/*
 * store_ckpt.c — WAL checkpoints on a thread of their own (see
 * store_ckpt.h).
 */
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "log.h"
#include "store_ckpt.h"
#include "xmalloc.h"

struct store_ckpt {
	sqlite3		*db;		/* the checkpointer's own */
	char		*path;
	pthread_t	 thread;
	pthread_mutex_t	 mu;
	pthread_cond_t	 cv;
	bool		 wanted;	/* a kick not yet served */
	bool		 stop;
};

static void
ckpt_run(struct store_ckpt *c)
{
	int	 rc, frames, done;

	rc = sqlite3_wal_checkpoint_v2(c->db, NULL, SQLITE_CHECKPOINT_PASSIVE,
	    &frames, &done);
	if (rc != SQLITE_OK && rc != SQLITE_BUSY)
		log_warnx("store %s: checkpoint: %s", c->path,
		    sqlite3_errmsg(c->db));
	else
		log_debug("store %s: checkpoint: %d of %d WAL frames in the "
		    "database", c->path, done, frames);
}

static void *
ckpt_main(void *arg)
{
	struct store_ckpt	*c = arg;

	pthread_mutex_lock(&c->mu);
	for (;;) {
		while (!c->wanted && !c->stop)
			pthread_cond_wait(&c->cv, &c->mu);
		if (c->stop)
			break;
		c->wanted = false;
		pthread_mutex_unlock(&c->mu);
		ckpt_run(c);
		pthread_mutex_lock(&c->mu);
	}
	pthread_mutex_unlock(&c->mu);
	return NULL;
}

struct store_ckpt *
store_ckpt_start(const char *path)
{
	struct store_ckpt	*c;
	int			 rc;

	c = xcalloc(1, sizeof(*c));
	c->path = xstrdup(path);
	if ((rc = sqlite3_open_v2(path, &c->db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_NOMUTEX, NULL)) != SQLITE_OK) {
		log_warnx("store %s: checkpointer: %s", path, c->db ?
		    sqlite3_errmsg(c->db) : sqlite3_errstr(rc));
		goto fail;
	}
	/* A connection learns that the database is in WAL mode only once
	 * it reads it; before, a checkpoint does nothing. */
	if (sqlite3_exec(c->db, "SELECT count(*) FROM sqlite_master", NULL,
	    NULL, NULL) != SQLITE_OK) {
		log_warnx("store %s: checkpointer: %s", path,
		    sqlite3_errmsg(c->db));
		goto fail;
	}
	if ((rc = pthread_mutex_init(&c->mu, NULL)) != 0) {
		log_warnx("store: checkpointer: mutex: %s", strerror(rc));
		goto fail;
	}
	if ((rc = pthread_cond_init(&c->cv, NULL)) != 0) {
		log_warnx("store: checkpointer: cond: %s", strerror(rc));
		pthread_mutex_destroy(&c->mu);
		goto fail;
	}
	if ((rc = pthread_create(&c->thread, NULL, ckpt_main, c)) != 0) {
		log_warnx("store: checkpointer: thread: %s", strerror(rc));
		pthread_cond_destroy(&c->cv);
		pthread_mutex_destroy(&c->mu);
		goto fail;
	}
	return c;
fail:
	sqlite3_close(c->db);
	free(c->path);
	free(c);
	return NULL;
}

void
store_ckpt_kick(struct store_ckpt *c)
{
	pthread_mutex_lock(&c->mu);
	c->wanted = true;
	pthread_cond_signal(&c->cv);
	pthread_mutex_unlock(&c->mu);
}

void
store_ckpt_stop(struct store_ckpt *c)
{
	int	 rc;

	if (c == NULL)
		return;
	pthread_mutex_lock(&c->mu);
	c->stop = true;
	pthread_cond_signal(&c->cv);
	pthread_mutex_unlock(&c->mu);
	if ((rc = pthread_join(c->thread, NULL)) != 0)
		log_warnx("store: checkpointer: join: %s", strerror(rc));
	pthread_cond_destroy(&c->cv);
	pthread_mutex_destroy(&c->mu);
	if (sqlite3_close(c->db) != SQLITE_OK)
		log_warnx("store %s: checkpointer: close: %s", c->path,
		    sqlite3_errmsg(c->db));
	free(c->path);
	free(c);
}
