/*
 * Parse one translation unit with libclang and walk it into a fact_batch.
 *
 * The compile command is given to libclang as the driver would see it,
 * with every relative path made absolute against the command's directory
 * (Kbuild's -I./include, -include ./include/linux/kconfig.h), because the
 * process has one working directory for all worker threads (and libclang's
 * -working-directory would chdir() it), and with -w because warnings cost
 * time and say nothing about calls.
 */
#include "extract.h"
#include "identity.h"
#include "walk.h"
#include "emptied.h"

#include "util/alloc.h"
#include "util/hash.h"
#include "util/path.h"
#include "util/strbuf.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct extractor {
	CXIndex index;
	struct extract_shared *shared;
	const struct strmap *reclaim;
	struct text_cache texts;
};

/* Diagnostics stored per TU: enough to see what went wrong. */
#define MAX_DIAGS 10

/* Texts of headers a worker keeps: those holding a body or a call it
 * walked (1,214 headers, 14 MB, for net/, kernel/ and the Intel drivers). */
#define TEXT_CACHE_LIMIT (32 << 20)

void extract_shared_init(struct extract_shared *shared, const char *root)
{
	shared->root = root;
	shared->ranks = NULL;
	shared->held_before = NULL;
	shared->held_before_ctx = NULL;
	shared->emptied = NULL;
	pthread_mutex_init(&shared->lock, NULL);
	strmap_init(&shared->claimed);
}

void extract_shared_release(struct extract_shared *shared)
{
	strmap_release(&shared->claimed);
	pthread_mutex_destroy(&shared->lock);
}

struct extractor *extractor_new(struct extract_shared *shared)
{
	struct extractor *x = xcalloc(1, sizeof(*x));

	x->index = clang_createIndex(0, 0);
	x->shared = shared;
	text_cache_init(&x->texts, TEXT_CACHE_LIMIT);
	return x;
}

void extractor_free(struct extractor *x)
{
	if (!x)
		return;
	clang_disposeIndex(x->index);
	text_cache_release(&x->texts);
	free(x);
}

static unsigned elapsed_ms(const struct timespec *start)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (unsigned)((now.tv_sec - start->tv_sec) * 1000 +
			  (now.tv_nsec - start->tv_nsec) / 1000000);
}

static const char *parse_error_text(enum CXErrorCode code)
{
	switch (code) {
	case CXError_Failure:
		return "libclang failed to parse it";
	case CXError_Crashed:
		return "libclang crashed while parsing it";
	case CXError_InvalidArguments:
		return "libclang rejected the arguments";
	case CXError_ASTReadError:
		return "libclang could not read the AST";
	default:
		return "libclang returned an unknown error";
	}
}

static void record_diagnostics(struct walk *w)
{
	unsigned i, n = clang_getNumDiagnostics(w->tu);

	for (i = 0; i < n; i++) {
		CXDiagnostic d = clang_getDiagnostic(w->tu, i);
		enum CXDiagnosticSeverity sev = clang_getDiagnosticSeverity(d);

		if (sev >= CXDiagnostic_Error) {
			w->batch->errors++;
			if (w->batch->nr_diags < MAX_DIAGS) {
				struct fact_diag *fd = batch_add_diag(w->batch);
				CXString s = clang_getDiagnosticSpelling(d);

				fd->severity = (int)sev;
				fd->loc = expansion_loc(
					w, clang_getDiagnosticLocation(d));
				fd->message = batch_strdup(w->batch,
							   clang_getCString(s));
				clang_disposeString(s);
			}
		}
		clang_disposeDiagnostic(d);
	}
}

