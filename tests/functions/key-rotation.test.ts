import { startTestCloud, as, fireTimer } from '../helpers/cloud';
import type { LocalCloud } from '../../localcloud/server';
import { childInput, testPhone } from '../domain/child/fixtures';
import { db, ORGS, setupWorld, WHO } from '../domain/child/world';
import { seal } from '../../src/server/crypto';
import { RESEAL_WRITES, SEALED_FIELDS } from '../../src/server/reseal';
import { setClock } from '../../src/server/time';

/**
 * A field-key rotation without downtime (issue 14 item 7, src/server/crypto.ts): values sealed
 * before key ids and with the old key keep opening while report's hourly timer re-seals them in
 * bounded batches; afterwards every record opens with the new key alone and duplicates are still
 * found (the hash key is not rotated).
 */
const OLD = Buffer.alloc(32, 3).toString('base64');
const NEW = Buffer.alloc(32, 4).toString('base64');
const saved = { enc: process.env.FIELD_ENCRYPTION_KEY, keys: process.env.FIELD_ENCRYPTION_KEYS, hash: process.env.FIELD_HASH_KEY };
let cloud: LocalCloud;
const ids: string[] = [];
const PHONES = RESEAL_WRITES + 50; // more than one run re-seals

beforeAll(async () => {
  process.env.FIELD_ENCRYPTION_KEY = OLD;
  delete process.env.FIELD_ENCRYPTION_KEYS;
  process.env.FIELD_HASH_KEY = Buffer.alloc(32, 6).toString('base64');
  setClock(() => Date.parse('2026-03-10T02:00:00Z'));
  cloud = await startTestCloud();
  await setupWorld(cloud);
  for (const i of [1, 2, 3]) ids.push((await as(cloud, WHO.countyA).ok('child', 'create', childInput(i, ORGS.communityA1))).id);
  // child 1's ID number as the code before key ids stored it: iv.tag.body, no id
  const c1 = cloud.store.rawDocuments('children').find((d) => d._id === ids[0]) as { idNumber: { enc: string } };
  await db().collection('children').doc(ids[0]).update({ 'idNumber.enc': c1.idNumber.enc.replace(/^k0\./, '') });
  // verified phones, more than one timer run re-seals
  const phones = Array.from({ length: PHONES }, (_, i) => ({ _id: `u-rot-${String(i).padStart(4, '0')}`, phone: seal(testPhone(7000 + i)), verifiedAt: '2026-03-01T00:00:00.000Z' }));
  for (let i = 0; i < phones.length; i += 200) await db().collection('volunteer_phones').add(phones.slice(i, i + 200));
});
afterAll(async () => {
  setClock(null);
  await cloud.close();
  for (const [k, v] of [['FIELD_ENCRYPTION_KEY', saved.enc], ['FIELD_ENCRYPTION_KEYS', saved.keys], ['FIELD_HASH_KEY', saved.hash]] as const) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

/** Every sealed value stored, with the key id it carries (k0 for the id-less form). */
function sealedValues(): { where: string; enc: string }[] {
  const out: { where: string; enc: string }[] = [];
  for (const { collection, paths } of SEALED_FIELDS) {
    for (const doc of cloud.store.rawDocuments(collection)) {
      for (const p of paths) {
        const v = p.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], doc) as { enc?: string } | undefined;
        if (v?.enc) out.push({ where: `${collection}/${String(doc._id)}/${p}`, enc: v.enc });
      }
    }
  }
  return out;
}
const keyIdOf = (enc: string) => (enc.split('.').length === 3 ? 'k0' : enc.split('.')[0]);
const reveal = (id: string, field: 'idNumber' | 'guardian.phone' | 'father.phone') => as(cloud, WHO.countyA).ok('child', 'reveal', { id, field }).then((r) => r.value);

test('old-format and k0 values open; after adding k1, re-sealing in bounded runs and removing k0, every record opens', async () => {
  const before = sealedValues();
  expect(before.length).toBeGreaterThan(PHONES);
  expect(new Set(before.map((v) => keyIdOf(v.enc)))).toEqual(new Set(['k0']));
  expect(before.filter((v) => v.enc.split('.').length === 3)).toHaveLength(1); // the id-less one
  const clear = await Promise.all(ids.map(async (id) => [await reveal(id, 'idNumber'), await reveal(id, 'guardian.phone'), await reveal(id, 'father.phone')]));

  // the new key is listed first: it seals from now on, the old one still opens
  process.env.FIELD_ENCRYPTION_KEYS = `k1:${NEW},k0:${OLD}`;
  expect(await Promise.all(ids.map((id) => reveal(id, 'idNumber')))).toEqual(clear.map((c) => c[0]));
  const added = await as(cloud, WHO.countyA).ok('child', 'create', childInput(4, ORGS.communityA1));
  const fresh = cloud.store.rawDocuments('children').find((d) => d._id === added.id) as { idNumber: { enc: string } };
  expect(keyIdOf(fresh.idNumber.enc)).toBe('k1');

  const runs: { resealed: number; done: boolean }[] = [];
  for (let i = 0; i < 6 && !runs.at(-1)?.done; i++) {
    const res = (await fireTimer(cloud, 'report', 'hourly')) as { ok: boolean; data: { reseal: { keyId: string; resealed: number; done: boolean } } };
    expect(res.ok).toBe(true);
    expect(res.data.reseal.keyId).toBe('k1');
    runs.push(res.data.reseal);
  }
  expect(runs[0]).toEqual({ keyId: 'k1', resealed: RESEAL_WRITES, done: false }); // bounded per run
  expect(runs.at(-1)!.done).toBe(true);
  expect(runs.reduce((n, r) => n + r.resealed, 0)).toBe(before.length);
  expect(sealedValues().filter((v) => keyIdOf(v.enc) !== 'k1')).toEqual([]);
  expect(await fireTimer(cloud, 'report', 'hourly')).toMatchObject({ data: { reseal: { keyId: 'k1', resealed: 0, done: true } } });

  // the old key removed everywhere: everything still opens
  delete process.env.FIELD_ENCRYPTION_KEY;
  process.env.FIELD_ENCRYPTION_KEYS = `k1:${NEW}`;
  expect(await Promise.all(ids.map(async (id) => [await reveal(id, 'idNumber'), await reveal(id, 'guardian.phone'), await reveal(id, 'father.phone')]))).toEqual(clear);
  // hashes were kept: the same child is still found as a duplicate, by ID number
  expect(await as(cloud, WHO.countyA).raw('child', 'create', childInput(1, ORGS.communityA2, { name: '改名儿童' }))).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
});
