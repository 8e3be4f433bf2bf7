import { PRESET_INPUTS, ProgrammeSchema, validateProgramme, type ProgrammeInput } from '../../src/programmes';

/** A mutable copy of a preset as written (schema inputs: defaults may be missing). */
type Draft = ProgrammeInput & Record<string, unknown>;
function draft(id = 'suining-2019'): Draft {
  return structuredClone(PRESET_INPUTS.find((p) => p.id === id)!) as Draft;
}
function messages(p: unknown): string[] {
  const r = ProgrammeSchema.safeParse(p);
  return r.success ? [] : r.error.issues.map((i) => i.message);
}
/** The broken variant is refused, with a Chinese message matching `pattern`. */
function expectRefused(p: unknown, pattern: RegExp): void {
  const all = messages(p);
  expect(all.some((m) => pattern.test(m))).toBe(true);
  for (const m of all) expect(m).toMatch(/[\u4e00-\u9fa5]/);
  const v = validateProgramme(p);
  expect(v.ok).toBe(false);
}

describe('the unbroken presets pass (so each refusal below is caused by its one change)', () => {
  it.each(PRESET_INPUTS.map((p) => p.id))('%s', (id) => expect(messages(draft(id))).toEqual([]));
});

describe('org tree', () => {
  it('codes are unique', () => {
    const p = draft();
    p.orgTree.push({ ...p.orgTree[1]!, name: '另一个' });
    expectRefused(p, /组织编码“sn-chuanshan”重复/);
  });
  it('exactly one root', () => {
    const none = draft();
    none.orgTree[0]!.parentCode = 'sn-anju';
    expectRefused(none, /必须有一个根节点/);
    const two = draft();
    two.orgTree.push({ code: 'other', name: '另一市', level: 'city', parentCode: null });
    expectRefused(two, /只能有一个根节点，现有2个/);
  });
  it('the root comes first', () => {
    const p = draft();
    p.orgTree.reverse();
    expectRefused(p, /根节点必须排在组织架构的第一位/);
  });
  it('parents exist', () => {
    const p = draft();
    p.orgTree.push({ code: 'sn-x', name: '某街道', level: 'street', parentCode: 'nowhere' });
    expectRefused(p, /上级组织编码“nowhere”不存在/);
  });
  it('no cycles', () => {
    const p = draft();
    p.orgTree.push({ code: 'a', name: '甲街道', level: 'street', parentCode: 'b' }, { code: 'b', name: '乙街道', level: 'street', parentCode: 'a' });
    expectRefused(p, /上级关系形成了循环/);
  });
  it('levels nest: nothing under a community, no district under a street', () => {
    const p = draft();
    p.orgTree.push(
      { code: 's1', name: '某街道', level: 'street', parentCode: 'sn-anju' },
      { code: 'c1', name: '某社区', level: 'community', parentCode: 's1' },
      { code: 'd1', name: '某区', level: 'district', parentCode: 's1' },
    );
    expect(messages(p)).toEqual(['组织“某区”（区/县/园区）不能隶属于“某街道”（街道/乡镇）']);
    const q = draft();
    q.orgTree.push({ code: 'c1', name: '某社区', level: 'community', parentCode: 'sn-anju' }, { code: 'u1', name: '某单位', level: 'unit', parentCode: 'c1' });
    expectRefused(q, /不能隶属于“某社区”/);
  });
  it('codes are safe identifiers', () => {
    const p = draft();
    p.orgTree[1]!.code = 'sn chuanshan';
    expectRefused(p, /组织编码只能包含/);
  });
});

