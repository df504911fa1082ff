/*
 * Flow files (queries/flow.c): every directive read into the flow, the
 * context carried from stage to stage, and each mistake reported with
 * the file and line; the flows shipped with kcg all parse.
 */
#include "queries/flow.h"
#include "queries/flow_dir.h"

#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#define FLOWS KCG_SOURCE_DIR "/samples/flows"

static int parse(const char *text, struct flow *f, struct kcg_error *err)
{
	return flow_parse("t.flow", text, strlen(text), f, err);
}

static void test_every_directive(void **state)
{
	static const char text[] =
		"# a comment\n"
		"title  Receive path  \n"
		"kinds direct,field\n"
		"avoid process_backlog  netif_rx\n"
		"max-hops 9\n"
		"layout LR\n"
		"\n"
		"stage NIC interrupt\n"
		"context hardirq\n"
		"  fake_intr   # trailing comment\n"
		"stage softirq\n"
		"context softirq\n"
		"~ net_rx_action NET_RX raised\n"
		"ip_rcv\n"
		"hook ipv4 PRE_ROUTING\n"
		"tcp_v4_rcv | udp_rcv@net/ipv4/udp.c\n"
		"stage setup\n"
		"inet_init -> ip_rcv -> x\n";
	struct kcg_error err;
	struct flow f;
	const struct flow_stage *s;

	(void)state;
	assert_int_equal(parse(text, &f, &err), 0);
	assert_string_equal(f.title, "Receive path");
	assert_string_equal(f.kinds, "direct,field");
	assert_int_equal(f.nr_avoid, 2);
	assert_string_equal(f.avoid[1], "netif_rx");
	assert_int_equal(f.max_hops, 9);
	assert_int_equal(f.left_to_right, 1);
	assert_int_equal(f.nr_stages, 3);

	s = &f.stages[0];
	assert_string_equal(s->label, "NIC interrupt");
	assert_string_equal(s->context, "hardirq");
	assert_int_equal(s->nr_steps, 1);
	assert_int_equal(s->steps[0].kind, FLOW_WAYPOINT);
	assert_string_equal(s->steps[0].names[0], "fake_intr");
	assert_int_equal(s->steps[0].line, 10);

	s = &f.stages[1];
	assert_int_equal(s->nr_steps, 4);
	assert_int_equal(s->steps[0].kind, FLOW_HANDOFF);
	assert_string_equal(s->steps[0].names[0], "net_rx_action");
	assert_string_equal(s->steps[0].label, "NET_RX raised");
	assert_int_equal(s->steps[2].kind, FLOW_HOOK);
	assert_string_equal(s->steps[2].family, "ipv4");
	assert_string_equal(s->steps[2].hook, "PRE_ROUTING");
	assert_int_equal(s->steps[3].nr_names, 2);
	assert_string_equal(s->steps[3].names[1], "udp_rcv@net/ipv4/udp.c");

	/* No context given: the softirq goes on. */
	s = &f.stages[2];
	assert_string_equal(s->context, "softirq");
	assert_int_equal(s->steps[0].kind, FLOW_CHAIN);
	assert_int_equal(s->steps[0].nr_names, 3);
	assert_string_equal(s->steps[0].names[2], "x");
	flow_release(&f);
}

static void test_defaults(void **state)
{
	struct kcg_error err;
	struct flow f;

	(void)state;
	assert_int_equal(parse("stage one\na\nb\n", &f, &err), 0);
	assert_null(f.title);
	assert_null(f.kinds);
	assert_int_equal(f.max_hops, FLOW_MAX_HOPS);
	assert_int_equal(f.left_to_right, 0);
	assert_null(f.stages[0].context);
	flow_release(&f);
}

/* text must fail with a message holding want. */
static void expect_error(const char *text, const char *want)
{
	struct kcg_error err;
	struct flow f;

	if (!flow_parse("t.flow", text, strlen(text), &f, &err))
		fail_msg("parsed: %s", text);
	if (!strstr(err.msg, want))
		fail_msg("'%s' does not say '%s'", err.msg, want);
	flow_release(&f);
}

