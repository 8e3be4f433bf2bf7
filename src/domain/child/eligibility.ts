import { ageInYears } from '../../programmes/helpers';
import { CHILD_CATEGORY_LABELS, DIFFICULT_SUBTYPE_LABELS, POOR_REASON_LABELS } from '../../programmes/enums';
import type { TargetChildren } from '../../programmes/schema';
import type { ChildFields } from './schema';

/**
 * Whether a child is one of the programme's target children (遂宁: girls under 12 whose parents
 * both work away for more than half a year and who live in the countryside). Computed from the
 * file every time, never typed in: a birthday or an edit changes it.
 */
export type EligibilityFacts = Pick<
  ChildFields,
  'category' | 'difficultSubtypes' | 'poorReasons' | 'sex' | 'birthDate' | 'parentsAway' | 'parentsAwaySince' | 'hukouType'
>;

export interface Eligibility {
  eligible: boolean;
  /** Why not, one Chinese sentence per unmet rule; empty when eligible. */
  reasons: string[];
}

/** Whole calendar months from 'YYYY-MM' to the month of `today` (YYYY-MM-DD). */
export function monthsSince(yearMonth: string, today: string): number {
  const [y0, m0] = yearMonth.split('-').map(Number);
  const [y1, m1] = today.split('-').map(Number);
  return (y1 * 12 + m1) - (y0 * 12 + m0);
}

export function eligibility(child: EligibilityFacts, target: TargetChildren, today: string): Eligibility {
  const reasons: string[] = [];
  if (!target.categories.includes(child.category)) {
    reasons.push(`本项目只面向${target.categories.map((c) => CHILD_CATEGORY_LABELS[c]).join('、')}`);
  }
  if (child.category === 'difficult' && target.difficultSubtypes.length && !child.difficultSubtypes.some((s) => target.difficultSubtypes.includes(s))) {
    reasons.push(`困境儿童类别须为${target.difficultSubtypes.map((s) => DIFFICULT_SUBTYPE_LABELS[s]).join('、')}之一`);
  }
  if (child.category === 'poor' && target.poorReasons.length && !child.poorReasons.some((r) => target.poorReasons.includes(r))) {
    reasons.push(`贫困原因须为${target.poorReasons.map((r) => POOR_REASON_LABELS[r]).join('、')}之一`);
  }
  if (target.sex) {
    if (!child.sex) reasons.push('未填写性别');
    else if (child.sex !== target.sex) reasons.push(`本项目只面向${target.sex === 'female' ? '女童' : '男童'}`);
  }
  const age = ageInYears(child.birthDate, today);
  if (age >= target.ageUnder) reasons.push(`须未满${target.ageUnder}周岁（现${age}岁）`);
  if (age < 0) reasons.push('出生日期晚于今天');
  if (target.requireBothParentsAway && child.parentsAway !== 'both') reasons.push('须父母双方均外出');
  if (target.minParentsAwayMonths) {
    if (!child.parentsAwaySince) reasons.push('未填写父母外出起始年月');
    else if (monthsSince(child.parentsAwaySince, today) < target.minParentsAwayMonths) {
      reasons.push(`父母外出须满${target.minParentsAwayMonths}个月`);
    }
  }
  if (target.ruralOnly && child.hukouType !== 'rural') reasons.push(child.hukouType ? '须为农村户籍' : '未填写户籍类别');
  return { eligible: reasons.length === 0, reasons };
}
