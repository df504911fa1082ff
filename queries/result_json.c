/*
 * Result tables as JSON: see result_json.h.
 */
#include "result_json.h"

#include "util/json.h"

void result_json_begin(struct strbuf *sb, const char *command,
		       const char *db_path)
{
	strbuf_addstr(sb, "{\"kcg\": 1, ");
	json_write_key(sb, "command");
	json_write_str(sb, command);
	strbuf_addstr(sb, ", ");
	json_write_key(sb, "database");
	json_write_str(sb, db_path);
	strbuf_addstr(sb, ", \"tables\": {");
}

void result_json_table(struct strbuf *sb, const struct result *r, int first,
		       void (*flush)(void *ctx, struct strbuf *sb),
		       void *ctx)
{
	size_t row, col;
	char buf[32];

	strbuf_addstr(sb, first ? "\n" : ",\n");
	json_write_key(sb, r->name);
	strbuf_addch(sb, '[');
	for (row = 0; row < r->nr_rows; row++) {
		strbuf_addstr(sb, row ? ",\n  {" : "\n  {");
		for (col = 0; col < r->nr_cols; col++) {
			const struct cell *c =
				&r->cells[row * r->nr_cols + col];

			if (col)
				strbuf_addstr(sb, ", ");
			json_write_key(sb, r->cols[col]);
			if (c->type == CELL_NULL)
				strbuf_addstr(sb, "null");
			else if (c->type == CELL_INT)
				strbuf_addstr(sb, cell_text(c, buf,
							    sizeof(buf)));
			else
				json_write_str(sb, c->s);
		}
		strbuf_addch(sb, '}');
		if (flush)
			flush(ctx, sb);
	}
	strbuf_addstr(sb, r->nr_rows ? "\n]" : "]");
	if (flush)
		flush(ctx, sb);
}

void result_json_end(struct strbuf *sb)
{
	strbuf_addstr(sb, "}}\n");
}
