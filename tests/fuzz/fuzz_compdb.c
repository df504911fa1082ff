/*
 * libFuzzer target for the compile-DB reader: the bytes are a
 * compile_commands.json, read as extractor/compdb.c reads one (the JSON
 * reader, entry checks, "command" split by cmdline.c, paths resolved,
 * flags cleaned).
 *
 * Beyond "no crash, no leak, no UB": a failure must name the file, and
 * what is read must be well formed (absolute paths, argv NULL-terminated
 * with argv[0] first) and survive being written back as JSON strings.
 */
#include "extractor/compdb.h"
#include "util/json.h"
#include "util/strbuf.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NAME "fuzz.json"

static void broken(const char *what, const char *detail)
{
	fprintf(stderr, "fuzz_compdb: %s: %s\n", what, detail);
	abort();
}

/* s written as a JSON string must read back as s. */
static void check_round_trip(const char *s)
{
	struct json_error jerr;
	struct json_value v;
	struct strbuf sb;

	strbuf_init(&sb);
	json_write_string(&sb, s, strlen(s));
	if (json_parse(sb.buf, sb.len, &v, &jerr))
		broken("written string does not parse", jerr.msg);
	if (v.type != JSON_STRING || strcmp(v.u.string.s, s))
		broken("written string reads back different", s);
	json_value_release(&v);
	strbuf_release(&sb);
}

static void check_command(const struct compile_command *cmd)
{
	int i;

	if (cmd->directory[0] != '/' || cmd->file[0] != '/')
		broken("path not absolute", cmd->file);
	if (cmd->argc < 1 || !cmd->argv[0] || cmd->argv[cmd->argc])
		broken("bad argv", cmd->file);
	check_round_trip(cmd->directory);
	check_round_trip(cmd->file);
	for (i = 0; i < cmd->argc; i++)
		check_round_trip(cmd->argv[i]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kcg_error err = { .msg = "" };
	struct compdb db;
	size_t i;

	compdb_init(&db);
	if (compdb_parse_json(&db, (const char *)data, size, NAME, "/base",
			      &err)) {
		if (strncmp(err.msg, "'" NAME "': ", strlen(NAME) + 4) ||
		    db.nr)
			broken("error does not name the file", err.msg);
	} else {
		for (i = 0; i < db.nr; i++)
			check_command(&db.cmds[i]);
	}
	compdb_release(&db);
	return 0;
}
