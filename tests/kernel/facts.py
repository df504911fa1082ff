#!/usr/bin/env python3
"""The kernel facts of tests/kernel/linux-VERSION/ (expected edges, paths,
netfilter hooks and definitions) checked against a kernel source tree, and
the facts of a later version made from an earlier one plus its changes.

  facts.py check TREE DIR      every row of DIR/*.tsv against the source
  facts.py resolve DIR OUT     OUT/*.tsv = the facts of DIR: its tables,
                               or, when DIR holds changes.tsv, those of
                               the directory named by DIR/inherits with
                               the rows of changes.tsv dropped, replaced or
                               added (their rows in DIR/*.tsv) and the
                               other rows' lines removed (they moved)
  facts.py files DIR...        the .c files the facts name, one a line

check does not recompute the facts, it catches rows that do not hold in
the tree: a call_site must exist and its statement (the lines of the
statement or macro spanning it) must name the callee (direct, macro,
callback_arg), call through a field (field) or a hook (netfilter_hook), or
make the registering call (registration); a registration_site must name
the callee or store into a field; a node's definition line must define the
function; an nf_hooks entry's line must name the hook or set a field of
the nf_hook_ops, its registered_by line must make a call; every hop of a path's example chain must be an
edge of edges.tsv that is not a registration.  A call site written FILE
with no line (a fact inherited by a later version, whose lines moved) is
checked against the whole body of the caller's definition in FILE, a
registration site against the whole file.  The changes.tsv that resolve copies beside them is checked
too: the first FILE:LINE of each row's evidence must read the first text
quoted in `backquotes`.  Exit status 1 if a row does not hold.
"""
import csv
import os
import re
import sys

TABLES = ('edges.tsv', 'paths.tsv', 'nf_hooks.tsv', 'nodes.tsv')
# the columns that name a row of each table in changes.tsv
KEYS = {
    'edges.tsv': ('id',),
    'paths.tsv': ('id',),
    'nodes.tsv': ('name',),
    'nf_hooks.tsv': ('hook_fn', 'pf', 'hooknum', 'ops_entry'),
}
SITE = re.compile(r'[A-Za-z0-9_./-]+\.[ch](?::\d+)?')


def read(path):
    with open(path, newline='') as fp:
        r = list(csv.reader(fp, delimiter='\t', quoting=csv.QUOTE_NONE))
    return r[0], [dict(zip(r[0], row)) for row in r[1:] if row]


def write(path, header, rows):
    with open(path, 'w', newline='') as fp:
        w = csv.writer(fp, delimiter='\t', quoting=csv.QUOTE_NONE,
                       lineterminator='\n', escapechar='\\')
        w.writerow(header)
        for row in rows:
            w.writerow([row[c] for c in header])


def key(table, row):
    k = [row[c] for c in KEYS[table]]
    if table == 'nf_hooks.tsv':
        k[-1] = k[-1].split()[0]    # the ops array, not its line
    return ' '.join(k)


class Tree:
    def __init__(self, root):
        self.root = root
        self.files = {}

    def lines(self, f):
        if f not in self.files:
            try:
                with open(os.path.join(self.root, f),
                          errors='replace') as fp:
                    self.files[f] = fp.read().split('\n')
            except OSError:
                self.files[f] = None
        return self.files[f]

    def statement(self, site):
        """The text of the statement spanning FILE:LINE, or of the whole
        file for FILE; None if there is no such line."""
        f, _, l = site.partition(':')
        text = self.lines(f)
        if text is None:
            return None
        if not l:
            return '\n'.join(text)
        i = int(l) - 1
        if i < 0 or i >= len(text):
            return None

        def code(k):
            return re.sub(r'/\*.*?\*/|//.*', '', text[k]).rstrip(' \t\\')

        start = i
        while (start > 0 and i - start < 8 and
               not code(start - 1).rstrip().endswith((';', '{', '}')) and
               not code(start - 1).lstrip().startswith('#') and
               code(start - 1).strip()):
            start -= 1
        end = i
        while (end + 1 < len(text) and end - i < 8 and
               not code(end).rstrip().endswith((';', '{', '}'))):
            end += 1
        return '\n'.join(code(k) for k in range(start, end + 1))


