/*
 * Reading C source text without a parser: identifiers, words and
 * comments, for the places that look at a file's bytes (the bodies
 * extractor/emptied.c hands on, the names extractor/visit.c checks are
 * written).
 */
#ifndef KCG_CTEXT_H
#define KCG_CTEXT_H

#include <stddef.h>

int ctext_ident_start(char c);
int ctext_ident_char(char c);

/* Whether text[0, size) holds word, not as part of a longer identifier
 * (in a literal or a comment too). */
int ctext_has_word(const char *text, size_t size, const char *word);

/* Whether [p, end) holds nothing but blanks and comments. */
int ctext_blank(const char *p, const char *end);

#endif
