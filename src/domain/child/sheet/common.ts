import { POOR_REASONS, type PoorReason } from '../../../programmes/enums';
import { SCHOOLING_LABELS, type Schooling } from '../enums';
import { idBirthDate, isValidIdNumber, normaliseId } from '../idcard';
import { parseDate, parseOne } from './cells';

/** Readers and writers several layouts share. */

/** 出生年月: a month-only cell takes the day from a matching ID number, else the 1st. */
export function readBirth(text: string, idNumber: string | undefined, problems: string[], label = '出生年月'): string | undefined {
  if (!text.trim()) {
    if (idNumber && isValidIdNumber(idNumber)) return idBirthDate(normaliseId(idNumber));
    problems.push(`请填写${label}`);
    return undefined;
  }
  const d = parseDate(text);
  if (!d) {
    problems.push(`${label}「${text}」无法识别，请写成 2015-03-08 或 2015年3月`);
    return undefined;
  }
  if (d.monthOnly && idNumber && isValidIdNumber(idNumber)) {
    const fromId = idBirthDate(normaliseId(idNumber));
    if (fromId.slice(0, 7) === d.date.slice(0, 7)) return fromId;
  }
  return d.date;
}

/** 就学情况: a stage label (with the school and class after it), or free text naming the school. */
export function readSchooling(text: string): { schooling?: Schooling; school?: string; className?: string } {
  if (!text.trim()) return {};
  const one = parseOne(text, SCHOOLING_LABELS, { 在读小学: 'primary', 未入学: 'preschool', 辍学: 'out_of_school' });
  if (one) return { schooling: one.code, ...(one.rest ? splitSchool(one.rest) : {}) };
  // no stage guessed from a school's name: a re-imported export must not change the file
  return splitSchool(text);
}

/** '测试实验小学三年级2班' → school and class, split after the school's kind. */
export function splitSchool(text: string): { school: string; className: string } {
  const s = text.trim();
  const m = /^(.*?(?:小学|中学|学校|幼儿园|学院|职校|中专|职高|分校|校区))(.*)$/.exec(s);
  return m ? { school: m[1], className: m[2].trim() } : { school: s, className: '' };
}

export const joinSchool = (school: string, className: string): string => `${school}${className}`;

const POOR_WORDS: Record<PoorReason, RegExp> = {
  subsistence_allowance: /低保|最低生活保障/,
  orphan_or_martyr: /孤儿|烈士|优抚/,
  parent_ill_or_single: /单亲|父母一方|父亲.*(病|残)|母亲.*(病|残)/,
  disaster: /灾害|突发性事件|突发事件/,
  child_illness: /儿童本人|重大疾病|意外事故/,
  other: /其他/,
};

/** 贫困原因 as written → 龙岗's standards; text matching none counts as 其他特殊原因. */
export function poorReasonsOf(text: string): PoorReason[] {
  if (!text.trim()) return [];
  const found = POOR_REASONS.filter((r) => POOR_WORDS[r].test(text));
  return found.length ? found : ['other'];
}

/** A label with its note: '重病：白血病'. */
export const withNote = (label: string, note: string, sep = '：'): string => (label && note ? `${label}${sep}${note}` : label || note);

export const nameAndPhone = (name: string, phone: string | null): string => [name, phone ?? ''].filter(Boolean).join(' ');
