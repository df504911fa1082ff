/*
 * util/: paths, string maps, pointer maps, string buffers, the text cache,
 * large allocations.
 */
#include "util/alloc.h"
#include "util/hash.h"
#include "util/path.h"
#include "util/ptrmap.h"
#include "util/strbuf.h"
#include "util/strmap.h"
#include "util/textcache.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

static void check_normalize(const char *in, const char *want)
{
	char *got = path_normalize(in);

	assert_string_equal(got, want);
	free(got);
}

static void test_path_normalize(void **state)
{
	check_normalize("/a/b/../c", "/a/c");
	check_normalize("./include/linux/../net/dst.h", "include/net/dst.h");
	check_normalize("a//b/./c/", "a/b/c");
	check_normalize("/..", "/");
	check_normalize("../x/../../y", "../../y");
	check_normalize("a/..", ".");
	check_normalize("/", "/");
}

static void test_path_join_and_relative(void **state)
{
	char *p = path_join("/src/linux", "./include/net/../linux/skbuff.h");

	assert_string_equal(p, "/src/linux/include/linux/skbuff.h");
	assert_string_equal(path_relative_to(p, "/src/linux"),
			    "include/linux/skbuff.h");
	assert_string_equal(path_relative_to(p, "/src/linux/"),
			    "include/linux/skbuff.h");
	assert_null(path_relative_to(p, "/src/lin"));
	assert_null(path_relative_to(p, "/other"));
	free(p);
	p = path_join("/src", "/abs/file.c");
	assert_string_equal(p, "/abs/file.c");
	free(p);
}

static void test_path_dirname(void **state)
{
	static const char *const cases[][2] = {
		{ "/src/linux/net/core/dev.c", "/src/linux/net/core" },
		{ "/x", "/" },
		{ "drivers/net/e1000e/netdev.c", "drivers/net/e1000e" },
		{ "dev.c", "." },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *d = path_dirname(cases[i][0]);

		assert_string_equal(d, cases[i][1]);
		free(d);
	}
}

static void test_path_absolute(void **state)
{
	char *cwd = getcwd(NULL, 0), *want, *p;

	assert_non_null(cwd);
	p = path_absolute("/a/./b/../c");
	assert_string_equal(p, "/a/c");
	free(p);
	want = path_join(cwd, "x/y");
	p = path_absolute("./x/z/../y");
	assert_string_equal(p, want);
	assert_int_equal(p[0], '/');
	free(p);
	free(want);
	free(cwd);
}

static void test_strmap(void **state)
{
	struct strmap map;
	int64_t v = 0;
	char key[32];
	int i;

	strmap_init(&map);
	assert_false(strmap_get(&map, "missing", &v));
	for (i = 0; i < 10000; i++) {
		snprintf(key, sizeof(key), "key%d", i);
		assert_true(strmap_add(&map, key, NULL, i));
	}
	assert_false(strmap_add(&map, "key42", &v, 7));
	assert_int_equal(v, 42);
	strmap_put(&map, "key42", -1);
	assert_true(strmap_get(&map, "key42", &v));
	assert_int_equal(v, -1);
	assert_true(strmap_getn(&map, "key9999xyz", 7, &v));
	assert_int_equal(v, 9999);
	assert_int_equal(map.nr, 10000);
	strmap_release(&map);
}

/* Keys of any length, long ones (their own chunk) among short ones,
 * are kept whole through the map's growth. */
static void test_strmap_long_keys(void **state)
{
	struct strmap map;
	char *big = malloc(70000);
	int64_t v = 0;
	int i;

	(void)state;
	assert_non_null(big);
	strmap_init(&map);
	for (i = 0; i < 200; i++) {
		size_t len = (size_t)(i % 7 == 3 ? 20000 + i * 200 : 1 + i);

		memset(big, 'a' + i % 26, len);
		snprintf(big + len, 16, "#%d", i);
		assert_true(strmap_add(&map, big, NULL, i));
	}
	for (i = 199; i >= 0; i--) {
		size_t len = (size_t)(i % 7 == 3 ? 20000 + i * 200 : 1 + i);

		memset(big, 'a' + i % 26, len);
		snprintf(big + len, 16, "#%d", i);
		assert_true(strmap_get(&map, big, &v));
		assert_int_equal(v, i);
		big[len] = '\0';
		assert_false(strmap_get(&map, big, NULL));
	}
	strmap_release(&map);
	free(big);
}

