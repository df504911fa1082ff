/*
 * Output of the query commands: aligned text for people (colour only on
 * a terminal, and not with NO_COLOR), TSV or JSON for scripts.
 *
 * A command hands its result tables (queries/result.h) to output_data(),
 * which writes them in TSV or JSON and ignores them in text mode; for
 * text it builds a table of display strings and hands it to
 * output_text().  docs/json.md documents the JSON.
 */
#ifndef KCG_OUTPUT_H
#define KCG_OUTPUT_H

#include "queries/result.h"

#include <stdio.h>

enum out_format { OUT_TEXT, OUT_TSV, OUT_JSON };

struct output {
	enum out_format format;
	FILE *f;
	int color;
	int multi;		/* TSV: the command writes several tables */
	int nr_tables;
};

/*
 * Start the output of command (JSON: the envelope, naming db_path).
 * multi: the command writes more than one table.
 */
void output_begin(struct output *o, enum out_format format,
		  const char *command, const char *db_path, int multi);
/* Write a result table (TSV and JSON only). */
void output_data(struct output *o, const struct result *r);
void output_end(struct output *o);

/*
 * Text mode: print t aligned, two spaces between columns.  styles has one
 * letter per column: 'n' a function name (bold), 'k' an edge kind
 * (coloured by kind), 'f' a file or site (dim), 'r' right-aligned,
 * '-' plain.  flags: TEXT_HEADER prints the column names first,
 * TEXT_INDENT indents every line by two spaces.
 */
#define TEXT_HEADER 1
#define TEXT_INDENT 2
void output_text(struct output *o, const struct result *t,
		 const char *styles, int flags);
/* Text mode: a heading line (bold). */
void output_heading(struct output *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