def show(text):
    """A statement for a message, or '(file)' for a whole file."""
    return '(file)' if text.count('\n') > 12 else repr(text.strip())


def name_of(spec):
    return spec.split(':')[0]


def names(name, text):
    return re.search(r'\b' + re.escape(name) + r'\b', text) is not None


def calls(name, text):
    return re.search(r'\b' + re.escape(name) + r'\s*\(', text) is not None


FIELD_CALL = re.compile(r'(->|\.)\s*\w+(\[\w+\])?\s*\)?\s*\(|INDIRECT_CALL')
FIELD_STORE = re.compile(r'(\.|->)\s*\w+(\[\w+\])?\s*=[^=]|rcu_assign_pointer'
                         r'|WRITE_ONCE|^\s*\.\w+\s*=')
HOOK_CALL = re.compile(r'\bhook\s*\(')


def pointer_call(tree, site, c):
    """A call through a local pointer loaded from a field in the file
    (handler = ...->field; handler(...))."""
    text = '\n'.join(tree.lines(site.split(':')[0]))
    for m in re.finditer(r'\b(\w+)\s*\(', c):
        if re.search(r'\b%s\s*=[^=;]*->' % m.group(1), text):
            return True
    return False


def check_edge(tree, row):
    callee = name_of(row['callee'])
    mech = row['mechanism']
    cs, rs = row['call_site'], row['registration_site']
    c = tree.statement(cs)
    r = tree.statement(rs) if rs != '-' else ''
    if c is None:
        return 'call_site %s does not exist' % cs
    if r is None:
        return 'registration_site %s does not exist' % rs
    pinned = ':' in cs
    if not pinned and cs != '-':
        # no line: the call is in the caller's body in that file
        c = '\n'.join(bodies(tree, cs, name_of(row['caller'])))
        if not c:
            return '%s defines no %s' % (cs, row['caller'])
    if mech in ('direct', 'callback_arg'):
        ok = calls(callee, c) if mech == 'direct' else names(callee, c)
    elif mech == 'macro':
        ok = names(callee, c)
    elif mech == 'field':
        ok = FIELD_CALL.search(c) or pointer_call(tree, cs, c)
    elif mech == 'netfilter_hook':
        ok = HOOK_CALL.search(c)
    elif mech == 'registration':
        ok = (names(callee, c) or re.search(r'\w+\s*\(', c) or
              FIELD_STORE.search(c))
    else:
        return 'unknown mechanism %s' % mech
    if not ok:
        return 'call_site %s does not show it: %s' % (cs, show(c))
    if mech in ('direct', 'macro', 'callback_arg'):
        return None if rs == '-' else 'a %s call has no registration' % mech
    if rs == '-':
        return 'no registration_site'
    if not (names(callee, r) or FIELD_STORE.search(r)):
        return 'registration_site %s does not store it: %s' % (rs, show(r))
    return None


def definition(name):
    """The pattern of the head of name's definition."""
    m = re.match(r'__do_sys_(\w+)$', name)
    return (r'\bSYSCALL_DEFINE\d\(\s*%s\b' % m.group(1) if m else
            r'\b%s\s*\(' % re.escape(name))


def defines(text, i, pat):
    """Whether line i of text is the head of a definition matching pat: a
    line of code from the first column (kernel style) whose body's brace
    follows before any semicolon."""
    return (re.match(r'[A-Za-z_]', text[i]) is not None and
            re.search(pat, text[i]) is not None and
            re.match(r'[^;]*\)\s*(__\w+\s*)*\{', '\n'.join(text[i:i + 8]),
                     re.S) is not None)


def bodies(tree, f, name):
    """The texts of the definitions of name in file f (each up to the
    brace that closes it; more than one under different #ifs)."""
    text = tree.lines(f) or []
    pat = definition(name)
    found = []
    for i in range(len(text)):
        if defines(text, i, pat):
            depth, j = 0, i
            while j < len(text):
                depth += text[j].count('{') - text[j].count('}')
                if depth <= 0 and '}' in text[j]:
                    break
                j += 1
            found.append('\n'.join(text[i:j + 1]))
    return found


