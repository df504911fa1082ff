/*
 * Writing JSON: strings escaped as json.h says, for compile_commands.json
 * (extractor/compdb.c) and the --json output of the commands (cli/output.c).
 */
#include "json.h"

#include <stdio.h>
#include <string.h>

/* The escape sequence for byte c in a JSON string, or NULL. */
static const char *escape_for(unsigned char c, char buf[7])
{
	static const char from[] = "\"\\\n\t\r\b\f";
	static const char *const to[] = {
		"\\\"", "\\\\", "\\n", "\\t", "\\r", "\\b", "\\f"
	};
	const char *e = c ? strchr(from, c) : NULL;

	if (e)
		return to[e - from];
	if (c >= 0x20 && c != 0x7f)
		return NULL;
	snprintf(buf, 7, "\\u%04x", c);
	return buf;
}

void json_write_string(struct strbuf *sb, const char *s, size_t len)
{
	size_t i, run = 0;
	char buf[7];

	strbuf_addch(sb, '"');
	for (i = 0; i < len; i++) {
		const char *esc = escape_for((unsigned char)s[i], buf);

		if (!esc)
			continue;
		strbuf_add(sb, s + run, i - run);
		strbuf_addstr(sb, esc);
		run = i + 1;
	}
	strbuf_add(sb, s + run, len - run);
	strbuf_addch(sb, '"');
}

void json_write_str(struct strbuf *sb, const char *s)
{
	json_write_string(sb, s, strlen(s));
}

void json_write_key(struct strbuf *sb, const char *key)
{
	json_write_str(sb, key);
	strbuf_addstr(sb, ": ");
}
