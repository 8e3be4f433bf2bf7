import { CARE_NEED_LABELS, CHILD_CATEGORY_LABELS, DIFFICULT_SUBTYPE_LABELS, RISK_LEVEL_LABELS } from '../../../programmes/enums';
import * as E from '../enums';
import type { ParentFields } from '../schema';
import { onlyAmounts, parseAmount, parseMany, parseNamePhone, parseOne } from './cells';
import { joinSchool, nameAndPhone, readBirth, readSchooling, withNote } from './common';
import { annexFor, headersFor, type Layout } from './layout';

/**
 * 晋江 农村留守儿童和困境儿童个人信息台账 as one row per child: the form's cells flattened by
 * annexHeaders() (父亲姓名 …, 一季度走访时间 …). Pairing and visit columns are written empty: they
 * belong to the pairing and visit records, and are ignored on import.
 */
const H = {
  name: '儿童基本信息/姓名', sex: '性别', ethnicity: '民族', birth: '出生年月', id: '身份证号码', address: '家庭地址',
  hukou: '户籍类别', category: '儿童类别', single: '是否单亲家庭', schooling: '就学情况', boarding: '寄宿情况',
  guardianship: '监护情况', health: '健康情况', psychology: '日常心理和行为情况', relief: '享受救助情况',
  eduAid: '教育救助情况', medAid: '医疗救助情况', otherAid: '其他救助情况', income: '家庭收入人均(元/年)',
  subsidies: '家庭享受补助情况', social: '社会力量帮扶情况', carerKind: '照护人类别', carerName: '留守儿童委托照护人情况/姓名',
  carerPhone: '联系电话', entrust: '委托照料原因', risk: '家庭监护情况', director: '儿童主任姓名及电话',
  needs: '关爱服务需求', remarks: '其他说明情况',
} as const;
const PARENT_COLS = ['姓名', '身份证号码', '联系电话', '现住地址', '健康状况', '特殊情况'] as const;
const WHO = { father: '父亲', mother: '母亲' } as const;

type Cell = (h: string) => string;
type Patch = Record<string, unknown>;

/** A single-choice column: the option's code, and its note into `noteKey` when the form has one. */
function one<C extends string>(
  cell: Cell, header: string, labels: Record<C, string>, patch: Patch, key: string, problems: string[],
  opts: { note?: string; aliases?: Record<string, C> } = {},
): void {
  const text = cell(header);
  if (!text) return;
  const hit = parseOne(text, labels, opts.aliases);
  if (!hit) return void problems.push(`${header.split('/').pop()}「${text}」无法识别，可填：${Object.values<string>(labels).join('、')}`);
  patch[key] = hit.code;
  if (opts.note && hit.rest) patch[opts.note] = hit.rest;
}

/** A multiple-choice column; leftover words go to `note`, or are refused when the form has none. */
function many<C extends string>(cell: Cell, header: string, labels: Record<C, string>, problems: string[], note?: (rest: string) => void): C[] | undefined {
  const text = cell(header);
  if (!text) return undefined;
  const { codes, rest } = parseMany(text, labels);
  if (rest && note) note(rest);
  else if (rest && !onlyAmounts(rest)) problems.push(`${header}「${rest}」无法识别，可填：${Object.values<string>(labels).join('、')}`);
  return codes;
}

function readParent(cell: Cell, key: 'father' | 'mother', problems: string[]): Partial<ParentFields> {
  const who = WHO[key];
  const p: Patch = {};
  const c = (col: string) => cell(`${who}${col}`);
  if (c('姓名')) p.name = c('姓名');
  if (c('身份证号码')) p.idNumber = c('身份证号码');
  if (c('联系电话')) p.phone = c('联系电话');
  if (c('现住地址')) p.address = c('现住地址');
  one(cell, `${who}健康状况`, E.PARENT_HEALTH_LABELS, p, 'health', problems, { note: 'healthNote' });
  const situations = many(cell, `${who}特殊情况`, E.PARENT_SITUATION_LABELS, problems);
  if (situations) p.situations = situations;
  return p as Partial<ParentFields>;
}

