/**
 * Reconciler benchmark (issue 15): one full recount pass over a city's derived numbers — volunteer
 * and child places with their pair locks, the children's paired flags (pairing `lapse` timer) and
 * donors' open-claim slots (wish `claims` timer) — with the data loaded straight into the store.
 * 1 % of the counters are left wrong; the pass is run twice an hour apart (the first only watches
 * the differences, the second repairs them). Reported: timer runs needed to cover every counter,
 * round trips and time per pass. Run alone with `npm run bench -- reconcile`.
 */
import { fmt, startBenchCloud } from './_shared';
import { post } from '../tests/helpers/cloud';
import { startCountingProxy } from '../localcloud/counting-proxy';
import { RECOUNT_BATCH } from '../src/server/recount';
import { setClock } from '../src/server/time';

const PAIRINGS = 10_000;
const VOLUNTEERS = 5_000;
const DONORS = 5_000;
/** One counter in WRONG_EVERY is left wrong, as a process killed between two writes would leave it. */
const WRONG_EVERY = Number(process.env.BENCH_RECOUNT_WRONG_EVERY ?? 100);
const STATUSES = ['active', 'active', 'active', 'active', 'active', 'active', 'proposed', 'consented', 'ended', 'cancelled'];
const HOLDING = new Set(['proposed', 'consented', 'active']);
const pad = (i: number) => String(i).padStart(6, '0');

function load(store: { insertMany(c: string, docs: Record<string, unknown>[]): void }): { wrong: number } {
  let wrong = 0;
  const pairings = [];
  const vHeld = new Map<string, number>();
  const kids = [];
  const places = [];
  for (let i = 0; i < PAIRINGS; i++) {
    const status = STATUSES[i % STATUSES.length];
    const v = `rvol${pad(i % VOLUNTEERS)}`;
    const c = `rkid${pad(i)}`;
    pairings.push({ _id: `rpr${pad(i)}`, status, childId: c, volunteerUserId: v, role: null, orgPath: ['sn'], proposedAt: '2026-01-01T00:00:00.000Z' });
    const holds = HOLDING.has(status);
    if (holds) vHeld.set(v, (vHeld.get(v) ?? 0) + 1);
    const off = WRONG_EVERY > 0 && i % WRONG_EVERY === 7;
    if (off) wrong += 2;
    kids.push({ _id: c, name: `测试儿童${i}`, orgPath: ['sn'], paired: off ? status !== 'active' : status === 'active' });
    places.push(holds && !off
      ? { _id: c, held: 1, local: 1, remote: 0, holders: { [v]: `rpr${pad(i)}` } }
      : { _id: c, held: off ? 1 : 0, local: off ? 1 : 0, remote: 0, holders: off ? { [v]: `rprghost${pad(i)}` } : {} });
  }
  const vols = Array.from({ length: VOLUNTEERS }, (_x, i) => {
    const id = `rvol${pad(i)}`;
    const off = WRONG_EVERY > 0 && i % WRONG_EVERY === 3;
    if (off) wrong++;
    return { _id: id, capacity: 3, held: (vHeld.get(id) ?? 0) + (off ? 1 : 0) };
  });
  const wishes = [];
  const donors = [];
  for (let i = 0; i < DONORS; i++) {
    const id = `rdon${pad(i)}`;
    const claimed = i % 3; // 0, 1 or 2 claimed wishes each
    const holding: Record<string, string> = {};
    for (let k = 0; k < claimed; k++) {
      const w = `rw${pad(i)}-${k}`;
      wishes.push({ _id: w, status: 'claimed', claimantId: id, claimedAt: '2026-03-01T00:00:00.000Z', updatedAt: '2026-03-01T00:00:00.000Z', orgPath: ['sn'] });
      holding[w] = '2026-03-01T00:00:00.000Z';
    }
    const off = WRONG_EVERY > 0 && i % WRONG_EVERY === 5;
    if (off) wrong++;
    donors.push({ _id: id, openClaims: claimed + (off ? 1 : 0), holding: off ? { ...holding, ghost: '2026-03-01T00:00:00.000Z' } : holding, updatedAt: '2026-03-01T00:00:00.000Z' });
  }
  store.insertMany('pairings', pairings);
  store.insertMany('children', kids);
  store.insertMany('pairing_children', places);
  store.insertMany('pairing_volunteers', vols);
  store.insertMany('wishes', wishes);
  store.insertMany('wish_donors', donors);
  return { wrong };
}

export async function runReconcileBench(): Promise<string> {
  const { cloud } = await startBenchCloud('suining-2019');
  const t0 = Date.parse('2026-03-15T04:00:00.000Z');
  let t = t0;
  setClock(() => t);
  const lines: string[] = [];
  try {
    const { wrong } = load(cloud.store);
    const proxy = await startCountingProxy(cloud);
    const rows = ['| timer | pass | runs to cover every counter | round trips | time | counters fixed |', '| --- | --- | --- | --- | --- | --- |'];
    const state = (c: string) => cloud.store.rawDocuments(c).find((d) => d._id === '~recount') as { cursors?: Record<string, string> } | undefined;
    // a pass: timer runs until every kind's cursor is back at the start (at most 500 runs)
    const pass = async (fn: string, trigger: string, collection: string, label: string) => {
      proxy.reset();
      const started = performance.now();
      let runs = 0;
      let fixed = 0;
      do {
        const res = (await post(`${cloud.url}/timers/${fn}/${trigger}`, {})) as { ok: boolean; data?: { countersFixed?: number } };
        if (!res.ok) throw new Error(`${fn} ${trigger}: ${JSON.stringify(res)}`);
        fixed += res.data?.countersFixed ?? 0;
        runs++;
      } while (runs < 500 && Object.values(state(collection)?.cursors ?? {}).some((c) => c));
      rows.push(`| ${fn} \`${trigger}\` | ${label} | ${runs} | ${proxy.count()} | ${fmt((performance.now() - started) / 1000, 1)} s | ${fixed} |`);
      if (process.env.BENCH_TRACE) console.error(rows[rows.length - 1]);
    };
    const log = console.log;
    console.log = () => undefined; // the recount logs what it fixes
    try {
      await pass('pairing', 'lapse', 'pairing_volunteers', 'first (watches)');
      await pass('wish', 'claims', 'wish_donors', 'first (watches)');
      t += 3600_000;
      await pass('pairing', 'lapse', 'pairing_volunteers', 'an hour later (repairs)');
      await pass('wish', 'claims', 'wish_donors', 'an hour later (repairs)');
    } finally {
      console.log = log;
    }
    await proxy.close();
    lines.push(
      `${PAIRINGS.toLocaleString('en')} pairings (7 in 10 holding places), ${VOLUNTEERS.toLocaleString('en')} volunteers' and ${PAIRINGS.toLocaleString('en')} children's places documents, ${PAIRINGS.toLocaleString('en')} children, ${DONORS.toLocaleString('en')} donors holding ${Math.round(DONORS).toLocaleString('en')} claimed wishes; ${wrong} counters left wrong. RECOUNT_BATCH = ${RECOUNT_BATCH}.`,
      '',
      ...rows,
    );
  } finally {
    setClock(null);
    await cloud.close();
  }
  return lines.join('\n');
}
