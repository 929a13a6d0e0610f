#!/usr/bin/env python3
"""Merges PIT mutations.xml reports of runs over the same classes: a mutant counts as killed when any run killed it.
Usage: python3 mutation/merge_reports.py run1/mutations.xml run2/mutations.xml  (prints strength per class and the survivors)."""
# Merge PIT mutations.xml files: a mutant (class, method, desc, line, mutator, index) counts as killed if any run killed it.
import sys, re, xml.etree.ElementTree as ET, collections
def load(f):
    txt = open(f).read()
    if '</mutation>' not in txt:
        return []
    if '</mutations>' not in txt:
        txt = txt[:txt.rfind('</mutation>')+len('</mutation>')] + '</mutations>'
    return ET.fromstring(txt).findall('mutation')
KILL = {'KILLED','TIMED_OUT','MEMORY_ERROR','RUN_ERROR'}
best = {}
for f in sys.argv[1:]:
    for m in load(f):
        key = (m.findtext('mutatedClass'), m.findtext('mutatedMethod'), m.findtext('methodDescription'), m.findtext('lineNumber'),
               m.findtext('mutator'), ','.join(i.text for i in m.iter('index')), m.findtext('description'))
        st = m.get('status')
        prev = best.get(key)
        rank = lambda s: 2 if s in KILL else (1 if s == 'SURVIVED' else 0)
        if prev is None or rank(st) > rank(prev):
            best[key] = st
stats = collections.defaultdict(collections.Counter)
surv = []
for k, st in best.items():
    top = k[0].split('$')[0].split('.')[-1]
    stats[top][st] += 1
    if st in ('SURVIVED','NO_COVERAGE'):
        surv.append((st, top, k[0].split('.')[-1], k[1], k[3], k[4].split('.')[-1], k[6]))
tot = collections.Counter()
for c, s in sorted(stats.items()):
    killed = sum(s[x] for x in KILL); cov = sum(s.values()) - s['NO_COVERAGE']; tot.update(s)
    print(f"{c:32s} mutants={sum(s.values()):4d} killed={killed:4d} covered={cov:4d} strength={100*killed/max(cov,1):5.1f}% nocov={s['NO_COVERAGE']}")
killed = sum(tot[x] for x in KILL); cov = sum(tot.values()) - tot['NO_COVERAGE']
print(f"{'TOTAL':32s} mutants={sum(tot.values()):4d} killed={killed:4d} covered={cov:4d} strength={100*killed/max(cov,1):5.1f}% nocov={tot['NO_COVERAGE']}")
for s in sorted(surv, key=lambda x: (x[1], int(x[4]))):
    print(*s, sep=' | ')
