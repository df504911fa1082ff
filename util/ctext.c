/*
 * Reading C source text without a parser: see ctext.h.
 */
#include "ctext.h"

#include <string.h>

int ctext_ident_start(char c)
{
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

int ctext_ident_char(char c)
{
	return ctext_ident_start(c) || (c >= '0' && c <= '9');
}

/* Past the comment at q. */
static const char *skip_comment(const char *q, const char *end)
{
	if (q[1] == '*') {
		for (q += 2; q + 1 < end && !(q[0] == '*' && q[1] == '/'); q++)
			;
		return q + 1 < end ? q + 2 : end;
	}
	while (q < end && *q != '\n')
		q++;
	return q;
}

int ctext_has_word(const char *text, size_t size, const char *word)
{
	size_t n = strlen(word);
	const char *p = text, *end = text + size;

	while ((p = memchr(p, word[0], (size_t)(end - p)))) {
		if ((size_t)(end - p) >= n && !memcmp(p, word, n) &&
		    (p == text || !ctext_ident_char(p[-1])) &&
		    ((size_t)(end - p) == n || !ctext_ident_char(p[n])))
			return 1;
		p++;
	}
	return 0;
}

int ctext_blank(const char *p, const char *end)
{
	while (p < end) {
		if (*p == '/' && p + 1 < end && (p[1] == '*' || p[1] == '/'))
			p = skip_comment(p, end);
		else if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
			p++;
		else
			return 0;
	}
	return 1;
}
