/*
 * Known answers of util/hash.c.  The hashes are stored in databases
 * (tus.command_hash, includes.hash, meta build): a change to the function
 * makes every existing index look changed, so the values are pinned here.
 * Change them only together with a schema or build bump that says so.
 *
 * The hash is XXH64's round and final mix over one lane: for inputs
 * shorter than 32 bytes it gives XXH64's own values (empty, "a", "abc"
 * below are the published XXH64 test vectors), so those three do not
 * merely repeat what the code computes.  Words are read in host order;
 * the values of inputs of 8 bytes or more are those of little-endian
 * hosts.
 */
#include "extractor/identity.h"
#include "support/tmpdir.h"
#include "util/hash.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

static void assert_hash(uint64_t h, const char *expected)
{
	char hex[HASH_HEX_SIZE];

	hash_hex(h, hex);
	assert_string_equal(hex, expected);
}

static void test_xxh64_vectors(void **state)
{
	(void)state;
	assert_true(hash_bytes(0, "", 0) == 0xef46db3751d8e999ULL);
	assert_true(hash_bytes(0, "a", 1) == 0xd24ec4f1a98c6e5bULL);
	assert_true(hash_bytes(0, "abc", 3) == 0x44bc2cf5ad770999ULL);
	/* the seed counts */
	assert_true(hash_bytes(42, "", 0) == 0x98b1582b0977e704ULL);
}

static void test_longer_inputs(void **state)
{
	unsigned char big[4099], edited[4099];
	size_t i;

	(void)state;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	skip();
#endif
	for (i = 0; i < sizeof(big); i++)
		big[i] = (unsigned char)(i * 131 + 7);
	assert_hash(hash_bytes(0, "01234567", 8), "e4ba22a49ad89d3f");
	assert_hash(hash_bytes(0, "The quick brown fox jumps over the lazy "
				  "dog", 43), "5cdef7dd46774565");
	assert_hash(hash_bytes(0, big, sizeof(big)), "68a95447959f5d20");
	/* a one-byte edit anywhere changes it */
	for (i = 0; i < sizeof(big); i += 511) {
		memcpy(edited, big, sizeof(big));
		edited[i] ^= 1;
		assert_true(hash_bytes(0, edited, sizeof(edited)) !=
			    hash_bytes(0, big, sizeof(big)));
	}
}

/* Strings are hashed with their terminator, so chains do not collide. */
static void test_strings(void **state)
{
	(void)state;
	assert_hash(hash_str(0, "abc"), "15d18c8ace0e32fd");
	assert_true(hash_str(0, "abc") == hash_bytes(0, "abc", 4));
	assert_hash(hash_str(hash_str(0, "ab"), "c"), "288ec9c1fe944175");
	assert_hash(hash_str(hash_str(0, "a"), "bc"), "80a40b1d753d5f9f");
}

/* The command hash tus.command_hash records: directory, argv, file. */
static void test_command_hash(void **state)
{
	char *argv[9] = { "clang", "-std=gnu11", "-nostdinc", "-Iinclude",
			 "-D__KERNEL__", "-c", "net/core/dev.c", NULL };
	struct compile_command cmd = {
		.directory = "/src",
		.file = "/src/net/core/dev.c",
		.argv = argv,
		.argc = 7,
	};

	(void)state;
	assert_hash(tu_command_hash(&cmd), "33bbe4149bf6b867");
	/* one flag more is another command */
	argv[7] = "-O2";
	cmd.argc = 8;
	assert_true(tu_command_hash(&cmd) != 0x33bbe4149bf6b867ULL);
}

/* Files hash as their bytes (includes.hash, tus): hash_bytes(0, ...). */
static void test_file_hash(void **state)
{
	char *dir = tmpdir_make(KCG_TEST_TMPDIR, "hash");
	char path[4096];
	uint64_t h = 0;
	FILE *f;

	(void)state;
	assert_non_null(dir);
	snprintf(path, sizeof(path), "%s/abc.c", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("abc", f);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(hash_file(path, &h), 0);
	assert_hash(h, "44bc2cf5ad770999");

	snprintf(path, sizeof(path), "%s/empty.h", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(hash_file(path, &h), 0);
	assert_hash(h, "ef46db3751d8e999");

	snprintf(path, sizeof(path), "%s/missing.h", dir);
	errno = 0;
	assert_int_equal(hash_file(path, &h), -1);
	assert_int_equal(errno, ENOENT);
	tmpdir_remove(dir);
}

/* 16 lowercase hex digits, zero-padded. */
static void test_hex(void **state)
{
	(void)state;
	assert_hash(0, "0000000000000000");
	assert_hash(0xdeadbeefULL, "00000000deadbeef");
	assert_hash(UINT64_MAX, "ffffffffffffffff");
	assert_hash(0x0123456789abcdefULL, "0123456789abcdef");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_xxh64_vectors),
		cmocka_unit_test(test_longer_inputs),
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_command_hash),
		cmocka_unit_test(test_file_hash),
		cmocka_unit_test(test_hex),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
