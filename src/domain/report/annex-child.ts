import { CARE_NEED_LABELS, CHILD_CATEGORY_LABELS, DIFFICULT_SUBTYPE_LABELS, POOR_REASON_LABELS } from '../../programmes/enums';
import { PARENTS_AWAY_LABELS, RETURN_FREQUENCY_LABELS, SEX_LABELS, SCHOOLING_LABELS } from '../child/enums';
import type { ChildFields } from '../child/schema';
import { ym, ymd, type Cell, type FormFill } from './annex-sheet';

/**
 * A child's record filled into a child_info form (厦门 附件1, 遂宁 附件1), by the annex's field
 * labels. Sensitive values arrive already full or masked, as the caller may see them. A label the
 * registry holds nothing for (照片, a family member's age) stays blank; unknown labels stay blank
 * too, so an edited programme's extra field gives an empty cell rather than a wrong one.
 */
export type ChildFormRecord = ChildFields & {
  /** The child's 乡镇（街道） and 村（社区） names, from her org path. */
  streetName: string;
  communityName: string;
};

const labels = <K extends string>(values: readonly K[] | null | undefined, map: Record<K, string>) => (values ?? []).map((v) => map[v] ?? v);
const joinNonEmpty = (parts: (string | null | undefined)[], sep = '；') => parts.filter(Boolean).join(sep);

/** 父亲：X；母亲：Y — one line for both parents' answers to the same question. */
function bothParents(r: ChildFields, pick: (p: ChildFields['father']) => string): string {
  return joinNonEmpty([pick(r.father) ? `父亲：${pick(r.father)}` : '', pick(r.mother) ? `母亲：${pick(r.mother)}` : '']);
}

/**
 * 厦门 附件1 "目前与留守儿童及困境儿童居住生活的家庭成员": the guardian (照护人), and each parent
 * the record does not say is away. The registry holds no ages or jobs of guardians: blank.
 */
export function householdRows(r: ChildFields): Cell[][] {
  const rows: Cell[][] = [];
  const away = r.parentsAway;
  const parents: ['father' | 'mother', string][] = [['father', '父亲'], ['mother', '母亲']];
  for (const [key, call] of parents) {
    const p = r[key];
    const isAway = away === 'both' || away === key;
    if (!p?.name || isAway) continue;
    rows.push([call, p.name, '', p.address || r.address, p.job, p.phone ?? '']);
  }
  const g = r.guardian;
  if (g?.name && !rows.some((row) => row[1] === g.name)) rows.push([g.relation || '监护人', g.name, '', r.address, '', g.phone ?? '']);
  return rows;
}

export function childFormFill(r: ChildFormRecord, today: string): FormFill {
  const school = `${r.school ?? ''}${r.className ?? ''}`;
  const plain: Record<string, string> = {
    姓名: r.name, 女童姓名: r.name, 性别: r.sex ? SEX_LABELS[r.sex] : '', 出生年月: ym(r.birthDate),
    家庭住址: r.address, 现居住地址: r.address, 所在学校: r.school, 班级: r.className, 就读学校及班级: school,
    就学情况: r.schooling ? SCHOOLING_LABELS[r.schooling] : '', 班主任: r.classTeacher, 联系方式: r.classTeacherPhone ?? '',
    是否建档立卡贫困户: r.poorHousehold === null || r.poorHousehold === undefined ? '' : r.poorHousehold ? '是' : '否', 照片: '',
    父亲姓名: r.father?.name ?? '', 母亲姓名: r.mother?.name ?? '', 临时监护人姓名: r.guardian?.name ?? '',
    与临时监护人的关系: r.guardian?.relation ?? '',
    父母外出情况: r.parentsAway ? PARENTS_AWAY_LABELS[r.parentsAway] : '',
    父母外出地点: bothParents(r, (p) => p?.workPlace ?? ''), 父母外出从事何种工作: bothParents(r, (p) => p?.job ?? ''),
    父母一般多久回家一次: r.returnFrequency ? RETURN_FREQUENCY_LABELS[r.returnFrequency] : '',
    兴趣爱好: r.interests, 目前需求: joinNonEmpty([labels(r.needs, CARE_NEED_LABELS).join('、'), r.needsNote]),
    儿童及家庭主要情况: joinNonEmpty([
      r.category ? CHILD_CATEGORY_LABELS[r.category] : '',
      labels(r.difficultSubtypes, DIFFICULT_SUBTYPE_LABELS).join('、'),
      labels(r.poorReasons, POOR_REASON_LABELS).join('、'),
      r.familySituation,
    ]),
    备注: r.remarks,
  };
  // the same label under different people: 父亲 / 母亲 / 临时监护人 联系电话
  const bySection: Record<string, Record<string, string>> = {
    父亲: { 联系电话: r.father?.phone ?? '' },
    母亲: { 联系电话: r.mother?.phone ?? '' },
    临时监护人: { 联系电话: r.guardian?.phone ?? '' },
  };
  const header: Record<string, string> = {
    信息采集时间: ymd(today),
    '乡镇（街道）村（社区）': joinNonEmpty([r.streetName, r.communityName], ' '),
  };
  return {
    header: (f) => header[f] ?? '',
    field: (section, f) => (section && bySection[section]?.[f] !== undefined ? bySection[section][f] : plain[f] ?? ''),
    repeating: () => householdRows(r),
    footer: () => '',
  };
}
