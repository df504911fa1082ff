/*
 * How much of a TU's parse goes into the bodies of header functions that
 * an earlier TU already parsed.  Not part of kcg: an experiment for
 * docs/performance.md ("What the parse floor is made of"), built and run
 * by bench/blank-bodies.sh.
 *
 * Reads TUs, one per line: the directory, then the compile arguments,
 * separated by tabs.  Parses them in order with libclang, as kcg does
 * (KeepGoing, IgnoreNonErrorsFromIncludedFiles, -w).  With "blank", every
 * function body in a header that a TU before parsed without errors (a
 * `{...}` spelled in the header itself, with no preprocessor line in it)
 * reaches the later TUs emptied (`{`, spaces and the same newlines, `}`)
 * through libclang's unsaved files: the same offsets, lines and
 * declarations, no statements to parse.  Prints each TU's parse time,
 * errors and function definitions, then the total over every TU but the
 * first.
 *
 * With a third argument, a file of macro names (one per line), a body
 * whose text names one of them stays whole: bench/blank-bodies.sh lists
 * there the macros that can expand to __COUNTER__, whose numbers an
 * emptied body would no longer take.  With "eat" instead of "blank", such
 * a body is not kept whole but handed over as `{__kcg_eat(BODY)}`, where
 * __kcg_eat(...) expands its argument (taking the same counter numbers)
 * and drops the result: the preprocessor's work stays, the parser's goes.
 * The 11 characters it adds are taken from runs of blanks in the body, so
 * that every offset after the body stays; a body without them stays
 * whole.  Prints the file-scope variables whose names __UNIQUE_ID() and
 * initcalls make with the counter, to compare between runs.
 *
 * Usage: blank-bodies plain|blank|eat TUS_FILE [KEEP_NAMES_FILE]
 */
#define _POSIX_C_SOURCE 200809L	/* strdup, chdir */

#include <clang-c/Index.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct header {
	char *path;
	char *text;		/* the file, with the bodies seen blanked */
	size_t size;
	int blanked;
};

struct headers {
	struct header *list;
	size_t nr, alloc;
};

/* Macro names a body must not name to be emptied, sorted. */
struct names {
	char **list;
	size_t nr;
};

struct walk {
	struct headers *headers;
	const struct names *keep;
	int eat;		/* eat the bodies that name keep's macros */
	const char *directory;
	int record;		/* the TU parsed without errors */
	unsigned definitions, blanked, kept;
};

static double seconds(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void *must(void *p)
{
	if (!p) {
		perror("blank-bodies");
		exit(1);
	}
	return p;
}

static char *read_file(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	char *text;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET)) {
		fclose(f);
		return NULL;
	}
	text = must(malloc((size_t)n + 1));
	if (fread(text, 1, (size_t)n, f) != (size_t)n) {
		free(text);
		fclose(f);
		return NULL;
	}
	fclose(f);
	text[n] = '\0';
	*size = (size_t)n;
	return text;
}

