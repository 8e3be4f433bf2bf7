import * as L from './enums';
import type { Programme, ProgrammeInput } from './schema';

/**
 * A programme in plain Chinese, section by section (issue 17: an admin reviews a preset or a draft
 * before switching it on or saving a new version), and which sections two versions differ in.
 * Pure: the same text for a validated programme and, where it is complete, for a draft.
 */
export interface ProgrammeSection {
  key: string;
  title: string;
  lines: string[];
}

const names = <K extends string>(labels: Record<K, string>, codes: readonly K[] | undefined): string =>
  codes && codes.length ? codes.map((c) => labels[c] ?? c).join('、') : '不限';

/** Each section: its title, the programme fields it reads (for the change list) and its sentences. */
const SECTIONS: { key: string; title: string; fields: (keyof Programme)[]; lines: (p: Programme) => string[] }[] = [
  {
    key: 'basics', title: '项目信息', fields: ['name', 'brandName', 'city', 'year', 'issuer', 'docNumber', 'issuedOn'],
    lines: (p) => [`${p.name}（${p.brandName}）`, `${p.city} · ${p.issuer}${p.docNumber ? ` · ${p.docNumber}` : ''}${p.issuedOn ? ` · ${p.issuedOn}` : ''}`],
  },
  {
    key: 'who', title: '谁可以报名', fields: ['eligibility', 'signupFields', 'signupWindow'],
    lines: (p) => [
      `年龄 ${p.eligibility.minAge}–${p.eligibility.maxAge} 周岁，${p.eligibility.applicantSex === 'female' ? '仅限女性' : '不限性别'}`,
      `报名形式：${names(L.APPLICANT_KIND_LABELS, p.eligibility.allowedApplicantKinds)}`,
      `须承诺：${names(L.DECLARATION_LABELS, p.eligibility.requiredDeclarations)}`,
      `报名表 ${p.signupFields.length} 项，必填：${p.signupFields.filter((f) => f.required).map((f) => f.label ?? L.SIGNUP_FIELD_LABELS[f.field]).join('、') || '无'}`,
      `通知规定的报名时间：${p.signupWindow.opens ?? '不限'} 至 ${p.signupWindow.closes ?? '不限'}（实际报名时间在「爱心妈妈名册」页调整）`,
    ],
  },
  {
    key: 'children', title: '结对哪些儿童', fields: ['targetChildren'],
    lines: ({ targetChildren: t }) => [
      `儿童类别：${names(L.CHILD_CATEGORY_LABELS, t.categories)}${t.difficultSubtypes.length ? `（困境儿童：${names(L.DIFFICULT_SUBTYPE_LABELS, t.difficultSubtypes)}）` : ''}`,
      `${t.ageUnder} 周岁以下${t.sex ? `，仅${L.SEX_LABELS[t.sex]}童` : ''}${t.ruralOnly ? '，仅限农村' : ''}`,
      ...(t.requireBothParentsAway || t.minParentsAwayMonths ? [`${t.requireBothParentsAway ? '父母双方均外出' : '父母外出'}${t.minParentsAwayMonths ? ` ${t.minParentsAwayMonths} 个月以上` : ''}`] : []),
    ],
  },
  {
    key: 'approval', title: '谁来审核', fields: ['approvalChain'],
    lines: (p) => p.approvalChain.map((s, i) => `第${i + 1}步 ${s.label}（${names(L.ORG_LEVEL_LABELS, s.levels)}）`),
  },
  {
    key: 'pairing', title: '结对与服务队', fields: ['pairing', 'teams'],
    lines: (p) => [
      `结对形式：${names(L.PAIRING_FORM_LABELS, p.pairing.forms)}`,
      `每位爱心妈妈默认结对 ${p.pairing.defaultCapacity} 名、最多 ${p.pairing.maxCapacity} 名儿童；每名儿童最多 ${p.pairing.maxVolunteersPerChild} 位爱心妈妈`,
      `${p.pairing.consentRequired ? '需监护人同意' : '无需监护人同意'}；爱心妈妈 ${p.pairing.acceptanceDays} 天内确认结对`,
      `服务队：${names(L.TEAM_KIND_LABELS, p.teams.kinds)}`,
    ],
  },
  {
    key: 'visits', title: '联系与走访要求', fields: ['contactKinds', 'visitRules', 'lateStartGrace'],
    lines: (p) => [
      ...p.visitRules.map((r) => {
        const who = `${r.appliesTo.role === 'any' ? '' : L.VOLUNTEER_ROLE_LABELS[r.appliesTo.role] + '爱心妈妈，'}${r.appliesTo.riskLevels.length ? names(L.RISK_LEVEL_LABELS, r.appliesTo.riskLevels) + '儿童，' : ''}`;
        const reqs = r.requirements.map((q) => `${names(L.CONTACT_KIND_LABELS, q.kinds)} ${q.count} 次`).join('；');
        const list = r.checklist.length ? `${reqs ? '；' : ''}检查清单 ${r.checklist.length} 项${r.checklistCount > 0 ? `，须完整填写 ${r.checklistCount} 次` : ''}` : '';
        return `${r.label}：${who}${L.VISIT_PERIOD_LABELS[r.period]}${reqs}${list}`;
      }),
      `结对较晚：${L.LATE_START_GRACE_LABELS[p.lateStartGrace]}`,
    ],
  },
  {
    key: 'wishes', title: '微心愿', fields: ['wishRules'],
    lines: ({ wishRules: w }) =>
      w.enabled
        ? [`每个心愿不超过 ${w.priceCapYuan} 元；认领后 ${w.claimDays} 天内送达，到期前 ${w.reminderDaysBeforeLapse} 天提醒`, `每人同时最多认领 ${w.maxOpenClaimsPerDonor} 个`]
        : ['不开展微心愿'],
  },
  {
    key: 'quotas', title: '招募名额与结对分配', fields: ['quotas', 'allocations', 'coverageGoal'],
    lines: (p) => [
      p.quotas ? `招募${p.quotas.total ? ` ${p.quotas.total} 名` : ''}，分 ${p.quotas.items.length} 个单位下达名额` : '不设招募名额',
      p.allocations ? `结对${p.allocations.total ? ` ${p.allocations.total} 名儿童` : ''}，分 ${p.allocations.items.length} 个单位分配` : '不设结对分配',
      ...(p.coverageGoal ? [`${p.coverageGoal.by} 前${names(L.CHILD_CATEGORY_LABELS, p.coverageGoal.categories)}结对覆盖率达 ${p.coverageGoal.percent}%`] : []),
    ],
  },
  {
    key: 'reports', title: '报送与评优', fields: ['reportCalendar', 'term', 'commendation'],
    lines: (p) => [
      p.reportCalendar
        ? `每 ${p.reportCalendar.everyMonths} 个月报送一次，${p.reportCalendar.dueMonthOffset ? '次月' : '当月'} ${p.reportCalendar.dueDay} 日前；报送单位：${names(L.ORG_LEVEL_LABELS, p.reportCalendar.submitterLevels)}`
        : '不定期报送',
      p.term ? `服务期 ${p.term.years} 年${p.term.yearlyCommitment ? `，每年签订${p.term.commitmentTitle ?? '承诺书'}` : ''}` : '不设服务期',
      p.commendation ? `${p.commendation.yearly ? '每年' : ''}评优${p.commendation.month ? `（${p.commendation.month} 月）` : ''}` : '不设评优',
    ],
  },
  {
    key: 'annexes', title: '附件表格', fields: ['annexTables'],
    lines: (p) => (p.annexTables.length ? p.annexTables.map((a) => `${a.number ? a.number + ' ' : ''}${a.title}`) : ['无']),
  },
];

export function describeProgramme(p: Programme): ProgrammeSection[] {
  return SECTIONS.map((s) => ({ key: s.key, title: s.title, lines: s.lines(p) }));
}

/** Titles of the sections whose fields differ between two versions (key order does not matter). */
export function changedSections(before: ProgrammeInput | Programme, after: ProgrammeInput | Programme): string[] {
  const same = (a: unknown, b: unknown) => canonical(a) === canonical(b);
  return SECTIONS.filter((s) => s.fields.some((f) => !same((before as Programme)[f], (after as Programme)[f]))).map((s) => s.title);
}

/** Whether two programmes are the same, whatever their keys' order. */
export const sameProgramme = (a: ProgrammeInput | Programme, b: ProgrammeInput | Programme): boolean => canonical(a) === canonical(b);

function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, x) => (x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => a.localeCompare(b))) : x)) ?? 'undefined';
}