static void walk_init(struct walk *w, struct extractor *x,
		      struct fact_batch *batch, CXTranslationUnit tu,
		      const char *directory)
{
	memset(w, 0, sizeof(*w));
	w->batch = batch;
	w->tu = tu;
	w->shared = x->shared;
	w->directory = directory;
	w->main_file = clang_getFile(tu, batch->file);
	ptrmap_init(&w->files);
	ptrmap_init(&w->contents);
	ptrmap_init(&w->content_sizes);
	ptrmap_init(&w->records);
	ptrmap_init(&w->record_info);
	ptrmap_init(&w->keys);
	strmap_init(&w->emitted);
	strmap_init(&w->global_refs);
	ptrmap_init(&w->params);
	ptrmap_init(&w->locals);
	ptrmap_init(&w->local_inits);
	ptrmap_init(&w->origins);
	ptrmap_init(&w->unwhole_locals);
	ptrmap_init(&w->call_indexes);
	ptrmap_init(&w->guard_params);
	ptrmap_init(&w->unchanged_params);
	ptrmap_init(&w->consumed);
	ptrmap_init(&w->derefed);
	ptrmap_init(&w->read_statics);
	strmap_init(&w->reclaimed);
	strmap_init(&w->unwalked);
}

static void walk_release(struct walk *w)
{
	ptrmap_release(&w->files);
	ptrmap_release(&w->contents);
	ptrmap_release(&w->content_sizes);
	ptrmap_release(&w->records);
	ptrmap_release(&w->record_info);
	ptrmap_release(&w->keys);
	strmap_release(&w->emitted);
	strmap_release(&w->global_refs);
	ptrmap_release(&w->params);
	ptrmap_release(&w->locals);
	ptrmap_release(&w->local_inits);
	ptrmap_release(&w->origins);
	ptrmap_release(&w->unwhole_locals);
	ptrmap_release(&w->call_indexes);
	ptrmap_release(&w->guard_params);
	ptrmap_release(&w->unchanged_params);
	ptrmap_release(&w->consumed);
	ptrmap_release(&w->derefed);
	ptrmap_release(&w->read_statics);
	free(w->holders);
	strmap_release(&w->reclaimed);
	strmap_release(&w->unwalked);
	free(w->local_values);
	free(w->local_init_exprs);
	free(w->local_origins);
	free(w->made_stores);
	free(w->local_uses);
	free(w->bodies);
}

static char *absolute(const char *dir, const char *path)
{
	return path[0] == '/' ? xstrdup(path) : path_join(dir, path);
}

struct inclusions {
	struct walk *w;
	struct strmap seen;
};

/* The device and inode of a file the parse read; 0 if libclang has none. */
static int file_identity(CXFile file, const char *path,
			 struct include_file *f)
{
	CXFileUniqueID id;

	if (clang_getFileUniqueID(file, &id))
		return 0;
	f->dev = (dev_t)id.data[0];
	f->ino = (ino_t)id.data[1];
	f->path = path;
	return 1;
}

/* The file of an #include line read child (at path): for the TUs after
 * it, which are lent the emptied headers they may read (emptied.h). */
static void note_include_line(struct walk *w, CXFile child, const char *path,
			      CXSourceLocation line)
{
	struct include_file from, to;
	CXFile parent;
	CXString name;

	clang_getExpansionLocation(line, &parent, NULL, NULL, NULL);
	if (!parent)
		return;
	name = clang_getFileName(parent);
	if (file_identity(parent, clang_getCString(name), &from) &&
	    file_identity(child, path, &to))
		emptied_note_include(w->shared->emptied, &from, &to);
	clang_disposeString(name);
}

static void note_inclusion(CXFile file, CXSourceLocation *stack,
			   unsigned depth, CXClientData data)
{
	struct inclusions *inc = data;
	struct walk *w = inc->w;
	struct fact_include *fi;
	CXString name = clang_getFileName(file);
	const char *rel, *text;
	char *abs = path_join(w->directory, clang_getCString(name));
	char *read_as;
	size_t size = 0;

	if (w->shared->emptied && depth)
		note_include_line(w, file, abs, stack[0]);
	rel = path_relative_to(abs, w->shared->root);
	if (strmap_add(&inc->seen, rel ? rel : abs, NULL, 1)) {
		fi = batch_add_include(w->batch);
		fi->file = batch_strdup(w->batch, rel ? rel : abs);
		/* the worker hashes a header once, not once per TU (and
		 * clang_getFileContents() searches the whole TU for it);
		 * read as the parser named it, `..` after a symlink too */
		read_as = absolute(w->directory, clang_getCString(name));
		if (!w->texts ||
		    text_cache_hash(w->texts, read_as, &fi->hash)) {
			text = clang_getFileContents(w->tu, file, &size);
			fi->hash = hash_bytes(0, text ? text : "",
					      text ? size : 0);
		}
		free(read_as);
	}
	clang_disposeString(name);
	free(abs);
}

