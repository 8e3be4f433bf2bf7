import type { Output } from '../../../../../src/contract';
import { chinaDateTime } from '../../../../utils/china-time';
import { areasChart, monthsChart, worstFirst } from './charts';

type Dash = Output<'report', 'dashboard'>;
type Figures = Dash['figures'];

/** A figure on the dashboard: tapping it opens the list behind it (drill), when there is one. */
export interface Tile {
  id: string;
  label: string;
  value: string;
  hint: string;
  tile: string;
  key: string;
  warn: boolean;
}
export interface Section {
  id: string;
  title: string;
  rows: Tile[];
}

const t = (id: string, label: string, value: number | string, tile = '', key = '', hint = '', warn = false): Tile => ({ id, label, value: String(value), hint, tile, key, warn });
const pct = (p: number | null) => (p === null ? '—' : `${p}%`);

/** The long lists of figures, each behind a tap on the first screen (the figures page shows one). */
export function sectionsOf(d: Dash): Section[] {
  const f: Figures = d.figures;
  const sections: Section[] = [
    { id: 'category', title: '儿童类别（已结对/总数）', rows: f.children.byCategory.map((r) => t(`cat-${r.key}`, r.label, `${r.paired}/${r.n}`, 'children', `category:${r.key}`)) },
    { id: 'risk', title: '风险等级（已结对/总数）', rows: f.children.byRisk.map((r) => t(`risk-${r.key}`, r.label, `${r.paired}/${r.n}`, 'children', `risk:${r.key}`, '', r.key === 'high' && r.paired < r.n)) },
    {
      id: 'people', title: '志愿者与结对',
      rows: [
        t('volunteers', '爱心妈妈（已通过）', f.volunteers.approved, 'volunteers', '', `审核中${f.volunteers.inReview}人`),
        t('active', '结对中', f.pairings.active, 'pairings', '', `待确认${f.pairings.pending}对`),
        t('children', '儿童总数', f.children.total, 'children', 'all', `已结对${f.children.paired}，未结对${f.children.unpaired}`),
      ],
    },
    { id: 'vstatus', title: '志愿者状态', rows: f.volunteers.byStatus.filter((r) => r.n > 0).map((r) => t(`vs-${r.key}`, r.label, r.n, 'volunteers', `status:${r.key}`)) },
    { id: 'teams', title: '服务队（已通过）', rows: f.volunteers.byTeam.map((r) => t(`team-${r.key}`, r.label, r.n, 'volunteers', `team:${r.key}`)) },
    { id: 'pstatus', title: '结对状态', rows: f.pairings.byStatus.filter((r) => r.n > 0).map((r) => t(`ps-${r.key}`, r.label, r.n, 'pairings', `status:${r.key}`)) },
    { id: 'kinds', title: `${f.window.label}走访联系方式（共${f.visits.total}次）`, rows: f.visits.byKind.filter((r) => r.n > 0).map((r) => t(`kind-${r.key}`, r.label, r.n)) },
    {
      id: 'rules', title: '走访要求完成情况（本期打卡/应完成）',
      rows: f.visits.requirements.map((r, i) => t(`rule-${i}`, `${r.periodLabel} ${r.label}`, `${r.done}/${r.required}`, '', '', `${r.pairings}对结对`)),
    },
    {
      id: 'wishes', title: `微心愿（待办${f.wishes.waiting}个，等待时间）`,
      rows: f.wishes.byStatus.filter((r) => r.n > 0).map((r) => t(`ws-${r.key}`, r.label, r.n, 'wishes', `status:${r.key}`,
        r.wait.filter((w) => w.n > 0).map((w) => `${w.label}${w.n}`).join(' · ') + (r.oldestDays !== null ? `，最久${r.oldestDays}天` : ''))),
    },
  ];
  if (f.quotas) {
    const rows = [...(f.quotas.total ? [f.quotas.total] : []), ...f.quotas.items];
    sections.push({ id: 'quotas', title: '招募名额（已通过/名额）', rows: rows.map((q) => t(`quota-${q.orgCode}`, q.orgName, `${q.approved}/${q.atLeast}`, '', '', `完成${pct(q.percent)}，审核中${q.inReview}人`, (q.percent ?? 0) < 100)) });
  }
  if (f.allocations) {
    sections.push({ id: 'alloc', title: '结对名额分配（已结对/名额）', rows: f.allocations.rows.map((a) => t(`alloc-${a.orgCode}-${a.category}`, `${a.orgName} ${a.categoryLabel}`, `${a.paired}/${a.allocated}`, '', '', `待确认${a.pending}`)) });
  }
  return sections.filter((x) => x.rows.length);
}

/** 'M月D日 HH:mm' in China. */
const shortTime = (iso: string) => chinaDateTime(iso).replace(/^\d{4}-(\d{2})-(\d{2}) /, (_m, mo: string, d: string) => `${Number(mo)}月${Number(d)}日 `);

/**
 * What the first screen renders, derived once per load (small setData payloads, no logic in WXML):
 * the four figures that matter, two charts with their summaries, and links to the rest.
 */
export function viewOf(d: Dash, scale = 1) {
  const f: Figures = d.figures;
  const c = f.children.coverage;
  const figures: Tile[] = [
    t('coverage', `${c.categoriesLabel}结对覆盖率`, pct(c.percent), 'children', 'unpaired', `已结对${c.paired}/${c.total}名`, c.goalPercent !== null && (c.percent ?? 0) < c.goalPercent),
    t('high', '高风险未结对儿童', f.children.unpairedHighRisk, 'children', 'unpairedHighRisk', '查看名单', f.children.unpairedHighRisk > 0),
    t('overdue', '走访逾期的结对', f.visits.compliance.overdue, 'overdue', '', `即将到期${f.visits.compliance.dueSoon}对`, f.visits.compliance.overdue > 0),
    t('flags', '待关注事项', f.flags.open, 'flags', '', f.flags.oldestOpenDays !== null ? `最久已等${f.flags.oldestOpenDays}天` : '查看', f.flags.open > 0),
  ];
  const sections = sectionsOf(d);
  const more = [
    ...(f.subnodes.length ? [{ id: 'areas', label: '各地明细', hint: `${f.subnodes.length}个下级` }] : []),
    ...sections.map((s) => ({ id: s.id, label: s.title.replace(/（.*$/, ''), hint: `${s.rows.length}项` })),
  ];
  return {
    node: f.node,
    windowLabel: f.window.label,
    asOf: chinaDateTime(f.asOf),
    updated: `数据更新于 ${shortTime(f.asOf)}`,
    goal: c.goalPercent !== null ? `目标：${c.goalBy ?? ''}前覆盖率达到${c.goalPercent}%${c.toGoal ? `，还需结对${c.toGoal}名` : '，已达成'}` : '',
    figures,
    months: monthsChart(d.series, scale),
    areas: areasChart(f.subnodes, scale),
    more,
    parent: d.parent,
  };
}
export type DashboardView = ReturnType<typeof viewOf>;

/** The child nodes as rows to open (各地明细), worst coverage first like the chart. */
export function areaRows(d: Dash) {
  return [...d.figures.subnodes].sort(worstFirst).map((s) => ({
    code: s.code, name: s.name, line1: `儿童${s.children} · 已结对${s.paired} · 覆盖率${pct(s.coveragePercent)}`,
    line2: `高风险未结对${s.unpairedHighRisk} · 逾期${s.overduePairings} · 待关注${s.openFlags} · 本期走访${s.contacts}`,
    warn: s.unpairedHighRisk > 0 || s.overduePairings > 0,
  }));
}
