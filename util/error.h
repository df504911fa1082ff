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

/* What kind of failure: cli/ picks the exit status from it. */
enum kcg_error_kind {
	KCG_ERROR_FAILED,	/* anything else */
	KCG_ERROR_UNSUPPORTED,	/* input kcg does not understand (a kernel
				   tree whose Kbuild prints what kcg does
				   not expect) */
};

struct kcg_error {
	char msg[1024];
	enum kcg_error_kind kind;
};

/*
 * Format a message into err (which may be NULL), set its kind to
 * KCG_ERROR_FAILED and return -1.
 */
int kcg_error_set(struct kcg_error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Like kcg_error_set, with ": strerror(errno)" appended. */
int kcg_error_errno(struct kcg_error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Like kcg_error_set, of kind KCG_ERROR_UNSUPPORTED. */
int kcg_error_unsupported(struct kcg_error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
