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

int ctext_starts_literal(const char *q, const char *end)
{
	return *q == '"' || *q == '\'' ||
	       (*q == '/' && q + 1 < end && (q[1] == '*' || q[1] == '/'));
}

const char *ctext_skip_literal(const char *q, const char *end)
{
	char quote = *q;

	if (quote == '/' && q + 1 < end && q[1] == '*') {
		for (q += 2; q + 1 < end && !(q[0] == '*' && q[1] == '/'); q++)
			;
		return q + 1 < end ? q + 2 : end;
	}
	if (quote == '/' && q + 1 < end && q[1] == '/') {
		while (q < end && *q != '\n')
			q++;
		return q;
	}
	for (q++; q < end && *q != quote && *q != '\n'; q++)
		if (*q == '\\' && q + 1 < end)
			q++;
	return q < end ? q + 1 : end;
}

const char *ctext_next_ident(const char **p, const char *end, size_t *len)
{
	const char *q = *p, *s;

	while (q < end && !ctext_ident_start(*q)) {
		if (*q >= '0' && *q <= '9')
			while (q < end && ctext_ident_char(*q))
				q++;
		else if (ctext_starts_literal(q, end))
			q = ctext_skip_literal(q, end);
		else
			q++;
	}
	if (q == end) {
		*p = q;
		return NULL;
	}
	for (s = q; q < end && ctext_ident_char(*q); q++)
		;
	*p = q;
	*len = (size_t)(q - s);
	return s;
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
			p = ctext_skip_literal(p, end);
		else if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
			p++;
		else
			return 0;
	}
	return 1;
}
