/*
 * The macros that can expand to __COUNTER__.
 *
 * A TU may be handed a header's function bodies emptied (emptied.h) only
 * if that takes no number from the TU's __COUNTER__: every later number
 * would shift, and with it the names the kernel makes from it
 * (__UNIQUE_ID(), initcalls), which are facts.  A body is emptied only
 * if it names none of these macros.  They are found by name, over every
 * #define of the tree's headers whatever #if it sits in: a macro is in
 * when its replacement names __COUNTER__ or a macro that is in.  That
 * takes in more than any one configuration expands (min(), READ_ONCE(),
 * BUILD_BUG_ON() and WARN_ON() do reach it), never less, for the headers
 * under the root; a TU's own source, its command line and the other files
 * it reads may define more (counter_defines(), extractor/parse.c).
 */
#ifndef KCG_COUNTER_H
#define KCG_COUNTER_H

#include "util/strmap.h"

#include <stddef.h>

struct counter_macros {
	struct strmap names;	/* macro name -> 1 */
	size_t files;		/* headers read */
};

void counter_macros_init(struct counter_macros *cm);
void counter_macros_release(struct counter_macros *cm);

/* Read every *.h under root (through links to directories too) and
 * find the macros; -1 if root cannot be read.  The TU's other files, a
 * header outside the root or a .c another includes, are the caller's to
 * check with counter_defines(). */
int counter_macros_scan(struct counter_macros *cm, const char *root);

/* Whether text[0, size) names one of the macros (or __COUNTER__). */
int counter_named(const struct counter_macros *cm, const char *text,
		  size_t size);

/* Whether text (a source file) #defines a macro whose replacement names
 * one of them. */
int counter_defines(const struct counter_macros *cm, const char *text,
		    size_t size);

#endif
