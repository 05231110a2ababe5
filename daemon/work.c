/*
 * work.c — a small pool of threads for CPU-bound jobs (see work.h).
 *
 * One mutex guards two ring buffers of max slots each: jobs to run and
 * jobs finished.  Neither can overflow, since no more than max jobs are
 * in the pool at once (pending, which only the owner changes).  Workers
 * sleep on one condition variable, the owner on the other.
 */
#include <sys/resource.h>

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "work.h"
#include "xmalloc.h"

#define WORK_MAX_THREADS	16	/* more would only add contention */
#define WORK_NICE		5	/* workers below the owner */

struct work_job {
	void	(*fn)(void *);
	void	*arg;
};

struct work_ring {
	struct work_job	*slot;
	size_t		 head, len;
};

struct work {
	pthread_mutex_t	 mu;
	pthread_cond_t	 todo_cv;	/* a job queued, or stop */
	pthread_cond_t	 done_cv;	/* a job finished */
	struct work_ring todo, done;
	size_t		 max;
	size_t		 pending;	/* owner's count: submitted, not taken */
	bool		 stop;
	int		 wake_fd;
	void		(*thread_done)(void);
	pthread_t	*threads;
	size_t		 nthreads;
};

static void
work_ring_push(struct work_ring *r, size_t max, struct work_job j)
{
	if (r->len == max)
		fatalx("work: ring of %zu jobs overflows", max);
	r->slot[(r->head + r->len++) % max] = j;
}

static struct work_job
work_ring_pop(struct work_ring *r, size_t max)
{
	struct work_job	 j = r->slot[r->head];

	r->head = (r->head + 1) % max;
	r->len--;
	return j;
}

static void
work_lock(struct work *w)
{
	int	 rc;

	if ((rc = pthread_mutex_lock(&w->mu)) != 0)
		fatalx("work: pthread_mutex_lock: %s", strerror(rc));
}

static void
work_unlock(struct work *w)
{
	int	 rc;

	if ((rc = pthread_mutex_unlock(&w->mu)) != 0)
		fatalx("work: pthread_mutex_unlock: %s", strerror(rc));
}

static void
work_cond_wait(pthread_cond_t *cv, pthread_mutex_t *mu)
{
	int	 rc;

	if ((rc = pthread_cond_wait(cv, mu)) != 0)
		fatalx("work: pthread_cond_wait: %s", strerror(rc));
}

/*
 * A worker runs niced below the owner.  The owner stores what the
 * workers made, one document at a time: when it is the slower side and
 * has to share the processors with them, every slice they take from it
 * lengthens the cycle, while the time they wait for it costs nothing.
 * Linux gives each thread its own nice value.
 */
static void
work_yield_priority(void)
{
	int	 prio;

	errno = 0;
	prio = getpriority(PRIO_PROCESS, 0);
	if (errno != 0 || setpriority(PRIO_PROCESS, (id_t)gettid(),
	    prio + WORK_NICE > 19 ? 19 : prio + WORK_NICE) == -1)
		log_debug("work: setpriority: %s", strerror(errno));
}

/*
 * glibc binds a thread to a malloc arena at its first allocation, and
 * once every arena the limit allows exists, later threads share one
 * round-robin, starting with the main thread's.  A worker that first
 * allocated only when its first job came could land there, after the
 * store's checkpointer took the last free arena: the main thread and
 * that worker then queued on one lock (bench cold cycle: the main
 * thread asleep on it for 1.5 s of 5).  Allocating at start takes an
 * arena of its own while one is free (loop.c sets the limit).
 */
static void
work_bind_arena(void)
{
	void *volatile	 p = malloc(1);	/* volatile: not elided */

	free(p);
}