function read(cell: Cell) {
  const problems: string[] = [];
  const p: Patch = {};
  const text = (header: string, key: string) => {
    if (cell(header)) p[key] = cell(header);
  };
  text(H.name, 'name');
  one(cell, H.sex, E.SEX_LABELS, p, 'sex', problems);
  text(H.ethnicity, 'ethnicity');
  text(H.id, 'idNumber');
  const birth = readBirth(cell(H.birth), cell(H.id) || undefined, problems);
  if (birth) p.birthDate = birth;
  text(H.address, 'address');
  one(cell, H.hukou, E.HUKOU_TYPE_LABELS, p, 'hukouType', problems);
  const cat = cell(H.category);
  if (cat) {
    const hit = parseOne(cat, CHILD_CATEGORY_LABELS, { 留守儿童: 'left_behind', 困境: 'difficult', 贫困: 'poor' });
    if (!hit) problems.push(`儿童类别「${cat}」无法识别，可填：农村留守儿童、困境儿童（具体类别）`);
    else {
      p.category = hit.code;
      const rest = hit.rest.replace(/^具体类别为?/, '');
      if (hit.code === 'difficult' && rest) p.difficultSubtypes = many(() => rest, '困境儿童具体类别', DIFFICULT_SUBTYPE_LABELS, problems);
    }
  }
  const single = cell(H.single).replace(/^是[，,、\s]*/, '');
  one(() => single || (cell(H.single) ? '是' : ''), H.single, E.SINGLE_PARENT_LABELS, p, 'singleParent', problems,
    { aliases: { 单亲母亲: 'single_mother', 单亲父亲: 'single_father', 母亲: 'single_mother', 父亲: 'single_father' } });
  Object.assign(p, readSchooling(cell(H.schooling)));
  one(cell, H.boarding, E.BOARDING_LABELS, p, 'boarding', problems, { aliases: { 寄宿: 'boarding', 走读: 'day' } });
  one(cell, H.guardianship, E.GUARDIANSHIP_LABELS, p, 'guardianship', problems,
    { note: 'guardianshipNote', aliases: { 良好: 'good', 一般: 'fair', 不到位: 'inadequate' } });
  one(cell, H.health, E.CHILD_HEALTH_LABELS, p, 'health', problems, { note: 'healthNote', aliases: { 较弱: 'weak' } });
  text(H.psychology, 'psychology');
  const relief = many(cell, H.relief, E.RELIEF_KIND_LABELS, problems, (rest) => (p.reliefNote = rest));
  if (relief) p.relief = relief;
  text(H.eduAid, 'educationAid');
  text(H.medAid, 'medicalAid');
  text(H.otherAid, 'otherAid');
  for (const key of ['father', 'mother'] as const) {
    const parent = readParent(cell, key, problems);
    if (Object.keys(parent).length) p[key] = parent;
  }
  const income = parseAmount(cell(H.income));
  if (income !== null && Number.isNaN(income)) problems.push(`家庭收入人均「${cell(H.income)}」应为数字（元/年）`);
  else if (income !== null) p.incomePerCapita = income;
  const subsidies = many(cell, H.subsidies, E.FAMILY_SUBSIDY_LABELS, problems);
  if (subsidies) p.familySubsidies = subsidies;
  text(H.social, 'socialSupport');
  const guardian: Patch = {};
  one(cell, H.carerKind, E.GUARDIAN_KIND_LABELS, guardian, 'kind', problems,
    { aliases: { 祖父母: 'grandparent', 外祖父母: 'grandparent', 亲戚: 'relative_friend', 朋友: 'relative_friend' } });
  if (cell(H.carerName)) guardian.name = cell(H.carerName);
  if (cell(H.carerPhone)) guardian.phone = cell(H.carerPhone);
  if (Object.keys(guardian).length) p.guardian = guardian;
  one(cell, H.entrust, E.ENTRUST_REASON_LABELS, p, 'entrustReason', problems);
  one(cell, H.risk, RISK_LEVEL_LABELS, p, 'riskLevel', problems, { aliases: { 低: 'low', 中: 'medium', 高: 'high' } });
  if (cell(H.director)) {
    const { name, phone } = parseNamePhone(cell(H.director));
    p.childDirector = { name, ...(phone ? { phone } : {}) };
  }
  const needs = many(cell, H.needs, CARE_NEED_LABELS, problems, (rest) => (p.needsNote = rest));
  if (needs) p.needs = needs;
  text(H.remarks, 'remarks');
  return { patch: p, problems };
}