describe('eligibility and sign-up', () => {
  it('minAge < maxAge', () => {
    const p = draft();
    p.eligibility.minAge = 60;
    expectRefused(p, /最低年龄必须小于最高年龄/);
    p.eligibility.minAge = 61;
    expectRefused(p, /最低年龄必须小于最高年龄/);
  });
  it('privacy consent is always declared', () => {
    const p = draft();
    p.eligibility.requiredDeclarations = ['law_abiding'];
    expectRefused(p, /同意隐私告知/);
  });
  it('name, phone and a birth date or ID number are required fields', () => {
    const p = draft();
    p.signupFields = p.signupFields.filter((f) => f.field !== 'phone');
    expectRefused(p, /必填的“联系电话”/);
    const q = draft();
    q.signupFields = q.signupFields.map((f) => (f.field === 'birthDate' || f.field === 'idNumber' ? { ...f, required: false } : f));
    expectRefused(q, /“出生年月”或“身份证号码”/);
    const r = draft();
    r.signupFields.push({ field: 'education', required: false });
    expectRefused(r, /报名字段“学历”重复/);
  });
  it('a women-only programme asks, as required, 性别 or the ID number', () => {
    const sentence = '本项目只接受女性报名，报名表必须包含必填的“性别”或“身份证号码”，才能核对性别';
    const without = draft('xiamen-2017');
    without.signupFields = without.signupFields.filter((f) => f.field !== 'sex');
    expect(messages(without)).toEqual([sentence]);
    const optional = draft('longgang-2019');
    optional.signupFields = optional.signupFields.map((f) => (f.field === 'sex' ? { ...f, required: false } : f));
    expect(messages(optional)).toEqual([sentence]);
    const idOptional = draft('jinjiang-2024'); // asks the ID number, but a man may leave it empty
    idOptional.signupFields = idOptional.signupFields.filter((f) => f.field !== 'sex');
    expectRefused(idOptional, /必须包含必填的“性别”或“身份证号码”/);
    idOptional.signupFields = idOptional.signupFields.map((f) => (f.field === 'idNumber' ? { ...f, required: true } : f));
    expect(messages(idOptional)).toEqual([]);
    const suining = draft(); // its required ID number is the proof
    expect(suining.signupFields.some((f) => f.field === 'sex')).toBe(false);
    expect(messages(suining)).toEqual([]);
    without.eligibility.applicantSex = 'any'; // open to everyone: nothing to prove
    expect(messages(without)).toEqual([]);
  });
  it('the sign-up window closes on or after the day it opens, on days that exist', () => {
    const p = draft();
    p.signupWindow = { opens: '2019-07-01', closes: '2019-06-30' };
    expect(messages(p)).toEqual(['报名截止日期不能早于报名开始日期']);
    expect(validateProgramme(p)).toMatchObject({ ok: false, problems: [{ path: 'signupWindow.closes' }] });
    p.signupWindow = { opens: '2019-07-01', closes: '2019-07-01' }; // a one-day window
    expect(messages(p)).toEqual([]);
    p.signupWindow = { opens: null, closes: '2019-02-29' };
    expect(messages(p)).toEqual(['报名截止日期不是有效的日期']);
    p.signupWindow = { opens: '2019/07/01', closes: null };
    expect(messages(p)).toEqual(['报名开始日期格式应为 YYYY-MM-DD']);
  });
});

describe('approval chain', () => {
  it('each step acts at a level present in the tree', () => {
    const p = draft();
    p.approvalChain[0]!.levels = ['community'];
    expectRefused(p, /审批环节“县区（园区）妇联意见”的层级（村\/社区）在组织架构中不存在/);
  });
  it('step keys are unique', () => {
    const p = draft();
    p.approvalChain[1]!.key = 'county';
    expectRefused(p, /审批环节编码“county”重复/);
  });
});

describe('quotas and allocations', () => {
  it('quotas reference existing nodes, once each, within the total', () => {
    const p = draft();
    p.quotas!.items[0]!.orgCode = 'sn-nowhere';
    expectRefused(p, /招募名额引用的组织编码“sn-nowhere”不存在/);
    const q = draft();
    q.quotas!.items.push({ orgCode: 'sn-anju', atLeast: 1 });
    expectRefused(q, /招募名额中组织“sn-anju”重复/);
    const r = draft();
    r.quotas!.total = 999;
    expectRefused(r, /各单位招募名额之和（1000）超过了招募总数（999）/);
  });
  it('allocations reference existing nodes and targeted categories, and add up to the total', () => {
    const p = draft('xiamen-2017');
    p.allocations!.items[0]!.orgCode = 'xm-nowhere';
    expectRefused(p, /名额分配引用的组织编码“xm-nowhere”不存在/);
    const q = draft('xiamen-2017');
    q.allocations!.items[0]!.counts = { poor: 20 };
    expectRefused(q, /儿童类别“贫困儿童”不在本项目结对对象中/);
    const r = draft('xiamen-2017');
    r.allocations!.items[2]!.counts = { left_behind: 6, difficult: 15 };
    expectRefused(r, /名额总数应为160，各单位名额相加为161/);
    const s = draft('longgang-2019');
    s.allocations!.items[0]!.counts = { poor: 0 };
    expectRefused(s, /名额不能为0/);
  });
});

