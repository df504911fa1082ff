/*
 * kcg diff and kcg render diff on two versions of samples/: the sample
 * as it is, and the sample one "release" later (samples/next.patch
 * applied to a copy), in which
 *   - ip_rcv_finish_core is renamed ip_rcv_finish_route,
 *   - ip_protocol_deliver_rcu moved from ip_input.c to af_inet.c,
 *   - ip_local_deliver_finish reaches it through a new function,
 *     ip_local_deliver_dispatch (the rx flow's route changes),
 *   - icmp_rcv and its registration are gone,
 *   - loopback_dev_init is stored into ndo_open instead of ndo_init,
 *   - ipv4_conntrack_local moved from LOCAL_OUT to LOCAL_IN and
 *     ipv4_conntrack_in runs at NF_IP_PRI_RAW instead of CONNTRACK.
 */
#include "support/run.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#define TMP KCG_TEST_TMPDIR "/diff"
#define SAMPLES KCG_SOURCE_DIR "/samples"

static struct run_result out;

static int kcg(const char *fmt, ...)
{
	const struct run_options o = { .cwd = TMP, .merge_stderr = 1 };
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = run_kcgv(&out, &o, fmt, ap);
	va_end(ap);
	return rc;
}

/* python3 -c code with the last kcg() output on stdin; its status. */
static int python_on_output(const char *code)
{
	const char *const argv[] = { "python3", "-c", code, NULL };
	const struct run_options o = { .input = out.out.buf,
				       .input_len = out.out.len,
				       .merge_stderr = 1 };
	struct run_result r;
	int rc;

	run_result_init(&r);
	rc = run_argv(argv, &o, &r);
	if (rc)
		print_message("%s\n%s", r.out.buf, out.out.buf);
	run_result_release(&r);
	return rc;
}

static int sh(const char *fmt, ...)
{
	char cmd[8192];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	return system(cmd);
}

#define has(s) assert_non_null(strstr(out.out.buf, (s)))
#define hasnt(s) assert_null(strstr(out.out.buf, (s)))

