/*
 * Unit tests for extractor/cmdline.c: shell word splitting and the cleaning
 * of compiler arguments.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "extractor/cmdline.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Split text and check the words; returns *rest. */
static const char *check_split(const char *text, const char *const *want)
{
	struct kcg_error err = { .msg = "" };
	const char *rest = (const char *)1;
	char **argv;
	int n, i;

	n = cmdline_split(text, strlen(text), &argv, &rest, &err);
	assert_int_not_equal(n, -1);
	for (i = 0; want[i]; i++) {
		assert_true(i < n);
		assert_string_equal(argv[i], want[i]);
	}
	assert_int_equal(n, i);
	assert_null(argv[n]);
	cmdline_free(argv);
	return rest;
}

static void test_blanks(void **state)
{
	static const char *const want[] = { "clang", "-c", "a.c", NULL };

	(void)state;
	assert_null(check_split("clang -c a.c", want));
	assert_null(check_split("  clang\t\t-c   a.c  \r", want));
}

static void test_empty(void **state)
{
	static const char *const none[] = { NULL };

	(void)state;
	assert_null(check_split("", none));
	assert_null(check_split("   \t ", none));
	assert_null(check_split("# only a comment", none));
}

static void test_quotes(void **state)
{
	static const char *const single[] = { "a b", "$x \\n \"", NULL };
	static const char *const dbl[] = {
		"a b", "$ ` \" \\ \\n", "it's", NULL
	};
	static const char *const mixed[] = { "abc", "", "x", NULL };
	static const char *const kbuild[] = {
		"echo", "-DKBUILD_MODNAME='\"dev\"'", NULL
	};

	(void)state;
	assert_null(check_split("'a b' '$x \\n \"'", single));
	assert_null(check_split("\"a b\" \"\\$ \\` \\\" \\\\ \\n\" \"it's\"",
				dbl));
	assert_null(check_split("a'b'\"c\" '' x", mixed));
	/* how make prints a quote inside echo '...' */
	assert_null(check_split("echo '-DKBUILD_MODNAME='\\''\"dev\"'\\'''",
				kbuild));
}

static void test_backslash(void **state)
{
	static const char *const want[] = { "a b", "c;d", "ef", "x\\", NULL };

	(void)state;
	assert_null(check_split("a\\ b c\\;d e\\\nf x\\", want));
}

static void test_continuation_keeps_empty_word(void **state)
{
	static const char *const want[] = { "", "x", NULL };

	(void)state;
	assert_null(check_split("''\\\n x", want));
}

static void test_operators(void **state)
{
	static const char *const first[] = { "clang", "-c", "a.c", NULL };
	const char *text, *rest;

	(void)state;
	text = "clang -c a.c; ./tools/objtool/objtool a.o";
	rest = check_split(text, first);
	assert_non_null(rest);
	assert_string_equal(rest, " ./tools/objtool/objtool a.o");
	rest = check_split("clang -c a.c&&echo ok", first);
	assert_string_equal(rest, "echo ok");
	rest = check_split("clang -c a.c || true", first);
	assert_string_equal(rest, " true");
	rest = check_split("clang -c a.c | cat", first);
	assert_string_equal(rest, " cat");
	rest = check_split("clang -c a.c\nnext", first);
	assert_string_equal(rest, "next");
	rest = check_split("clang -c 'a.c';", first);
	assert_string_equal(rest, "");
}

static void test_quoted_operators(void **state)
{
	static const char *const want[] = {
		"sh", "-c", "a; b && c | d", "x;y", NULL
	};

	(void)state;
	assert_null(check_split("sh -c 'a; b && c | d' \"x;y\"", want));
}

static void test_redirection_ampersand(void **state)
{
	static const char *const want[] = { "make", "2>&1", "x", NULL };

	(void)state;
	assert_null(check_split("make 2>&1 x", want));
}

static void test_comment(void **state)
{
	static const char *const want[] = { "a", "b#c", NULL };

	(void)state;
	assert_null(check_split("a b#c # the rest; is ignored", want));
}

static void test_length_bound(void **state)
{
	const char *text = "clang -c a.c -DIGNORED";
	struct kcg_error err;
	char **argv;
	int n;

	(void)state;
	n = cmdline_split(text, strlen("clang -c a.c"), &argv, NULL, &err);
	assert_int_equal(n, 3);
	assert_string_equal(argv[2], "a.c");
	cmdline_free(argv);
	/* a quote that only closes past len is unterminated */
	n = cmdline_split("'abc'", 4, &argv, NULL, &err);
	assert_int_equal(n, -1);
}

static void test_unterminated(void **state)
{
	struct kcg_error err = { .msg = "" };
	char **argv = (char **)1;

	(void)state;
	assert_int_equal(cmdline_split("clang -DX='a", 12, &argv, NULL, &err),
			 -1);
	assert_null(argv);
	assert_non_null(strstr(err.msg, "unterminated single quote"));
	assert_non_null(strstr(err.msg, "offset 10"));
	assert_int_equal(cmdline_split("a \"b\\\"", 6, &argv, NULL, &err), -1);
	assert_non_null(strstr(err.msg, "unterminated double quote"));
}

