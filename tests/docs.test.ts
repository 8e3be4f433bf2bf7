import fs from 'fs';
import { API_DOC, renderApiDocs } from '../scripts/api-docs';

test('docs/api.md matches the contract (run `npm run docs` after changing it)', () => {
  expect(fs.readFileSync(API_DOC, 'utf8')).toBe(renderApiDocs());
});
