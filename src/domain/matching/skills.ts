import type { Need } from './types';

export const NEEDS: readonly Need[] = ['study', 'psychological', 'emotional', 'other'];

/** The labels of 遂宁's needs column (需求: 学习辅导, 心理沟通, 精神关爱, 其他). */
export const NEED_LABELS: Record<Need, string> = {
  study: '学习辅导',
  psychological: '心理沟通',
  emotional: '精神关爱',
  other: '其他帮扶',
};

/**
 * Keywords found in free-text 特长 / 职业 that show a volunteer can meet a need. A skill matches
 * when it contains a keyword, so '小学语文教师' and '辅导功课' both count for 学习辅导.
 * Order within a need does not matter; a skill may serve several needs.
 */
export const SKILL_KEYWORDS: Record<Need, readonly string[]> = {
  study: ['辅导功课', '辅导', '功课', '作业', '教师', '老师', '教学', '家教', '学习', '语文', '数学', '英语', '阅读'],
  psychological: ['心理', '咨询', '沟通', '谈心', '社工', '倾听'],
  emotional: ['陪伴', '关爱', '亲子', '育儿', '家庭教育', '母亲', '妈妈', '保育', '幼教'],
  other: ['医生', '护士', '医疗', '卫生', '法律', '律师', '体育', '音乐', '美术', '绘画', '书法', '舞蹈', '手工', '艺术', '营养', '烹饪'],
};

const bitOf = (need: Need): number => 1 << NEEDS.indexOf(need);

export function needMask(needs: readonly Need[]): number {
  let mask = 0;
  for (const n of needs) mask |= bitOf(n);
  return mask;
}

/** The needs one skill serves. */
export function skillNeeds(skill: string): Need[] {
  const s = skill.trim();
  return NEEDS.filter((n) => s !== '' && SKILL_KEYWORDS[n].some((k) => s.includes(k)));
}

/** For each need (by bit index), the first of her skills that serves it, or '' if none. */
export function coverSkills(skills: readonly string[]): string[] {
  const out = NEEDS.map(() => '');
  for (const skill of skills) {
    for (const n of skillNeeds(skill)) {
      const i = NEEDS.indexOf(n);
      if (out[i] === '') out[i] = skill.trim();
    }
  }
  return out;
}

export function coverMask(skills: readonly string[]): number {
  return coverSkills(skills).reduce((m, s, i) => (s === '' ? m : m | (1 << i)), 0);
}
