#!/usr/bin/env python3
"""Consistency check of samples/expected/ against the sample sources.

For every row of edges.tsv and signature_edges.tsv, the call_site line must
show the call (the callee's name for direct calls, the macro for macro and
INDIRECT_CALL fallback edges, NF_HOOK for callback_arg, the call expression
for field calls) and the registration_site line must show the stored value.
Every hop of every example chain in paths.tsv must be a non-registration
edge, and every file:line in nf_hooks.tsv must name the hook.  Run it after
editing any file of the sample; it does not recompute the truth, it only
catches line numbers that went stale.
"""
import csv
import os
import re
import sys

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(here)
cache = {}


def line(site, off=0):
    f, l = site.rsplit(':', 1)
    if f not in cache:
        with open(os.path.join(root, f)) as fp:
            cache[f] = fp.read().split('\n')
    return cache[f][int(l) - 1 + off]


def rows(name):
    with open(os.path.join(here, name)) as fp:
        return list(csv.reader(fp, delimiter='\t'))


def called(name, text):
    return re.search(r'\b' + re.escape(name) + r'\s*\(', text) is not None


bad = []
edges = set()
for fn in ('edges.tsv', 'signature_edges.tsv'):
    r = rows(fn)
    if r[0] != ['id', 'caller', 'callee', 'mechanism', 'call_site',
                'registration_site', 'chain', 'note']:
        bad.append('%s: bad header' % fn)
    for id_, caller, callee, mech, cs, rs, chain, note in r[1:]:
        name = callee.split(':')[0]
        cl = line(cs)
        rl = line(rs) if rs != '-' else ''
        stored = name in rl or re.search(
            r'= (poll|handler|action|fn|okfn);|rcu_assign_pointer\(dev->rx_handler', rl)
        if mech == 'direct':
            ok = called(name, cl) and rs == '-'
        elif mech == 'macro':
            if 'INDIRECT_CALL' in cl:
                ok = name in cl or name in line(cs, 1)
            elif caller.startswith('__se_sys_'):
                ok = 'SYSCALL_DEFINE3(' + name.split('__do_sys_')[1] in cl
            else:
                ok = called(name, cl)
            ok = ok and rs == '-'
        elif mech == 'field':
            ok = ('INDIRECT_CALL' in cl or re.search(r'(->\w+|\b\w+|\])\s*\(', cl)) and stored
        elif mech == 'callback_arg':
            ok = 'NF_HOOK(' in cl and rs == '-' and any(
                name + ');' in line(cs, k) for k in range(4))
        elif mech == 'netfilter_hook':
            ok = 'entry->hook(' in cl and (
                ('.hook' in rl and name in rl) or 'ops[i].hook' in rl)
        elif mech == 'registration':
            ok = stored and (name in cl or '&' in cl or '_ops' in cl or
                             'br_get_rx_handler' in cl or '->backlog_rcv' in cl or
                             re.search(r'=\s*\w+(->\w+)+;', cl) or
                             any(name + ');' in line(cs, k) for k in range(4)))
        elif mech == 'signature':
            ok = 'fn(' in cl and name in rl
        else:
            ok = False
        if not ok:
            bad.append('%s %s: %s -> %s %s at %s: %r | %s: %r'
                       % (fn, id_, caller, callee, mech, cs, cl.strip(), rs, rl.strip()))
        if fn == 'edges.tsv' and mech != 'registration':
            edges.add((caller, callee))

for pid, src, dst, must, chain, note in rows('paths.tsv')[1:]:
    hops = [h.strip() for h in note.split('example chain:')[1].split('>')]
    if hops[0] != src or hops[-1] != dst:
        bad.append('%s: chain does not go from %s to %s' % (pid, src, dst))
    for a, b in zip(hops, hops[1:]):
        if (a, b) not in edges:
            bad.append('%s: hop %s -> %s is not an edge' % (pid, a, b))
    pos = 0
    for m in must.split(','):
        if m not in hops[pos:]:
            bad.append('%s: must_pass %s not in order in the chain' % (pid, m))
            break
        pos = hops.index(m, pos) + 1

for r in rows('nf_hooks.tsv')[1:]:
    for site in re.findall(r'[\w/.]+\.[ch]:\d+', r[5]):
        text = line(site)
        if r[0] not in text and 'ops[i].hook' not in text and \
           'xt_hook_ops_alloc' not in text and '.priority' not in text:
            bad.append('nf_hooks.tsv %s: %s: %r' % (r[0], site, text.strip()))
    for site in re.findall(r'[\w/.]+\.[ch]:\d+', r[6]):
        if 'nf_register_net_hooks(' not in line(site):
            bad.append('nf_hooks.tsv %s: %s is not a registration' % (r[0], site))

for b in bad:
    print(b)
print('%d problems' % len(bad))
sys.exit(1 if bad else 0)