static void test_nul_byte(void **state)
{
	static const char text[] = "clang\0-c";
	struct kcg_error err = { .msg = "" };
	char **argv;

	(void)state;
	assert_int_equal(cmdline_split(text, sizeof(text) - 1, &argv, NULL,
				       &err), -1);
	assert_non_null(strstr(err.msg, "nul byte"));
}

/*
 * A NUL byte inside quotes or after a backslash used to end up in the word
 * and cut it short: 'x.c\0evil' was read as the word "x.c".
 */
static void test_nul_byte_quoted(void **state)
{
	static const struct {
		const char *text;
		size_t len, offset;
	} cases[] = {
#define CASE(text, offset) { text, sizeof(text) - 1, offset }
		CASE("cc 'x.c\0evil'", 7),
		CASE("cc \"x.c\0evil\"", 7),
		CASE("cc \"x\\\0\"", 6),	/* backslash, NUL in "..." */
		CASE("cc x\\\0", 5),		/* backslash, NUL */
		CASE("cc '\0", 4),		/* before the missing quote */
#undef CASE
	};
	struct kcg_error err;
	char **argv = (char **)1;
	size_t i;
	char want[64];

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		err.msg[0] = '\0';
		assert_int_equal(cmdline_split(cases[i].text, cases[i].len,
					       &argv, NULL, &err), -1);
		assert_null(argv);
		snprintf(want, sizeof(want), "nul byte at offset %zu",
			 cases[i].offset);
		if (!strstr(err.msg, want))
			fail_msg("case %zu: '%s' not in '%s'", i, want,
				 err.msg);
	}
}

/* Clean argv (NULL-terminated) and compare with want. */
static void check_clean(char *const *argv, const char *const *want)
{
	int argc = 0, n, i;
	char **out;

	while (argv[argc])
		argc++;
	out = cmdline_clean_args(argv, argc, &n);
	for (i = 0; want[i]; i++) {
		assert_true(i < n);
		assert_string_equal(out[i], want[i]);
	}
	assert_int_equal(n, i);
	assert_null(out[n]);
	free(out);
}

static void test_clean_kbuild(void **state)
{
	char *argv[] = {
		"clang", "-Wp,-MMD,net/core/.dev.o.d", "-nostdinc",
		"-I./include", "-D__KERNEL__", "-Werror=strict-prototypes",
		"-Wall", "-Werror", "-DKBUILD_MODNAME=\"dev\"", "-c", "-o",
		"net/core/dev.o", "net/core/dev.c", NULL
	};
	static const char *const want[] = {
		"clang", "-nostdinc", "-I./include", "-D__KERNEL__", "-Wall",
		"-DKBUILD_MODNAME=\"dev\"", "-c", "net/core/dev.c", NULL
	};

	(void)state;
	check_clean(argv, want);
}

static void test_clean_dependency_flags(void **state)
{
	char *argv[] = {
		"gcc", "-MD", "-MMD", "-MP", "-MF", "a.d", "-MT", "a.o",
		"-MQ", "$(a)", "-MFb.d", "-MTb.o", "-Wp,-MD,c.d", "-oa.o",
		"-save-temps", "-save-temps=obj", "-Wno-error=foo",
		"--output", "b.o", "--output=c.o", "-", "-c", "a.c", "-o",
		NULL
	};
	static const char *const want[] = {
		"gcc", "-Wno-error=foo", "-", "-c", "a.c", NULL
	};

	(void)state;
	check_clean(argv, want);
}

static void test_clean_keeps_lookalikes(void **state)
{
	char *argv[] = {
		"clang", "-O2", "-objcmt-migrate-literals", "-M-not-really",
		"-Wformat", "-Werror-implicit-function-declaration",
		"-pedantic", NULL
	};
	static const char *const want[] = {
		"clang", "-O2", "-objcmt-migrate-literals", "-M-not-really",
		"-Wformat", "-pedantic", NULL
	};

	(void)state;
	check_clean(argv, want);
}

static void test_clean_empty(void **state)
{
	char **out;
	int n = -1;

	(void)state;
	out = cmdline_clean_args(NULL, 0, &n);
	assert_int_equal(n, 0);
	assert_null(out[0]);
	cmdline_free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_blanks),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_quotes),
		cmocka_unit_test(test_backslash),
		cmocka_unit_test(test_continuation_keeps_empty_word),
		cmocka_unit_test(test_operators),
		cmocka_unit_test(test_quoted_operators),
		cmocka_unit_test(test_redirection_ampersand),
		cmocka_unit_test(test_comment),
		cmocka_unit_test(test_length_bound),
		cmocka_unit_test(test_unterminated),
		cmocka_unit_test(test_nul_byte),
		cmocka_unit_test(test_nul_byte_quoted),
		cmocka_unit_test(test_clean_kbuild),
		cmocka_unit_test(test_clean_dependency_flags),
		cmocka_unit_test(test_clean_keeps_lookalikes),
		cmocka_unit_test(test_clean_empty),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
