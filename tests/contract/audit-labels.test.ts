import { contract } from '../../src/contract';
import type { ActionDef } from '../../src/contract/define';
import { AUDIT_ACTION_LABELS, AUDIT_TARGET_LABELS } from '../../src/contract/audit';

/** The audit log page's Chinese names (src/contract/audit.ts) cover exactly the audited actions. */
const audited = Object.entries(contract).flatMap(([fn, actions]) =>
  Object.entries(actions as Record<string, ActionDef>).filter(([, d]) => d.audit).map(([a]) => `${fn}.${a}`));

test('every audited action has a Chinese name, and only audited ones', () => {
  expect(Object.keys(AUDIT_ACTION_LABELS).sort()).toEqual([...audited].sort());
});

test('names are Chinese, short and distinct', () => {
  const labels = Object.values(AUDIT_ACTION_LABELS) as string[];
  for (const l of labels) expect(l).toMatch(/^[\u4e00-\u9fa5、]{2,16}$/);
  expect(new Set(labels).size).toBe(labels.length);
});

test('every record kind the handlers name has a Chinese name', () => {
  const fs = require('fs') as typeof import('fs');
  const path = require('path') as typeof import('path');
  const kinds = new Set<string>();
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (p.endsWith('.ts')) for (const m of fs.readFileSync(p, 'utf8').matchAll(/auditTarget\(\{\s*kind: '([a-z_]+)'/g)) kinds.add(m[1]!);
    }
  };
  walk(path.join(__dirname, '../../src/functions'));
  expect(kinds.size).toBeGreaterThan(10);
  for (const k of kinds) expect(AUDIT_TARGET_LABELS).toHaveProperty(k);
});
