import type { Input, Output } from '../../../../../src/contract';

export type Page = Output<'account', 'listAudit'>;
export type Row = Page['items'][number];
export interface Filters { actor: string; action: string; from: string; to: string; recordId: string; outcome: '' | 'success' | 'refused' }
export const NO_FILTERS: Filters = { actor: '', action: '', from: '', to: '', recordId: '', outcome: '' };
/** a user id as the roster and staff pages show it: 'u' and 31 hex digits (src/server/ids.ts) */
const USER_ID = /^u[0-9a-f]{31}$/;
/** record ids shown on a row before 等N条 */
const IDS_SHOWN = 3;

/** What the filter bar asks of account.listAudit: 操作人 is a user id when it looks like one, else her name. */
export function auditQuery(f: Filters): Input<'account', 'listAudit'> {
  const actor = f.actor.trim();
  const recordId = f.recordId.trim();
  return {
    ...(actor ? (USER_ID.test(actor) ? { actorId: actor } : { actorName: actor }) : {}),
    ...(f.action ? { action: f.action as never } : {}),
    ...(f.from ? { from: f.from } : {}),
    ...(f.to ? { to: f.to } : {}),
    ...(recordId ? { recordId } : {}),
    ...(f.outcome ? { outcome: f.outcome } : {}),
  };
}

/** One row in words (pure, tested with the page). */
export function rowView(r: Row) {
  const ids = r.targetIds.length > IDS_SHOWN ? `${r.targetIds.slice(0, IDS_SHOWN).join('、')} 等${r.targetIds.length}条` : r.targetIds.join('、');
  return {
    id: r.id,
    action: r.actionLabel,
    refused: r.outcome === 'refused',
    outcome: r.outcome === 'refused' ? '被拒绝' : '成功',
    actor: `${r.actorName ?? '（未留姓名）'} · ${r.actorId}`,
    target: r.targetLabel ? `${r.targetLabel}${ids ? `：${ids}` : ''}` : ids || '—',
    when: r.when,
  };
}
export type RowView = ReturnType<typeof rowView>;
