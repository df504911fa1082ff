#!/usr/bin/env python3
"""Compare two kcg databases fact by fact, as tests/db-compare does, with
the numbers that __COUNTER__ puts into names taken out.

Since stop 33 kcg numbers the names the kernel makes with __COUNTER__ by
line (extractor/parse.c): `__UNIQUE_ID_ddebug412` is now
`__UNIQUE_ID_ddebug<line>`, `__initcall__kmod_x__353_4250_f6` is
`__initcall__kmod_x__4250_4250_f6`.  An index made before that and one
made after differ in those names and nowhere else, unless two such names
of one scope came from one line and are now one name.  This says which
rows differ once the numbers are gone, table by table, and how many.

usage: bench/compare-counter-names.py OLD.db NEW.db [ROWS_SHOWN]
exit status: 0 the same, 1 different, 2 bad usage
"""
import re
import sqlite3
import sys


def fn(col):
    return "(SELECT usr FROM functions WHERE id = %s)" % col


def gl(col):
    return "(SELECT usr FROM globals WHERE id = %s)" % col


def path(col):
    return "(SELECT path FROM files WHERE id = %s)" % col


def site(col):
    return ("(SELECT %s || ':' || line || ':' || col FROM calls "
            "WHERE id = %s)" % (path("file_id"), col))


# The queries of tests/support/db_compare.c, one row per fact.
QUERIES = [
    ("edges", "SELECT * FROM edges"),
    ("functions", "SELECT usr, name, %s, line, is_defined FROM functions"
     % path("file_id")),
    ("globals", "SELECT usr, name, %s, line, linkage, type FROM globals"
     % path("file_id")),
    ("calls", "SELECT %s, %s, kind, %s, line, col, fn_type FROM calls"
     % (fn("caller_id"), fn("callee_id"), path("file_id"))),
    ("indirect_calls", "SELECT %s, shape, struct, field, struct_file, "
     "param_index, %s, %s, local FROM indirect_calls"
     % (site("call_id"), gl("global_id"), fn("callee_id"))),
    ("flows", "SELECT %s, %s, %s, line, col, context, dst_kind, "
     "dst_struct, dst_field, dst_struct_file, %s, %s, dst_index, %s, "
     "src_kind, %s, src_struct, src_field, src_struct_file, src_ops_table, "
     "src_weak, src_index, %s, src_local FROM flows"
     % (fn("function_id"), gl("in_global_id"), path("file_id"),
        site("dst_call_id"), fn("dst_callee_id"), gl("dst_global_id"),
        fn("src_function_id"), gl("src_global_id"))),
    ("hooks", "SELECT %s, struct, pf, pf_name, hooknum, hooknum_name, "
     "priority, priority_name, %s, line, %s, reg_line, dynamic FROM hooks"
     % (fn("function_id"), path("file_id"), path("reg_file_id"))),
    ("init_consts", "SELECT %s, struct, field, value, name, %s, line "
     "FROM init_consts" % (gl("global_id"), path("file_id"))),
    ("enumerators", "SELECT enum, name, value FROM enumerators"),
    ("enum_uses", "SELECT (SELECT key FROM claims WHERE id = claim_id), "
     "enum FROM enum_uses"),
    ("global_reports", "SELECT (SELECT key FROM claims WHERE id = "
     "claim_id), usr, %s, line, type FROM global_reports"
     % path("file_id")),
    ("beaten_defs", "SELECT %s, key FROM beaten_defs"
     % path("(SELECT file_id FROM tus WHERE id = tu_id)")),
    ("call_args", "SELECT %s, arg_index, value, name, param_index "
     "FROM call_args" % site("call_id")),
    ("int_stores", "SELECT %s, struct, field, param_index, %s, line "
     "FROM int_stores" % (fn("function_id"), path("file_id"))),
    ("hook_context_args", "SELECT %s, %s, %s, %s, line, initializes, pf, "
     "pf_name, pf_param, hooknum, hooknum_name, hooknum_param, %s, "
     "okfn_param FROM hook_context_args"
     % (site("call_id"), fn("caller_id"), fn("callee_id"), path("file_id"),
        fn("okfn_id"))),
    ("hook_context_calls", "SELECT %s, role FROM hook_context_calls"
     % site("call_id")),
    ("hook_context_carriers", "SELECT %s FROM hook_context_carriers"
     % fn("function_id")),
]

# The names the kernel's macros make from __COUNTER__ (6.1 and 6.12):
# __UNIQUE_ID(prefix), the initcall entries' __initcall_id(), the
# BUILD_BUG_ON() functions of compiletime_assert().
COUNTER_NAMES = [
    (re.compile(r"(__UNIQUE_ID_[A-Za-z0-9_]*?)\d+(?![A-Za-z0-9_])"),
     r"\1#"),
    (re.compile(r"(__initcall__kmod_[A-Za-z0-9_]*?__)\d+_\d+_"), r"\1#_#_"),
    (re.compile(r"(__compiletime_assert_)\d+"), r"\1#"),
]


def normalized(*cols):
    row = "\t".join("NULL" if c is None else str(c) for c in cols)
    if "__" in row:
        for pattern, repl in COUNTER_NAMES:
            row = pattern.sub(repl, row)
    return row


def rows(db, sql):
    """The normalized rows of sql, sorted, as a stream."""
    names = [d[0] for d in
             db.execute("SELECT * FROM (%s) LIMIT 0" % sql).description]
    db.create_function("normalized", len(names), normalized,
                       deterministic=True)
    # the columns renamed c0..cN, so that the wrapper can pass them on
    renamed = "SELECT %s FROM (%s)" % (
        ", ".join('"%s" AS c%d' % (n.replace('"', '""'), i)
                  for i, n in enumerate(names)), sql)
    cols = ", ".join("c%d" % i for i in range(len(names)))
    for (r,) in db.execute("SELECT normalized(%s) AS r FROM (%s) ORDER BY r"
                           % (cols, renamed)):
        yield r


def compare(a, b, sql, table, shown_max):
    """Merge the two sorted streams; print what only one side has."""
    ia, ib = rows(a, sql), rows(b, sql)
    ra, rb = next(ia, None), next(ib, None)
    na = nb = only_a = only_b = shown = 0
    while ra is not None or rb is not None:
        if rb is None or (ra is not None and ra < rb):
            side, row = "first", ra
            only_a += 1
            na += 1
            ra = next(ia, None)
        elif ra is None or rb < ra:
            side, row = "second", rb
            only_b += 1
            nb += 1
            rb = next(ib, None)
        else:
            na += 1
            nb += 1
            ra, rb = next(ia, None), next(ib, None)
            continue
        if shown < shown_max:
            print("  only in %s: %s" % (side, row))
        shown += 1
    if only_a or only_b:
        print("%s: %d rows against %d, %d only in the first, %d only in "
              "the second" % (table, na, nb, only_a, only_b))
    return bool(only_a or only_b)


def main(argv):
    if len(argv) not in (3, 4):
        sys.stderr.write(__doc__.split("\n\n")[2] + "\n")
        return 2
    shown_max = int(argv[3]) if len(argv) == 4 else 10
    a = sqlite3.connect("file:%s?mode=ro" % argv[1], uri=True)
    b = sqlite3.connect("file:%s?mode=ro" % argv[2], uri=True)
    differ = False
    for table, sql in QUERIES:
        differ |= compare(a, b, sql, table, shown_max)
    if not differ:
        print("the same, counter numbers aside: '%s' and '%s'"
              % (argv[1], argv[2]))
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