/* Every file the TU read, with the hash of the text parsed. */
static void record_inclusions(struct walk *w)
{
	struct inclusions inc;

	inc.w = w;
	strmap_init(&inc.seen);
	clang_getInclusions(w->tu, note_inclusion, &inc);
	strmap_release(&inc.seen);
}

/* Options whose value, in the next argument or attached, is a path. */
static const char *const path_options[] = {
	"-I", "-include", "-isystem", "-iquote", "-idirafter", "-imacros",
	"-iprefix", "-isysroot", "--sysroot=", "-B", NULL,
};

/* Options whose value is the next argument and is not a path. */
static const char *const value_options[] = {
	"-D", "-U", "-x", "-target", "-arch", "-Xclang", "-mllvm", "-MF",
	"-MT", "-MQ", "-o", "-Xpreprocessor", "-Xassembler", "-Xlinker", NULL,
};

static int is_one_of(const char *arg, const char *const *list)
{
	for (; *list; list++)
		if (!strcmp(arg, *list))
			return 1;
	return 0;
}

/*
 * A copy of cmd's arguments with relative paths made absolute against
 * cmd->directory.  Every string is owned by the returned array (NULL
 * terminated; *argc_out excludes the NULL), which has room for two more
 * arguments.
 */
static char **absolute_args(const struct compile_command *cmd, int *argc_out)
{
	char **out = xcalloc((size_t)cmd->argc + 3, sizeof(*out));
	int i, n = 0;

	for (i = 0; i < cmd->argc; i++) {
		const char *arg = cmd->argv[i];
		const char *const *opt;
		int done = 0;

		if (i == 0 || (arg[0] == '-' && is_one_of(arg, value_options))) {
			out[n++] = xstrdup(arg);
			if (i && i + 1 < cmd->argc)
				out[n++] = xstrdup(cmd->argv[++i]);
			continue;
		}
		if (arg[0] != '-') {	/* a source file */
			out[n++] = absolute(cmd->directory, arg);
			continue;
		}
		for (opt = path_options; *opt && !done; opt++) {
			size_t len = strlen(*opt);

			if (strncmp(arg, *opt, len))
				continue;
			if (!arg[len] && i + 1 < cmd->argc) {
				out[n++] = xstrdup(arg);
				out[n++] = absolute(cmd->directory,
						    cmd->argv[++i]);
				done = 1;
			} else if (arg[len] && (len > 2 || arg[1] == 'I' ||
						arg[1] == 'B')) {
				char *value = absolute(cmd->directory, arg + len);
				struct strbuf sb;

				strbuf_init(&sb);
				strbuf_addf(&sb, "%s%s", *opt, value);
				free(value);
				out[n++] = strbuf_detach(&sb);
				done = 1;
			}
		}
		if (!done)
			out[n++] = xstrdup(arg);
	}
	*argc_out = n;
	return out;
}

/*
 * A TU libclang could not parse read its source at least: recorded, so
 * that the next index parses it again once the source changes, and not
 * before (index/plan.c).
 */
static void record_source(struct extractor *x, struct fact_batch *batch,
			  const char *source)
{
	const char *rel = path_relative_to(source, x->shared->root);
	struct fact_include *fi;
	uint64_t hash;

	if (hash_file(source, &hash))
		return;
	fi = batch_add_include(batch);
	fi->file = batch_strdup(batch, rel ? rel : source);
	fi->hash = hash;
}

/* The worker's text of a header as on disk, for emptied_add(). */
static const char *disk_text(void *ctx, const char *path, size_t *size)
{
	struct extractor *x = ctx;

	return text_cache_get(&x->texts, path, size);
}