static int setup(void **state)
{
	(void)state;
	run_result_init(&out);
	/* not inside the checkout: git apply would take paths from its top */
	if (sh("rm -rf %s && mkdir -p %s && cp -r %s %s/v1 && "
	       "cp -r %s %s/v2 && cd %s/v2 && GIT_CEILING_DIRECTORIES=%s "
	       "git apply -p1 %s/next.patch", TMP, TMP, SAMPLES, TMP,
	       SAMPLES, TMP, TMP, TMP, SAMPLES))
		return -1;
	if (kcg("index --compdb v1/compile_commands.json --db v1.db -q") ||
	    kcg("index --compdb v2/compile_commands.json --db v2.db -q")) {
		fprintf(stderr, "%s", out.out.buf);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	run_result_release(&out);
	return 0;
}

/* Every kind of change of the whole index, as JSON. */
static void test_whole(void **state)
{
	(void)state;
	assert_int_equal(kcg("diff v1.db v2.db --json"), 1);
	assert_int_equal(python_on_output(
"import json, sys\n"
"t = json.load(sys.stdin)['tables']\n"
"s = {(r['what'], r['change']): r['count'] for r in t['summary']}\n"
"assert s[('functions', 'added')] == 1, s\n"
"assert s[('functions', 'removed')] == 1, s\n"
"assert s[('functions', 'moved')] == 1, s\n"
"assert s[('functions', 'renamed')] == 1, s\n"
"f = {(r['change'], r['name']): r for r in t['functions']}\n"
"assert set(f) == {('added', 'ip_local_deliver_dispatch'),\n"
"    ('removed', 'icmp_rcv'), ('moved', 'ip_protocol_deliver_rcu'),\n"
"    ('renamed', 'ip_rcv_finish_route')}, f\n"
"r = f[('renamed', 'ip_rcv_finish_route')]\n"
"assert r['old_name'] == 'ip_rcv_finish_core' and r['score'] >= 60, r\n"
"assert r['old_file'] == r['new_file'] == 'net/ipv4/ip_input.c', r\n"
"m = f[('moved', 'ip_protocol_deliver_rcu')]\n"
"assert m['old_file'] == 'net/ipv4/ip_input.c', m\n"
"assert m['new_file'] == 'net/ipv4/af_inet.c', m\n"
"assert f[('removed', 'icmp_rcv')]['old_file'] == 'net/ipv4/icmp.c'\n"
"reg = {(r['change'], r['function'], r['stored_into'])\n"
"       for r in t['registrations']}\n"
"assert reg == {\n"
"    ('lost', 'loopback_dev_init', 'net_device_ops.ndo_init in loopback_ops'),\n"
"    ('gained', 'loopback_dev_init', 'net_device_ops.ndo_open in loopback_ops'),\n"
"}, reg\n"
"h = {(r['change'], r['function'], r['hook'], r['old_priority'],\n"
"      r['new_priority']) for r in t['hooks']}\n"
"assert h == {\n"
"    ('removed', 'ipv4_conntrack_local', 'NF_INET_LOCAL_OUT', -200, None),\n"
"    ('added', 'ipv4_conntrack_local', 'NF_INET_LOCAL_IN', None, -200),\n"
"    ('priority', 'ipv4_conntrack_in', 'NF_INET_PRE_ROUTING', -200, -300),\n"
"}, h\n"), 0);

	assert_int_equal(kcg("diff v1.db v2.db"), 1);
	has("functions: 1 added, 1 removed, 1 moved, 1 renamed");
	has("ip_rcv_finish_core  ->  ip_rcv_finish_route");
	has("net/ipv4/ip_input.c:17  net/ipv4/af_inet.c:");
	has("re-prioritised");

	assert_int_equal(kcg("diff v1.db v2.db --summary --tsv"), 1);
	has("functions\trenamed\t1");
	hasnt("ip_rcv_finish_route");
}

/* An index against itself: no change, exit 0. */
static void test_same(void **state)
{
	(void)state;
	assert_int_equal(kcg("diff v1.db v1.db"), 0);
	has("functions: 0 added, 0 removed, 0 moved, 0 renamed");
	has("calls between functions of both: 0 gained, 0 lost");
	assert_int_equal(kcg("diff v1.db v1.db --flow rx"), 0);
	assert_int_equal(kcg("diff v1.db v1.db ip_rcv"), 0);
	has("the same callees and callers");
}

/* One function's callers and callees gained and lost, with sites. */
static void test_function(void **state)
{
	(void)state;
	assert_int_equal(kcg("diff v1.db v2.db ip_protocol_deliver_rcu "
			     "--json"), 1);
	assert_int_equal(python_on_output(
"import json, sys\n"
"rows = json.load(sys.stdin)['tables']['calls']\n"
"got = {(r['direction'], r['change'], r['function'], r['kind'],\n"
"        r['file'], r['line']) for r in rows}\n"
"assert got == {\n"
"    ('caller', 'lost', 'ip_local_deliver_finish', 'direct',\n"
"     'net/ipv4/ip_input.c', 37),\n"
"    ('caller', 'gained', 'ip_local_deliver_dispatch', 'direct',\n"
"     'net/ipv4/ip_input.c', 21),\n"
"    ('callee', 'lost', 'icmp_rcv', 'field', 'net/ipv4/ip_input.c', 24),\n"
"}, got\n"), 0);

	/* a renamed function by its old name or its new one */
	assert_int_equal(kcg("diff v1.db v2.db ip_rcv_finish_core"), 0);
	has("ip_rcv_finish_route (was ip_rcv_finish_core)");
	has("the same callees and callers");
	assert_int_equal(kcg("diff v1.db v2.db ip_rcv_finish_route"), 0);

	/* a function of one version only: everything it calls is new */
	assert_int_equal(kcg("diff v1.db v2.db ip_local_deliver_dispatch"), 1);
	has("old: not in the index");
	has("gained  ip_protocol_deliver_rcu  direct");

	assert_int_equal(kcg("diff v1.db v2.db no_such_function"), 1);
	has("no function 'no_such_function' in either index");
}

/* The rx flow leg by leg: one route and two hook points changed. */
static void test_flow(void **state)
{
	(void)state;
	assert_int_equal(kcg("diff v1.db v2.db --flow rx --json"), 1);
	assert_int_equal(python_on_output(
"import json, sys\n"
"rows = json.load(sys.stdin)['tables']['flow']\n"
"legs = {r['leg']: r for r in rows}\n"
"changed = sorted(l for l, r in legs.items() if r['change'] != 'same')\n"
"assert changed == ['hook ipv4 LOCAL_IN', 'hook ipv4 PRE_ROUTING',\n"
"    'ip_local_deliver_finish -> ip_protocol_deliver_rcu'], changed\n"
"r = legs['ip_local_deliver_finish -> ip_protocol_deliver_rcu']\n"
"assert (r['old_hops'], r['new_hops']) == (1, 2), r\n"
"assert r['came'] == 'ip_local_deliver_dispatch' and not r['left'], r\n"
"assert r['new_route'] == ('ip_local_deliver_finish -> '\n"
"    'ip_local_deliver_dispatch -> ip_protocol_deliver_rcu'), r\n"
"h = legs['hook ipv4 LOCAL_IN']\n"
"assert h['came'] == 'ipv4_conntrack_local' and not h['left'], h\n"
"assert '-200 ipv4_conntrack_local' in h['new_route'], h\n"
"p = legs['hook ipv4 PRE_ROUTING']\n"
"assert '-300 ipv4_conntrack_in' in p['new_route'], p\n"
"assert '-200 ipv4_conntrack_in' in p['old_route'], p\n"
"assert legs['ip_rcv -> ip_rcv_finish']['change'] == 'same'\n"), 0);

	assert_int_equal(kcg("diff v1.db v2.db --flow rx"), 1);
	has("changed, 1 -> 2 hops");
	has("new: ip_local_deliver_finish -> ip_local_deliver_dispatch -> "
	    "ip_protocol_deliver_rcu");

	/* a leg that connects in the old version only */
	assert_int_equal(sh("printf 'stage icmp\\nip_protocol_deliver_rcu\\n"
			    "icmp_rcv\\n' > %s/icmp.flow", TMP), 0);
	assert_int_equal(kcg("diff v1.db v2.db --flow icmp.flow --tsv"), 1);
	has("ip_protocol_deliver_rcu -> icmp_rcv\tbroken in new\tok\tbroken"
	    "\t1\t\tip_protocol_deliver_rcu -field-> icmp_rcv");
	assert_int_equal(kcg("diff v2.db v1.db --flow icmp.flow"), 1);
	has("broken in old");

	assert_int_equal(kcg("diff v1.db v2.db --flow no_such_flow"), 1);
	has("no flow 'no_such_flow'");
}

/* The text of file TMP/name into out.out; -1 if it cannot be read. */
static int slurp(const char *name)
{
	char path[4096], buf[8192];
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "%s/%s", TMP, name);
	f = fopen(path, "r");
	if (!f)
		return -1;
	strbuf_reset(&out.out);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		strbuf_add(&out.out, buf, n);
	fclose(f);
	return 0;
}

