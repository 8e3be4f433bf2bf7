import type { Permission } from '../../contract/permissions';
import type { AnnexTable } from '../../programmes/schema';

/**
 * Which action exports each of a programme's annexes. The registry's summaries and the pairing
 * annexes already have their exports (child.exportSheet, pairing.exportSheet / exportCard); the
 * rest are report.exportAnnex. Decided by the annex's purpose, and for the reused exports by the
 * layouts those actions accept, so an annex nothing can export says so instead of failing.
 */
export type AnnexFn = 'child' | 'pairing' | 'report';
export type RecordKind = 'child' | 'volunteer' | 'pairing';

export interface AnnexRoute {
  fn: AnnexFn;
  action: 'exportSheet' | 'exportCard' | 'exportAnnex';
  /** The input naming the annex; a per-record export adds the record's id. */
  input: { layout: string } | { key: string };
  /** Every permission the export needs (report.export only for the report's own exports). */
  permissions: Permission[];
  /** A record chosen: 'pairing' must be (a card); 'child' / 'volunteer' may be (else the whole subtree). */
  record: RecordKind | null;
  recordRequired: boolean;
  /** Where staff find it, for the ones exported elsewhere (Chinese). */
  place: string | null;
}

const CHILD_LAYOUTS = ['xm-2', 'lg-2', 'jj-ledger'];
const PAIRING_SHEETS = ['xm-6', 'lg-3'];
const PAIRING_CARDS = ['xm-5', 'sn-3'];

export const CHILD_PLACE = '请在“儿童台账”页面导出';
export const PAIRING_PLACE = '请在“结对管理”页面导出';
export const CARD_PLACE = '请在“结对管理”中打开一个结对，在结对详情中导出结对卡';

export function routeOf(annex: AnnexTable): AnnexRoute | null {
  const own = (permissions: Permission[], record: RecordKind | null): AnnexRoute => ({
    fn: 'report', action: 'exportAnnex', input: { key: annex.key }, permissions: ['report.export', ...permissions], record, recordRequired: false, place: null,
  });
  switch (annex.purpose) {
    case 'child_summary':
    case 'child_ledger':
      return CHILD_LAYOUTS.includes(annex.key)
        ? { fn: 'child', action: 'exportSheet', input: { layout: annex.key }, permissions: ['child.export'], record: null, recordRequired: false, place: CHILD_PLACE }
        : null;
    case 'pairing_summary':
      return PAIRING_SHEETS.includes(annex.key)
        ? { fn: 'pairing', action: 'exportSheet', input: { layout: annex.key }, permissions: ['pairing.manage'], record: null, recordRequired: false, place: PAIRING_PLACE }
        : null;
    case 'pairing_card':
      return PAIRING_CARDS.includes(annex.key)
        ? { fn: 'pairing', action: 'exportCard', input: { layout: annex.key }, permissions: ['pairing.manage'], record: 'pairing', recordRequired: true, place: CARD_PLACE }
        : null;
    case 'child_info':
      return annex.kind === 'form' ? own(['child.export'], 'child') : null;
    case 'volunteer_signup':
      return annex.kind === 'form' ? own(['volunteer.read'], 'volunteer') : null;
    case 'volunteer_summary':
      return annex.kind === 'table' ? own(['volunteer.read'], null) : null;
    case 'allocation':
      return annex.kind === 'table' ? own([], null) : null;
    default:
      return null;
  }
}
