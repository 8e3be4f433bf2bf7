/**
 * The authorization matrix (issue 19, item 1), generated from the contract: every action in
 * src/contract × every identity kind × its target record, each cell asserting the exact outcome
 * (code and, for a refusal, the gate's message) and, for a success, that nothing outside the
 * caller's scope is in the answer. The list of actions comes from the contract, so an action
 * added without a fixture in tests/authz/fixtures.ts fails here. See docs/testing.md.
 */
import fs from 'fs';
import { contract, type ActionDef } from '../../src/contract';
import { startTestCloud, callRaw } from '../helpers/cloud';
import type { LocalCloud } from '../../localcloud/server';
import { forgetProgramme } from '../../src/server/programme';
import { setClock } from '../../src/server/time';
import { buildMainWorld, buildTwoLevelWorld, WHO_ORDER, type Who, type World } from './world';
import { derived, describeOutcome, expected, lackingOf, type Fixture, type Variant } from './cells';
import { FIXTURES, MAIN_CLOCK, CALENDAR_CLOCK, SHARED } from './fixtures';
import { ACCESS } from './access';

const ACTIONS = Object.entries(contract).flatMap(([fn, actions]) =>
  Object.entries(actions as Record<string, ActionDef>).map(([action, def]) => ({ fn, action, def, key: `${fn}.${action}` })),
);
/** The action as the matrix expects it: the contract's definition with the pinned access and permission. */
const pinned = (key: string, def: ActionDef): ActionDef => {
  const { permission: _dropped, ...rest } = def;
  return ACCESS[key] ? { ...rest, access: ACCESS[key].access, ...(ACCESS[key].permission ? { permission: ACCESS[key].permission } : {}) } : def;
};
const DISCOVER = process.env.AUTHZ_DISCOVER ? fs.createWriteStream(process.env.AUTHZ_DISCOVER, { flags: 'a' }) : null;

test('who may call each action is the reviewed table (tests/authz/access.ts)', () => {
  const actual = Object.fromEntries(ACTIONS.map((a) => [a.key, { access: a.def.access, ...(a.def.permission ? { permission: a.def.permission } : {}) }]));
  expect(actual).toEqual(ACCESS);
});

test('every action in the contract has a matrix fixture, and every fixture names an action', () => {
  const missing = ACTIONS.filter((a) => !FIXTURES[a.key]).map((a) => a.key);
  const stale = Object.keys(FIXTURES).filter((k) => !ACTIONS.some((a) => a.key === k));
  expect({ missing, stale }).toEqual({ missing: [], stale: [] });
  for (const a of ACTIONS) expect(FIXTURES[a.key]?.variants.length ?? 0).toBeGreaterThan(0);
});

/** Visible to `who`: admins see all, staff their subtree, everyone else what is theirs. */
function visible(w: World, who: Who, m: World['markers'][number]): boolean {
  if (who === 'admin') return true;
  const org = w.staffOrg[who];
  if (org) return m.orgPath.includes(org);
  return m.owners.includes(who);
}

async function runVariant(w: World, fn: string, action: string, def: ActionDef, fixture: Fixture, variant: Variant): Promise<string[]> {
  const problems: string[] = [];
  for (const who of WHO_ORDER) {
    if (who === 'lacking' && lackingOf(def, fixture, variant).length === 0) continue; // no permission to take away
    const want = expected(def, fixture, variant, who);
    const where = `${fn}.${action} [${variant.name}] as ${who}`;
    if (!want) {
      problems.push(`${where}: the fixture has no expectation for this identity`);
      continue;
    }
    if ('skip' in want) continue;
    const openid = who === 'unknown' ? `${w.openid.unknown}-${w.seq()}` : who === 'lacking' ? w.lacking(lackingOf(def, fixture, variant)) : w.openid[who];
    const cell = { who, openid, gated: !variant.expect[who] && derived(def, fixture, variant, who) !== null, fresh: 'ok' in want };
    let res: Awaited<ReturnType<typeof callRaw>>;
    try {
      const data = await variant.input(w, cell);
      res = await callRaw(w.cloud, openid, fn, { action, data });
    } catch (err) {
      problems.push(`${where}: fixture failed: ${(err as Error).message}`);
      continue;
    }
    const got = res.ok ? 'ok' : `${res.error.code} ${res.error.message}`;
    DISCOVER?.write(`${w.name}\t${fn}.${action}\t${variant.name}\t${who}\t${got}\n`);
    if ('ok' in want) {
      if (!res.ok) {
        problems.push(`${where}: expected ok, got ${got}`);
        continue;
      }
      const text = JSON.stringify(res.data);
      for (const m of w.markers) {
        if (visible(w, who, m) || variant.leakOk?.labels.includes(m.label)) continue;
        const hit = m.needles.find((n) => text.includes(n));
        if (hit) problems.push(`${where}: the answer shows ${m.label} (${hit}), outside the caller's scope`);
      }
      try {
        variant.check?.(res.data, w, cell);
      } catch (err) {
        problems.push(`${where}: ${(err as Error).message}`);
      }
    } else if (res.ok || res.error.code !== want.code || res.error.message !== want.message) {
      problems.push(`${where}: expected ${describeOutcome(want)}, got ${got}`);
    }
  }
  return problems;
}

function matrixFor(worldName: World['name'], clock: number, build: typeof buildMainWorld) {
  const mine = ACTIONS.filter((a) => FIXTURES[a.key] && (FIXTURES[a.key].world ?? 'main') === worldName);
  let cloud: LocalCloud;
  let w: World;
  beforeAll(async () => {
    forgetProgramme();
    setClock(() => clock);
    cloud = await startTestCloud();
    const sets = mine.flatMap((a) => [FIXTURES[a.key], ...FIXTURES[a.key].variants].map((v) => lackingOf(pinned(a.key, a.def), FIXTURES[a.key], 'input' in v ? v : undefined))).filter((s) => s.length);
    w = await build(cloud, sets);
    await SHARED[worldName](w);
  });
  afterAll(async () => {
    setClock(null);
    await cloud.close();
  });
  for (const a of mine) {
    for (const variant of FIXTURES[a.key].variants) {
      test(`${a.key}: ${variant.name}`, async () => {
        expect(await runVariant(w, a.fn, a.action, pinned(a.key, a.def), FIXTURES[a.key], variant)).toEqual([]);
      });
    }
  }
}

describe('the main world (遂宁)', () => matrixFor('main', MAIN_CLOCK, buildMainWorld));
describe('the calendar world (晋江)', () => matrixFor('calendar', CALENDAR_CLOCK, (cloud, sets) => buildTwoLevelWorld('calendar', cloud, sets)));
describe('the pairing-sheet world (龙岗)', () => matrixFor('longgang', MAIN_CLOCK, (cloud, sets) => buildTwoLevelWorld('longgang', cloud, sets)));
