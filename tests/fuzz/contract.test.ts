/**
 * Fuzzing every action of the contract (issue 15 item 6), inputs generated from its zod schema
 * (tests/helpers/zod-sample.ts): a plausible input, then each field given values of the wrong
 * kind or at the edges (null, an operator object such as `{ $gt: '' }`, 5,000 characters, a NUL,
 * a lone surrogate, huge and fractional numbers …), an unknown key, a `$` key, and random JSON
 * from fast-check. Called as the admin (who passes every role and permission gate, so the input
 * reaches validation and the handler) through the gateway. Every answer must be an envelope with a
 * code other than INTERNAL and a Chinese message, and a refusal writes nothing but, for audited
 * actions, its audit entry. FUZZ_SEED replays another seed (fast-check prints the failing one).
 */
import fc from 'fast-check';
import type { ZodType } from 'zod';
import { contract, type ActionDef } from '../../src/contract';
import { startTestCloud, callRaw, as, snapshot, ADMIN } from '../helpers/cloud';
import type { LocalCloud } from '../../localcloud/server';
import { fields, plausible, withValue, wrongValues } from '../helpers/zod-sample';

const SEED = Number(process.env.FUZZ_SEED ?? 20261207);
const chinese = /[\u4e00-\u9fa5]/;
const ACTIONS = Object.entries(contract).flatMap(([fn, actions]) =>
  Object.entries(actions as Record<string, ActionDef>).map(([action, def]) => ({ fn, action, input: def.input as unknown as ZodType })),
);

let cloud: LocalCloud;
beforeAll(async () => {
  cloud = await startTestCloud();
  await as(cloud, ADMIN).ok('account', 'login', {});
  await as(cloud, ADMIN).ok('account', 'setupProgramme', { presetId: 'suining-2019' });
}, 60_000);
afterAll(() => cloud.close());

/** The store without audit entries (a refused audited action records the attempt, and only that). */
const withoutAudit = () => JSON.stringify((JSON.parse(snapshot(cloud)) as [string, unknown][]).filter(([c]) => c !== 'audit_logs'));

/** What the plausible inputs got, by action: they must mostly get past validation to reach the handlers. */
const plausibleOutcome = new Map<string, string>();

/** One call; returns a problem sentence, or null when the answer is as it must be. */
async function probe(fn: string, action: string, data: unknown, what: string): Promise<string | null> {
  const before = withoutAudit();
  const res = await callRaw(cloud, ADMIN, fn, { action, data });
  const where = `${fn}.${action} ${what}`;
  if (what === 'plausible input') plausibleOutcome.set(`${fn}.${action}`, res?.ok ? 'ok' : `${res?.error?.code} ${res?.error?.message}`);
  if (!res || typeof res !== 'object' || typeof res.ok !== 'boolean') return `${where}: not an envelope: ${JSON.stringify(res).slice(0, 200)}`;
  if (res.ok) return null;
  if (res.error.code === 'INTERNAL') return `${where}: INTERNAL`;
  if (!chinese.test(res.error.message)) return `${where}: message not in Chinese: ${res.error.message}`;
  if (withoutAudit() !== before) return `${where}: refused with ${res.error.code} but wrote`;
  return null;
}

const show = (v: unknown) => {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 40 ? `${s.slice(0, 40)}…(${s.length})` : s;
};

describe.each(Object.keys(contract))('%s', (fnName) => {
  const mine = ACTIONS.filter((a) => a.fn === fnName);

  test('each field of each action, given the wrong kind of value, is answered without INTERNAL and refused without writing', async () => {
    const problems: string[] = [];
    for (const [ai, { fn, action, input }] of mine.entries()) {
      const base = plausible(input);
      problems.push(...[await probe(fn, action, base, 'plausible input')].filter((p): p is string => p !== null));
      for (const [fi, { path, schema }] of fields(input).entries()) {
        const wrong = wrongValues(schema);
        // three of the wrong values per field, rotating so the contract as a whole meets every kind
        for (let k = 0; k < 3; k++) {
          const value = wrong[(ai + fi * 3 + k) % wrong.length];
          const p = await probe(fn, action, withValue(base, path, value), `${path.join('.')}=${show(value)}`);
          if (p) problems.push(p);
        }
      }
      for (const [label, data] of [['unknown key', { ...(base as object), zzUnknown: 1 }], ['$ key', { ...(base as object), $where: '1' }], ['not an object', 'x'], ['an array', [base]]] as const) {
        const p = await probe(fn, action, data, label);
        if (p) problems.push(p);
      }
    }
    expect(problems).toEqual([]);
    // the generator is worth something only if its inputs reach the handlers: most pass validation
    const reached = mine.filter((a) => !plausibleOutcome.get(`${a.fn}.${a.action}`)?.startsWith('INVALID_INPUT'));
    if (process.env.FUZZ_REPORT) console.log(mine.map((a) => `${a.fn}.${a.action}: ${plausibleOutcome.get(`${a.fn}.${a.action}`)}`).join('\n'));
    expect(reached.length / mine.length).toBeGreaterThan(0.6);
  }, 300_000);

  test('random JSON as the data of each action (fast-check) is answered without INTERNAL and refused without writing', async () => {
    const problems: string[] = [];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...mine), fc.jsonValue({ maxDepth: 4 }), async (a, data) => {
        const p = await probe(a.fn, a.action, data, `random ${show(data)}`);
        if (p) problems.push(p);
        return p === null;
      }),
      { seed: SEED, numRuns: mine.length * 4, endOnFailure: true },
    );
    expect(problems).toEqual([]);
  }, 300_000);
});
