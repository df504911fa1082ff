/*
 * Error reporting for library code: see error.h.
 */
#include "error.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

int kcg_error_set(struct kcg_error *err, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return -1;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	err->kind = KCG_ERROR_FAILED;
	return -1;
}

int kcg_error_unsupported(struct kcg_error *err, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return -1;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	err->kind = KCG_ERROR_UNSUPPORTED;
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
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	len = strlen(err->msg);
	snprintf(err->msg + len, sizeof(err->msg) - len, ": %s", strerror(saved));
	err->kind = KCG_ERROR_FAILED;
	return -1;
}
