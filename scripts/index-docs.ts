import fs from 'fs';
import path from 'path';
import { INDEXES } from '../src/server/indexes';
import { UNINDEXED_SCAN_THRESHOLD } from '../localcloud/db/indexes';

/**
 * The index table at the end of docs/data-model.md is generated from src/server/indexes.ts, the
 * one declaration the local cloud and the deploy command read: `npm run docs` rewrites the part
 * between the markers and tests/docs.test.ts fails when it is stale.
 */
export const BEGIN = '<!-- indexes: generated from src/server/indexes.ts by `npm run docs`; do not edit by hand -->';
export const END = '<!-- end of generated indexes -->';

const keyText = (keys: Record<string, 1 | -1>) =>
  Object.entries(keys).map(([k, d]) => `\`${k}\`${d === -1 ? ' ↓' : ''}`).join(', ');

export function renderIndexSection(): string {
  const lines = [
    BEGIN,
    '',
    `Every index, declared once in \`src/server/indexes.ts\` (${INDEXES.length} in all). A real environment`,
    'creates them (docs/deploy.md). The local cloud creates them at start, enforces the unique ones',
    '(`DATABASE_DUPLICATE_WRITE`), and once a collection holds more than',
    `${UNINDEXED_SCAN_THRESHOLD.toLocaleString('en-US')} documents logs (and in tests refuses) every query they cannot serve — the rule is in`,
    '`localcloud/db/indexes.ts` and docs/architecture.md. Keys ascending unless marked ↓ (descending);',
    'an index serves a sort in its own directions or all reversed. `_id` is always indexed.',
    '',
    '| collection | keys | unique | serves |',
    '| --- | --- | --- | --- |',
  ];
  for (const d of INDEXES) lines.push(`| \`${d.collection}\` | ${keyText(d.keys)} | ${d.unique ? 'unique' : ''} | ${d.for} |`);
  lines.push('', END);
  return lines.join('\n');
}

/** The document with its generated part replaced (appended under "## Indexes" when missing). */
export function withIndexSection(doc: string): string {
  const start = doc.indexOf(BEGIN);
  const end = doc.indexOf(END);
  if (start < 0 || end < start) return `${doc.trimEnd()}\n\n## Indexes\n\n${renderIndexSection()}\n`;
  return doc.slice(0, start) + renderIndexSection() + doc.slice(end + END.length);
}

export const DATA_MODEL_DOC = path.resolve(__dirname, '../docs/data-model.md');

if (process.argv[1] && path.resolve(process.argv[1]) === __filename) {
  fs.writeFileSync(DATA_MODEL_DOC, withIndexSection(fs.readFileSync(DATA_MODEL_DOC, 'utf8')));
  console.log(`wrote the index table in ${path.relative(process.cwd(), DATA_MODEL_DOC)}`);
}
