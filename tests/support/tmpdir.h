/*
 * Temporary directories for tests: made under a test's own scratch
 * directory, removed with everything in them.
 */
#ifndef KCG_TEST_TMPDIR_H
#define KCG_TEST_TMPDIR_H

/* A new directory base/prefix-XXXXXX (base is created if need be), or
 * NULL with errno set.  The caller frees it with tmpdir_remove(). */
char *tmpdir_make(const char *base, const char *prefix);

/* Remove dir and everything below it, and free the string. */
void tmpdir_remove(char *dir);

#endif
