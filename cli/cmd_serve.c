/*
 * kcg serve [--db FILE] [--port N] [--bind ADDR]: the call graph in a
 * browser (serve/serve.h).  Parses the options, starts the server, says
 * its URL and waits for SIGINT or SIGTERM to stop it.
 */
#include "cli.h"
#include "query.h"
#include "render_args.h"

#include "serve/serve.h"

#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int cmd_serve(int argc, char **argv)
{
	struct serve_config c;
	struct query_args qa;
	struct kcg_error err;
	struct server *s;
	sigset_t stop;
	const char *v;
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	int i, rc, sig;

	memset(&c, 0, sizeof(c));
	c.bind = "127.0.0.1";
	c.port = 8080;
	c.threads = cpus > 1 ? (int)(cpus < 16 ? cpus : 16) : 2;
	c.max_nodes = RENDER_MAX_NODES;
	query_args_init(&qa, "serve", argc);
	for (i = 1; i < argc; i++) {
		if ((rc = query_opt_value("serve", argc, argv, &i, "--port",
					  &v))) {
			if (rc < 0 || query_number(&qa, "--port", v, 0, 65535,
						   &c.port))
				goto usage;
		} else if ((rc = query_opt_value("serve", argc, argv, &i,
						 "--bind", &c.bind))) {
			if (rc < 0)
				goto usage;
		} else if ((rc = query_opt_value("serve", argc, argv, &i,
						 "--threads", &v))) {
			if (rc < 0 || query_number(&qa, "--threads", v, 1, 64,
						   &c.threads))
				goto usage;
		} else if ((rc = query_opt_value("serve", argc, argv, &i,
						 "--max-nodes", &v))) {
			if (rc < 0 || query_number(&qa, "--max-nodes", v, 5,
						   500, &c.max_nodes))
				goto usage;
		} else if ((rc = query_common_arg(&qa, argc, argv, &i)) <= 0) {
			if (!rc)
				query_unknown_option(&qa, argv[i]);
			goto usage;
		} else if (qa.nr_pos) {
			usage_error("serve", "takes no arguments, not '%s'",
				    argv[i]);
			goto usage;
		}
	}
	if (qa.format != OUT_TEXT) {
		usage_error("serve", "serve answers JSON per request "
				     "(?format=json), not --json or --tsv");
		goto usage;
	}
	/* Only to find the database as every query command does. */
	{
		sqlite3 *db = NULL;

		rc = query_open(&qa, &db);
		sqlite3_close(db);
		if (rc) {
			query_args_release(&qa);
			return rc;
		}
	}
	c.db_path = qa.db_path;
	/* Block the stop signals in every thread; this one waits for them. */
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	/* a drawing process that died must not take the server with it */
	signal(SIGPIPE, SIG_IGN);
	if (serve_start(&c, &s, &err)) {
		die_message("serve", &err);
		query_args_release(&qa);
		return EXIT_USAGE;
	}
	printf("kcg serve: http://%s%s%s:%d/ (database '%s'; Ctrl-C stops)\n",
	       strchr(c.bind, ':') ? "[" : "", c.bind,
	       strchr(c.bind, ':') ? "]" : "", serve_port(s), qa.db_path);
	fflush(stdout);
	sigwait(&stop, &sig);
	serve_stop(s);
	fprintf(stderr, "kcg serve: stopped (%s)\n",
		sig == SIGINT ? "SIGINT" : "SIGTERM");
	query_args_release(&qa);
	return 0;
usage:
	query_args_release(&qa);
	return EXIT_USAGE;
}
