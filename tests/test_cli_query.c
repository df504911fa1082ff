/*
 * The query commands as a user runs them: output, exit codes (0 found,
 * 1 not found, 2 usage or database error) and messages, on an index of
 * samples/.
 */
#include "support/run.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#define TMP KCG_TEST_TMPDIR "/cli_query"
#define DB TMP "/samples.db"

static struct run_result out;

static const char *const state_env[] = { "XDG_STATE_HOME=" TMP "/state",
					  NULL };

/*
 * Run "kcg ARGS" in TMP (both streams into out.out, no colour, the state
 * directory of the tests); returns the exit status.
 */
static int kcg(const char *fmt, ...)
{
	const struct run_options o = { .cwd = TMP, .env = state_env,
				       .merge_stderr = 1 };
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = run_kcgv(&out, &o, fmt, ap);
	va_end(ap);
	return rc;
}

/* Run python3 -c code with what the last kcg() wrote on stdin. */
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
		print_message("%s", r.out.buf);
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
	run_result_init(&out);
	if (sh("rm -rf %s && mkdir -p %s", TMP, TMP))
		return -1;
	if (kcg("index --db samples.db -q")) {
		fprintf(stderr, "%s", out.out.buf);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	run_result_release(&out);
	return 0;
}

static void test_path(void **state)
{
	assert_int_equal(kcg("path net_rx_action tcp_v4_rcv --db %s", DB), 0);
	has("net_rx_action -> tcp_v4_rcv: 12 hops, cost 17.8");
	has("__napi_poll");
	has("napi_struct.poll, stored at net/core/dev.c:");
	/* each indirect hop's fan-out: __napi_poll's n->poll can reach
	 * process_backlog and fake_poll */
	has("process_backlog               field     1 of 2");
	has("callback");
	has("via NF_HOOK");
	hasnt("\033[");		/* no colour into a pipe */

	/* nothing calls back up the stack */
	assert_int_equal(kcg("path tcp_v4_rcv net_rx_action --db %s", DB), 1);
	has("no path from 'tcp_v4_rcv' to 'net_rx_action'");

	assert_int_equal(kcg("path net_rx_action tcp_v4_rcv -k 3 --db %s", DB),
			 0);
	has("(path 3 of 3)");

	assert_int_equal(kcg("path net_rx_action tcp_v4_rcv --through "
			     "fake_poll,napi_gro_receive --db %s", DB), 0);
	has("fake_poll");
	has("napi_gro_receive");

	assert_int_equal(kcg("path net_rx_action tcp_v4_rcv --avoid "
			     "process_backlog --db %s", DB), 0);
	hasnt("process_backlog");

	/* the netfilter context: from ip_rcv's NF_HOOK(NFPROTO_IPV4,
	 * NF_INET_PRE_ROUTING) no bridge hook and no FORWARD one; the
	 * type-level graph (--no-context) has them */
	/* (nor through the state inside nf_queue's entry, into the
	 * hooks again from nf_reinject) */
	assert_int_equal(kcg("path ip_rcv br_nf_pre_routing --db %s", DB), 1);
	assert_int_equal(kcg("path ip_rcv br_nf_pre_routing --no-context "
			     "--db %s", DB), 0);
	assert_int_equal(kcg("path ip_forward ipv4_conntrack_in --db %s", DB),
			 1);
	/* the flowtable's hook is a netdev (ingress) hook: its entry is
	 * filled at run time with pf = NFPROTO_NETDEV */
	assert_int_equal(kcg("path ip_rcv nf_flow_offload_ip_hook --db %s",
			     DB), 1);
	assert_int_equal(kcg("path ip_rcv nf_flow_offload_ip_hook --no-context "
			     "--db %s", DB), 0);
	assert_int_equal(kcg("path ip_rcv ip_sabotage_in --db %s", DB), 0);
	has("ip_sabotage_in        netfilter_hook  1 of 8");
	/* a bridge frame meets the IPv4 hook once it re-enters the stack
	 * as IPv4, not in the bridge's own PRE_ROUTING */
	assert_int_equal(kcg("path br_handle_frame ip_sabotage_in --db %s",
			     DB), 0);
	has("br_handle_frame -> ip_sabotage_in: 13 hops");
	has("__netif_receive_skb_one_core  ->  ip_rcv");
	assert_int_equal(kcg("path br_handle_frame ip_sabotage_in --no-context"
			     " --db %s", DB), 0);
	has("br_handle_frame -> ip_sabotage_in: 3 hops");

	/* ranked by hops: as short, and the hops said in JSON */
	assert_int_equal(kcg("path net_rx_action tcp_v4_rcv --rank hops "
			     "--json --db %s", DB), 0);
	has("\"fanout\": 2}");
	has("\"fanout\": 1}");
	assert_int_equal(kcg("path net_rx_action tcp_v4_rcv --rank short "
			     "--db %s", DB), 2);
	has("--rank takes fanout or hops, not 'short'");

	assert_int_equal(kcg("path net_rx_action tcp_v4_rcv --max-depth 5 "
			     "--db %s", DB), 1);
	assert_int_equal(kcg("path net_rx_action tcp_v4_rcv --direct-only "
			     "--db %s", DB), 1);
	assert_int_equal(kcg("path net_rx_action tcp_v4_rcv --kinds "
			     "direct,macro,field,callback --db %s", DB), 0);
	assert_int_equal(kcg("path net_rx_action tcp_v4_rcv --kinds=direct "
			     "--db %s", DB), 1);
}