def check_node(tree, row):
    name, site = row['name'], row['definition']
    f, _, l = site.partition(':')
    text = tree.lines(f)
    if text is None or (l and not 0 < int(l) <= len(text)):
        return 'definition %s does not exist' % site
    pat = definition(name)
    lines = range(int(l) - 1, len(text)) if l else range(len(text))
    for i in lines:
        if defines(text, i, pat):
            return None
        if l:
            return 'line %s does not define %s: %r' % (site, name,
                                                       text[i].strip())
    return '%s defines no %s' % (f, name)


def check_hook(tree, row):
    fn = row['hook_fn']
    for site in SITE.findall(row['ops_entry']):
        t = tree.statement(site)
        if t is None:
            return 'ops_entry %s does not exist' % site
        # an initializer line of the entry, or the store of the hook
        if not (names(fn, t) or re.search(r'\.(hook|priority|pf|hooknum)'
                                          r'\s*=', t)):
            return 'ops_entry %s shows no hook: %s' % (site, show(t))
    for site in SITE.findall(row['registered_by']):
        t = tree.statement(site)
        if t is None:
            return 'registered_by %s does not exist' % site
        if ':' in site and not re.search(r'\w+\s*\(', t):
            return 'registered_by %s is no call: %s' % (site, show(t))
    return None


def check_evidence(tree, evidence):
    """The first FILE:LINE of a change's evidence shows the first text
    quoted in `backquotes`."""
    site = SITE.search(evidence)
    quoted = re.search(r'`([^`]+)`', evidence)
    if not site or ':' not in site.group(0) or not quoted:
        return 'the evidence is no file:line with a `quoted` line'
    t = tree.statement(site.group(0))
    if t is None:
        return '%s does not exist' % site.group(0)
    if ' '.join(quoted.group(1).split()) not in ' '.join(t.split()):
        return '%s does not read %r: %s' % (site.group(0), quoted.group(1),
                                            show(t))
    return None


def check_paths(paths, edges):
    calls_ = set((name_of(e['caller']), name_of(e['callee']))
                 for e in edges if e['mechanism'] != 'registration')
    bad = []
    for p in paths:
        if 'example chain:' not in p['note']:
            bad.append('%s: no example chain' % p['id'])
            continue
        hops = [h.strip() for h in
                p['note'].split('example chain:')[1].split('>')]
        if hops[0] != name_of(p['from']) or hops[-1] != name_of(p['to']):
            bad.append('%s: the chain does not go from %s to %s'
                       % (p['id'], p['from'], p['to']))
        for a, b in zip(hops, hops[1:]):
            if (a, b) not in calls_:
                bad.append('%s: hop %s -> %s is no edge' % (p['id'], a, b))
        pos = 0
        for m in (x for x in p['must_pass'].split(',') if x):
            if name_of(m) not in hops[pos:]:
                bad.append('%s: %s is not in the chain, in order'
                           % (p['id'], m))
                break
            pos = hops.index(name_of(m), pos) + 1
    return bad


def check(root, d):
    tree = Tree(root)
    bad = []
    _, edges = read(os.path.join(d, 'edges.tsv'))
    for row in edges:
        why = check_edge(tree, row)
        if why:
            bad.append('edges %s %s -> %s %s: %s' % (
                row['id'], row['caller'], row['callee'],
                row['mechanism'], why))
    _, nodes = read(os.path.join(d, 'nodes.tsv'))
    for row in nodes:
        why = check_node(tree, row)
        if why:
            bad.append('nodes %s: %s' % (row['name'], why))
    _, hooks = read(os.path.join(d, 'nf_hooks.tsv'))
    for row in hooks:
        why = check_hook(tree, row)
        if why:
            bad.append('nf_hooks %s %s %s: %s' % (
                row['hook_fn'], row['pf'], row['hooknum'], why))
    _, paths = read(os.path.join(d, 'paths.tsv'))
    bad += ['paths ' + b for b in check_paths(paths, edges)]
    changes = []
    if os.path.exists(os.path.join(d, 'changes.tsv')):
        _, changes = read(os.path.join(d, 'changes.tsv'))
    for row in changes:
        why = check_evidence(tree, row['evidence'])
        if why:
            bad.append('changes %s %s: %s' % (row['table'], row['key'], why))
    for b in bad:
        print(b)
    print('%s: %d edges, %d nodes, %d hooks, %d paths, %d do not hold in %s'
          % (d, len(edges), len(nodes), len(hooks), len(paths), len(bad),
             root))
    return 1 if bad else 0