/* One diagram of both versions: what each only has, marked. */
static void test_render(void **state)
{
	(void)state;
	assert_int_equal(kcg("render diff v1.db v2.db --flow rx -o rx.dot"),
			 0);
	has("wrote 'rx.dot'");
	assert_int_equal(slurp("rx.dot"), 0);
	/* the new hop green, the old one red and dashed */
	has("ip_local_deliver_finish -> ip_local_deliver_dispatch\t[color=\"#1a7f37\"");
	has("ip_local_deliver_dispatch -> ip_protocol_deliver_rcu\t[color=\"#1a7f37\"");
	has("ip_local_deliver_finish -> ip_protocol_deliver_rcu\t[color=\"#cf222e\"");
	/* a hook that left struck through, the one that came green */
	has("<S>ipv4_conntrack_in</S>");
	has("BGCOLOR=\"#dafbe1\">-300</TD>");
	has("only in v1.db");
	has("only in v2.db");
	/* a hop both have is drawn as usual */
	assert_non_null(strstr(out.out.buf, "ip_rcv -> ip_rcv_finish\t[color=black"));

	/* a renamed function is one node with both names */
	assert_int_equal(kcg("render diff v1.db v2.db --from ip_rcv_finish "
			     "--to ip_route_input_noref -o path.mmd"), 0);
	assert_int_equal(slurp("path.mmd"), 0);
	has("ip_rcv_finish_route (was ip_rcv_finish_core)");
	hasnt("stroke:#cf222e");

	assert_int_equal(kcg("render diff v1.db v2.db --flow rx -o rx.png"),
			 0);
	assert_int_equal(sh("test -s %s/rx.png", TMP), 0);

	assert_int_equal(kcg("render diff v1.db v2.db -o x.svg"), 2);
	has("give --flow NAME, or --from A and --to B");
	assert_int_equal(kcg("render diff v1.db v2.db --flow rx"), 2);
	has("-o FILE");
}

static void test_usage(void **state)
{
	(void)state;
	assert_int_equal(kcg("diff v1.db"), 2);
	has("give two databases");
	assert_int_equal(kcg("diff v1.db v2.db a b"), 2);
	assert_int_equal(kcg("diff v1.db v2.db --db v1.db"), 2);
	has("give the two databases as arguments");
	assert_int_equal(kcg("diff v1.db v2.db ip_rcv --flow rx"), 2);
	assert_int_equal(kcg("diff v1.db missing.db"), 2);
	has("missing.db");
	assert_int_equal(sh("echo 'not a database' > %s/junk.db", TMP), 0);
	assert_int_equal(kcg("diff junk.db v2.db"), 2);
	has("junk.db");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_whole),
		cmocka_unit_test(test_same),
		cmocka_unit_test(test_function),
		cmocka_unit_test(test_flow),
		cmocka_unit_test(test_render),
		cmocka_unit_test(test_usage),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