static void test_ptrmap(void **state)
{
	struct ptrmap map;
	int objects[1000];
	int64_t v;
	int i;

	ptrmap_init(&map);
	for (i = 0; i < 1000; i++)
		ptrmap_put(&map, &objects[i], i * 2);
	for (i = 0; i < 1000; i++) {
		assert_true(ptrmap_get(&map, &objects[i], &v));
		assert_int_equal(v, i * 2);
	}
	ptrmap_clear(&map);
	assert_false(ptrmap_get(&map, &objects[3], &v));
	ptrmap_release(&map);
}

static void test_strbuf(void **state)
{
	struct strbuf sb;
	char *s;
	int i;

	strbuf_init(&sb);
	assert_string_equal(sb.buf, "");
	for (i = 0; i < 1000; i++)
		strbuf_addf(&sb, "%d,", i % 10);
	assert_int_equal(sb.len, 2000);
	assert_memory_equal(sb.buf, "0,1,2,", 6);
	strbuf_reset(&sb);
	strbuf_addstr(&sb, "abc");
	strbuf_addch(&sb, 'd');
	s = strbuf_detach(&sb);
	assert_string_equal(s, "abcd");
	assert_string_equal(sb.buf, "");
	free(s);
	strbuf_release(&sb);
}

/* Large arrays: zeroed, writable to the end, small ones too. */
static void test_calloc_large(void **state)
{
	static const size_t sizes[] = { 1, 4096, (128u << 10) - 1,
					128u << 10, (2u << 20) - 1, 2u << 20,
					(3u << 20) + 5 };
	size_t i, j;

	(void)state;
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		unsigned char *p = xcalloc_large(sizes[i], 1);
		uint32_t *w = xcalloc_large(sizes[i], 4);

		for (j = 0; j < sizes[i]; j += 4093)
			assert_int_equal(p[j] | w[j], 0);
		assert_int_equal(p[sizes[i] - 1] | w[sizes[i] - 1], 0);
		p[sizes[i] - 1] = 1;
		w[sizes[i] - 1] = 1;
		xfree_large(p, sizes[i], 1);
		xfree_large(w, sizes[i], 4);
	}
	xfree_large(NULL, 1 << 22, 1);
}

/* An array of a size freed just before, written all over, comes back
 * zeroed: a search of a server allocates the same sizes each time. */
static void test_calloc_large_again(void **state)
{
	static const size_t sizes[] = { 4096, 447040, 1788160, 2u << 20 };
	size_t i, j, round;

	(void)state;
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
		for (round = 0; round < 3; round++) {
			unsigned char *p = xcalloc_large(sizes[i], 1);

			for (j = 0; j < sizes[i]; j += 512)
				assert_int_equal(p[j], 0);
			memset(p, 0xa5, sizes[i]);
			xfree_large(p, sizes[i], 1);
		}
}

static void test_text_cache(void **state)
{
	const char *path = KCG_TEST_TMPDIR "/textcache.h";
	const char *body = "static inline int f(void) { return 1; }\n";
	struct text_cache c;
	const char *text, *again;
	uint64_t hash;
	size_t size = 0;
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	assert_true(fputs(body, f) >= 0);
	assert_int_equal(fclose(f), 0);

	text_cache_init(&c, 0);
	text = text_cache_get(&c, path, &size);
	assert_non_null(text);
	assert_int_equal(size, strlen(body));
	assert_string_equal(text, body);
	again = text_cache_get(&c, path, &size);
	assert_ptr_equal(again, text);		/* read once */
	assert_int_equal(text_cache_hash(&c, path, &hash), 0);
	assert_int_equal(hash, hash_bytes(0, body, strlen(body)));

	text_cache_trim(&c);			/* over the limit of 0 */
	assert_int_equal(c.bytes, 0);
	text = text_cache_get(&c, path, &size);	/* read again */
	assert_string_equal(text, body);
	assert_int_equal(text_cache_hash(&c, path, &hash), 0);
	assert_int_equal(hash, hash_bytes(0, body, strlen(body)));

	/* a missing file is not remembered: it may be generated later */
	assert_null(text_cache_get(&c, KCG_TEST_TMPDIR "/no-such.h", &size));
	assert_int_equal(text_cache_hash(&c, KCG_TEST_TMPDIR "/no-such.h",
					 &hash), -1);
	text_cache_release(&c);
	remove(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_path_normalize),
		cmocka_unit_test(test_path_join_and_relative),
		cmocka_unit_test(test_path_dirname),
		cmocka_unit_test(test_path_absolute),
		cmocka_unit_test(test_strmap),
		cmocka_unit_test(test_strmap_long_keys),
		cmocka_unit_test(test_ptrmap),
		cmocka_unit_test(test_strbuf),
		cmocka_unit_test(test_text_cache),
		cmocka_unit_test(test_calloc_large),
		cmocka_unit_test(test_calloc_large_again),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