def unpin(row, columns):
    """The row with the line numbers of its sites removed."""
    row = dict(row)
    for c in columns:
        row[c] = re.sub(r'(\.[ch]):\d+', r'\1', row[c])
    return row


UNPIN = {
    'edges.tsv': ('call_site', 'registration_site'),
    'paths.tsv': (),
    'nodes.tsv': ('definition',),
    'nf_hooks.tsv': ('ops_entry', 'registered_by'),
}


def merge(base, changes, out):
    """Rows of base (their lines removed: they moved) with the changes."""
    _, ch = read(os.path.join(changes, 'changes.tsv'))
    bad = []
    os.makedirs(out, exist_ok=True)
    for table in TABLES:
        header, rows = read(os.path.join(base, table))
        new = {}
        if os.path.exists(os.path.join(changes, table)):
            h, nrows = read(os.path.join(changes, table))
            if h != header:
                bad.append('%s/%s: columns differ from %s'
                           % (changes, table, base))
            new = dict((key(table, r), r) for r in nrows)
        mine = dict((c['key'], c) for c in ch if c['table'] == table)
        have = set(key(table, r) for r in rows)
        merged = []
        for r in rows:
            c = mine.get(key(table, r))
            if not c:
                merged.append(unpin(r, UNPIN[table]))
            elif c['change'] == 'replace' and c['key'] in new:
                merged.append(new[c['key']])
        for k, c in mine.items():
            if c['change'] not in ('drop', 'replace', 'add'):
                bad.append('%s %s: unknown change %s' % (table, k,
                                                         c['change']))
            if (c['change'] == 'add') == (k in have):
                bad.append('%s %s: %s, but the base %s it' % (
                    table, k, c['change'],
                    'has' if k in have else 'lacks'))
            if (c['change'] != 'drop') != (k in new):
                bad.append('%s %s: %s, but %s/%s %s it' % (
                    table, k, c['change'], changes, table,
                    'has' if k in new else 'lacks'))
            if not SITE.search(c['evidence']):
                bad.append('%s %s: the evidence names no file:line'
                           % (table, k))
            if c['change'] == 'add':
                merged.append(new[k])
        for k in new:
            if k not in mine:
                bad.append('%s %s: in %s but not in changes.tsv'
                           % (table, k, changes))
        write(os.path.join(out, table), header, merged)
    header, _ = read(os.path.join(changes, 'changes.tsv'))
    write(os.path.join(out, 'changes.tsv'), header, ch)
    for b in bad:
        print(b)
    return 1 if bad else 0


def files(dirs):
    found = set()
    for d in dirs:
        for table in TABLES:
            _, rows = read(os.path.join(d, table))
            for row in rows:
                for c in UNPIN[table]:
                    for site in SITE.findall(row[c]):
                        f = site.split(':')[0]
                        if f.endswith('.c') and '/' in f:
                            found.add(f)
    print('\n'.join(sorted(found)))
    return 0


def resolve(d, out):
    if os.path.exists(os.path.join(d, 'changes.tsv')):
        with open(os.path.join(d, 'inherits')) as fp:
            base = os.path.join(d, '..', fp.read().strip())
        return merge(base, d, out)
    os.makedirs(out, exist_ok=True)
    for table in TABLES:
        header, rows = read(os.path.join(d, table))
        write(os.path.join(out, table), header, rows)
    return 0


def main(argv):
    if len(argv) == 4 and argv[1] == 'check':
        return check(argv[2], argv[3])
    if len(argv) == 4 and argv[1] == 'resolve':
        return resolve(argv[2], argv[3])
    if len(argv) >= 3 and argv[1] == 'files':
        return files(argv[2:])
    sys.stderr.write(__doc__)
    return 2


if __name__ == '__main__':
    sys.exit(main(sys.argv))
