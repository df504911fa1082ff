/*
 * Running a program from a test, the kcg binary above all: its
 * arguments, environment, directory and standard input given, its
 * standard output and error captured (apart or interleaved as written)
 * and its exit status returned.  No shell is involved: arguments reach
 * the program as they are.
 */
#ifndef KCG_TEST_RUN_H
#define KCG_TEST_RUN_H

#include "util/strbuf.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

struct run_options {
	const char *cwd;		/* run there; NULL: the test's own */
	const char *const *env;		/* NULL-terminated "NAME=VALUE" to
					   set and "NAME" to unset, on top
					   of the test's environment; or
					   NULL */
	const char *input;		/* standard input (input_len bytes);
					   NULL: /dev/null */
	size_t input_len;
	int merge_stderr;		/* stderr into out, in the order
					   written; err stays empty */
};

struct run_result {
	struct strbuf out, err;
	int status;			/* the exit code; 128 + N when
					   killed by signal N */
};

void run_result_init(struct run_result *r);
void run_result_release(struct run_result *r);

/* A program started by run_start(), not yet waited for. */
struct run_child {
	pid_t pid;
	FILE *out, *err;
};

/*
 * Start argv[0] (a path, or a name looked up in PATH) with argv; o may be
 * NULL.  Returns 0, or -1 with the reason printed on stderr.
 */
int run_start(const char *const *argv, const struct run_options *o,
	      struct run_child *c);

/* Wait for c to end and fill r (reset first); returns r->status, or -1
 * with the reason printed. */
int run_wait(struct run_child *c, struct run_result *r);

/* run_start() then run_wait(): the exit status, or -1. */
int run_argv(const char *const *argv, const struct run_options *o,
	     struct run_result *r);

/*
 * Run the kcg binary under test with the arguments printf-style fmt
 * gives, split into words as a shell would (blanks separate, quotes and
 * backslashes group: "show \"a b\"" passes one argument "a b"), no
 * redirections.  NO_COLOR=1 is set in its environment.  Returns its exit
 * status, or -1.
 */
int run_kcg(struct run_result *r, const struct run_options *o,
	    const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int run_kcgv(struct run_result *r, const struct run_options *o,
	     const char *fmt, va_list ap) __attribute__((format(printf, 3, 0)));

/* The path of the kcg binary the tests run. */
const char *run_kcg_binary(void);

#endif
