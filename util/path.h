/*
 * Lexical path manipulation.  Nothing here touches the file system: paths
 * are normalized as text, as the compiler sees them, so that the same header
 * reached as "./include/linux/skbuff.h" and "include/net/../linux/skbuff.h"
 * gets one name.  Only path_absolute() asks for the current directory.
 */
#ifndef KCG_PATH_H
#define KCG_PATH_H

/*
 * Collapse "//", "/./" and "dir/.." in path.  A leading "/" is kept; ".."
 * that would climb above the start of a relative path is kept as is.
 * Returns a new string owned by the caller.
 */
char *path_normalize(const char *path);

/* dir + "/" + rel, normalized; rel when it is absolute. Caller frees. */
char *path_join(const char *dir, const char *rel);

/*
 * If path lies inside root (both normalized, absolute), return the part of
 * path after "root/" (a pointer into path); otherwise NULL.
 */
const char *path_relative_to(const char *path, const char *root);

/* The directory part of path: "/" for "/x", "." for "x".  Caller
 * frees. */
char *path_dirname(const char *path);

/*
 * path made absolute against the current directory, normalized (only
 * normalized if the current directory cannot be found).  Caller frees.
 */
char *path_absolute(const char *path);

#endif
