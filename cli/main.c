/*
 * kcg: kernel call graph.  The command table and dispatch.
 */
#include "cli.h"

#include "render/diagram.h"

#include "kcg_commit.h"

#include <stdio.h>
#include <string.h>

/* The options every query command takes. */
#define QUERY_COMMON_HELP                                             \
	"  --db FILE         the database (default: the one 'kcg index'\n" \
	"                    wrote last, else ./kcg.db)\n"                 \
	"  --json            JSON (docs/json.md); --tsv: tab-separated\n"

static const struct cmd_entry commands[] = {
	{
		.name = "index",
		.usage = "[--db FILE] [-j N] [--compdb FILE | --kernel DIR "
			 "[--scope PATH...]] [--root DIR] [--shard I/N] "
			 "[--full] [--quiet]",
		.summary = "index a kernel tree (or samples/) into a database",
		.help =
"Parse every translation unit with libclang and store every function,\n"
"call, indirect call site and function-pointer store in a SQLite database.\n"
"\n"
"  --db FILE         the database to write (default ./kcg.db); written to a\n"
"                    temporary file and renamed at the end, so an interrupted\n"
"                    run leaves the old database as it was.  If it exists,\n"
"                    only the TUs whose command or files changed are parsed\n"
"  -j, --jobs N      worker threads (default: all cores)\n"
"  --compdb FILE     read compile commands from compile_commands.json\n"
"  --kernel DIR      take compile commands from Kbuild's dry run in a\n"
"                    prepared kernel tree (make LLVM=1 -n -B V=1 SCOPE);\n"
"                    the compile_commands.json used is written next to\n"
"                    the database\n"
"  --scope PATH...   with --kernel: directories or files to index, e.g.\n"
"                    net/ drivers/net/ethernet/intel/ (default: all)\n"
"  --root DIR        store paths relative to DIR (default: the kernel\n"
"                    tree, even with --compdb, or else the directory of\n"
"                    the compile database)\n"
"  --shard I/N       index the I-th of N parts of the TUs only (every N-th\n"
"                    by path), for 'kcg merge' to join\n"
"  --full            parse every TU even if the database exists\n"
"  -q, --quiet       no progress display\n"
"\n"
"With no --compdb and no --kernel, indexes the sample tree shipped in\n"
"samples/, a miniature network stack.  The kernel's version, arch and\n"
".config hash are read from the tree (with --compdb: --root, the compile\n"
"database's directory or the commands' directory, if one is a kernel\n"
"tree); they pick the flows 'kcg render flow' draws.  Exit status 2: a\n"
"kernel tree whose Kbuild dry run kcg does not understand.\n",
		.exec = cmd_index,
	},
	{
		.name = "merge",
		.usage = "[--db FILE] PART.db... [--quiet]",
		.summary = "join databases of 'kcg index --shard' into one",
		.help =
"Join partial databases, each indexed with 'kcg index --shard I/N' (on as\n"
"many machines), into one database, the same as one 'kcg index' of all\n"
"their translation units; the graph is resolved anew.  A TU in more than\n"
"one part is taken from the first; a header function walked in several\n"
"keeps one body.  The parts must be indexed in the same tree (the same\n"
"path) by the same kcg.\n"
"\n"
"  --db FILE         the database to write (default ./kcg.db); written to a\n"
"                    temporary file and renamed at the end\n"
"  -q, --quiet       no line per part\n",
		.exec = cmd_merge,
	},
	{
		.name = "path",
		.usage = "FROM TO [-k N] [--through A,B] [--avoid X,Y] "
			 "[--max-depth D] [--kinds LIST | --direct-only] "
			 "[--rank fanout|hops] [--no-context] [--db FILE] "
			 "[--json | --tsv]",
		.summary = "the likeliest call paths from one function to "
			   "another",
		.help =
"The likeliest call path from FROM to TO, one hop per line: caller -> callee,\n"
"the edge kind, the hop's fan-out (\"1 of 11\": its call site can reach 11\n"
"functions), the call site and, for a resolved pointer, what it went\n"
"through (packet_type.func), the helper of a callback (via NF_HOOK) and\n"
"where the pointer was stored.  A callback edge F -> h stands for \"F passes\n"
"h to a helper that calls it\", so a path never enters a helper with one\n"
"caller's function and leaves with another's.\n"
"\n"
"Paths are ranked by cost: a hop costs 1 + log2(fan-out), so a written call\n"
"costs 1 and a call through a pointer with 37 targets about 6.2; the\n"
"cheapest path comes first, and of equally cheap ones the shortest.\n"
"\n"
"  -k N              the N cheapest loopless paths (Yen's algorithm)\n"
"  --rank hops       rank by the number of hops instead, every hop alike\n"
"                    (--rank fanout: the default)\n"
"  --no-context      every netfilter hook from every NF_HOOK (by default a\n"
"                    path that enters the hooks from NF_HOOK(NFPROTO_IPV4,\n"
"                    NF_INET_PRE_ROUTING, ..., ip_rcv_finish) reaches only\n"
"                    the hooks registered there, and through the state's\n"
"                    okfn only ip_rcv_finish), and every call whatever the\n"
"                    constants passed (by default a function entered with\n"
"                    run_lwt_bpf(..., NO_REDIRECT) makes no call it makes\n"
"                    only when that parameter is true)\n"
"  --through A,B     pass through A, then B (shortest legs, loopless where\n"
"                    possible)\n"
"  --avoid X,Y       never pass through X or Y\n"
"  --max-depth D     at most D hops\n"
"  --kinds LIST      follow only these edge kinds, comma-separated: direct,\n"
"                    macro, field, global, return, callback, netfilter_hook,\n"
"                    registration, signature, or all (default: all but\n"
"                    registration, which is not a call, and signature)\n"
"  --direct-only     only calls written in the source or made by macros\n"
QUERY_COMMON_HELP
"\n"
"Functions are named NAME, NAME@FILE or FILE:NAME (FILE: the path or any\n"
"trailing part of it).  Exit status: 0 a path was found, 1 none (or an\n"
"unknown function), 2 bad usage, an ambiguous name or a database error.\n",
		.exec = cmd_path,
	},
	{
		.name = "callers",
		.usage = "FUNCTION [-d DEPTH] [--kinds LIST | --direct-only] "
			 "[--db FILE] [--json | --tsv]",
		.summary = "who calls a function, as a tree",
		.help =
"The callers of FUNCTION, their callers to DEPTH levels (default 1), as a\n"
"tree: one line per edge with its kind, call site, what a resolved pointer\n"
"went through and where it was stored.  A function already shown is not\n"
"expanded again.\n"
"\n"
"  -d, --depth N     levels of callers (1 to 100)\n"
"  --kinds LIST      edge kinds to follow (see 'kcg help path')\n"
"  --direct-only     only calls written in the source or made by macros\n"
QUERY_COMMON_HELP
"\n"
"Exit status: 0 callers found, 1 none, 2 bad usage or database error.\n",
		.exec = cmd_callers,
	},
	{
		.name = "callees",
		.usage = "FUNCTION [-d DEPTH] [--kinds LIST | --direct-only] "
			 "[--db FILE] [--json | --tsv]",
		.summary = "what a function calls, as a tree",
		.help =
"The functions FUNCTION calls, and what they call to DEPTH levels (default\n"
"1), as a tree: one line per edge with its kind and call site.  Then,\n"
"for each call of FUNCTION that enters the netfilter hooks with a constant\n"
"family and hook point (NF_HOOK(NFPROTO_IPV4, NF_INET_PRE_ROUTING, ...)),\n"
"the hooks registered there in priority order (JSON/TSV table call_hooks).\n"
"\n"
"  -d, --depth N     levels of callees (1 to 100)\n"
"  --kinds LIST      edge kinds to follow (see 'kcg help path')\n"
"  --direct-only     only calls written in the source or made by macros\n"
QUERY_COMMON_HELP
"\n"
"Exit status: 0 callees found, 1 none, 2 bad usage or database error.\n",
		.exec = cmd_callees,
	},
	{
		.name = "targets",
		.usage = "TYPE.FIELD | --site FILE:LINE [--db FILE] "
			 "[--json | --tsv]",
		.summary = "what a call through a struct field, or at a site, "
			   "can reach",
		.help =
"kcg targets TYPE.FIELD (packet_type.func, dst_entry.input): every function\n"
"a call through that field can reach, with the place it was stored and how\n"
"many indexed calls go through the field; a function stored there that no\n"
"indexed call reads is listed as 'stored'.\n"
"kcg targets --site FILE:LINE: every function the calls at that line can\n"
"reach, with kind and registration site.\n"
QUERY_COMMON_HELP
"\n"
"Exit status: 0 targets found, 1 none, 2 bad usage or database error.\n",
		.exec = cmd_targets,
	},
	{
		.name = "registrations",
		.usage = "FUNCTION [--db FILE] [--json | --tsv]",
		.summary = "who stores a function where it will be called from",
		.help =
"Every place FUNCTION is registered: the function making the registering\n"
"call (dev_add_pack, open_softirq, netif_napi_add, nf_register_net_hooks,\n"
"an ops assignment), the call site, where the pointer lands, and the chain\n"
"of calls from the registrar down to the store.\n"
QUERY_COMMON_HELP
"\n"
"Exit status: 0 registrations found, 1 none, 2 bad usage or database error.\n",
		.exec = cmd_registrations,
	},
	{
		.name = "hooks",
		.usage = "[FAMILY] [HOOK] [--db FILE] [--json | --tsv]",
		.summary = "netfilter hooks per family and hook point, in "
			   "priority order",
		.help =
"The netfilter hooks of each family and hook point, in the order they run:\n"
"by priority, with its numeric value and name, the nf_hook_ops entry and\n"
"where it is registered.  FAMILY and HOOK may be short: 'kcg hooks ipv4\n"
"PRE_ROUTING', 'kcg hooks bridge', 'kcg hooks LOCAL_IN'.\n"
QUERY_COMMON_HELP
"\n"
"Exit status: 0 hooks found, 1 none, 2 bad usage or database error.\n",
		.exec = cmd_hooks,
	},
	{
		.name = "show",
		.usage = "FUNCTION [--db FILE] [--json | --tsv]",
		.summary = "a function: definition, linkage, callers, callees, "
			   "indirect calls",
		.help =
"Where FUNCTION is defined, its linkage and type, how many callers and\n"
"callees it has by edge kind, its indirect call sites with what they go\n"
"through and how many targets they have, and its netfilter hook entries.\n"
QUERY_COMMON_HELP
"\n"
"Exit status: 0 found, 1 unknown function, 2 bad usage or database error.\n",
		.exec = cmd_show,
	},
	{
		.name = "diff",
		.usage = "OLD.db NEW.db [FUNCTION] [--flow NAME] [--summary] "
			 "[--json | --tsv]",
		.summary = "what changed between two indexes (kernel "
			   "versions)",
		.help =
"Compare two indexes, typically of two kernel versions.  Functions are\n"
"matched by name and file, then by name alone (moved), then, among the\n"
"definitions left, by what they call and who calls them (renamed, with a\n"
"similarity score; queries/diff.h says how it is computed).\n"
"\n"
"kcg diff OLD NEW\n"
"    functions added, removed, moved and renamed with file:line in each\n"
"    version; registrations of functions both have (stored into another\n"
"    field, struct or registration call) gained and lost; netfilter hooks\n"
"    per family and hook point added, removed or re-prioritised; and the\n"
"    calls gained and lost, counted\n"
"kcg diff OLD NEW FUNCTION\n"
"    the callees and callers of FUNCTION gained and lost, by kind, with\n"
"    the call site in the version that has the call (FUNCTION as named in\n"
"    either version)\n"
"kcg diff OLD NEW --flow NAME\n"
"    a documented flow (see 'kcg help render') connected in each index\n"
"    with that version's flows, leg by leg: the same route, a changed\n"
"    route (the functions that left and came), or broken in one\n"
"\n"
"  --summary         the counts only\n"
"  --flows DIR       the directory of flow files (default: kcg's own)\n"
"  --json            JSON (docs/json.md); --tsv: tab-separated\n"
"\n"
"'kcg render diff OLD NEW --flow NAME -o FILE' draws the two routes in one\n"
"diagram.  Exit status as diff(1): 0 no change, 1 changes, 2 bad usage or\n"
"an error.\n",
		.exec = cmd_diff,
	},
	{
		.name = "render",
		.usage = "path FROM TO | flow NAME | callers F | callees F | "
			 "diff OLD NEW -o FILE [options]",
		.summary = "draw call paths, documented flows and "
			   "neighbourhoods (Graphviz or Mermaid)",
		.help =
"kcg render path FROM TO -o FILE [path options]\n"
"    the paths 'kcg path' finds (-k, --through, --avoid, --max-depth,\n"
"    --kinds, --direct-only, --rank, --no-context).\n"
"kcg render flow NAME [-o FILE] [--expand-hooks] [--flows DIR] [--list]\n"
"    a documented flow: NAME is a .flow file, or one shipped with kcg for\n"
"    the indexed kernel version (rx, forward, output, bridge,\n"
"    registration; --list shows them).  Each waypoint is connected to the\n"
"    next by the shortest path in the index; the legs are reported stage\n"
"    by stage, a leg that does not connect as BROKEN (exit 1, the diagram\n"
"    is still written).  Without -o, only the report.  Hook points are\n"
"    one node listing their hooks in priority order (--expand-hooks: a\n"
"    node per hook).  queries/flow.h documents the file format.\n"
"kcg render callers F [-d N] / kcg render callees F [-d N]\n"
"    the neighbourhood of F (depth 2 by default; --kinds, --direct-only).\n"
"kcg render diff OLD.db NEW.db (--flow NAME | --from A --to B) -o FILE\n"
"    a flow, or the shortest path from A to B, in two indexes (two kernel\n"
"    versions, see 'kcg help diff') in one diagram: what only the old one\n"
"    has red and dashed, what only the new one has green, a renamed\n"
"    function one node \"new (was old)\", hook points with the hooks that\n"
"    left struck through (--flows DIR, --expand-hooks as for flow).\n"
"\n"
"Functions are boxes clustered by the directory of their file (inside a\n"
"band per execution context when a flow gives them), with the file and\n"
"line as tooltip and a link to the source; edges are drawn by kind:\n"
"solid for direct calls, grey for macro ones, dashed and labelled with\n"
"the field for field, global and return pointers, bold and labelled\n"
"'via NF_HOOK' for callbacks, dotted and labelled with the registering\n"
"call for registrations; a legend lists the kinds used.  Edge tooltips\n"
"give the call site and where the pointer was stored.\n"
"\n"
"  -o, --output FILE  the file to write\n"
"  --format F         svg, png, pdf or dot (Graphviz), or mmd (a Mermaid\n"
"                     flowchart); default: the extension of FILE\n"
"  --max-nodes N      cut bigger diagrams to about N nodes (default 60,\n"
"                     0: no cut): runs of calls become one node, the\n"
"                     farthest functions a '+N more' node; the title says\n"
"                     what was cut\n"
"  --url TEMPLATE     links to the source, with {file}, {line}, {version}\n"
"                     and {root}; default, for a kernel of known version:\n"
"    " RENDER_ELIXIR_URL "\n"
"                     else " RENDER_FILE_URL "\n"
"  --db FILE          the database (default: the one 'kcg index' wrote\n"
"                     last, else ./kcg.db)\n"
"\n"
"Exit status: 0 drawn, 1 no path, a broken flow or an unknown function,\n"
"2 bad usage, an ambiguous name, a database or rendering error.\n",
		.exec = cmd_render,
	},
	{
		.name = "serve",
		.usage = "[--db FILE] [--port N] [--bind ADDR] [--threads N] "
			 "[--max-nodes N]",
		.summary = "browse the call graph: a web server on the index",
		.help =
"Serve the index read-only over HTTP, on 127.0.0.1 port 8080 unless\n"
"--bind and --port say otherwise (--port 0: any free port; the line\n"
"printed at the start gives the URL).  Pages: search as you type, a\n"
"function (callers and callees by kind, indirect calls, registrations,\n"
"source), its neighbourhood as a diagram, paths, flows, netfilter hooks;\n"
"each also as JSON with ?format=json or Accept: application/json, in the\n"
"shapes of --json (docs/json.md).  --threads N serves N requests at a\n"
"time (default: the number of CPUs); --max-nodes N cuts diagrams (60).\n"
"SIGINT or SIGTERM stops the server.\n"
"  --db FILE          the database (default: the one `kcg index` wrote last)\n"
"\n"
"Exit status: 0 stopped by a signal, 2 bad usage, a database it cannot\n"
"read or an address it cannot listen on.\n",
		.exec = cmd_serve,
	},
	{
		.name = "sql",
		.usage = "[STATEMENT] [--db FILE] [--json | --tsv]",
		.summary = "the database in the sqlite3 shell, or one "
			   "statement",
		.help =
"With no statement, open the database in the sqlite3 shell.  With one, run\n"
"it (read-only) and print the rows.  docs/schema.md describes the tables;\n"
"the edges view is the stable interface.\n"
QUERY_COMMON_HELP
"\n"
"Exit status: 0 rows, 1 no rows, 2 bad usage, SQL or database error.\n",
		.exec = cmd_sql,
	},
};

