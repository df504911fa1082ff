/*
 * Error reporting for library code.
 *
 * Modules never print and never exit: a function that fails fills a
 * struct kcg_error with a one-line message (lower case, no full stop, the
 * subject quoted, as git does) and returns -1.  Only cli/ prints the message
 * and chooses the exit status.
 */
#ifndef KCG_ERROR_H
#define KCG_ERROR_H

#include <stdarg.h>

struct kcg_error {
	char msg[1024];
};

/* Format a message into err (which may be NULL) and return -1. */
int kcg_error_set(struct kcg_error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Like kcg_error_set, with ": strerror(errno)" appended. */
int kcg_error_errno(struct kcg_error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
