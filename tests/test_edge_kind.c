/*
 * The table of edge kinds (db/edge_kind.c): stored codes and names that
 * must never move, the masks the queries follow by default, the search
 * order, and the styles every kind is drawn with.
 */
#include "db/edge_kind.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

/* The codes are bytes of the stored `csr.kinds` (docs/schema.md). */
static void test_codes_are_stored_ones(void **state)
{
	static const char *const stored[] = {
		"direct", "macro", "field", "global", "return", "callback",
		"registration", "netfilter_hook", "signature", "other",
	};
	int k;

	(void)state;
	assert_int_equal(NR_EDGE_KINDS, sizeof(stored) / sizeof(stored[0]));
	for (k = 0; k < NR_EDGE_KINDS; k++) {
		assert_string_equal(edge_kind_name(k), stored[k]);
		assert_int_equal(edge_kind_code(stored[k]), k);
	}
	assert_int_equal(edge_kind_code("indirect"), KIND_OTHER);
	assert_ptr_equal(edge_kind(-1), edge_kind(KIND_OTHER));
	assert_ptr_equal(edge_kind(NR_EDGE_KINDS), edge_kind(KIND_OTHER));
}

static void test_masks(void **state)
{
	(void)state;
	assert_int_equal(KIND_MASK_DIRECT,
			 KIND_BIT(KIND_DIRECT) | KIND_BIT(KIND_MACRO));
	assert_int_equal(KIND_MASK_DEFAULT,
			 KIND_BIT(KIND_DIRECT) | KIND_BIT(KIND_MACRO) |
				 KIND_BIT(KIND_FIELD) | KIND_BIT(KIND_GLOBAL) |
				 KIND_BIT(KIND_RETURN) |
				 KIND_BIT(KIND_CALLBACK) |
				 KIND_BIT(KIND_NETFILTER_HOOK));
	assert_int_equal(edge_kind_mask(EDGE_KIND_RESOLVED, 0),
			 KIND_BIT(KIND_FIELD) | KIND_BIT(KIND_GLOBAL) |
				 KIND_BIT(KIND_RETURN) |
				 KIND_BIT(KIND_CALLBACK) |
				 KIND_BIT(KIND_REGISTRATION) |
				 KIND_BIT(KIND_NETFILTER_HOOK) |
				 KIND_BIT(KIND_SIGNATURE));
}

/* Direct first, then macro, callback, the pointers, registration,
 * signature: each rank once. */
static void test_ranks(void **state)
{
	static const int order[] = {
		KIND_DIRECT, KIND_MACRO, KIND_CALLBACK, KIND_FIELD,
		KIND_GLOBAL, KIND_RETURN, KIND_NETFILTER_HOOK,
		KIND_REGISTRATION, KIND_SIGNATURE, KIND_OTHER,
	};
	unsigned r;

	(void)state;
	for (r = 0; r < sizeof(order) / sizeof(order[0]); r++)
		assert_int_equal(edge_kind(order[r])->rank, r);
}

static void test_styles(void **state)
{
	int k;

	(void)state;
	for (k = 0; k < NR_EDGE_KINDS; k++) {
		const struct edge_kind_info *i = edge_kind(k);

		assert_non_null(i->draw.style);
		assert_non_null(i->draw.color);
		assert_non_null(i->draw.label);
		assert_non_null(i->meaning);
		/* Mermaid draws the default line black, like Graphviz */
		assert_int_equal(i->draw.mermaid_color == NULL,
				 !strcmp(i->draw.color, "black"));
		/* a kind shown in colour on a terminal is not a plain call */
		assert_int_equal(i->term_color == NULL,
				 k == KIND_DIRECT || k == KIND_OTHER);
	}
	assert_string_equal(edge_kind(KIND_CALLBACK)->draw.label, "via");
	assert_string_equal(edge_kind(KIND_NETFILTER_HOOK)->draw.color,
			    "blue3");
}

static void test_parse_list(void **state)
{
	struct kcg_error err;
	unsigned mask;

	(void)state;
	assert_int_equal(edge_kind_parse_list("macro,signature", &mask, &err),
			 0);
	assert_int_equal(mask,
			 KIND_BIT(KIND_MACRO) | KIND_BIT(KIND_SIGNATURE));
	assert_int_equal(edge_kind_parse_list("all", &mask, &err), 0);
	assert_int_equal(mask, (1u << NR_EDGE_KINDS) - 1);
	assert_int_equal(edge_kind_parse_list("other", &mask, &err), -1);
	assert_string_equal(err.msg,
			    "unknown edge kind 'other' (kinds: direct, macro, "
			    "field, global, return, callback, registration, "
			    "netfilter_hook, signature, all)");
	assert_int_equal(edge_kind_parse_list("", &mask, &err), -1);
	assert_string_equal(err.msg, "no edge kinds in ''");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_codes_are_stored_ones),
		cmocka_unit_test(test_masks),
		cmocka_unit_test(test_ranks),
		cmocka_unit_test(test_styles),
		cmocka_unit_test(test_parse_list),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