#define NR_COMMANDS (sizeof(commands) / sizeof(commands[0]))

static void print_overview(FILE *out)
{
	size_t i;

	fprintf(out, "usage: kcg COMMAND [ARGS]\n\n"
		     "kcg turns a Linux kernel tree into a call graph with "
		     "function pointers resolved.\n\ncommands:\n");
	for (i = 0; i < NR_COMMANDS; i++)
		fprintf(out, "  %-13s %s\n", commands[i].name,
			commands[i].summary);
	fprintf(out, "\n'kcg help COMMAND' describes a command.\n");
}

/* Find a command by name or unique prefix; list candidates if ambiguous. */
static const struct cmd_entry *find_command(const char *name)
{
	const struct cmd_entry *found = NULL;
	size_t i, len = strlen(name);
	int matches = 0;

	for (i = 0; i < NR_COMMANDS; i++) {
		if (!strcmp(commands[i].name, name))
			return &commands[i];
		if (!strncmp(commands[i].name, name, len)) {
			found = &commands[i];
			matches++;
		}
	}
	if (matches == 1)
		return found;
	if (matches > 1) {
		fprintf(stderr, "kcg: ambiguous command '%s', could be:", name);
		for (i = 0; i < NR_COMMANDS; i++)
			if (!strncmp(commands[i].name, name, len))
				fprintf(stderr, " %s", commands[i].name);
		fprintf(stderr, "\n");
	} else {
		fprintf(stderr, "kcg: unknown command '%s'; see 'kcg --help'\n",
			name);
	}
	return NULL;
}