describe('visit rules', () => {
  it('use kinds the programme counts', () => {
    const p = draft('longgang-2019');
    p.visitRules[0]!.requirements[0]!.kinds = ['insurance'];
    expectRefused(p, /未启用的走访方式“购买意外保险”/);
  });
  it('have a requirement or a checklist, and unique keys', () => {
    const p = draft();
    p.visitRules[0]!.requirements = [];
    expectRefused(p, /至少需要一项频次要求或一份检查清单/);
    const q = draft();
    q.visitRules[1]!.key = q.visitRules[0]!.key;
    expectRefused(q, /走访规则编码“monthly_contact”重复/);
  });
  it('a checklist names the kinds of visit it is filled on', () => {
    const p = draft('yueyang-2024');
    p.visitRules[1]!.checklistKinds = [];
    expectRefused(p, /检查清单需指定适用的走访方式/);
  });
  it('a counted checklist needs a checklist', () => {
    const p = draft('yueyang-2024');
    p.visitRules[1]!.checklist = [];
    p.visitRules[1]!.requirements = [{ kinds: ['home_visit'], count: 1, label: '入户' }];
    expectRefused(p, /要求完整填写检查清单 1 次，但没有检查清单/);
    const q = draft('yueyang-2024');
    q.visitRules[1]!.checklistCount = -1;
    expectRefused(q, /不能小于0/);
  });
  it('periods come from the enumeration', () => {
    const p = draft();
    (p.visitRules[0] as { period: string }).period = 'fortnight';
    expectRefused(p, /周期不在可选范围内/);
  });
});

describe('pairing, wishes, reports, commendation, children', () => {
  it('capacities agree with the forms allowed', () => {
    const p = draft();
    p.pairing.maxCapacity = 0;
    expectRefused(p, /不能小于1/);
    const q = draft('longgang-2019');
    q.pairing.maxCapacity = 2;
    expectRefused(q, /未允许“一对多”或“多对多”结对/);
    const r = draft('longgang-2019');
    r.pairing.maxVolunteersPerChild = 2;
    expectRefused(r, /未允许“多对一”或“多对多”结对/);
    const s = draft('yueyang-2024');
    s.pairing.localRemote = { local: 2, remote: 1 };
    expectRefused(s, /本地与异地志愿者人数之和/);
  });
  it('a claim reminder comes before the claim lapses', () => {
    const p = draft();
    p.wishRules = { claimDays: 3, reminderDaysBeforeLapse: 3 };
    expectRefused(p, /到期前提醒天数必须小于认领有效期/);
  });
  it('reports are submitted by a level present in the tree', () => {
    const p = draft('longgang-2019');
    p.reportCalendar!.submitterLevels = ['community'];
    expectRefused(p, /报送层级“村\/社区”在组织架构中不存在/);
  });
  it('commendation weighs something', () => {
    const p = draft();
    p.commendation!.weights = { service_hours: 0 };
    expectRefused(p, /至少需要一项大于0的权重/);
  });
  it('child sub-types belong to a targeted category', () => {
    const p = draft();
    p.targetChildren.difficultSubtypes = ['disabled'];
    expectRefused(p, /未将困境儿童列为结对对象/);
  });
});

describe('annex tables', () => {
  it('keys are unique', () => {
    const p = draft();
    p.annexTables[1]!.key = p.annexTables[0]!.key;
    expectRefused(p, /附件编码“sn-1”重复/);
  });
  it('headers are unique once qualified by their group or section', () => {
    const p = draft('longgang-2019');
    const t = p.annexTables[2]!;
    if (t.kind !== 'table') throw new Error('table expected');
    t.columns.push('备注');
    expectRefused(p, /表头“备注”重复/);
    const q = draft('xiamen-2017');
    const card = q.annexTables[4]!;
    if (card.kind !== 'form') throw new Error('form expected');
    card.sections[1]!.title = '爱心妈妈';
    expectRefused(q, /表头“爱心妈妈\/联系电话”重复/);
  });
  it('header groups stay inside the header row', () => {
    const p = draft('xiamen-2017');
    const t = p.annexTables[5]!;
    if (t.kind !== 'table') throw new Error('table expected');
    t.groups![1]!.span = 4;
    expectRefused(p, /表头分组“结对儿童情况”超出表头范围/);
  });
});

describe('validateProgramme', () => {
  it('lists every problem with its path, in Chinese', () => {
    const p = draft();
    p.eligibility.minAge = 70;
    p.quotas!.items[0]!.orgCode = 'gone';
    delete (p as Record<string, unknown>).city;
    const r = validateProgramme(p);
    if (r.ok) throw new Error('should fail');
    const paths = r.problems.map((x) => x.path);
    expect(paths).toEqual(expect.arrayContaining(['city']));
    for (const x of r.problems) expect(x.message).toMatch(/[\u4e00-\u9fa5]/);
    expect(r.problems.find((x) => x.path === 'city')!.message).toMatch(/城市/);
  });
});
