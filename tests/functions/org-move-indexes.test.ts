import { startTestCloud, as, ADMIN, fireTimer } from '../helpers/cloud';
import type { LocalCloud } from '../../localcloud/server';
import { UNINDEXED_SCAN_THRESHOLD, type UnindexedQuery } from '../../localcloud/db/indexes';
import { setClock } from '../../src/server/time';
import { forgetProgramme } from '../../src/server/programme';
import { PATH_FIELDS } from '../../src/server/org-move';
import { buildMainWorld, type World } from '../authz/world';
import { MAIN_CLOCK } from '../authz/fixtures';
import { db } from '../domain/pairing/world';

/**
 * A move's queries are served by the declared indexes (src/server/indexes.ts) once every
 * collection it rewrites is large: each PATH_FIELDS collection, and the org tree itself, is filled
 * past the local cloud's scan threshold with records under another root (written straight into the
 * store), then street A moves to district B and back, and the report function's hourly timer
 * finishes a move left marked. The local cloud must have seen no query the indexes cannot serve.
 */
let cloud: LocalCloud;
let w: World;
const N = UNINDEXED_SCAN_THRESHOLD + 1;

/** A document with `value` at the dotted `field`. */
const withField = (field: string, value: unknown): Record<string, unknown> =>
  field.split('.').reverse().reduce<unknown>((inner, key) => ({ [key]: inner }), value) as Record<string, unknown>;

beforeAll(async () => {
  setClock(() => MAIN_CLOCK);
  forgetProgramme();
  cloud = await startTestCloud();
  w = await buildMainWorld(cloud, []);
  const elsewhere = (i: number) => ['zz', `zz-d${i % 7}`, `zz-s${i % 31}`, `zz-c${i}`];
  const fill = (collection: string, make: (i: number) => Record<string, unknown>) => {
    const have = cloud.store.countDocuments(collection);
    cloud.store.insertMany(collection, Array.from({ length: Math.max(0, N - have) }, (_, i) => ({ _id: `zz-${collection}-${i}`, ...make(i) })));
  };
  fill('orgs', (i) => ({ code: `zz-c${i}`, name: `其他社区${i}`, level: 'community', parentCode: `zz-s${i % 31}`, path: elsewhere(i), moving: null }));
  for (const f of PATH_FIELDS) {
    fill(f.collection, (i) => ({
      ...withField(f.field, elsewhere(i)),
      ...(f.collection === 'users' ? { openid: `zz-openid-${i}` } : {}),
    }));
  }
}, 180_000);
afterAll(async () => {
  await cloud.close();
  setClock(null);
});

test('a move, there and back, and the timer finishing a marked one: no unindexed query', async () => {
  for (const f of [...new Set(PATH_FIELDS.map((p) => p.collection)), 'orgs']) expect([f, cloud.store.countDocuments(f) > UNINDEXED_SCAN_THRESHOLD]).toEqual([f, true]);
  cloud.indexes.mode = 'log';
  const ST = w.orgs.sA.code;
  // the world's applicant waits for district A's review: out of the way first
  await db().collection('volunteer_applications').doc(w.ids.applicant).update({ status: 'withdrawn' });

  const there = await as(cloud, ADMIN).raw('account', 'moveOrg', { code: ST, parentCode: 'sn-anju' });
  expect(there).toMatchObject({ ok: true, data: { nodesMoved: 3 } });
  // a move marked and left: the timer finds it by its mark and finishes it
  const back = { fromParent: 'sn-anju', toParent: 'sn-chuanshan', toPath: ['sn', 'sn-chuanshan', ST], at: new Date().toISOString(), by: 'test' };
  await db().collection('orgs').doc(ST).update({ moving: back });
  expect(await fireTimer(cloud, 'report', 'hourly')).toMatchObject({ ok: true, data: { orgMoves: { finished: 1 } } });
  expect(cloud.store.rawDocuments('children').find((c) => c._id === w.ids.childA)!.orgPath).toEqual(['sn', 'sn-chuanshan', ST, w.orgs.a1.code]);

  const unindexed = cloud.indexes.unindexed
    .filter((q: UnindexedQuery) => q.collection === 'orgs' || PATH_FIELDS.some((f) => f.collection === q.collection))
    .map((q: UnindexedQuery) => `${q.collection} ${q.action} ${q.filter} order ${q.order}`);
  expect([...new Set(unindexed)]).toEqual([]);
}, 120_000);
