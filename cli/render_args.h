/*
 * What the `kcg render` subcommands share: the output options (-o,
 * --format, --url, --max-nodes) and writing the diagram.  cmd_render.c
 * dispatches to render path, render flow (render_flow.c) and render
 * callers / callees (render_tree.c).
 */
#ifndef KCG_RENDER_ARGS_H
#define KCG_RENDER_ARGS_H

#include "query.h"

#include "render/diagram.h"

/* A readable diagram: more nodes than this are cut (--max-nodes). */
#define RENDER_MAX_NODES 60

struct render_opts {
	const char *output, *format, *url;
	enum render_format fmt;
	int max_nodes;		/* 0: no cut */
};

void render_opts_init(struct render_opts *o);

/*
 * Take argv[*i] if it is a render option: 1 taken, 0 not, -1 error
 * (message printed).
 */
int render_opts_take(struct render_opts *o, const struct query_args *qa,
		     int argc, char **argv, int *i);

/*
 * Check the options once parsed: the output format from --format or the
 * extension of -o.  need_output: -o is required.  -1 with a message.
 */
int render_opts_check(struct render_opts *o, const struct query_args *qa,
		      int need_output);

/*
 * Cut d to --max-nodes, write it to -o and say so on stderr.  Returns 0,
 * or EXIT_USAGE with a message.
 */
int render_write(const char *cmd, const struct render_opts *o,
		 struct diagram *d);

int cmd_render_flow(int argc, char **argv);
int cmd_render_tree(int argc, char **argv, int callers);
int cmd_render_diff(int argc, char **argv);

#endif