static void test_path_usage(void **state)
{
	assert_int_equal(kcg("path net_rx_action --db %s", DB), 2);
	has("give two functions");
	assert_int_equal(kcg("path a b --kinds bogus --db %s", DB), 2);
	has("unknown edge kind 'bogus'");
	assert_int_equal(kcg("path a b -k 0 --db %s", DB), 2);
	assert_int_equal(kcg("path a b -k --db %s", DB), 2);
	assert_int_equal(kcg("path a b --frobnicate --db %s", DB), 2);
	has("unknown option '--frobnicate'");
	assert_int_equal(kcg("path ip_rcv tcp_v4_rcv --avoid ip_rcv --db %s",
			     DB), 2);
	assert_int_equal(kcg("path a b --direct-only --kinds field --db %s",
			     DB), 2);
	assert_int_equal(kcg("path --help"), 0);
	has("--through");
}

static void test_names(void **state)
{
	/* two static fill_info */
	assert_int_equal(kcg("callers fill_info --db %s", DB), 2);
	has("'fill_info' is ambiguous");
	has("fill_info@drivers/net/fake/fake_main.c");
	has("fill_info@drivers/net/loopback.c");
	assert_int_equal(kcg("callers fill_info@loopback.c --db %s", DB), 0);
	assert_int_equal(kcg("show drivers/net/fake/fake_main.c:fill_info "
			     "--db %s", DB), 0);
	has("drivers/net/fake/fake_main.c");

	assert_int_equal(kcg("path ip_rvc tcp_v4_rcv --db %s", DB), 1);
	has("no function 'ip_rvc'");
	has("did you mean: ip_rcv");
	assert_int_equal(kcg("show ip_rcv@dev.c --db %s", DB), 1);
	has("it is defined in: ip_rcv@net/ipv4/ip_input.c");

	/* quotes and SQL are a name like any other */
	assert_int_equal(kcg("path \"x'; DROP TABLE edge; --\" ip_rcv "
			     "--db %s", DB), 1);
	has("no function 'x'; DROP TABLE edge; --'");
	assert_int_equal(kcg("show \"ip_rcv' OR '1'='1\" --db %s", DB), 1);
	assert_int_equal(kcg("targets \"x'; DROP TABLE edge; --.y\" --db %s",
			     DB), 2);
	assert_int_equal(kcg("hooks \"'; DROP TABLE hooks; --\" --db %s", DB),
			 1);
	assert_int_equal(kcg("sql \"SELECT count(*) FROM edge\" --db %s", DB),
			 0);
	hasnt("| 0");
	assert_int_equal(kcg("path net_rx_action tcp_v4_rcv --db %s", DB), 0);
}