static void *
work_main(void *arg)
{
	struct work	*w = arg;
	struct work_job	 j;
	char		 c = 0;

	work_yield_priority();
	work_bind_arena();
	work_lock(w);
	for (;;) {
		while (w->todo.len == 0 && !w->stop)
			work_cond_wait(&w->todo_cv, &w->mu);
		if (w->todo.len == 0)
			break;
		j = work_ring_pop(&w->todo, w->max);
		work_unlock(w);
		j.fn(j.arg);
		work_lock(w);
		work_ring_push(&w->done, w->max, j);
		pthread_cond_signal(&w->done_cv);
		/* A full pipe already holds a wake-up: EAGAIN is fine. */
		if (w->wake_fd >= 0)
			(void)write(w->wake_fd, &c, 1);
	}
	work_unlock(w);
	if (w->thread_done)
		w->thread_done();
	return NULL;
}

size_t
work_default_threads(void)
{
	long	 n = sysconf(_SC_NPROCESSORS_ONLN);

	if (n < 1)
		return 1;
	return n > WORK_MAX_THREADS ? WORK_MAX_THREADS : (size_t)n;
}

struct work *
work_new(size_t nthreads, size_t max, int wake_fd, void (*thread_done)(void),
    char *err, size_t errlen)
{
	struct work	*w;
	size_t		 i;
	int		 rc;

	w = xcalloc(1, sizeof(*w));
	w->nthreads = nthreads ? nthreads : work_default_threads();
	w->max = max ? max : w->nthreads + 2;
	w->wake_fd = wake_fd;
	w->thread_done = thread_done;
	w->todo.slot = xcalloc(w->max, sizeof(*w->todo.slot));
	w->done.slot = xcalloc(w->max, sizeof(*w->done.slot));
	w->threads = xcalloc(w->nthreads, sizeof(*w->threads));
	if ((rc = pthread_mutex_init(&w->mu, NULL)) != 0 ||
	    (rc = pthread_cond_init(&w->todo_cv, NULL)) != 0 ||
	    (rc = pthread_cond_init(&w->done_cv, NULL)) != 0)
		fatalx("work: pthread init: %s", strerror(rc));
	for (i = 0; i < w->nthreads; i++) {
		if ((rc = pthread_create(&w->threads[i], NULL, work_main,
		    w)) != 0) {
			snprintf(err, errlen, "pthread_create: %s",
			    strerror(rc));
			w->nthreads = i;
			work_free(w);
			return NULL;
		}
	}
	return w;
}

void
work_free(struct work *w)
{
	size_t	 i;
	int	 rc;

	if (w == NULL)
		return;
	work_lock(w);
	w->stop = true;
	pthread_cond_broadcast(&w->todo_cv);
	work_unlock(w);
	for (i = 0; i < w->nthreads; i++)
		if ((rc = pthread_join(w->threads[i], NULL)) != 0)
			log_warnx("work: pthread_join: %s", strerror(rc));
	pthread_cond_destroy(&w->todo_cv);
	pthread_cond_destroy(&w->done_cv);
	pthread_mutex_destroy(&w->mu);
	free(w->todo.slot);
	free(w->done.slot);
	free(w->threads);
	free(w);
}

void
work_submit(struct work *w, void (*fn)(void *), void *arg)
{
	struct work_job	 j = { fn, arg };

	if (w->pending == w->max)
		fatalx("work: submit to a full pool");
	w->pending++;
	work_lock(w);
	work_ring_push(&w->todo, w->max, j);
	pthread_cond_signal(&w->todo_cv);
	work_unlock(w);
}

bool
work_full(const struct work *w)
{
	return w->pending >= w->max;
}

size_t
work_pending(const struct work *w)
{
	return w == NULL ? 0 : w->pending;
}

size_t
work_threads(const struct work *w)
{
	return w->nthreads;
}

/* Takes a finished job back; with wait, sleeps until one is. */
static void *
work_take(struct work *w, bool wait)
{
	void	*arg = NULL;

	if (w->pending == 0)
		return NULL;
	work_lock(w);
	while (wait && w->done.len == 0)
		work_cond_wait(&w->done_cv, &w->mu);
	if (w->done.len > 0) {
		arg = work_ring_pop(&w->done, w->max).arg;
		w->pending--;
	}
	work_unlock(w);
	return arg;
}

void *
work_next(struct work *w)
{
	return work_take(w, false);
}

void *
work_wait(struct work *w)
{
	return work_take(w, true);
}
