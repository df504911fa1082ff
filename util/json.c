/*
 * A small strict JSON reader: see json.h.
 *
 * A recursive descent parser over a length-bounded buffer.  Every read is
 * checked against len, recursion is bounded by JSON_MAX_DEPTH, and a value
 * is kept in a state json_value_release() can free at every step, so that
 * an error anywhere leaves nothing behind.
 */
#include "json.h"

#include "alloc.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct parser {
	const char *text;
	size_t len, pos;
	struct json_error *err;
};

static int parse_value(struct parser *p, struct json_value *v, int depth);

static int fail_at(struct parser *p, size_t offset, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail_at(struct parser *p, size_t offset, const char *fmt, ...)
{
	struct json_error *err = p->err;
	va_list ap;

	if (!err)
		return -1;
	err->offset = offset;
	json_location(p->text, p->len, offset, &err->line, &err->column);
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return -1;
}

static int at_end(const struct parser *p)
{
	return p->pos >= p->len;
}

static unsigned char cur(const struct parser *p)
{
	return (unsigned char)p->text[p->pos];
}

/* Fail at p->pos with "expected ..." or a better word for what is there. */
static int fail_expected(struct parser *p, const char *what)
{
	if (at_end(p))
		return fail_at(p, p->pos, "unexpected end of input");
	if (cur(p) == '\0')
		return fail_at(p, p->pos, "nul byte");
	return fail_at(p, p->pos, "expected %s", what);
}

static void skip_ws(struct parser *p)
{
	while (!at_end(p)) {
		unsigned char c = cur(p);

		if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
			break;
		p->pos++;
	}
}

static void skip_bom(struct parser *p)
{
	static const char bom[] = "\xef\xbb\xbf";

	if (p->len - p->pos >= 3 && !memcmp(p->text + p->pos, bom, 3))
		p->pos += 3;
}

static void utf8_encode(struct strbuf *sb, uint32_t cp)
{
	char buf[4];
	size_t n;

	if (cp < 0x80) {
		buf[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		buf[0] = (char)(0xc0 | (cp >> 6));
		buf[1] = (char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		buf[0] = (char)(0xe0 | (cp >> 12));
		buf[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		buf[2] = (char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		buf[0] = (char)(0xf0 | (cp >> 18));
		buf[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		buf[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		buf[3] = (char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	strbuf_add(sb, buf, n);
}

/* Four hex digits at p->pos; -1 if they are not there. */
static int32_t read_hex4(struct parser *p)
{
	int32_t cp = 0;
	int i;

	if (p->len - p->pos < 4)
		return -1;
	for (i = 0; i < 4; i++) {
		char c = p->text[p->pos + i];
		int d;

		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			d = c - 'A' + 10;
		else
			return -1;
		cp = cp * 16 + d;
	}
	p->pos += 4;
	return cp;
}

/* p->pos is just after "\u" */
static int parse_unicode_escape(struct parser *p, struct strbuf *sb)
{
	size_t start = p->pos - 2;
	int32_t cp = read_hex4(p), low;

	if (cp < 0)
		return fail_at(p, start, "invalid \\u escape");
	if (cp == 0)
		return fail_at(p, start, "\\u0000 is not allowed in strings");
	if (cp >= 0xdc00 && cp <= 0xdfff)
		return fail_at(p, start, "unpaired surrogate \\u%04x", cp);
	if (cp >= 0xd800 && cp <= 0xdbff) {
		if (p->len - p->pos < 2 || p->text[p->pos] != '\\' ||
		    p->text[p->pos + 1] != 'u')
			return fail_at(p, start,
				       "unpaired surrogate \\u%04x", cp);
		p->pos += 2;
		low = read_hex4(p);
		if (low < 0xdc00 || low > 0xdfff)
			return fail_at(p, start,
				       "unpaired surrogate \\u%04x", cp);
		cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
	}
	utf8_encode(sb, (uint32_t)cp);
	return 0;
}

static int parse_escape(struct parser *p, struct strbuf *sb)
{
	static const char from[] = "\"\\/bfnrt";
	static const char to[] = "\"\\/\b\f\n\r\t";
	const char *e;
	char c;

	p->pos++;	/* the backslash */
	if (at_end(p))
		return fail_at(p, p->pos, "unexpected end of input");
	c = p->text[p->pos++];
	if (c == 'u')
		return parse_unicode_escape(p, sb);
	e = c ? strchr(from, c) : NULL;
	if (!e) {
		if ((unsigned char)c < 0x20 || (unsigned char)c >= 0x7f)
			return fail_at(p, p->pos - 2, "invalid escape");
		return fail_at(p, p->pos - 2, "invalid escape '\\%c'", c);
	}
	strbuf_addch(sb, to[e - from]);
	return 0;
}

/*
 * Length of the well-formed UTF-8 sequence at s (n bytes available), or 0:
 * no overlong forms, no surrogates, nothing above U+10FFFF.
 */
static size_t utf8_length(const unsigned char *s, size_t n)
{
	uint32_t cp;
	size_t len, i;

	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return len;
}

/* A run of bytes that need no attention: printable ASCII but " and \. */
static size_t plain_run(const struct parser *p)
{
	size_t i = p->pos;

	while (i < p->len) {
		unsigned char c = (unsigned char)p->text[i];

		if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\')
			break;
		i++;
	}
	return i - p->pos;
}

/* A string at p->pos (on the opening quote), appended to sb. */
static int parse_string_into(struct parser *p, struct strbuf *sb)
{
	size_t start = p->pos++;

	for (;;) {
		size_t run = plain_run(p), n;
		unsigned char c;

		strbuf_add(sb, p->text + p->pos, run);
		p->pos += run;
		if (at_end(p))
			return fail_at(p, start, "unterminated string");
		c = cur(p);
		if (c == '"') {
			p->pos++;
			return 0;
		}
		if (c == '\\') {
			if (parse_escape(p, sb))
				return -1;
			continue;
		}
		if (c == '\0')
			return fail_at(p, p->pos, "nul byte");
		if (c < 0x20)
			return fail_at(p, p->pos,
				       "control character 0x%02x in string",
				       c);
		n = utf8_length((const unsigned char *)p->text + p->pos,
				p->len - p->pos);
		if (!n)
			return fail_at(p, p->pos, "invalid UTF-8 in string");
		strbuf_add(sb, p->text + p->pos, n);
		p->pos += n;
	}
}

static int parse_string(struct parser *p, struct json_value *v)
{
	struct strbuf sb;

	strbuf_init(&sb);
	if (parse_string_into(p, &sb)) {
		strbuf_release(&sb);
		return -1;
	}
	v->u.string.len = sb.len;
	v->u.string.s = strbuf_detach(&sb);
	v->type = JSON_STRING;
	return 0;
}

static int is_digit(const struct parser *p)
{
	return !at_end(p) && cur(p) >= '0' && cur(p) <= '9';
}

static int skip_digits(struct parser *p)
{
	size_t start = p->pos;

	while (is_digit(p))
		p->pos++;
	return p->pos > start;
}

static int parse_number(struct parser *p, struct json_value *v)
{
	size_t start = p->pos;
	char small[64], *copy;
	size_t n;

	if (!at_end(p) && cur(p) == '-')
		p->pos++;
	if (!at_end(p) && cur(p) == '0')
		p->pos++;
	else if (!skip_digits(p))
		return fail_at(p, start, "invalid number");
	if (!at_end(p) && cur(p) == '.') {
		p->pos++;
		if (!skip_digits(p))
			return fail_at(p, start, "invalid number");
	}
	if (!at_end(p) && (cur(p) == 'e' || cur(p) == 'E')) {
		p->pos++;
		if (!at_end(p) && (cur(p) == '+' || cur(p) == '-'))
			p->pos++;
		if (!skip_digits(p))
			return fail_at(p, start, "invalid number");
	}
	if (is_digit(p))
		return fail_at(p, start, "invalid number (leading zero)");
	n = p->pos - start;
	copy = n < sizeof(small) ? small : xmalloc(n + 1);
	memcpy(copy, p->text + start, n);
	copy[n] = '\0';
	v->u.number = strtod(copy, NULL);
	v->type = JSON_NUMBER;
	if (copy != small)
		free(copy);
	return 0;
}

static int parse_literal(struct parser *p, struct json_value *v,
			 const char *word, enum json_type type)
{
	size_t n = strlen(word);

	if (p->len - p->pos < n || memcmp(p->text + p->pos, word, n))
		return fail_at(p, p->pos, "invalid literal");
	p->pos += n;
	v->type = type;
	return 0;
}

static int check_depth(struct parser *p, int depth)
{
	if (depth >= JSON_MAX_DEPTH)
		return fail_at(p, p->pos, "nesting deeper than %d levels",
			       JSON_MAX_DEPTH);
	return 0;
}

static struct json_value *new_item(struct json_value *v, size_t *alloc)
{
	struct json_value *item;

	xgrow(&v->u.array.items, alloc, v->u.array.nr + 1,
	      sizeof(*v->u.array.items));
	item = &v->u.array.items[v->u.array.nr++];
	memset(item, 0, sizeof(*item));
	item->type = JSON_NULL;
	return item;
}

static int parse_array(struct parser *p, struct json_value *v, int depth)
{
	size_t alloc = 0;

	if (check_depth(p, depth))
		return -1;
	p->pos++;
	v->type = JSON_ARRAY;
	v->u.array.items = NULL;
	v->u.array.nr = 0;
	skip_ws(p);
	if (!at_end(p) && cur(p) == ']') {
		p->pos++;
		return 0;
	}
	for (;;) {
		if (parse_value(p, new_item(v, &alloc), depth + 1))
			return -1;
		skip_ws(p);
		if (!at_end(p) && cur(p) == ']') {
			p->pos++;
			return 0;
		}
		if (at_end(p) || cur(p) != ',')
			return fail_expected(p, "',' or ']'");
		p->pos++;
		skip_ws(p);
	}
}

static struct json_member *new_member(struct json_value *v, size_t *alloc)
{
	struct json_member *m;

	xgrow(&v->u.object.members, alloc, v->u.object.nr + 1,
	      sizeof(*v->u.object.members));
	m = &v->u.object.members[v->u.object.nr++];
	memset(m, 0, sizeof(*m));
	m->value.type = JSON_NULL;
	return m;
}

static int parse_member(struct parser *p, struct json_member *m, int depth)
{
	struct strbuf key;

	if (at_end(p) || cur(p) != '"')
		return fail_expected(p, "a string key");
	m->key_offset = p->pos;
	strbuf_init(&key);
	if (parse_string_into(p, &key)) {
		strbuf_release(&key);
		return -1;
	}
	m->key = strbuf_detach(&key);
	skip_ws(p);
	if (at_end(p) || cur(p) != ':')
		return fail_expected(p, "':'");
	p->pos++;
	skip_ws(p);
	return parse_value(p, &m->value, depth + 1);
}

static int parse_object(struct parser *p, struct json_value *v, int depth)
{
	size_t alloc = 0;

	if (check_depth(p, depth))
		return -1;
	p->pos++;
	v->type = JSON_OBJECT;
	v->u.object.members = NULL;
	v->u.object.nr = 0;
	skip_ws(p);
	if (!at_end(p) && cur(p) == '}') {
		p->pos++;
		return 0;
	}
	for (;;) {
		if (parse_member(p, new_member(v, &alloc), depth))
			return -1;
		skip_ws(p);
		if (!at_end(p) && cur(p) == '}') {
			p->pos++;
			return 0;
		}
		if (at_end(p) || cur(p) != ',')
			return fail_expected(p, "',' or '}'");
		p->pos++;
		skip_ws(p);
	}
}

/* The value at p->pos (whitespace before it already skipped). */
static int parse_value(struct parser *p, struct json_value *v, int depth)
{
	v->type = JSON_NULL;
	v->offset = p->pos;
	if (at_end(p))
		return fail_at(p, p->pos, "unexpected end of input");
	switch (cur(p)) {
	case '{':
		return parse_object(p, v, depth);
	case '[':
		return parse_array(p, v, depth);
	case '"':
		return parse_string(p, v);
	case 't':
		return parse_literal(p, v, "true", JSON_TRUE);
	case 'f':
		return parse_literal(p, v, "false", JSON_FALSE);
	case 'n':
		return parse_literal(p, v, "null", JSON_NULL);
	case '-':
	case '0': case '1': case '2': case '3': case '4':
	case '5': case '6': case '7': case '8': case '9':
		return parse_number(p, v);
	default:
		return fail_expected(p, "a value");
	}
}

void json_value_release(struct json_value *v)
{
	size_t i;

	switch (v->type) {
	case JSON_STRING:
		free(v->u.string.s);
		break;
	case JSON_ARRAY:
		for (i = 0; i < v->u.array.nr; i++)
			json_value_release(&v->u.array.items[i]);
		free(v->u.array.items);
		break;
	case JSON_OBJECT:
		for (i = 0; i < v->u.object.nr; i++) {
			free(v->u.object.members[i].key);
			json_value_release(&v->u.object.members[i].value);
		}
		free(v->u.object.members);
		break;
	default:
		break;
	}
	v->type = JSON_NULL;
}

static int check_trailing(struct parser *p)
{
	skip_ws(p);
	if (at_end(p))
		return 0;
	if (cur(p) == '\0')
		return fail_at(p, p->pos, "nul byte");
	return fail_at(p, p->pos,
		       "unexpected data after the end of the JSON text");
}

int json_parse(const char *text, size_t len, struct json_value *v,
	       struct json_error *err)
{
	struct parser p = { .text = text, .len = len, .err = err };

	skip_bom(&p);
	skip_ws(&p);
	if (parse_value(&p, v, 0) || check_trailing(&p)) {
		json_value_release(v);
		return -1;
	}
	return 0;
}

const struct json_value *json_object_get(const struct json_value *obj,
					 const char *key)
{
	size_t i;

	if (obj->type != JSON_OBJECT)
		return NULL;
	for (i = 0; i < obj->u.object.nr; i++)
		if (!strcmp(obj->u.object.members[i].key, key))
			return &obj->u.object.members[i].value;
	return NULL;
}

const char *json_type_name(enum json_type type)
{
	switch (type) {
	case JSON_NULL:
		return "null";
	case JSON_FALSE:
	case JSON_TRUE:
		return "a boolean";
	case JSON_NUMBER:
		return "a number";
	case JSON_STRING:
		return "a string";
	case JSON_ARRAY:
		return "an array";
	case JSON_OBJECT:
		return "an object";
	}
	return "an unknown value";
}

void json_location(const char *text, size_t len, size_t offset,
		   unsigned long *line, unsigned long *column)
{
	size_t i;

	*line = 1;
	*column = 1;
	if (offset > len)
		offset = len;
	for (i = 0; i < offset; i++) {
		if (text[i] == '\n') {
			(*line)++;
			*column = 1;
		} else if (((unsigned char)text[i] & 0xc0) != 0x80) {
			(*column)++;	/* not for UTF-8 continuation bytes */
		}
	}
}

int json_reader_begin_array(struct json_reader *r, const char *text,
			    size_t len, struct json_error *err)
{
	struct parser p = { .text = text, .len = len, .err = err };

	r->text = text;
	r->len = len;
	r->index = 0;
	r->done = 0;
	skip_bom(&p);
	skip_ws(&p);
	r->pos = p.pos;
	if (at_end(&p))
		return fail_at(&p, p.pos, "unexpected end of input");
	if (cur(&p) == '\0')
		return fail_at(&p, p.pos, "nul byte");
	if (cur(&p) != '[')
		return fail_at(&p, p.pos,
			       "the top-level value is not an array");
	r->pos = p.pos + 1;
	return 0;
}

static int reader_finish(struct json_reader *r, struct parser *p)
{
	p->pos++;	/* ']' */
	r->pos = p->pos;
	if (check_trailing(p))
		return -1;
	r->done = 1;
	return 0;
}

int json_reader_next(struct json_reader *r, struct json_value *v,
		     struct json_error *err)
{
	struct parser p = {
		.text = r->text, .len = r->len, .pos = r->pos, .err = err
	};

	if (r->done)
		return 0;
	skip_ws(&p);
	if (!at_end(&p) && cur(&p) == ']')
		return reader_finish(r, &p);
	if (r->index) {
		if (at_end(&p) || cur(&p) != ',')
			return fail_expected(&p, "',' or ']'");
		p.pos++;
		skip_ws(&p);
	}
	if (parse_value(&p, v, 1)) {
		json_value_release(v);
		return -1;
	}
	r->pos = p.pos;
	r->index++;
	return 1;
}