static void test_bad_databases(void **state)
{
	assert_int_equal(kcg("show ip_rcv --db %s/missing.db", TMP), 2);
	has("missing.db");

	assert_int_equal(sh("cp %s %s/new.db && sqlite3 %s/new.db "
			    "'PRAGMA user_version = 99'", DB, TMP, TMP), 0);
	assert_int_equal(kcg("path ip_rcv tcp_v4_rcv --db new.db"), 2);
	has("'new.db' has schema version 99, newer than this kcg reads");

	assert_int_equal(sh("echo 'not a database' > %s/junk.db", TMP), 0);
	assert_int_equal(kcg("hooks --db junk.db"), 2);
	has("junk.db");

	assert_int_equal(sh("sqlite3 %s/empty.db 'CREATE TABLE t(x)'", TMP), 0);
	assert_int_equal(kcg("callers ip_rcv --db empty.db"), 2);
	has("'empty.db' is not a kcg database");
}

/* No --db: the database `kcg index` wrote last, else ./kcg.db. */
static void test_default_database(void **state)
{
	assert_int_equal(kcg("show ip_rcv"), 0);
	has("net/ipv4/ip_input.c");
	assert_int_equal(sh("cat %s/state/kcg/last-db | grep -q '^%s$'", TMP,
			    DB), 0);

	assert_int_equal(sh("rm -f %s/state/kcg/last-db", TMP), 0);
	assert_int_equal(kcg("show ip_rcv"), 2);
	has("'kcg.db'");
	has("run 'kcg index' or give --db");
	assert_int_equal(sh("cp %s %s/kcg.db", DB, TMP), 0);
	assert_int_equal(kcg("show ip_rcv"), 0);
	assert_int_equal(sh("rm -f %s/kcg.db && mkdir -p %s/state/kcg && "
			    "echo %s > %s/state/kcg/last-db", TMP, TMP, DB,
			    TMP), 0);
}

static void test_trees(void **state)
{
	assert_int_equal(kcg("callers ip_rcv -d 2 --db %s", DB), 0);
	has("deliver_skb");
	has("packet_type.func");
	has("    __netif_receive_skb_core");
	assert_int_equal(kcg("callees ip_rcv --db %s", DB), 0);
	has("ip_rcv_finish");
	has("via NF_HOOK");
	assert_int_equal(kcg("callers net_rx_action --db %s", DB), 0);
	has("handle_softirqs");
	assert_int_equal(kcg("callers fake_init_module --db %s", DB), 1);
	assert_int_equal(kcg("callees ip_rcv -d 0 --db %s", DB), 2);
}

static void test_targets_registrations(void **state)
{
	assert_int_equal(kcg("targets packet_type.func --db %s", DB), 0);
	has("ip_rcv");
	has("packet_rcv");
	has("stored at net/ipv4/af_inet.c:");
	assert_int_equal(kcg("targets nosuch.field --db %s", DB), 1);
	/* stored, but no indexed call reads it */
	assert_int_equal(kcg("targets pci_driver.probe --db %s", DB), 0);
	has("fake_probe");
	has("no indexed call");
	assert_int_equal(kcg("targets --site net/core/dev.c:80 --db %s", DB),
			 0);
	has("deliver_skb");
	assert_int_equal(kcg("targets --site dev.c --db %s", DB), 2);
	assert_int_equal(kcg("registrations fake_poll --db %s", DB), 0);
	has("fake_probe > netif_napi_add > netif_napi_add_weight");
	assert_int_equal(kcg("registrations napi_poll --db %s", DB), 1);
	has("nothing in");
}

/* In priority order, numbers shown, short names accepted. */
static void test_hooks(void **state)
{
	const char *a, *b, *c;

	assert_int_equal(kcg("hooks ipv4 PRE_ROUTING --db %s", DB), 0);
	has("NFPROTO_IPV4 NF_INET_PRE_ROUTING");
	has("-2147483648");
	a = strstr(out.out.buf, "ip_sabotage_in");
	b = strstr(out.out.buf, "ipv4_conntrack_in");
	c = strstr(out.out.buf, "iptable_mangle_hook");
	assert_non_null(a);
	assert_true(a < b && b < c);
	hasnt("br_nf_pre_routing");
	assert_int_equal(kcg("hooks bridge --db %s", DB), 0);
	has("br_nf_pre_routing");
	assert_int_equal(kcg("hooks ipv6 --db %s", DB), 1);
	assert_int_equal(kcg("hooks a b c --db %s", DB), 2);
}

