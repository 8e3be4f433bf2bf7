import { SCHOOLING_LABELS, SEX_LABELS } from '../enums';
import { parseOne } from './cells';
import { joinSchool, readBirth, readSchooling, splitSchool } from './common';
import { annexFor, headersFor, type Layout } from './layout';

/** 厦门 附件2 厦门市留守流动等困境儿童信息汇总表: no category, no ID number, no contacts. */
const H = {
  no: '序号', name: '姓名', sex: '性别', birth: '出生年月', hukouPlace: '户籍地',
  schooling: '就学情况', school: '就读学校年级', hardship: '家庭困难情况',
} as const;

export const xiamenSummary: Layout = {
  key: 'xm-2',
  // getters: the preset is validated on first use, not when a function loads (src/programmes)
  get annex() {
    return annexFor('xm-2');
  },
  get headers() {
    return headersFor('xm-2', Object.values(H));
  },
  defaultCategory: null,
  reads: ['name', 'sex', 'birthDate', 'hukouPlace', 'schooling', 'school', 'className', 'familySituation'],
  read(cell) {
    const problems: string[] = [];
    const patch: Record<string, unknown> = {};
    const name = cell(H.name);
    if (name) patch.name = name;
    const sexText = cell(H.sex);
    if (sexText) {
      const sex = parseOne(sexText, SEX_LABELS);
      if (sex) patch.sex = sex.code;
      else problems.push(`性别「${sexText}」无法识别，请填写男或女`);
    }
    const birth = readBirth(cell(H.birth), undefined, problems);
    if (birth) patch.birthDate = birth;
    if (cell(H.hukouPlace)) patch.hukouPlace = cell(H.hukouPlace);
    const stage = readSchooling(cell(H.schooling));
    if (stage.schooling) patch.schooling = stage.schooling;
    if (cell(H.school)) Object.assign(patch, splitSchool(cell(H.school)));
    // Stryker disable next-line StringLiteral: splitSchool always returns a className
    else if (stage.school) Object.assign(patch, { school: stage.school, className: stage.className ?? '' });
    if (cell(H.hardship)) patch.familySituation = cell(H.hardship);
    return { patch, problems };
  },
  write(r, index) {
    return [
      index, r.name, r.sex ? SEX_LABELS[r.sex] : '', r.birthDate, r.hukouPlace,
      r.schooling ? SCHOOLING_LABELS[r.schooling] : '', joinSchool(r.school, r.className), r.familySituation,
    ];
  },
};
