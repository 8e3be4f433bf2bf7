import { POOR_REASON_LABELS } from '../../../programmes/enums';
import { parseNamePhone } from './cells';
import { nameAndPhone, poorReasonsOf, readBirth } from './common';
import { annexFor, headersFor, type Layout } from './layout';

/**
 * 龙岗 附件2 贫困儿童基本情况报送表: one row per 贫困儿童, with the community by name, the guardian
 * and a phone in one cell, and the reason for hardship in words (kept, and mapped onto 龙岗's six
 * standards).
 */
const H = {
  no: '序号', name: '姓名', ageBirth: '年龄（出生年月）', community: '所在社区', guardian: '监护人及联系方式',
  address: '家庭住址', reason: '贫困原因',
} as const;

export const longgangSummary: Layout = {
  key: 'lg-2',
  // getters: the preset is validated on first use, not when a function loads (src/programmes)
  get annex() {
    return annexFor('lg-2');
  },
  get headers() {
    return headersFor('lg-2', Object.values(H));
  },
  defaultCategory: 'poor',
  reads: ['name', 'birthDate', 'guardian', 'address', 'familySituation', 'poorReasons'],
  read(cell) {
    const problems: string[] = [];
    const patch: Record<string, unknown> = {};
    if (cell(H.name)) patch.name = cell(H.name);
    const ageBirth = cell(H.ageBirth);
    // the date may sit in brackets after the age, 8（2016-05-03）, or before it, 2016-05-03（8岁）
    const bracket = /[（(]([^）)]+)[）)]/.exec(ageBirth);
    const isAge = (s: string) => /^\d{1,2}岁?$/.test(s.trim());
    const inside = bracket?.[1] ?? ageBirth;
    const outside = bracket ? ageBirth.replace(bracket[0], '') : '';
    // Stryker disable next-line MethodExpression: readBirth trims a blank outside text and answers as for ''
    const birth = readBirth(!isAge(inside) ? inside : outside.trim() && !isAge(outside) ? outside : '', undefined, problems, '出生年月');
    if (birth) patch.birthDate = birth;
    const guardian = cell(H.guardian);
    if (guardian) {
      const { name, phone } = parseNamePhone(guardian);
      patch.guardian = { name, ...(phone ? { phone } : {}) };
    }
    if (cell(H.address)) patch.address = cell(H.address);
    const reason = cell(H.reason);
    if (reason) {
      patch.familySituation = reason;
      patch.poorReasons = poorReasonsOf(reason);
    }
    const orgName = cell(H.community);
    return { patch, problems, ...(orgName ? { orgName } : {}) };
  },
  write(r, index) {
    const reason = r.familySituation || r.poorReasons.map((p) => POOR_REASON_LABELS[p]).join('、');
    return [index, r.name, `${r.age}（${r.birthDate}）`, r.orgName, nameAndPhone(r.guardian.name, r.guardian.phone), r.address, reason];
  },
};
