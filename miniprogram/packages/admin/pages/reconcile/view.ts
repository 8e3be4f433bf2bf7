import { chinaDateTime } from '../../../../utils/china-time';
import type { Output } from '../../../../../src/contract';

export type Report = Output<'pairing', 'reconcile'>;
export type Fn = 'pairing' | 'wish' | 'visit';
export const AREAS: { fn: Fn; title: string }[] = [
  { fn: 'pairing', title: '结对名额' },
  { fn: 'wish', title: '微心愿认领' },
  { fn: 'visit', title: '走访统计' },
];

/** One area's card, in words (pure, tested with the page). */
export function areaView(fn: Fn, title: string, r: Report) {
  return {
    fn, title,
    when: r.at ? `上次核对：${chinaDateTime(r.at)}${r.ran ? '（刚刚）' : ''}` : '尚未核对过',
    schedule: r.schedule,
    checked: r.checked.map((c) => `${c.label} ${c.count} 条`).join('，') + (r.complete ? '' : '（未核对完，下次接着核对）'),
    fixedTitle: r.fixedTotal ? `${r.fixedAt ? chinaDateTime(r.fixedAt) : ''} 修正了 ${r.fixedTotal} 处${r.fixedTotal > r.fixed.length ? `（显示前 ${r.fixed.length} 处）` : ''}` : '没有需要修正的数据',
    fixed: r.fixed.map((f, i) => ({ key: `${i}`, text: `${f.kindLabel} ${f.id}：${f.from} → ${f.to}` })),
    watchingTitle: r.watchingTotal ? `正在观察 ${r.watchingTotal} 处差异（可能是正在进行中的操作）` : '',
    watching: r.watching.map((w, i) => ({ key: `${i}`, text: `${w.kindLabel} ${w.id}：${w.from}，应为 ${w.to}；${chinaDateTime(w.repairAfter)} 之后的核对仍看到同样差异即修正` })),
    fixedNow: r.ran ? (r.fixedNow ? `本次修正 ${r.fixedNow} 处` : '本次没有修正') : '',
  };
}
export type AreaView = ReturnType<typeof areaView>;