static void test_show_sql(void **state)
{
	assert_int_equal(kcg("show __netif_receive_skb_core --db %s", DB), 0);
	has("static");
	has("net_device.rx_handler");
	/* a call narrowed by the object it is made on says by which rule */
	assert_int_equal(kcg("show hash_ip4_kadt --db %s", DB), 0);
	has("ip_set_type_variant.adt  3 targets (same receiver)");
	assert_int_equal(kcg("show packet_ioctl --json --db %s", DB), 0);
	has("\"confined_by\": \"named global\"");
	assert_int_equal(kcg("show can_create --db %s", DB), 0);
	has("proto.init  1 targets (made here)");
	assert_int_equal(kcg("show param_array_get --db %s", DB), 0);
	has("kernel_param_ops.get  1 targets (tables of the field)");
	assert_int_equal(kcg("sql \"SELECT caller, callee FROM edges WHERE "
			     "callee = 'ip_rcv_finish'\" --db %s", DB), 0);
	has("caller");
	has("ip_rcv");
	assert_int_equal(kcg("sql \"SELECT 1 WHERE 0\" --db %s", DB), 1);
	/* no statement: the sqlite3 shell, reading stdin */
	{
		const struct run_options o = { .cwd = TMP, .env = state_env,
					       .input = "SELECT 40 + 2;\n",
					       .input_len = 15,
					       .merge_stderr = 1 };

		assert_int_equal(run_kcg(&out, &o, "sql --db %s", DB), 0);
	}
	has("42");
	assert_int_equal(kcg("sql \"DELETE FROM edge\" --db %s", DB), 2);
	assert_int_equal(kcg("sql \"SELECT 1; SELECT 2\" --db %s", DB), 2);
	assert_int_equal(kcg("sql \"SELEC\" --db %s", DB), 2);
	has("SQL error");
}

/* --json parses and has the documented envelope; --tsv has a header. */
static void test_json_tsv(void **state)
{
	static const char *const cmds[] = {
		"path net_rx_action tcp_v4_rcv -k 2",
		"callers ip_rcv -d 2",
		"callees ip_rcv",
		"targets packet_type.func",
		"targets --site dev.c:80",
		"registrations fake_poll",
		"hooks",
		"show ip_rcv",
		"sql \"SELECT * FROM edges LIMIT 3\"",
	};
	size_t i;

	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		assert_int_equal(kcg("%s --json --db %s", cmds[i], DB), 0);
		assert_int_equal(python_on_output("import json, sys; "
						  "json.load(sys.stdin)"), 0);
		has("{\"kcg\": 1, \"command\": ");
		has("\"tables\": {");
	}
	assert_int_equal(kcg("path net_rx_action tcp_v4_rcv --json --db %s",
			     DB), 0);
	has("\"kind\": \"callback\"");
	has("\"via\": \"NF_HOOK\"");
	has("\"site_line\": ");
	/* not found: an empty table, exit 1 */
	{
		const struct run_options o = { .cwd = TMP, .env = state_env };

		assert_int_equal(run_kcg(&out, &o, "path tcp_v4_rcv "
					 "net_rx_action --json --db %s", DB),
				 1);
	}
	assert_int_equal(python_on_output("import json, sys; "
					  "d = json.load(sys.stdin); "
					  "sys.exit(len(d['tables']['paths']))"),
			 0);

	assert_int_equal(kcg("path net_rx_action tcp_v4_rcv --tsv --db %s",
			     DB), 0);
	assert_memory_equal(out.out.buf, "path\thop\tcaller\t", 15);
	has("\tnet_rx_action\t");
	assert_int_equal(kcg("show ip_rcv --tsv --db %s", DB), 0);
	has("# function\n");
	has("# indirect_calls\n");
}

