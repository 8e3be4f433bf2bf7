import { allocationRows, HOLDING } from '../../domain/pairing';
import { tableHead, type AnnexSheet } from '../../domain/report/annex-sheet';
import type { AnnexTable } from '../../programmes/schema';
import { listAll, orgMap, PAIRINGS, type PairingDoc } from '../pairing/store';
import type { AnnexJob, AnnexResult } from './annex';
import { annexWorkbook } from './annex-xlsx';

/**
 * 龙岗 附件1 各街道贫困儿童名额分配表: the programme's allocations (programme.allocations), one
 * row per allocated node in the caller's subtree (or the chosen node), with what stands against
 * each in 备注 — children registered in the node's categories and children actively paired,
 * counted by the pairing function's own rule (allocationRows; a child with two volunteers once).
 */
export async function exportAllocation(annex: AnnexTable, job: AnnexJob): Promise<AnnexResult & { count: number }> {
  const sheet = annex as AnnexSheet;
  const { db, caller, programme } = job;
  const alloc = programme.allocations;
  const within = job.input.orgCode ?? caller.staff?.orgCode ?? null;
  const orgs = await orgMap(db, alloc?.items.map((i) => i.orgCode) ?? []);
  const items = (alloc?.items ?? []).filter((i) => {
    const org = orgs.get(i.orgCode);
    return !!org && (within === null ? caller.isAdmin : org.path.includes(within));
  });
  const _ = db.command;
  const rows: (string | number)[][] = [];
  if (items.length && alloc) {
    const pairings = await listAll<PairingDoc>(db, PAIRINGS, { ...job.where, status: _.in([...HOLDING]) });
    const byChild = new Map<string, { orgPath: string[]; category: string; status: string }>();
    for (const p of pairings) {
      const prev = byChild.get(p.childId);
      if (!prev || (prev.status !== 'active' && p.status === 'active')) byChild.set(p.childId, { orgPath: p.orgPath, category: p.childCategory, status: p.status });
    }
    const counted = allocationRows({ ...alloc, items }, [...byChild.values()]);
    for (const item of items) {
      const categories = Object.keys(item.counts);
      const { total } = await db.collection('children').where({ orgPath: item.orgCode, category: _.in(categories) }).count();
      const mine = counted.filter((r) => r.orgCode === item.orgCode);
      const allocated = mine.reduce((n, r) => n + r.allocated, 0);
      const paired = mine.reduce((n, r) => n + r.paired, 0);
      const name = (orgs.get(item.orgCode)?.name ?? item.orgCode).replace(/街道$/, '');
      const note = [item.note, rows.length === 0 ? alloc.note : undefined, `已登记${total ?? 0}名，已结对${paired}名`].filter(Boolean).join('；');
      rows.push(sheet.columns.map((c) => (c === '街道' ? name : c === '名额' ? allocated : c === '备注' ? note : '')));
    }
  }
  const book = await annexWorkbook();
  try {
    const ws = book.sheet('Sheet1', tableHead(sheet, () => ''), [16, 10, 60]);
    for (const r of rows) book.row(ws, r);
    await book.finish(ws);
    return { stored: await book.store(job), label: job.top, kind: 'org', ids: items.map((i) => i.orgCode), count: rows.length };
  } catch (err) {
    book.discard();
    throw err;
  }
}
