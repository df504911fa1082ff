/*
 * Reading C source text without a parser: identifiers, literals and
 * comments, for the places that look at a file's bytes (the counter
 * macros of extractor/counter.c, the bodies extractor/emptied.c hands
 * on, the names extractor/visit.c checks are written).
 */
#ifndef KCG_CTEXT_H
#define KCG_CTEXT_H

#include <stddef.h>

int ctext_ident_start(char c);
int ctext_ident_char(char c);

/* Whether a string or character literal, or a comment, starts at q. */
int ctext_starts_literal(const char *q, const char *end);

/* Past the string or character literal, or the comment, at q. */
const char *ctext_skip_literal(const char *q, const char *end);

/* The next identifier in [*p, end), skipping numbers (0x1f, 10UL),
 * string and character literals and comments; NULL at the end. */
const char *ctext_next_ident(const char **p, const char *end, size_t *len);

/* Whether text[0, size) holds word, not as part of a longer identifier
 * (in a literal or a comment too). */
int ctext_has_word(const char *text, size_t size, const char *word);

/* Whether [p, end) holds nothing but blanks and comments. */
int ctext_blank(const char *p, const char *end);

#endif