/*
 * Whether this parse of the TU of batch takes part in emptying header
 * bodies (emptied.h), and at which rank: not a TU parsed again after a
 * failure, which takes back what it had.
 */
static int empties(const struct extractor *x, const struct fact_batch *batch,
		   int64_t *rank)
{
	if (!x->shared->emptied || !x->shared->ranks || x->reclaim)
		return 0;
	*rank = x->shared->ranks[batch->tu];
	return 1;
}

/* Whether the parse gave an error. */
static int parse_failed(CXTranslationUnit tu)
{
	unsigned i, n = clang_getNumDiagnostics(tu);

	for (i = 0; i < n; i++) {
		CXDiagnostic d = clang_getDiagnostic(tu, i);
		enum CXDiagnosticSeverity sev = clang_getDiagnosticSeverity(d);

		clang_disposeDiagnostic(d);
		if (sev >= CXDiagnostic_Error)
			return 1;
	}
	return 0;
}

/* Lend the TU of cmd (argv made absolute) the emptied headers it may
 * read. */
static void lend(struct extractor *x, const struct compile_command *cmd,
		 char **argv, int argc, int64_t rank,
		 struct emptied_loan *loan)
{
	struct emptied_borrower b;
	const char **forced = xcalloc((size_t)argc + 1, sizeof(*forced));
	char *source = path_join(cmd->directory, cmd->file);
	char *dir = path_dirname(source);
	int i;

	memset(&b, 0, sizeof(b));
	b.rank = rank;
	b.path = source;
	b.dir = dir;
	b.text = text_cache_get(&x->texts, source, &b.size);
	for (i = 0; i + 1 < argc; i++)
		if (!strcmp(argv[i], "-include"))
			forced[b.nr_forced++] = argv[++i];
	b.forced = forced;
	b.read = disk_text;
	b.ctx = x;
	emptied_lend(x->shared->emptied, &b, loan);
	free(forced);
	free(dir);
	free(source);
}

/*
 * Parse the TU of cmd (argv, whose last argument numbers the names made
 * with __COUNTER__ by line) into *tu, handed the emptied header bodies a
 * TU of its rank may have when emptying; *handed says whether it got any.
 * A TU that gives an error so is parsed again as it is built, counting,
 * with nothing emptied: two names made on one line can be one name
 * defined twice (a macro of two MODULE_FIRMWARE()s), and the facts of a
 * TU must not depend on whether it was handed bodies emptied.
 */
static enum CXErrorCode parse(struct extractor *x,
			      const struct compile_command *cmd, char **argv,
			      int argc, int64_t rank, int emptying,
			      int *handed, CXTranslationUnit *tu)
{
	unsigned options = CXTranslationUnit_KeepGoing |
			   CXTranslationUnit_IgnoreNonErrorsFromIncludedFiles;
	struct emptied_loan loan;
	enum CXErrorCode rc;

	memset(&loan, 0, sizeof(loan));
	if (emptying)
		lend(x, cmd, argv, argc, rank, &loan);
	rc = clang_parseTranslationUnit2FullArgv(x->index, NULL,
						 (const char *const *)argv,
						 argc, loan.files,
						 (unsigned)loan.nr, options,
						 tu);
	*handed = loan.nr > 0;
	if (emptying)
		emptied_give_back(x->shared->emptied, &loan);
	if (rc != CXError_Success || !*tu || !parse_failed(*tu))
		return rc;
	clang_disposeTranslationUnit(*tu);
	*tu = NULL;
	*handed = 0;
	return clang_parseTranslationUnit2FullArgv(x->index, NULL,
						   (const char *const *)argv,
						   argc - 1, NULL, 0, options,
						   tu);
}

void extractor_run(struct extractor *x, const struct compile_command *cmd,
		   struct fact_batch *batch)
{
	struct strbuf joined;
	char **argv;
	struct timespec start;
	CXTranslationUnit tu = NULL;
	enum CXErrorCode rc;
	struct walk w;
	int64_t rank = 0;
	int argc = 0, i, emptying, handed = 0, redo;