static void test_errors(void **state)
{
	(void)state;
	expect_error("", "t.flow: no stages");
	expect_error("# nothing\n", "no stages");
	expect_error("ip_rcv\n", "t.flow:1: a waypoint before the first");
	expect_error("stage a\nb\nfrobnicate x\n",
		     "t.flow:3: unknown directive 'frobnicate'");
	expect_error("stage a\nip rcv\n", "t.flow:2: unknown directive");
	expect_error("stage a\nb | \n", "t.flow:2: a name is missing");
	expect_error("stage a\nb | c$d\n", "'c$d' is not a function name");
	expect_error("stage a\na -> b | c\n", "a chain has no alternatives");
	expect_error("stage a\nhook ipv4 PRE_ROUTING\n",
		     "t.flow:2: the hook point has no waypoint");
	expect_error("stage a\nb\nhook ipv4\n", "takes a family and a hook");
	expect_error("stage a\nstage b\nc\n",
		     "t.flow:2: the stage before this one has no waypoints");
	expect_error("stage a\nb\nstage c\n",
		     "t.flow:3: the last stage has no waypoints");
	expect_error("title a\ntitle b\nstage s\nx\n",
		     "t.flow:2: 'title' given twice");
	expect_error("max-hops 0\nstage s\nx\n", "'max-hops' takes a number");
	expect_error("max-hops 12x\nstage s\nx\n", "not '12x'");
	expect_error("layout up\nstage s\nx\n", "'layout' is LR or TB");
	expect_error("stage s\ncontext a b\nx\n", "needs one word");
	expect_error("stage s\n~\n", "needs the function that runs later");
	expect_error("stage\n", "'stage' needs a label");
	expect_error("kinds\nstage s\nx\n", "'kinds' needs a value");
}

static void test_nul_byte(void **state)
{
	static const char text[] = "stage a\nb\0c\n";
	struct kcg_error err;
	struct flow f;

	(void)state;
	assert_int_equal(flow_parse("t.flow", text, sizeof(text) - 1, &f,
				    &err), -1);
	assert_non_null(strstr(err.msg, "t.flow: not a text file"));
	flow_release(&f);
}

static void test_missing_file(void **state)
{
	struct kcg_error err;
	struct flow f;

	(void)state;
	assert_int_equal(flow_load("/nonexistent/x.flow", &f, &err), -1);
	assert_non_null(strstr(err.msg, "cannot read flow "
					"'/nonexistent/x.flow'"));
	flow_release(&f);
}