/*
 * kcg complete commands | options COMMAND | names PREFIX [--db FILE]: the
 * words cli/completion.bash offers, one per line.
 */
static int complete(int argc, char **argv)
{
	size_t i;

	if (argc >= 3 && !strcmp(argv[2], "commands")) {
		help_print_commands(commands, NR_COMMANDS);
		return 0;
	}
	if (argc == 4 && !strcmp(argv[2], "options")) {
		for (i = 0; i < NR_COMMANDS; i++)
			if (!strcmp(commands[i].name, argv[3]))
				help_print_options(&commands[i]);
		return 0;
	}
	if (argc >= 3 && !strcmp(argv[2], "names"))
		return cmd_complete_names(argc - 2, argv + 2);
	usage_error("complete", "usage: kcg complete commands | options "
				"COMMAND | names PREFIX [--db FILE]");
	return EXIT_USAGE;
}

static void print_help(const struct cmd_entry *cmd)
{
	printf("usage: kcg %s %s\n\n%s", cmd->name, cmd->usage, cmd->help);
}

int main(int argc, char **argv)
{
	const struct cmd_entry *cmd;
	int i;

	if (argc < 2) {
		print_overview(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		print_overview(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("kcg %s (commit %s)\n", KCG_VERSION, KCG_COMMIT);
		return 0;
	}
	if (!strcmp(argv[1], "complete"))
		return complete(argc, argv);
	if (!strcmp(argv[1], "help")) {
		if (argc < 3) {
			print_overview(stdout);
			return 0;
		}
		/* kcg help --man DIR: the manual pages, made by the build */
		if (!strcmp(argv[2], "--man")) {
			if (argc != 4) {
				usage_error("help", "--man takes a directory");
				return EXIT_USAGE;
			}
			return help_write_man_pages(argv[3], commands,
						    NR_COMMANDS);
		}
		cmd = find_command(argv[2]);
		if (!cmd)
			return EXIT_USAGE;
		print_help(cmd);
		return 0;
	}
	cmd = find_command(argv[1]);
	if (!cmd)
		return EXIT_USAGE;
	for (i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "--"))
			break;
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			print_help(cmd);
			return 0;
		}
	}
	return cmd->exec(argc - 1, argv + 1);
}
