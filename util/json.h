/*
 * JSON for kcg: a small strict reader (RFC 8259, json.c), enough for
 * compile_commands.json, and the writer every JSON kcg prints or stores
 * goes through (json_write.c): compile_commands.json, the --json output
 * of the query commands.
 *
 * The input is a buffer of len bytes that need not be NUL-terminated and
 * may be hostile: it must be UTF-8, may not contain NUL bytes or, in
 * strings, "\u0000" (strings are handed out as C strings), and nesting is
 * limited to JSON_MAX_DEPTH.  Values are parsed into a tree of
 * struct json_value; each remembers its byte offset in the input, which
 * json_location() turns into a line and column for messages.
 *
 * A big top-level array (a compilation database of a whole kernel) can be
 * read one element at a time with json_reader_begin_array() and
 * json_reader_next() so that only one element is in memory.
 */
#ifndef KCG_JSON_H
#define KCG_JSON_H

#include "util/strbuf.h"

#include <stddef.h>

#define JSON_MAX_DEPTH 128

enum json_type {
	JSON_NULL,
	JSON_FALSE,
	JSON_TRUE,
	JSON_NUMBER,
	JSON_STRING,
	JSON_ARRAY,
	JSON_OBJECT,
};

struct json_member;

struct json_value {
	enum json_type type;
	size_t offset;		/* of its first byte in the input */
	union {
		double number;
		struct {
			char *s;	/* NUL-terminated, UTF-8 */
			size_t len;
		} string;
		struct {
			struct json_value *items;
			size_t nr;
		} array;
		struct {
			struct json_member *members;	/* in input order */
			size_t nr;
		} object;
	} u;
};

struct json_member {
	char *key;
	size_t key_offset;
	struct json_value value;
};

/* Where and why parsing failed. */
struct json_error {
	size_t offset;
	unsigned long line, column;	/* 1-based */
	char msg[256];
};

/*
 * Parse the single JSON value that makes up text (whitespace around it is
 * allowed, a UTF-8 byte order mark at the start is skipped).  Returns 0 and
 * fills *v (release with json_value_release), or -1 and fills *err.
 */
int json_parse(const char *text, size_t len, struct json_value *v,
	       struct json_error *err);

void json_value_release(struct json_value *v);

/* The first member called key of an object, or NULL. */
const struct json_value *json_object_get(const struct json_value *obj,
					 const char *key);

/* "a string", "an object", ... for messages. */
const char *json_type_name(enum json_type type);

/* 1-based line and column (in characters) of a byte offset in text. */
void json_location(const char *text, size_t len, size_t offset,
		   unsigned long *line, unsigned long *column);

/* Reading the elements of a top-level array one by one. */
struct json_reader {
	const char *text;
	size_t len, pos;
	size_t index;		/* elements read so far */
	int done;		/* the closing ']' was read */
};

/*
 * Start reading text, whose top-level value must be an array.  Returns 0,
 * or -1 with err filled (empty input, not an array).
 */
int json_reader_begin_array(struct json_reader *r, const char *text,
			    size_t len, struct json_error *err);

/*
 * Read the next element into *v: returns 1 (release *v), 0 when the array
 * and the input ended properly, -1 on error.
 */
int json_reader_next(struct json_reader *r, struct json_value *v,
		     struct json_error *err);

/*
 * Writing.  The caller lays out objects and arrays; these write what needs
 * escaping.  In a string '"' and '\\' are escaped, and so are the control
 * characters: \n \t \r \b \f as such, the others and DEL as \u00XX.
 * Every other byte is copied: UTF-8 passes through unchanged (and is not
 * checked: invalid UTF-8 is written as it is, and json_parse rejects it).
 */

/* Append s (len bytes, NULs allowed) to sb as a quoted JSON string. */
void json_write_string(struct strbuf *sb, const char *s, size_t len);

/* The same for the NUL-terminated s. */
void json_write_str(struct strbuf *sb, const char *s);

/* Append an object member's key and the colon after it: `"key": `. */
void json_write_key(struct strbuf *sb, const char *key);

#endif
