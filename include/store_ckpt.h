/*
 * store_ckpt.h — WAL checkpoints on a thread of their own (store.c's
 * helper).
 *
 * SQLite checkpoints on the connection that commits, once the WAL has
 * passed 1,000 pages (store.c: 4 MB, whatever the page size): copying
 * those pages into the database then holds up the store's thread, the
 * one that also fetches (a cold bench cycle: an eighth of its time).  A checkpointer runs them instead on its own
 * connection, PASSIVE, so the writer never waits for it nor it for the
 * writer.  The WAL can then keep growing while a long burst of writes
 * goes on (the checkpoint cannot rewind it under a writer): past 64 MB
 * store.c checkpoints what is left itself, quick as the checkpointer
 * did most, so that the next transaction rewinds it, and
 * journal_size_limit trims the file back then.
 *
 * Only the thread that owns the store calls these.  A checkpointer that
 * cannot start (no thread, no connection) is no error: store.c keeps
 * SQLite's own checkpoints.
 */
#ifndef FEEDD_STORE_CKPT_H
#define FEEDD_STORE_CKPT_H

struct store_ckpt;

/* A checkpointer of the database at path; NULL (logged) if it cannot
 * run. */
struct store_ckpt *store_ckpt_start(const char *path);
/* Asks for a checkpoint soon; returns at once. */
void	 store_ckpt_kick(struct store_ckpt *);
/* Waits for a checkpoint under way, stops the thread, closes its
 * connection.  Takes NULL. */
void	 store_ckpt_stop(struct store_ckpt *);

#endif
