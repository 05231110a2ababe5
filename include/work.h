/*
 * work.h — a small pool of threads for CPU-bound jobs (parse, clean,
 * hash), so a cycle uses every core while the main loop keeps fetching
 * and storing.
 *
 * The pool knows nothing of feeds: a job is a function and its argument.
 * Jobs run in any order on any worker; finished ones are handed back to
 * the owner (the thread that made the pool, the only one that may call
 * these functions) by work_next() or work_wait(), in the order they
 * finished.  The argument stays the owner's: the pool never frees it.
 *
 * Back-pressure: at most max jobs are in the pool at once, counting
 * those queued, running and finished but not yet taken back.  work_full()
 * says when the owner must take one back (work_wait) before submitting
 * another, so the memory held by jobs is bounded by max.
 *
 * Each finished job writes one byte to wake_fd (if >= 0; a non-blocking
 * self-pipe the owner polls), so a loop asleep in poll() wakes for it.
 * Each worker allocates once as it starts, so that glibc gives it a
 * malloc arena of its own while the limit allows one.
 * A job function must only touch what its argument gives it, plus
 * thread-local state; thread_done (if not NULL) runs on each worker as
 * it exits, to release that state.
 */
#ifndef FEEDD_WORK_H
#define FEEDD_WORK_H

#include <stdbool.h>
#include <stddef.h>

struct work;

/* nthreads 0: one per online processor; max 0: two more jobs than
 * threads, so a worker finds the next one waiting.  Returns NULL with
 * err set. */
struct work	*work_new(size_t nthreads, size_t max, int wake_fd,
		    void (*thread_done)(void), char *err, size_t errlen);
/* Waits for every job, stops the workers.  Jobs not taken back are
 * lost: take them back first (work_pending, work_wait). */
void		 work_free(struct work *);
/* Queues fn(arg); the caller checked work_full() first. */
void		 work_submit(struct work *, void (*fn)(void *), void *arg);
bool		 work_full(const struct work *);
/* Jobs submitted and not yet taken back. */
size_t		 work_pending(const struct work *);
/* A finished job's argument, or NULL when none has finished. */
void		*work_next(struct work *);
/* The same, waiting for one; NULL only when nothing is pending. */
void		*work_wait(struct work *);
/* Workers in the pool. */
size_t		 work_threads(const struct work *);
/* Workers a pool made with nthreads 0 has: one per online processor. */
size_t		 work_default_threads(void);

#endif
