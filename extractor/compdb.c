/*
 * The compilation database: see compdb.h.
 *
 * compile_commands.json is read with the streaming reader of util/json.h,
 * one entry at a time, into a scratch database that is merged into the
 * caller's only when the whole file is valid, so that a bad file changes
 * nothing.
 * It is written in the "arguments" form through a temporary file renamed
 * into place.
 */
#include "extractor/compdb.h"

#include "extractor/cmdline.h"
#include "util/json.h"
#include "util/alloc.h"
#include "util/hash.h"
#include "util/path.h"
#include "util/strbuf.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void compdb_init(struct compdb *db)
{
	db->cmds = NULL;
	db->nr = 0;
	db->alloc = 0;
	strmap_init(&db->files);
}

static void command_release(struct compile_command *cmd)
{
	free(cmd->directory);
	free(cmd->file);
	free(cmd->argv);	/* cmdline_clean_args(): one block */
}

void compdb_release(struct compdb *db)
{
	size_t i;

	for (i = 0; i < db->nr; i++)
		command_release(&db->cmds[i]);
	free(db->cmds);
	strmap_release(&db->files);
	compdb_init(db);
}

static char *resolve(const char *base, const char *path)
{
	char *joined, *result;

	if (path[0] == '/' || !base || !base[0])
		return path_absolute(path);
	joined = path_join(base, path);
	result = path_absolute(joined);
	free(joined);
	return result;
}

/* Move cmd into db unless its file is there already; 1 if moved. */
static int take_command(struct compdb *db, struct compile_command *cmd)
{
	if (!strmap_add(&db->files, cmd->file, NULL, (int64_t)db->nr))
		return 0;
	xgrow(&db->cmds, &db->alloc, db->nr + 1, sizeof(*db->cmds));
	db->cmds[db->nr++] = *cmd;
	return 1;
}

int compdb_add(struct compdb *db, const char *base_dir, const char *directory,
	       const char *file, char *const *argv, int argc)
{
	struct compile_command cmd;

	cmd.directory = resolve(base_dir, directory);
	cmd.file = resolve(cmd.directory, file);
	if (strmap_get(&db->files, cmd.file, NULL)) {
		free(cmd.directory);
		free(cmd.file);
		return 0;
	}
	cmd.argv = cmdline_clean_args(argv, argc, &cmd.argc);
	return take_command(db, &cmd);
}

/* Reading compile_commands.json. */
struct json_source {
	const char *text;
	size_t len;
	const char *name;
	const char *base_dir;
	struct kcg_error *err;
};