	strbuf_init(&joined);
	for (i = 0; i < cmd->argc; i++) {
		if (i)
			strbuf_addch(&joined, ' ');
		strbuf_addstr(&joined, cmd->argv[i]);
	}
	argv = absolute_args(cmd, &argc);
	argv[argc++] = xstrdup("-w");
	/*
	 * Names the kernel makes with __COUNTER__ (__UNIQUE_ID(), initcall
	 * entries) are numbered by line: a count of every expansion before
	 * them would change with each header body handed on emptied
	 * (emptied.h), which an index must not show.  Two made on one line
	 * of one scope are one name (docs/schema.md), or a name defined
	 * twice: parse() then counts after all.  The last argument.
	 */
	argv[argc++] = xstrdup("-D__COUNTER__=__LINE__");

	batch->file = batch_strdup(batch, cmd->file);
	batch->directory = batch_strdup(batch, cmd->directory);
	batch->arguments = batch_strdup(batch, joined.buf);
	batch->command_hash = tu_command_hash(cmd);

	clock_gettime(CLOCK_MONOTONIC, &start);
	emptying = empties(x, batch, &rank);
	rc = parse(x, cmd, argv, argc, rank, emptying, &handed, &tu);
	batch->parse_ms = elapsed_ms(&start);
	if (rc != CXError_Success || !tu) {
		struct fact_diag *d = batch_add_diag(batch);
		char *source;

		batch->status = TU_FAILED;
		batch->errors = 1;
		d->severity = CXDiagnostic_Fatal;
		d->loc.file = batch->file;
		d->message = batch_strdup(batch, parse_error_text(rc));
		/* The usual cause, said plainly: the source is not there. */
		source = path_join(cmd->directory, cmd->file);
		if (access(source, R_OK)) {
			char why[512];

			snprintf(why, sizeof(why), EXTRACT_CANNOT_READ "%s': %s",
				 source, strerror(errno));
			d->message = batch_strdup(batch, why);
		} else {
			record_source(x, batch, source);
		}
		free(source);
		goto out;
	}

	text_cache_trim(&x->texts);
	walk_init(&w, x, batch, tu, cmd->directory);
	w.reclaim = x->reclaim;
	w.texts = &x->texts;
	record_diagnostics(&w);
	record_inclusions(&w);
	batch->status = batch->errors ? TU_ERRORS : TU_OK;
	clock_gettime(CLOCK_MONOTONIC, &start);
	w.note_bodies = emptying;
	w.handed_emptied = handed;
	walk_translation_unit(&w);
	batch->walk_ms = elapsed_ms(&start);
	/* a TU with errors may have seen a body as no other TU does */
	if (emptying && batch->status == TU_OK && !w.walked_emptied)
		emptied_add(x->shared->emptied, rank, w.bodies, w.nr_bodies,
			    disk_text, x);
	redo = w.walked_emptied;
	walk_release(&w);
	clang_disposeTranslationUnit(tu);
	if (redo) {
		/* parse it whole, taking back what this walk claimed */
		struct fact_batch first = *batch;

		batch_init(batch);
		batch->tu = first.tu;
		extractor_rerun(x, cmd, &first, batch);
		batch_release(&first);
	}
out:
	for (i = 0; i < argc; i++)
		free(argv[i]);
	free(argv);
	strbuf_release(&joined);
}

void extractor_rerun(struct extractor *x, const struct compile_command *cmd,
		     const struct fact_batch *failed, struct fact_batch *batch)
{
	struct strmap mine;
	size_t i;

	/* every key the failed parse claimed: function bodies, initializers
	 * (template structs and address-only ones too) and enums */
	strmap_init(&mine);
	for (i = 0; i < failed->nr_claims; i++)
		if (!failed->claims[i].unwalked)
			strmap_put(&mine, failed->claims[i].key, 1);
	x->reclaim = &mine;
	extractor_run(x, cmd, batch);
	x->reclaim = NULL;
	strmap_release(&mine);
}
