/*
 * The time a database is made: see created.h.
 */
#include "created.h"

#include "util/alloc.h"

#include <time.h>

char *index_created_now(void)
{
	char buf[64];
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
	return xstrdup(buf);
}
