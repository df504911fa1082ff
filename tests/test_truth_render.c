/*
 * The documented flows on the real kernel: on the index of the slice of a
 * Linux version that holds its facts (tests/kernel/truth-slice.sh), `kcg
 * render flow NAME` finds the flows shipped for kernels (a linux-VERSION
 * directory, picked by the index's version), every leg of rx, forward,
 * output, bridge and registration connects, each is written as SVG, PNG
 * and DOT, and the rx diagram read back with cgraph goes from the ixgbe
 * interrupt to the socket through ixgbe_poll, ip_rcv, ip_rcv_finish,
 * ip_local_deliver and tcp_v4_rcv in that order, each in its band and
 * directory.
 *
 * KCG_TRUTH_DB names the database, KCG_KERNEL_VERSION its version (6.1):
 * the flows come from the newest linux-VERSION directory no newer than it
 * (6.12 uses 6.1's until it ships its own), whose version the rx
 * diagram's title names.
 */
#include "support/dot_check.h"
#include "support/run.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <cmocka.h>

#define OUT KCG_TEST_TMPDIR "/truth-flow"

static const char *const flows[] = {
	"rx", "forward", "output", "bridge", "registration",
};

static const char *env(const char *name)
{
	const char *v = getenv(name);

	if (!v)
		fail_msg("%s is not set", name);
	return v;
}

static const char *truth_db(void)
{
	return env("KCG_TRUTH_DB");
}

/* "6.12" as 6 * 1000 + 12; -1 if s starts with no version. */
static long version_code(const char *s)
{
	unsigned major, minor;

	if (sscanf(s, "%u.%u", &major, &minor) != 2)
		return -1;
	return (long)major * 1000 + minor;
}

/* The version of the flows the rx report came from ("6.1"). */
static char flows_version[32];

/*
 * The flows of a report come from samples/flows/linux-VERSION/, VERSION
 * the newest no newer than the index's kernel: remember it.
 */
static void check_flows_version(const char *report)
{
	const char *at = strstr(report, "/linux-");
	size_t len;

	if (!at)
		fail_msg("no linux-VERSION flows in:\n%s", report);
	at += strlen("/linux-");
	len = strcspn(at, "/");
	assert_true(len > 0 && len < sizeof(flows_version));
	memcpy(flows_version, at, len);
	flows_version[len] = '\0';
	assert_true(version_code(flows_version) > 0);
	assert_true(version_code(flows_version) <=
		    version_code(env("KCG_KERNEL_VERSION")));
}

/* Whether text names "(Linux X.Y.Z)", X.Y the version given. */
static int names_kernel(const char *text, const char *version)
{
	char want[64];

	snprintf(want, sizeof(want), "(Linux %s.", version);
	return strstr(text, want) != NULL;
}

static int render_flow(const char *name, const char *ext, char **report)
{
	const struct run_options o = { .merge_stderr = 1 };
	struct run_result r;
	int status;

	run_result_init(&r);
	status = run_kcg(&r, &o, "render flow %s --db '%s' -o '%s-%s.%s'",
			 name, truth_db(), OUT, name, ext);
	*report = strbuf_detach(&r.out);
	run_result_release(&r);
	return status;
}

static void test_every_flow_connects(void **state)
{
	static const char *const exts[] = { "svg", "png", "dot" };
	size_t i, j;

	for (i = 0; i < sizeof(flows) / sizeof(flows[0]); i++)
		for (j = 0; j < sizeof(exts) / sizeof(exts[0]); j++) {
			char *report, path[4096];
			struct stat st;
			int rc = render_flow(flows[i], exts[j], &report);

			if (rc || !strstr(report, " 0 broken"))
				fail_msg("kcg render flow %s: exit %d\n%s",
					 flows[i], rc, report);
			check_flows_version(report);
			free(report);
			snprintf(path, sizeof(path), "%s-%s.%s", OUT, flows[i],
				 exts[j]);
			assert_int_equal(stat(path, &st), 0);
			assert_true(st.st_size > 1000);
		}
}

static void test_rx_in_order(void **state)
{
	static const char *const order[] = {
		"ixgbe_msix_clean_rings", "net_rx_action", "ixgbe_poll",
		"ip_rcv", "ip_rcv_finish", "ip_local_deliver", "tcp_v4_rcv",
		"sock_def_readable",
	};
	size_t n = sizeof(order) / sizeof(order[0]);
	Agraph_t *g = dot_read(OUT "-rx.dot");

	assert_non_null(g);
	assert_int_equal(dot_connects(g, order, n), n);
	assert_string_equal(dot_attr(dot_cluster_of(g, "ixgbe_poll"),
				     "label"),
			    "drivers/net/ethernet/intel/ixgbe");
	assert_string_equal(dot_attr(dot_band_of(g, "ixgbe_poll"), "label"),
			    "softirq");
	assert_string_equal(dot_attr(dot_band_of(g, "ixgbe_msix_clean_rings"),
				     "label"),
			    "hard IRQ");
	assert_string_equal(dot_attr(dot_cluster_of(g, "ip_rcv"), "label"),
			    "net/ipv4");
	/* pt_prev->func reaches ip_rcv through a field of packet_type */
	/* the title names the kernel the index was made from */
	assert_true(names_kernel(dot_attr(g, "label"),
				 env("KCG_KERNEL_VERSION")));
	agclose(g);
}

static void test_rx_hook_points(void **state)
{
	Agraph_t *g = dot_read(OUT "-rx.dot");
	Agnode_t *pre = agnode(g, "hook:ipv4:PRE_ROUTING", 0);
	const char *label, *defrag, *conntrack;

	assert_non_null(pre);
	label = dot_attr(pre, "label");
	/* nf_hooks.tsv: defrag (-400) before conntrack (-200) */
	defrag = strstr(label, "ipv4_conntrack_defrag");
	conntrack = strstr(label, "ipv4_conntrack_in");
	assert_true(defrag && conntrack && defrag < conntrack);
	assert_non_null(agedge(g, agnode(g, "ip_rcv", 0), pre, NULL, 0));
	agclose(g);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_flow_connects),
		cmocka_unit_test(test_rx_in_order),
		cmocka_unit_test(test_rx_hook_points),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
