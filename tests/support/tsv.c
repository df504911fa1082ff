/*
 * Reading ground-truth TSV files in tests: see tsv.h.
 */
#include "tsv.h"

#include "util/alloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char **split_line(char *line, size_t *nr)
{
	char **fields = NULL;
	size_t alloc = 0, n = 0;
	char *p = line;

	line[strcspn(line, "\r\n")] = '\0';
	for (;;) {
		char *tab = strchr(p, '\t');

		xgrow(&fields, &alloc, n + 1, sizeof(*fields));
		fields[n++] = xstrndup(p, tab ? (size_t)(tab - p) : strlen(p));
		if (!tab)
			break;
		p = tab + 1;
	}
	*nr = n;
	return fields;
}

int tsv_read(struct tsv *t, const char *path)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0, alloc = 0;

	memset(t, 0, sizeof(*t));
	if (!f) {
		fprintf(stderr, "cannot open '%s'\n", path);
		return -1;
	}
	while (getline(&line, &cap, f) > 0) {
		char **fields;
		size_t n, j;

		if (!t->columns) {
			t->columns = split_line(line, &t->nr_columns);
			continue;
		}
		if (line[0] == '\n' || line[0] == '\0')
			continue;
		fields = split_line(line, &n);
		if (n < t->nr_columns) {
			fields = xrealloc(fields, t->nr_columns * sizeof(*fields));
			for (j = n; j < t->nr_columns; j++)
				fields[j] = xstrdup("");
		} else {
			for (j = t->nr_columns; j < n; j++)
				free(fields[j]);
		}
		xgrow(&t->rows, &alloc, t->nr_rows + 1, sizeof(*t->rows));
		t->rows[t->nr_rows++] = fields;
	}
	free(line);
	fclose(f);
	return t->columns ? 0 : -1;
}

void tsv_release(struct tsv *t)
{
	size_t i, j;

	for (i = 0; i < t->nr_rows; i++) {
		for (j = 0; j < t->nr_columns; j++)
			free(t->rows[i][j]);
		free(t->rows[i]);
	}
	for (j = 0; j < t->nr_columns; j++)
		free(t->columns[j]);
	free(t->rows);
	free(t->columns);
	memset(t, 0, sizeof(*t));
}

const char *tsv_get(const struct tsv *t, size_t i, const char *name)
{
	size_t j;

	for (j = 0; j < t->nr_columns; j++)
		if (!strcmp(t->columns[j], name))
			return t->rows[i][j];
	return NULL;
}