static int by_string(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void read_names(const char *path, struct names *names)
{
	size_t size, alloc = 0;
	char *text = read_file(path, &size), *line, *next;

	if (!text) {
		perror(path);
		exit(2);
	}
	for (line = text; *line; line = next) {
		next = line + strcspn(line, "\n");
		if (*next)
			*next++ = '\0';
		if (!*line)
			continue;
		if (names->nr == alloc) {
			alloc = alloc ? 2 * alloc : 1024;
			names->list = must(realloc(names->list,
						   alloc * sizeof(char *)));
		}
		names->list[names->nr++] = must(strdup(line));
	}
	free(text);
	qsort(names->list, names->nr, sizeof(char *), by_string);
}

static int is_ident(char c, int first)
{
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (!first && c >= '0' && c <= '9');
}

/* Whether text[start, end) names one of names (any identifier in it). */
static int names_one(const struct names *names, const char *text,
		     unsigned start, unsigned end)
{
	char id[256];
	const char *key = id;
	unsigned i = start, j;

	while (names->nr && i < end) {
		if (!is_ident(text[i], 1)) {
			/* a number's letters are not an identifier */
			for (j = i + 1; (text[i] >= '0' && text[i] <= '9') &&
			     j < end && is_ident(text[j], 0); j++)
				;
			i = j;
			continue;
		}
		for (j = i; j < end && is_ident(text[j], 0); j++)
			;
		if (j - i < sizeof(id)) {
			memcpy(id, text + i, j - i);
			id[j - i] = '\0';
			if (bsearch(&key, names->list, names->nr,
				    sizeof(char *), by_string))
				return 1;
		}
		i = j;
	}
	return 0;
}

static struct header *header(struct headers *hs, const char *path)
{
	struct header *h;
	size_t i, size;
	char *text;

	for (i = 0; i < hs->nr; i++)
		if (!strcmp(hs->list[i].path, path))
			return &hs->list[i];
	text = read_file(path, &size);
	if (!text)
		return NULL;
	if (hs->nr == hs->alloc) {
		hs->alloc = hs->alloc ? 2 * hs->alloc : 256;
		hs->list = must(realloc(hs->list,
					hs->alloc * sizeof(*hs->list)));
	}
	h = &hs->list[hs->nr++];
	h->path = must(strdup(path));
	h->text = text;
	h->size = size;
	h->blanked = 0;
	return h;
}

static const char eat_open[] = "__kcg_eat(";

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/*
 * Turn the body text[start, end) into `{__kcg_eat(BODY)}` in the same
 * length: the characters added replace blanks that follow a blank or a
 * newline, so no two tokens join.  0 if there are not enough.
 */
static int eat(char *text, unsigned start, unsigned end)
{
	size_t len = end - start, need = sizeof(eat_open) - 1 + 1;
	size_t o = 0, dropped = 0, k;
	char *out = must(malloc(len)), *in = text + start;

	out[o++] = '{';
	memcpy(out + o, eat_open, sizeof(eat_open) - 1);
	o += sizeof(eat_open) - 1;
	for (k = 1; k < len - 1; k++) {
		if (dropped < need && is_blank(in[k]) &&
		    (is_blank(in[k - 1]) || in[k - 1] == '\n')) {
			dropped++;
			continue;
		}
		if (o >= len - 2)
			break;
		out[o++] = in[k];
	}
	if (dropped < need || k < len - 1) {
		free(out);
		return 0;
	}
	out[o++] = ')';
	out[o++] = '}';
	memcpy(in, out, len);
	free(out);
	return 1;
}

/* Blank text[start, end) if it is one `{...}` with no directive in it
 * and no name of keep (or eat it, if it names one and w->eat). */
static int blank(struct header *h, unsigned start, unsigned end,
		 struct walk *w)
{
	unsigned i;

	if (end > h->size || end < start + 2 || h->text[start] != '{' ||
	    h->text[end - 1] != '}')
		return 0;
	/* already handed over so */
	if (!strncmp(h->text + start + 1, eat_open, sizeof(eat_open) - 1))
		return 1;
	for (i = start; i < end; i++)
		if (h->text[i] == '#')
			return 0;
	if (names_one(w->keep, h->text, start, end)) {
		if (w->eat && eat(h->text, start, end)) {
			h->blanked = 1;
			return 1;
		}
		w->kept++;
		return 0;
	}
	for (i = start + 1; i < end - 1; i++)
		if (h->text[i] != '\n')
			h->text[i] = ' ';
	h->blanked = 1;
	return 1;
}

static enum CXChildVisitResult body(CXCursor c, CXCursor parent,
				    CXClientData data)
{
	struct walk *w = data;
	CXSourceRange r;
	CXFile file, end_file, spelled;
	unsigned start, end, spelled_at;
	CXString name;
	char path[4096];
	struct header *h;

	(void)parent;
	if (clang_getCursorKind(c) != CXCursor_CompoundStmt)
		return CXChildVisit_Continue;
	if (!w->record)
		return CXChildVisit_Break;
	r = clang_getCursorExtent(c);
	if (clang_Location_isFromMainFile(clang_getRangeStart(r)))
		return CXChildVisit_Break;
	clang_getFileLocation(clang_getRangeStart(r), &file, NULL, NULL,
			      &start);
	clang_getFileLocation(clang_getRangeEnd(r), &end_file, NULL, NULL,
			      &end);
	clang_getSpellingLocation(clang_getRangeStart(r), &spelled, NULL, NULL,
				  &spelled_at);
	if (!file || !end_file || !spelled ||
	    !clang_File_isEqual(file, end_file) ||
	    !clang_File_isEqual(file, spelled) || spelled_at != start)
		return CXChildVisit_Break;
	name = clang_getFileName(file);
	snprintf(path, sizeof(path), "%s%s%s",
		 clang_getCString(name)[0] == '/' ? "" : w->directory,
		 clang_getCString(name)[0] == '/' ? "" : "/",
		 clang_getCString(name));
	clang_disposeString(name);
	h = header(w->headers, path);
	if (h && blank(h, start, end, w))
		w->blanked++;
	return CXChildVisit_Break;
}

static enum CXChildVisitResult top(CXCursor c, CXCursor parent,
				   CXClientData data)
{
	struct walk *w = data;

	(void)parent;
	if (clang_getCursorKind(c) == CXCursor_VarDecl) {
		CXString name = clang_getCursorSpelling(c);
		const char *s = clang_getCString(name);

		if (!strncmp(s, "__UNIQUE_ID", 11) ||
		    !strncmp(s, "__initcall", 10))
			printf("  counter-made: %s\n", s);
		clang_disposeString(name);
	}
	if (clang_getCursorKind(c) == CXCursor_FunctionDecl &&
	    clang_isCursorDefinition(c)) {
		w->definitions++;
		clang_visitChildren(c, body, w);
	}
	return CXChildVisit_Continue;
}

static unsigned errors(CXTranslationUnit tu)
{
	unsigned i, n = 0;

	for (i = 0; i < clang_getNumDiagnostics(tu); i++) {
		CXDiagnostic d = clang_getDiagnostic(tu, i);

		if (clang_getDiagnosticSeverity(d) >= CXDiagnostic_Error)
			n++;
		clang_disposeDiagnostic(d);
	}
	return n;
}

/* Split a line at tabs into argv (in place); the last is NULL. */
static int split(char *line, char **argv, int max)
{
	int n = 0;
	char *p = line;

	line[strcspn(line, "\n")] = '\0';
	while (n < max - 1) {
		argv[n++] = p;
		p = strchr(p, '\t');
		if (!p)
			break;
		*p++ = '\0';
	}
	argv[n] = NULL;
	return n;
}

int main(int argc, char **argv)
{
	static char line[1 << 16];
	struct headers hs = { NULL, 0, 0 };
	struct names keep = { NULL, 0 };
	char *args[1024];
	double total = 0;
	unsigned tus = 0;
	int do_blank, do_eat;
	FILE *in;
	CXIndex index;

	if (argc < 3 || argc > 4 || (strcmp(argv[1], "plain") &&
				     strcmp(argv[1], "blank") &&
				     strcmp(argv[1], "eat"))) {
		fprintf(stderr, "usage: blank-bodies plain|blank|eat TUS_FILE "
				"[KEEP_NAMES_FILE]\n");
		return 2;
	}
	if (argc == 4)
		read_names(argv[3], &keep);
	do_blank = strcmp(argv[1], "plain") != 0;
	do_eat = !strcmp(argv[1], "eat");
	in = fopen(argv[2], "r");
	if (!in) {
		perror(argv[2]);
		return 2;
	}
	index = clang_createIndex(0, 0);
	while (fgets(line, sizeof(line), in)) {
		struct CXUnsavedFile *unsaved;
		struct walk w = { &hs, &keep, do_eat, NULL, 0, 0, 0, 0 };
		CXTranslationUnit tu = NULL;
		unsigned options = CXTranslationUnit_KeepGoing |
			CXTranslationUnit_IgnoreNonErrorsFromIncludedFiles;
		int n = split(line, args, 1023), nr_unsaved = 0;
		size_t i;
		double start, took;
		enum CXErrorCode rc;

		if (n < 3)
			continue;
		w.directory = args[0];
		args[n++] = "-w";
		if (do_eat) {
			args[n++] = "-D__kcg_eat(...)=__kcg_drop(__VA_ARGS__)";
			args[n++] = "-D__kcg_drop(...)=";
		}
		args[n] = NULL;
		unsaved = must(calloc(hs.nr + 1, sizeof(*unsaved)));
		for (i = 0; do_blank && i < hs.nr; i++) {
			if (!hs.list[i].blanked)
				continue;
			unsaved[nr_unsaved].Filename = hs.list[i].path;
			unsaved[nr_unsaved].Contents = hs.list[i].text;
			unsaved[nr_unsaved].Length = hs.list[i].size;
			nr_unsaved++;
		}
		/* libclang reads relative paths against the working directory */
		if (chdir(w.directory)) {
			perror(w.directory);
			return 1;
		}
		start = seconds();
		rc = clang_parseTranslationUnit2FullArgv(index, NULL,
			(const char *const *)args + 1, n - 1, unsaved,
			(unsigned)nr_unsaved, options, &tu);
		took = seconds() - start;
		if (tus++)
			total += took;
		if (rc != CXError_Success || !tu) {
			printf("%.3f s  failed  %s\n", took, args[n - 2]);
			free(unsaved);
			continue;
		}
		/* a TU with errors counts its definitions, blanks nothing */
		w.record = !errors(tu);
		clang_visitChildren(clang_getTranslationUnitCursor(tu), top,
				    &w);
		printf("%.3f s  errors %u  definitions %u  newly blanked %u  "
		       "kept whole %u  headers given %d\n", took, errors(tu),
		       w.definitions, w.blanked, w.kept, nr_unsaved);
		clang_disposeTranslationUnit(tu);
		free(unsaved);
	}
	printf("parse of every TU but the first: %.2f s (%u TUs)\n", total,
	       tus ? tus - 1 : 0);
	fclose(in);
	clang_disposeIndex(index);
	for (size_t i = 0; i < hs.nr; i++) {
		free(hs.list[i].path);
		free(hs.list[i].text);
	}
	free(hs.list);
	for (size_t i = 0; i < keep.nr; i++)
		free(keep.list[i]);
	free(keep.list);
	return 0;
}
