import fs from 'fs';
import { API_DOC, renderApiDocs } from '../scripts/api-docs';
import { DATA_MODEL_DOC, withIndexSection } from '../scripts/index-docs';

test('docs/api.md matches the contract (run `npm run docs` after changing it)', () => {
  expect(fs.readFileSync(API_DOC, 'utf8')).toBe(renderApiDocs());
});

test('docs/data-model.md lists the indexes of src/server/indexes.ts (run `npm run docs` after changing them)', () => {
  const doc = fs.readFileSync(DATA_MODEL_DOC, 'utf8');
  expect(doc).toBe(withIndexSection(doc));
  expect(doc).toContain('| `users` | `openid` | unique |');
});
