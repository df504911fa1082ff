/*
 * Error reporting for library code: see error.h.
 */
#include "error.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

/* Format the message into err and set its kind; always -1. */
static int error_vset(struct kcg_error *err, enum kcg_error_kind kind,
		      const char *fmt, va_list ap)
{
	if (!err)
		return -1;
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	err->kind = kind;
	return -1;
}

int kcg_error_set(struct kcg_error *err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	error_vset(err, KCG_ERROR_FAILED, fmt, ap);
	va_end(ap);
	return -1;
}

int kcg_error_unsupported(struct kcg_error *err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	error_vset(err, KCG_ERROR_UNSUPPORTED, fmt, ap);
	va_end(ap);
	return -1;
}

int kcg_error_errno(struct kcg_error *err, const char *fmt, ...)
{
	int saved = errno;
	size_t len;
	va_list ap;

	if (!err)
		return -1;
	va_start(ap, fmt);
	error_vset(err, KCG_ERROR_FAILED, fmt, ap);
	va_end(ap);
	len = strlen(err->msg);
	snprintf(err->msg + len, sizeof(err->msg) - len, ": %s", strerror(saved));
	return -1;
}