/* Every .flow under dir parses; returns how many there were. */
static int load_all(const char *dir)
{
	struct dirent *de;
	DIR *d = opendir(dir);
	int n = 0;

	if (!d)
		fail_msg("cannot read '%s'", dir);
	while ((de = readdir(d))) {
		size_t len = strlen(de->d_name);
		char path[4096];
		struct kcg_error err;
		struct flow f;

		if (len < 6 || strcmp(de->d_name + len - 5, ".flow"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (flow_load(path, &f, &err))
			fail_msg("%s", err.msg);
		assert_non_null(f.title);
		flow_release(&f);
		n++;
	}
	closedir(d);
	return n;
}

static void test_shipped_flows_parse(void **state)
{
	(void)state;
	assert_int_equal(load_all(FLOWS), 5);
	assert_int_equal(load_all(FLOWS "/linux-6.1"), 11);
}

static void expect_dir(const char *base, const char *version,
		       const char *want)
{
	char *dir = flow_dir_for_version(base, version);

	assert_string_equal(dir, want);
	free(dir);
}

/* The newest linux-X.Y not after the index's version, else the oldest;
 * the base itself for no version or no versions. */
static void test_flow_dir(void **state)
{
	const char *base = KCG_TEST_TMPDIR "/flow_dir";

	(void)state;
	assert_int_equal(system("rm -rf " KCG_TEST_TMPDIR "/flow_dir && "
				"mkdir -p " KCG_TEST_TMPDIR "/flow_dir/"
				"linux-5.10 " KCG_TEST_TMPDIR "/flow_dir/"
				"linux-6.1 " KCG_TEST_TMPDIR "/flow_dir/"
				"linux-6.12 " KCG_TEST_TMPDIR "/flow_dir/"
				"notes"), 0);
	expect_dir(base, "6.1.192", KCG_TEST_TMPDIR "/flow_dir/linux-6.1");
	expect_dir(base, "6.11", KCG_TEST_TMPDIR "/flow_dir/linux-6.1");
	expect_dir(base, "6.13-rc1", KCG_TEST_TMPDIR "/flow_dir/linux-6.12");
	expect_dir(base, "5.4.0", KCG_TEST_TMPDIR "/flow_dir/linux-5.10");
	expect_dir(base, NULL, base);
	expect_dir(base, "unknown", base);
	expect_dir(FLOWS, "6.1.100", FLOWS "/linux-6.1");
	expect_dir(KCG_TEST_TMPDIR "/no_such_dir", "6.1",
		   KCG_TEST_TMPDIR "/no_such_dir");
	assert_string_equal(flow_dir_builtin(), FLOWS);
}

static void expect_file(char *const *dirs, const char *name,
			const char *want)
{
	char *path = flow_dirs_file(dirs, name);

	if (!want) {
		assert_null(path);
		return;
	}
	assert_non_null(path);
	assert_string_equal(path, want);
	free(path);
}

/*
 * A version's directory holds only the flows that changed: a flow it
 * lacks comes from the newest older version that has it, then from the
 * newer ones, oldest first.
 */
static void test_flow_fallback(void **state)
{
#define FB KCG_TEST_TMPDIR "/flow_fallback"
	char **dirs;

	(void)state;
	assert_int_equal(system("rm -rf " FB " && mkdir -p " FB "/linux-5.10 "
				FB "/linux-6.1 " FB "/linux-6.12 " FB
				"/linux-6.6 && cd " FB " && touch "
				"linux-5.10/old.flow linux-6.1/rx.flow "
				"linux-6.1/tx.flow linux-6.6/rx.flow "
				"linux-6.12/rx.flow linux-6.12/new.flow "
				"linux-5.10/rx.flow base.flow"), 0);
	dirs = flow_dirs_for_version(FB, "6.12.118");
	assert_string_equal(dirs[0], FB "/linux-6.12");
	assert_string_equal(dirs[1], FB "/linux-6.6");
	assert_string_equal(dirs[2], FB "/linux-6.1");
	assert_string_equal(dirs[3], FB "/linux-5.10");
	assert_null(dirs[4]);
	expect_file(dirs, "rx", FB "/linux-6.12/rx.flow");
	expect_file(dirs, "tx", FB "/linux-6.1/tx.flow");
	expect_file(dirs, "old", FB "/linux-5.10/old.flow");
	expect_file(dirs, "base", NULL);
	expect_file(dirs, "nosuch", NULL);
	flow_dirs_free(dirs);

	/* 6.3: its own is 6.1; 6.6 and 6.12 only after the older ones */
	dirs = flow_dirs_for_version(FB, "6.3");
	assert_string_equal(dirs[0], FB "/linux-6.1");
	assert_string_equal(dirs[1], FB "/linux-5.10");
	assert_string_equal(dirs[2], FB "/linux-6.6");
	assert_string_equal(dirs[3], FB "/linux-6.12");
	expect_file(dirs, "rx", FB "/linux-6.1/rx.flow");
	expect_file(dirs, "new", FB "/linux-6.12/new.flow");
	flow_dirs_free(dirs);

	/* older than all: the oldest first */
	dirs = flow_dirs_for_version(FB, "4.19");
	assert_string_equal(dirs[0], FB "/linux-5.10");
	assert_string_equal(dirs[1], FB "/linux-6.1");
	flow_dirs_free(dirs);

	/* no version: base alone */
	dirs = flow_dirs_for_version(FB, NULL);
	assert_string_equal(dirs[0], FB);
	assert_null(dirs[1]);
	expect_file(dirs, "base", FB "/base.flow");
	expect_file(dirs, "rx", NULL);
	flow_dirs_free(dirs);

	/* the shipped ones: 6.12 falls back to 6.1 for what it lacks */
	dirs = flow_dirs_for_version(FLOWS, "6.12.118");
	expect_file(dirs, "forward", FLOWS "/linux-6.1/forward.flow");
	flow_dirs_free(dirs);
#undef FB
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_directive),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_nul_byte),
		cmocka_unit_test(test_missing_file),
		cmocka_unit_test(test_shipped_flows_parse),
		cmocka_unit_test(test_flow_dir),
		cmocka_unit_test(test_flow_fallback),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