/* Colour only on a terminal; `script` gives the command one. */
static void test_color(void **state)
{
	if (sh("command -v script >/dev/null"))
		skip();
	assert_int_equal(sh("cd %s && XDG_STATE_HOME=%s/state script -qec "
			    "'%s path ip_rcv ip_rcv_finish --db %s' /dev/null "
			    "| grep -q \"$(printf '\\033')\"", TMP, TMP,
			    run_kcg_binary(), DB), 0);
	assert_int_equal(sh("cd %s && NO_COLOR=1 script -qec "
			    "'%s path ip_rcv ip_rcv_finish --db %s' /dev/null "
			    "| grep -q \"$(printf '\\033')\"", TMP, run_kcg_binary(),
			    DB), 256);
}

static void test_render_commands(void **state)
{
	assert_int_equal(kcg("render path net_rx_action tcp_v4_rcv "
			     "--db samples.db -o p.svg"), 0);
	has("wrote 'p.svg'");
	assert_int_equal(sh("grep -q '<svg' %s/p.svg", TMP), 0);
	/* the rx flow of samples/flows: every leg connects */
	assert_int_equal(kcg("render flow rx --db samples.db -o rx.png"), 0);
	has("stage 4: IPv4 receive [softirq]");
	has("ip_rcv -> ip_rcv_finish");
	has("15 legs: 15 connected, 0 broken");
	has("wrote 'rx.png'");
	assert_int_equal(sh("test -s %s/rx.png", TMP), 0);
	/* no -o: the report only */
	assert_int_equal(kcg("render flow forward --db samples.db"), 0);
	hasnt("wrote");
	assert_int_equal(kcg("render flow --list --db samples.db"), 0);
	has("registration");
	has("Receive: NIC interrupt to socket wake-up");
	assert_int_equal(kcg("render callers ip_rcv -d 2 --db samples.db "
			     "-o c.mmd"), 0);
	assert_int_equal(sh("grep -q flowchart %s/c.mmd", TMP), 0);
	assert_int_equal(kcg("render callees __netif_receive_skb_core -d 12 "
			     "--max-nodes 10 --db samples.db -o c.dot"), 0);
	has("functions shown (--max-nodes 10)");
}

static void test_render_flow_broken(void **state)
{
	assert_int_equal(sh("printf 'stage a\\nip_rcv\\nip_rvc\\n"
			    "stage b\\ntcp_v4_rcv\\nfake_intr\\n' "
			    "> %s/bad.flow", TMP), 0);
	assert_int_equal(kcg("render flow ./bad.flow --db samples.db "
			     "-o bad.svg"), 1);
	has("BROKEN: 'ip_rvc' not in the index (nearest: ip_rcv");
	has("tcp_v4_rcv -> fake_intr");
	has("BROKEN: no path within 12 hops (line 6)");
	has("3 legs: 0 connected, 3 broken");
	has("wrote 'bad.svg'");
	assert_int_equal(kcg("render flow nosuch --db samples.db"), 1);
	has("no flow 'nosuch' in");
	has("  rx ");
	assert_int_equal(sh("printf 'stage a\\nhook ipv4\\n' > %s/x.flow",
			    TMP), 0);
	assert_int_equal(kcg("render flow x.flow --db samples.db"), 2);
	has("x.flow:2: 'hook' takes a family and a hook point");
	assert_int_equal(kcg("render flow --db samples.db"), 2);
	assert_int_equal(kcg("render diagram --db samples.db"), 2);
	has("say what to draw");
	assert_int_equal(kcg("render callers ip_rcv --db samples.db -o x.jpg"),
			 2);
	has("unknown format 'jpg'");
	assert_int_equal(kcg("render callees ip_rcv --max-nodes 2 "
			     "--db samples.db -o x.svg"), 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_path),
		cmocka_unit_test(test_path_usage),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_bad_databases),
		cmocka_unit_test(test_default_database),
		cmocka_unit_test(test_trees),
		cmocka_unit_test(test_targets_registrations),
		cmocka_unit_test(test_hooks),
		cmocka_unit_test(test_show_sql),
		cmocka_unit_test(test_json_tsv),
		cmocka_unit_test(test_color),
		cmocka_unit_test(test_render_commands),
		cmocka_unit_test(test_render_flow_broken),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
