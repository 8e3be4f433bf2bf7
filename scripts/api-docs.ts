import fs from 'fs';
import path from 'path';
import { z } from 'zod';
import { contract } from '../src/contract';
import type { ActionDef } from '../src/contract/define';
import { PERMISSIONS } from '../src/contract/permissions';

/**
 * docs/api.md is generated from the contract so it cannot drift: `npm run docs` rewrites it and a
 * test fails when it is stale.
 */
function fieldsOf(schema: z.ZodType): string {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, { description?: string }>; required?: string[] };
  const props = Object.entries(json.properties ?? {});
  if (!props.length) return '—';
  return props.map(([k, v]) => `\`${k}\`${json.required?.includes(k) ? '' : '?'}${v.description ? ` (${v.description})` : ''}`).join(', ');
}

export function renderApiDocs(): string {
  const lines = [
    '# API',
    '',
    'Generated from `src/contract` by `npm run docs`; do not edit by hand.',
    '',
    'Every call is `{ action, data }` to a cloud function; every answer is `{ ok: true, data }` or',
    '`{ ok: false, error: { code, message } }` with a Chinese `message`. Codes: `INVALID_INPUT`,',
    '`UNAUTHENTICATED`, `FORBIDDEN`, `NOT_FOUND`, `CONFLICT`, `INTERNAL`. Outputs carry only the',
    'fields their schema declares. Staff act only inside their org subtree (checked on the server).',
    '',
  ];
  for (const [fn, actions] of Object.entries(contract)) {
    lines.push(`## \`${fn}\``, '');
    for (const [name, def] of Object.entries(actions as Record<string, ActionDef>)) {
      const access = def.access === 'public' ? 'any WeChat user' : def.access.join(', ');
      lines.push(`### \`${fn}.${name}\``, '', def.summary, '');
      lines.push(`- access: ${access}${def.permission ? `; permission \`${def.permission}\` (${PERMISSIONS[def.permission]})` : ''}${def.audit ? '; audited' : ''}`);
      lines.push(`- input: ${fieldsOf(def.input)}`);
      lines.push(`- errors: ${def.errors.map((e) => `\`${e}\``).join(', ')}`, '');
    }
  }
  return lines.join('\n');
}

export const API_DOC = path.resolve(__dirname, '../docs/api.md');

if (process.argv[1] && path.resolve(process.argv[1]) === __filename) {
  fs.writeFileSync(API_DOC, renderApiDocs());
  console.log(`wrote ${path.relative(process.cwd(), API_DOC)}`);
}
