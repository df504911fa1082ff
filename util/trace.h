/*
 * Where the time of a run goes, for people measuring kcg: with
 * KCG_TRACE=1 in the environment, trace_phase() prints to stderr how long
 * the phase that just ended took and the time since the process started
 * (git's GIT_TRACE_PERFORMANCE, in small).  Without it, it costs a getenv
 * on the first call.
 */
#ifndef KCG_TRACE_H
#define KCG_TRACE_H

/* Is KCG_TRACE set (to something other than 0)? */
int trace_enabled(void);

/* The phase called name ends now. */
void trace_phase(const char *name);

/* With KCG_TRACE, a line of what was decided on the way (printf-like). */
void trace_note(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

#endif
