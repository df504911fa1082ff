/*
 * Parse one translation unit with libclang and walk it into a fact_batch.
 *
 * The compile command is given to libclang as the driver would see it,
 * with -working-directory so that relative paths (Kbuild's -I./include)
 * resolve without chdir(), which threads cannot do independently, and -w
 * because warnings cost time and say nothing about calls.
 */
#include "extract.h"
#include "walk.h"

#include "util/alloc.h"
#include "util/strbuf.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

struct extractor {
	CXIndex index;
	struct extract_shared *shared;
	const struct strmap *reclaim;
};

/* Diagnostics stored per TU: enough to see what went wrong. */
#define MAX_DIAGS 10

void extract_shared_init(struct extract_shared *shared, const char *root)
{
	shared->root = root;
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
	return x;
}

void extractor_free(struct extractor *x)
{
	if (!x)
		return;
	clang_disposeIndex(x->index);
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
	ptrmap_init(&w->files);
	ptrmap_init(&w->contents);
	ptrmap_init(&w->content_sizes);
	ptrmap_init(&w->records);
	ptrmap_init(&w->record_info);
	ptrmap_init(&w->keys);
	strmap_init(&w->emitted);
	ptrmap_init(&w->params);
	ptrmap_init(&w->locals);
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
	ptrmap_release(&w->params);
	ptrmap_release(&w->locals);
	free(w->local_values);
}

void extractor_run(struct extractor *x, const struct compile_command *cmd,
		   struct fact_batch *batch)
{
	const char **argv = xcalloc((size_t)cmd->argc + 3, sizeof(*argv));
	unsigned options = CXTranslationUnit_KeepGoing |
			   CXTranslationUnit_IgnoreNonErrorsFromIncludedFiles;
	struct strbuf workdir, joined;
	struct timespec start;
	CXTranslationUnit tu = NULL;
	enum CXErrorCode rc;
	struct walk w;
	int argc = 0, i;

	strbuf_init(&workdir);
	strbuf_init(&joined);
	strbuf_addf(&workdir, "-working-directory=%s", cmd->directory);
	for (i = 0; i < cmd->argc; i++) {
		argv[argc++] = cmd->argv[i];
		if (i)
			strbuf_addch(&joined, ' ');
		strbuf_addstr(&joined, cmd->argv[i]);
	}
	argv[argc++] = workdir.buf;
	argv[argc++] = "-w";

	batch->file = batch_strdup(batch, cmd->file);
	batch->directory = batch_strdup(batch, cmd->directory);
	batch->arguments = batch_strdup(batch, joined.buf);

	clock_gettime(CLOCK_MONOTONIC, &start);
	rc = clang_parseTranslationUnit2FullArgv(x->index, NULL, argv, argc,
						 NULL, 0, options, &tu);
	batch->parse_ms = elapsed_ms(&start);
	if (rc != CXError_Success || !tu) {
		struct fact_diag *d = batch_add_diag(batch);

		batch->status = TU_FAILED;
		batch->errors = 1;
		d->severity = CXDiagnostic_Fatal;
		d->loc.file = batch->file;
		d->message = batch_strdup(batch, parse_error_text(rc));
		goto out;
	}

	walk_init(&w, x, batch, tu, cmd->directory);
	w.reclaim = x->reclaim;
	record_diagnostics(&w);
	batch->status = batch->errors ? TU_ERRORS : TU_OK;
	clock_gettime(CLOCK_MONOTONIC, &start);
	walk_translation_unit(&w);
	batch->walk_ms = elapsed_ms(&start);
	walk_release(&w);
	clang_disposeTranslationUnit(tu);
out:
	free(argv);
	strbuf_release(&workdir);
	strbuf_release(&joined);
}

void extractor_rerun(struct extractor *x, const struct compile_command *cmd,
		     const struct fact_batch *failed, struct fact_batch *batch)
{
	struct strmap mine;
	size_t i;

	strmap_init(&mine);
	for (i = 0; i < failed->nr_functions; i++)
		if (failed->functions[i].is_defined)
			strmap_put(&mine, failed->functions[i].key, 1);
	for (i = 0; i < failed->nr_globals; i++)
		if (failed->globals[i].is_walked)
			strmap_put(&mine, failed->globals[i].key, 1);
	x->reclaim = &mine;
	extractor_run(x, cmd, batch);
	x->reclaim = NULL;
	strmap_release(&mine);
}
