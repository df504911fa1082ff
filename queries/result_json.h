/*
 * Result tables as JSON: the envelope and tables of the commands' --json
 * output (docs/json.md), written into a string buffer so that both the
 * command line (cli/output.c) and the web server (serve/) build the same
 * shapes from the same code.
 *
 *   {"kcg": 1, "command": C, "database": D, "tables": {
 *   "name": [
 *     {"col": value, ...},
 *   ...]}}
 */
#ifndef KCG_RESULT_JSON_H
#define KCG_RESULT_JSON_H

#include "result.h"
#include "util/strbuf.h"

/* Append the envelope's opening, naming command and database. */
void result_json_begin(struct strbuf *sb, const char *command,
		       const char *db_path);

/*
 * Append table r; first: it is the first table of the envelope (no
 * comma before it).  flush, if not NULL, is called with ctx after each
 * row so that a caller writing to a file need not hold the whole text.
 */
void result_json_table(struct strbuf *sb, const struct result *r, int first,
		       void (*flush)(void *ctx, struct strbuf *sb),
		       void *ctx);

/* Append the envelope's closing and a newline. */
void result_json_end(struct strbuf *sb);

#endif
