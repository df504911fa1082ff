/*
 * Output of the query commands: see output.h.
 */
#include "output.h"

#include "db/edge_kind.h"
#include "queries/result_json.h"
#include "util/alloc.h"
#include "util/strbuf.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define BOLD "\033[1m"
#define DIM "\033[2m"
#define RESET "\033[0m"

static int want_color(FILE *f)
{
	const char *no = getenv("NO_COLOR");

	if (no && *no)
		return 0;
	return isatty(fileno(f));
}

/* Write what sb holds to the output and empty sb. */
static void json_flush(void *ctx, struct strbuf *sb)
{
	struct output *o = ctx;

	fwrite(sb->buf, 1, sb->len, o->f);
	strbuf_reset(sb);
}

void output_begin(struct output *o, enum out_format format,
		  const char *command, const char *db_path, int multi)
{
	struct strbuf sb;

	memset(o, 0, sizeof(*o));
	o->format = format;
	o->f = stdout;
	o->multi = multi;
	o->color = format == OUT_TEXT && want_color(o->f);
	if (format != OUT_JSON)
		return;
	strbuf_init(&sb);
	result_json_begin(&sb, command, db_path);
	json_flush(o, &sb);
	strbuf_release(&sb);
}

static void json_table(struct output *o, const struct result *r)
{
	struct strbuf sb;

	strbuf_init(&sb);
	result_json_table(&sb, r, !o->nr_tables, json_flush, o);
	strbuf_release(&sb);
}

static void tsv_field(FILE *f, const char *s)
{
	for (; s && *s; s++) {
		if (*s == '\t')
			fputs("\\t", f);
		else if (*s == '\n')
			fputs("\\n", f);
		else if (*s == '\\')
			fputs("\\\\", f);
		else
			fputc(*s, f);
	}
}

static void tsv_table(struct output *o, const struct result *r)
{
	size_t row, col;
	char buf[32];

	if (o->nr_tables)
		fputc('\n', o->f);
	if (o->multi)
		fprintf(o->f, "# %s\n", r->name);
	for (col = 0; col < r->nr_cols; col++) {
		if (col)
			fputc('\t', o->f);
		tsv_field(o->f, r->cols[col]);
	}
	fputc('\n', o->f);
	for (row = 0; row < r->nr_rows; row++) {
		for (col = 0; col < r->nr_cols; col++) {
			const struct cell *c =
				&r->cells[row * r->nr_cols + col];

			if (col)
				fputc('\t', o->f);
			tsv_field(o->f, cell_text(c, buf, sizeof(buf)));
		}
		fputc('\n', o->f);
	}
}

void output_data(struct output *o, const struct result *r)
{
	if (o->format == OUT_JSON)
		json_table(o, r);
	else if (o->format == OUT_TSV)
		tsv_table(o, r);
	else
		return;
	o->nr_tables++;
}

void output_end(struct output *o)
{
	if (o->format == OUT_JSON) {
		struct strbuf sb;

		strbuf_init(&sb);
		result_json_end(&sb);
		json_flush(o, &sb);
		strbuf_release(&sb);
	}
	fflush(o->f);
}

/* The colour of an edge kind's name, from the table of kinds. */
static const char *kind_color(const char *kind)
{
	return edge_kind(edge_kind_code(kind))->term_color;
}

static const char *style_color(char style, const char *text)
{
	switch (style) {
	case 'n':
		return BOLD;
	case 'f':
		return DIM;
	case 'k':
		return kind_color(text);
	default:
		return NULL;
	}
}

static void text_cell(struct output *o, const char *s, size_t width,
		      char style, int last)
{
	const char *color = o->color && *s ? style_color(style, s) : NULL;
	size_t len = strlen(s), pad = width > len ? width - len : 0;

	if (style == 'r')
		fprintf(o->f, "%*s", (int)pad, "");
	if (color)
		fputs(color, o->f);
	fputs(s, o->f);
	if (color)
		fputs(RESET, o->f);
	if (style != 'r' && !last)
		fprintf(o->f, "%*s", (int)pad, "");
}

static const char *text_of(const struct result *t, size_t row, size_t col,
			   char *buf, size_t size)
{
	const char *s;

	if (row == (size_t)-1)
		return t->cols[col];
	s = cell_text(&t->cells[row * t->nr_cols + col], buf, size);
	return s ? s : "";
}

/* Is every cell of column col from here to the end of the row empty? */
static int rest_empty(const struct result *t, size_t row, size_t col)
{
	char buf[32];

	if (row == (size_t)-1)
		return col + 1 >= t->nr_cols;
	for (col++; col < t->nr_cols; col++)
		if (*text_of(t, row, col, buf, sizeof(buf)))
			return 0;
	return 1;
}

void output_text(struct output *o, const struct result *t,
		 const char *styles, int flags)
{
	size_t *width = xcalloc(t->nr_cols + 1, sizeof(*width));
	size_t row, col, first = flags & TEXT_HEADER ? (size_t)-1 : 0;
	char buf[32];

	if (o->format != OUT_TEXT) {
		free(width);
		return;
	}
	for (row = first; row == (size_t)-1 || row < t->nr_rows; row++)
		for (col = 0; col < t->nr_cols; col++) {
			size_t len = strlen(text_of(t, row, col, buf,
						    sizeof(buf)));

			if (len > width[col])
				width[col] = len;
		}
	for (row = first; row == (size_t)-1 || row < t->nr_rows; row++) {
		if (flags & TEXT_INDENT)
			fputs("  ", o->f);
		for (col = 0; col < t->nr_cols; col++) {
			char style = col < strlen(styles) ? styles[col] : '-';
			int last = rest_empty(t, row, col);

			if (col)
				fputs("  ", o->f);
			text_cell(o, text_of(t, row, col, buf, sizeof(buf)),
				  width[col], row == (size_t)-1 ? '-' : style,
				  last);
			if (last)
				break;
		}
		fputc('\n', o->f);
	}
	free(width);
}

void output_heading(struct output *o, const char *fmt, ...)
{
	va_list ap;

	if (o->format != OUT_TEXT)
		return;
	if (o->color)
		fputs(BOLD, o->f);
	va_start(ap, fmt);
	vfprintf(o->f, fmt, ap);
	va_end(ap);
	if (o->color)
		fputs(RESET, o->f);
	fputc('\n', o->f);
}