static int entry_error(const struct json_source *src, size_t offset,
		       const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int entry_error(const struct json_source *src, size_t offset,
		       const char *fmt, ...)
{
	unsigned long line, column;
	char what[768];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	json_location(src->text, src->len, offset, &line, &column);
	return kcg_error_set(src->err, "'%s': line %lu, column %lu: %s",
			     src->name, line, column, what);
}

/* The string member key of entry; NULL with an error if it is missing or
 * not a string (or NULL without one if optional and missing). */
static const char *string_member(const struct json_source *src,
				 const struct json_value *entry,
				 const char *key, int optional, int *failed)
{
	const struct json_value *v = json_object_get(entry, key);

	*failed = 0;
	if (!v && optional)
		return NULL;
	if (!v) {
		*failed = entry_error(src, entry->offset,
				      "entry has no \"%s\"", key);
		return NULL;
	}
	if (v->type != JSON_STRING) {
		*failed = entry_error(src, v->offset,
				      "\"%s\" must be a string, not %s", key,
				      json_type_name(v->type));
		return NULL;
	}
	return v->u.string.s;
}

/* "arguments": an array of strings, as a NULL-terminated argv of the
 * JSON value's own strings (free only the vector). */
static char **arguments_argv(const struct json_source *src,
			     const struct json_value *v, int *argc)
{
	char **argv;
	size_t i;

	if (v->type != JSON_ARRAY) {
		entry_error(src, v->offset,
			    "\"arguments\" must be an array of strings, not %s",
			    json_type_name(v->type));
		return NULL;
	}
	for (i = 0; i < v->u.array.nr; i++) {
		const struct json_value *item = &v->u.array.items[i];

		if (item->type != JSON_STRING) {
			entry_error(src, item->offset,
				    "\"arguments\" must hold strings, not %s",
				    json_type_name(item->type));
			return NULL;
		}
	}
	if (v->u.array.nr > 1000000) {
		entry_error(src, v->offset, "\"arguments\" is too long");
		return NULL;
	}
	argv = xcalloc(v->u.array.nr + 1, sizeof(*argv));
	for (i = 0; i < v->u.array.nr; i++)
		argv[i] = v->u.array.items[i].u.string.s;
	*argc = (int)v->u.array.nr;
	return argv;
}

/* "command": a shell command line, of which the first simple command. */
static char **command_argv(const struct json_source *src,
			   const struct json_value *v, int *argc)
{
	struct kcg_error split_err;
	char **argv;
	int n;

	if (v->type != JSON_STRING) {
		entry_error(src, v->offset,
			    "\"command\" must be a string, not %s",
			    json_type_name(v->type));
		return NULL;
	}
	n = cmdline_split(v->u.string.s, v->u.string.len, &argv, NULL,
			  &split_err);
	if (n < 0) {
		entry_error(src, v->offset, "\"command\": %s", split_err.msg);
		return NULL;
	}
	*argc = n;
	return argv;
}

static void free_argv(char **argv, int borrowed)
{
	if (borrowed)
		free(argv);
	else
		cmdline_free(argv);
}

/* The entry's argv; *borrowed when its strings are the JSON value's. */
static char **entry_argv(const struct json_source *src,
			 const struct json_value *entry, int *argc,
			 int *borrowed)
{
	const struct json_value *args = json_object_get(entry, "arguments");
	const struct json_value *command = json_object_get(entry, "command");
	char **argv;

	if (!args && !command) {
		entry_error(src, entry->offset,
			    "entry has neither \"arguments\" nor \"command\"");
		return NULL;
	}
	argv = args ? arguments_argv(src, args, argc) :
		command_argv(src, command, argc);
	*borrowed = !!args;
	if (argv && !*argc) {
		entry_error(src, (args ? args : command)->offset,
			    "empty \"%s\"", args ? "arguments" : "command");
		free_argv(argv, *borrowed);
		return NULL;
	}
	return argv;
}

static int add_entry(struct compdb *db, const struct json_source *src,
		     const struct json_value *entry)
{
	const char *directory, *file;
	char **argv;
	int argc, failed, borrowed;

	if (entry->type != JSON_OBJECT)
		return entry_error(src, entry->offset,
				   "entry must be an object, not %s",
				   json_type_name(entry->type));
	directory = string_member(src, entry, "directory", 0, &failed);
	if (failed)
		return -1;
	file = string_member(src, entry, "file", 0, &failed);
	if (failed)
		return -1;
	if (!*file)
		return entry_error(src, json_object_get(entry, "file")->offset,
				   "empty \"file\"");
	argv = entry_argv(src, entry, &argc, &borrowed);
	if (!argv)
		return -1;
	compdb_add(db, src->base_dir, directory, file, argv, argc);
	free_argv(argv, borrowed);
	return 0;
}

static int json_failed(const struct json_source *src,
		       const struct json_error *jerr)
{
	return kcg_error_set(src->err, "'%s': line %lu, column %lu: %s",
			     src->name, jerr->line, jerr->column, jerr->msg);
}

static int is_blank(const char *text, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (!strchr(" \t\r\n", text[i]) || !text[i])
			return 0;
	return 1;
}

static int parse_entries(struct compdb *db, const struct json_source *src)
{
	struct json_reader reader;
	struct json_error jerr;
	struct json_value entry;
	int ret;

	if (is_blank(src->text, src->len))
		return kcg_error_set(src->err, "'%s': empty file", src->name);
	if (json_reader_begin_array(&reader, src->text, src->len, &jerr))
		return json_failed(src, &jerr);
	while ((ret = json_reader_next(&reader, &entry, &jerr)) > 0) {
		ret = add_entry(db, src, &entry);
		json_value_release(&entry);
		if (ret)
			return -1;
	}
	return ret ? json_failed(src, &jerr) : 0;
}

/* Move the commands of from into db (first wins); from ends up empty. */
static void merge(struct compdb *db, struct compdb *from)
{
	size_t i;

	for (i = 0; i < from->nr; i++)
		if (!take_command(db, &from->cmds[i]))
			command_release(&from->cmds[i]);
	from->nr = 0;
	compdb_release(from);
}

int compdb_parse_json(struct compdb *db, const char *text, size_t len,
		      const char *name, const char *base_dir,
		      struct kcg_error *err)
{
	struct json_source src = {
		.text = text, .len = len, .name = name,
		.base_dir = base_dir, .err = err
	};
	struct compdb tmp;

	compdb_init(&tmp);
	if (parse_entries(&tmp, &src)) {
		compdb_release(&tmp);
		return -1;
	}
	merge(db, &tmp);
	return 0;
}

static int too_big(const char *path, struct kcg_error *err)
{
	return kcg_error_set(err, "'%s' is larger than %d MB: not a "
			     "compilation database", path,
			     (int)(COMPDB_MAX_SIZE >> 20));
}

static int read_file(const char *path, struct strbuf *sb,
		     struct kcg_error *err)
{
	char buf[65536];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	ssize_t n;

	if (fd < 0)
		return kcg_error_errno(err, "cannot open '%s'", path);
	if (fstat(fd, &st)) {
		kcg_error_errno(err, "cannot read '%s'", path);
		close(fd);
		return -1;
	}
	if (S_ISDIR(st.st_mode)) {
		close(fd);
		return kcg_error_set(err, "'%s' is a directory", path);
	}
	if (S_ISREG(st.st_mode) && (uint64_t)st.st_size > COMPDB_MAX_SIZE) {
		close(fd);
		return too_big(path, err);
	}
	if (S_ISREG(st.st_mode))
		strbuf_grow(sb, (size_t)st.st_size + 1);
	/* a pipe or a device (/dev/zero) is held to the same limit */
	while ((n = read(fd, buf, sizeof(buf))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			kcg_error_errno(err, "cannot read '%s'", path);
			close(fd);
			return -1;
		}
		if (sb->len + (size_t)n > COMPDB_MAX_SIZE) {
			close(fd);
			return too_big(path, err);
		}
		strbuf_add(sb, buf, (size_t)n);
	}
	close(fd);
	return 0;
}

/* The directory holding path, absolute. */
static char *parent_dir(const char *path)
{
	char *abs = path_absolute(path), *dir = path_dirname(abs);

	free(abs);
	return dir;
}

int compdb_read_json(struct compdb *db, const char *path,
		     struct kcg_error *err)
{
	return compdb_read_json_hashed(db, path, NULL, err);
}

int compdb_read_json_hashed(struct compdb *db, const char *path,
			    uint64_t *hash, struct kcg_error *err)
{
	struct strbuf sb;
	char *base;
	int ret;

	strbuf_init(&sb);
	if (read_file(path, &sb, err)) {
		strbuf_release(&sb);
		return -1;
	}
	if (hash)
		*hash = hash_bytes(0, sb.buf, sb.len);
	base = parent_dir(path);
	ret = compdb_parse_json(db, sb.buf, sb.len, path, base, err);
	free(base);
	strbuf_release(&sb);
	return ret;
}

/* Writing compile_commands.json. */
static void format_command(struct strbuf *sb, const struct compile_command *cmd)
{
	int i;

	strbuf_addstr(sb, "  {\n    \"directory\": ");
	json_write_str(sb, cmd->directory);
	strbuf_addstr(sb, ",\n    \"file\": ");
	json_write_str(sb, cmd->file);
	strbuf_addstr(sb, ",\n    \"arguments\": [");
	for (i = 0; i < cmd->argc; i++) {
		if (i)
			strbuf_addstr(sb, ", ");
		json_write_str(sb, cmd->argv[i]);
	}
	strbuf_addstr(sb, "]\n  }");
}

static int write_all(int fd, const char *buf, size_t len)
{
	while (len) {
		ssize_t n = write(fd, buf, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

static int write_commands(int fd, const struct compdb *db)
{
	struct strbuf sb;
	size_t i;
	int ret = 0;

	strbuf_init(&sb);
	strbuf_addstr(&sb, "[");
	for (i = 0; i < db->nr && !ret; i++) {
		strbuf_addstr(&sb, i ? ",\n" : "\n");
		format_command(&sb, &db->cmds[i]);
		if (sb.len >= 65536) {
			ret = write_all(fd, sb.buf, sb.len);
			strbuf_reset(&sb);
		}
	}
	strbuf_addstr(&sb, db->nr ? "\n]\n" : "]\n");
	if (!ret)
		ret = write_all(fd, sb.buf, sb.len);
	strbuf_release(&sb);
	return ret;
}

int compdb_write_json(const struct compdb *db, const char *path,
		      struct kcg_error *err)
{
	struct strbuf tmp;
	int fd, ret = 0;

	strbuf_init(&tmp);
	strbuf_addf(&tmp, "%s.tmp.%ld", path, (long)getpid());
	fd = open(tmp.buf, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	if (fd < 0) {
		kcg_error_errno(err, "cannot create '%s'", tmp.buf);
		strbuf_release(&tmp);
		return -1;
	}
	if (write_commands(fd, db))
		ret = kcg_error_errno(err, "cannot write '%s'", tmp.buf);
	if (close(fd) && !ret)
		ret = kcg_error_errno(err, "cannot write '%s'", tmp.buf);
	if (!ret && rename(tmp.buf, path))
		ret = kcg_error_errno(err, "cannot rename '%s' to '%s'",
				      tmp.buf, path);
	if (ret)
		unlink(tmp.buf);
	strbuf_release(&tmp);
	return ret;
}