const label = <C extends string>(labels: Record<C, string>, code: C | null): string => (code ? labels[code] : '');
const labels = <C extends string>(map: Record<C, string>, codes: C[]): string => codes.map((c) => map[c]).join('、');

export const jinjiangLedger: Layout = {
  key: 'jj-ledger',
  // getters: the preset is validated on first use, not when a function loads (src/programmes)
  get annex() {
    return annexFor('jj-ledger');
  },
  get headers() {
    // Stryker disable next-line ArrayDeclaration: the list only feeds headersFor's consistency check, which the presets pass
    return headersFor('jj-ledger', [...Object.values(H), ...(['父亲', '母亲'] as const).flatMap((w) => PARENT_COLS.map((c) => w + c))]);
  },
  defaultCategory: null,
  reads: null,
  read,
  write(r) {
    const cells: Record<string, string | number> = {
      [H.name]: r.name, [H.sex]: label(E.SEX_LABELS, r.sex), [H.ethnicity]: r.ethnicity, [H.birth]: r.birthDate,
      [H.id]: r.idNumber ?? '', [H.address]: r.address, [H.hukou]: label(E.HUKOU_TYPE_LABELS, r.hukouType),
      [H.category]: withNote(CHILD_CATEGORY_LABELS[r.category], labels(DIFFICULT_SUBTYPE_LABELS, r.difficultSubtypes), '，具体类别为'),
      [H.single]: label(E.SINGLE_PARENT_LABELS, r.singleParent),
      [H.schooling]: withNote(label(E.SCHOOLING_LABELS, r.schooling), joinSchool(r.school, r.className), '，'),
      [H.boarding]: label(E.BOARDING_LABELS, r.boarding),
      [H.guardianship]: withNote(label(E.GUARDIANSHIP_LABELS, r.guardianship), r.guardianshipNote),
      [H.health]: withNote(label(E.CHILD_HEALTH_LABELS, r.health), r.healthNote),
      [H.psychology]: r.psychology, [H.relief]: withNote(labels(E.RELIEF_KIND_LABELS, r.relief), r.reliefNote, '；'),
      [H.eduAid]: r.educationAid, [H.medAid]: r.medicalAid, [H.otherAid]: r.otherAid,
      [H.income]: r.incomePerCapita ?? '', [H.subsidies]: labels(E.FAMILY_SUBSIDY_LABELS, r.familySubsidies), [H.social]: r.socialSupport,
      [H.carerKind]: label(E.GUARDIAN_KIND_LABELS, r.guardian.kind), [H.carerName]: r.guardian.name, [H.carerPhone]: r.guardian.phone ?? '',
      [H.entrust]: label(E.ENTRUST_REASON_LABELS, r.entrustReason), [H.risk]: label(RISK_LEVEL_LABELS, r.riskLevel),
      [H.director]: nameAndPhone(r.childDirector.name, r.childDirector.phone),
      [H.needs]: withNote(labels(CARE_NEED_LABELS, r.needs), r.needsNote, '；'), [H.remarks]: r.remarks,
    };
    for (const key of ['father', 'mother'] as const) {
      const who = WHO[key];
      const x = r[key];
      Object.assign(cells, {
        [`${who}姓名`]: x.name, [`${who}身份证号码`]: x.idNumber ?? '', [`${who}联系电话`]: x.phone ?? '', [`${who}现住地址`]: x.address,
        [`${who}健康状况`]: withNote(label(E.PARENT_HEALTH_LABELS, x.health), x.healthNote), [`${who}特殊情况`]: labels(E.PARENT_SITUATION_LABELS, x.situations),
      });
    }
    return jinjiangLedger.headers.map((h) => cells[h] ?? '');
  },
};
