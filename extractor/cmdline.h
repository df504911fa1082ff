/*
 * Compiler command lines: splitting shell text into words and cleaning the
 * flags libclang must not see.
 */
#ifndef KCG_CMDLINE_H
#define KCG_CMDLINE_H

#include "util/error.h"

#include <stddef.h>

/*
 * Split a POSIX shell command line into words: blanks separate words,
 * single quotes, double quotes (with \" \\ \$ \` escapes) and backslash
 * escapes are honoured.  Stops at the end of the first simple command (an
 * unquoted ';', '&&', '||' or '|'); *rest is then set to the text after it
 * (or NULL at the end).  Returns the number of words and sets *argv to a
 * NULL-terminated array owned by the caller (free with cmdline_free), or -1
 * with a message on an unterminated quote or a NUL byte (words are C
 * strings), with the offset in text.
 */
int cmdline_split(const char *text, size_t len, char ***argv,
		  const char **rest, struct kcg_error *err);

void cmdline_free(char **argv);

/*
 * Return a cleaned copy of argv (NULL-terminated, one allocation: free()
 * it, not cmdline_free()) with the flags removed that write files or change
 * what counts as an error: -Wp,-MMD,... -Wp,-MD,... -MD -MMD -MF x -MT x
 * -MQ x -o x -Werror -Werror=* -save-temps and the like.  *argc_out gets
 * the new count.
 */
char **cmdline_clean_args(char *const *argv, int argc, int *argc_out);

#endif
