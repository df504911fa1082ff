/*
 * Reading flow files (the format is in flow.h): one directive per line,
 * every problem reported as "FILE:LINE: what is wrong".
 */
#include "flow.h"

#include "util/alloc.h"
#include "util/strbuf.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Flow files are small; a bigger one is a mistake, not a flow. */
#define FLOW_MAX_BYTES (1 << 20)

struct parser {
	const char *path;
	int line;
	struct flow *f;
	int has_waypoint;	/* a waypoint or hand-off seen */
	int stage_line;		/* where the current stage began */
	int inherited;		/* its context is the stage before's */
	struct kcg_error *err;
};

static int fail(struct parser *p, const char *fmt, const char *what)
{
	char msg[512];

	snprintf(msg, sizeof(msg), fmt, what);
	return kcg_error_set(p->err, "%s:%d: %s", p->path, p->line, msg);
}

static char *trim(char *s)
{
	char *end;

	while (isspace((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		*--end = '\0';
	return s;
}

/* A function as the query commands take it: name, name@file, file:name. */
static int valid_name(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && !strchr("_@./:-+", *s))
			return 0;
	return 1;
}

static void add_name(struct flow_step *st, const char *name)
{
	st->names = xrealloc(st->names, (st->nr_names + 1) * sizeof(char *));
	st->names[st->nr_names++] = xstrdup(name);
}

static struct flow_step *new_step(struct parser *p, enum flow_step_kind k)
{
	struct flow_stage *s = &p->f->stages[p->f->nr_stages - 1];
	struct flow_step *st;

	xgrow(&s->steps, &s->alloc_steps, s->nr_steps + 1, sizeof(*st));
	st = &s->steps[s->nr_steps++];
	memset(st, 0, sizeof(*st));
	st->kind = k;
	st->line = p->line;
	return st;
}

/* Split text at sep into names, each checked; adds them to st. */
static int split_names(struct parser *p, struct flow_step *st, char *text,
		       const char *sep)
{
	size_t seplen = strlen(sep);
	char *part = text;

	for (;;) {
		char *next = strstr(part, sep);
		char *name;

		if (next)
			*next = '\0';
		name = trim(part);
		if (!*name)
			return fail(p, "a name is missing around '%s'", sep);
		if (!valid_name(name))
			return fail(p, "'%s' is not a function name", name);
		add_name(st, name);
		if (!next)
			return 0;
		part = next + seplen;
	}
}

static int need_stage(struct parser *p, const char *what)
{
	if (!p->f->nr_stages)
		return fail(p, "%s before the first 'stage'", what);
	return 0;
}

static int set_once(struct parser *p, char **field, const char *value,
		    const char *directive)
{
	if (*field)
		return fail(p, "'%s' given twice", directive);
	if (!*value)
		return fail(p, "'%s' needs a value", directive);
	*field = xstrdup(value);
	return 0;
}

static int parse_stage(struct parser *p, const char *label)
{
	struct flow *f = p->f;
	struct flow_stage *s;

	if (!*label)
		return fail(p, "%s needs a label", "'stage'");
	if (f->nr_stages && !f->stages[f->nr_stages - 1].nr_steps)
		return fail(p, "%s has no waypoints",
			    "the stage before this one");
	xgrow(&f->stages, &f->alloc_stages, f->nr_stages + 1, sizeof(*s));
	s = &f->stages[f->nr_stages++];
	memset(s, 0, sizeof(*s));
	s->label = xstrdup(label);
	p->inherited = 0;
	/* The context goes on until a stage names another. */
	if (f->nr_stages > 1 && f->stages[f->nr_stages - 2].context) {
		s->context = xstrdup(f->stages[f->nr_stages - 2].context);
		p->inherited = 1;
	}
	p->stage_line = p->line;
	return 0;
}

static int parse_context(struct parser *p, const char *word)
{
	struct flow_stage *s;

	if (need_stage(p, "'context'"))
		return -1;
	s = &p->f->stages[p->f->nr_stages - 1];
	if (!valid_name(word))
		return fail(p, "'context' needs one word, not '%s'", word);
	if (p->inherited) {
		free(s->context);
		s->context = NULL;
		p->inherited = 0;
	}
	return set_once(p, &s->context, word, "context");
}

static int parse_hook(struct parser *p, char *args)
{
	char *family = strtok(args, " \t"), *hook = strtok(NULL, " \t");
	struct flow_step *st;

	if (need_stage(p, "'hook'"))
		return -1;
	if (!family || !hook || strtok(NULL, " \t"))
		return fail(p, "%s takes a family and a hook point: "
			    "'hook ipv4 PRE_ROUTING'", "'hook'");
	if (!p->has_waypoint)
		return fail(p, "%s has no waypoint before it to run it",
			    "the hook point");
	st = new_step(p, FLOW_HOOK);
	st->family = xstrdup(family);
	st->hook = xstrdup(hook);
	return 0;
}

static int parse_handoff(struct parser *p, char *rest)
{
	char *name = strtok(rest, " \t"), *label = strtok(NULL, "");
	struct flow_step *st;

	if (need_stage(p, "a hand-off"))
		return -1;
	if (!name)
		return fail(p, "%s needs the function that runs later",
			    "'~'");
	if (!valid_name(name))
		return fail(p, "'%s' is not a function name", name);
	st = new_step(p, FLOW_HANDOFF);
	add_name(st, name);
	if (label && *trim(label))
		st->label = xstrdup(trim(label));
	p->has_waypoint = 1;
	return 0;
}

static int parse_avoid(struct parser *p, char *args)
{
	struct flow *f = p->f;
	char *name;

	if (!*args)
		return fail(p, "%s needs function names", "'avoid'");
	for (name = strtok(args, " \t"); name; name = strtok(NULL, " \t")) {
		if (!valid_name(name))
			return fail(p, "'%s' is not a function name", name);
		f->avoid = xrealloc(f->avoid,
				    (f->nr_avoid + 1) * sizeof(char *));
		f->avoid[f->nr_avoid++] = xstrdup(name);
	}
	return 0;
}

static int parse_max_hops(struct parser *p, const char *value)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(value, &end, 10);
	if (errno || end == value || *end || n < 1 || n > 100)
		return fail(p, "'max-hops' takes a number from 1 to 100, "
			    "not '%s'", value);
	p->f->max_hops = (int)n;
	return 0;
}

static int parse_layout(struct parser *p, const char *value)
{
	if (!strcmp(value, "LR") || !strcmp(value, "TB")) {
		p->f->left_to_right = value[0] == 'L';
		return 0;
	}
	return fail(p, "'layout' is LR or TB, not '%s'", value);
}

static int parse_waypoints(struct parser *p, char *text)
{
	int chain = strstr(text, "->") != NULL;
	struct flow_step *st;

	if (need_stage(p, "a waypoint"))
		return -1;
	if (chain && strchr(text, '|'))
		return fail(p, "%s: a chain has no alternatives",
			    "'->' and '|' together");
	st = new_step(p, chain ? FLOW_CHAIN : FLOW_WAYPOINT);
	if (split_names(p, st, text, chain ? "->" : "|"))
		return -1;
	if (chain && st->nr_names < 2)
		return fail(p, "%s needs two names or more", "a chain");
	if (!chain)
		p->has_waypoint = 1;
	return 0;
}

/* Split off the first word of line; *rest is what follows it. */
static char *first_word(char *line, char **rest)
{
	char *p = line;

	while (*p && !isspace((unsigned char)*p))
		p++;
	if (*p)
		*p++ = '\0';
	*rest = trim(p);
	return line;
}

static int parse_line(struct parser *p, char *line)
{
	char *rest, *word;

	if (line[0] == '~')
		return parse_handoff(p, line + 1);
	if (strstr(line, "->") || strchr(line, '|'))
		return parse_waypoints(p, line);
	word = first_word(line, &rest);
	if (!strcmp(word, "title"))
		return set_once(p, &p->f->title, rest, "title");
	if (!strcmp(word, "kinds"))
		return set_once(p, &p->f->kinds, rest, "kinds");
	if (!strcmp(word, "avoid"))
		return parse_avoid(p, rest);
	if (!strcmp(word, "max-hops"))
		return parse_max_hops(p, rest);
	if (!strcmp(word, "layout"))
		return parse_layout(p, rest);
	if (!strcmp(word, "stage"))
		return parse_stage(p, rest);
	if (!strcmp(word, "context"))
		return parse_context(p, rest);
	if (!strcmp(word, "hook"))
		return parse_hook(p, rest);
	if (*rest)
		return fail(p, "unknown directive '%s' (a waypoint is one "
			    "function name per line)", word);
	return parse_waypoints(p, word);
}

void flow_release(struct flow *f)
{
	size_t i, j, k;

	for (i = 0; i < f->nr_stages; i++) {
		struct flow_stage *s = &f->stages[i];

		for (j = 0; j < s->nr_steps; j++) {
			struct flow_step *st = &s->steps[j];

			for (k = 0; k < st->nr_names; k++)
				free(st->names[k]);
			free(st->names);
			free(st->label);
			free(st->family);
			free(st->hook);
		}
		free(s->steps);
		free(s->label);
		free(s->context);
	}
	for (i = 0; i < f->nr_avoid; i++)
		free(f->avoid[i]);
	free(f->avoid);
	free(f->stages);
	free(f->path);
	free(f->title);
	free(f->kinds);
	memset(f, 0, sizeof(*f));
}

int flow_parse(const char *path, const char *text, size_t len,
	       struct flow *out, struct kcg_error *err)
{
	struct parser p = { path, 0, out, 0, 0, 0, err };
	const char *pos = text, *end = text + len;

	memset(out, 0, sizeof(*out));
	out->path = xstrdup(path);
	out->max_hops = FLOW_MAX_HOPS;
	if (memchr(text, '\0', len))
		return kcg_error_set(err, "%s: not a text file (it holds a "
				     "NUL byte)", path);
	while (pos < end) {
		const char *nl = memchr(pos, '\n', (size_t)(end - pos));
		size_t n = nl ? (size_t)(nl - pos) : (size_t)(end - pos);
		char *line = xstrndup(pos, n), *hash, *t;
		int rc = 0;

		p.line++;
		if ((hash = strchr(line, '#')))
			*hash = '\0';
		t = trim(line);
		if (*t)
			rc = parse_line(&p, t);
		free(line);
		if (rc)
			return -1;
		pos += n + 1;
	}
	if (!out->nr_stages)
		return kcg_error_set(err, "%s: no stages: a flow needs "
				     "'stage' lines with waypoints", path);
	if (!out->stages[out->nr_stages - 1].nr_steps) {
		p.line = p.stage_line;
		return fail(&p, "%s has no waypoints", "the last stage");
	}
	return 0;
}

int flow_load(const char *path, struct flow *out, struct kcg_error *err)
{
	FILE *f = fopen(path, "rb");
	struct strbuf sb;
	char buf[8192];
	size_t n;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!f)
		return kcg_error_errno(err, "cannot read flow '%s'", path);
	strbuf_init(&sb);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0) {
		strbuf_add(&sb, buf, n);
		if (sb.len > FLOW_MAX_BYTES)
			break;
	}
	if (ferror(f) || sb.len > FLOW_MAX_BYTES) {
		rc = ferror(f) ? kcg_error_errno(err, "cannot read flow '%s'",
						 path)
			       : kcg_error_set(err, "%s: too big for a flow "
					       "file (over 1 MB)", path);
		fclose(f);
		strbuf_release(&sb);
		return rc;
	}
	fclose(f);
	rc = flow_parse(path, sb.buf ? sb.buf : "", sb.len, out, err);
	strbuf_release(&sb);
	return rc;
}
