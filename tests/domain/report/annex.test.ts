import { allPresets } from '../../../src/programmes';
import { routeOf } from '../../../src/domain/report/annex-catalog';
import { formLabels, formRows, sheetName, tableHead, type AnnexForm, type AnnexSheet } from '../../../src/domain/report/annex-sheet';
import { householdRows } from '../../../src/domain/report/annex-child';
import { opinionOf, volunteerRow, type VolunteerRecord } from '../../../src/domain/report/annex-volunteer';
import { emptyFields } from '../../../src/domain/child';
import type { ChildFields } from '../../../src/domain/child';

const annex = (key: string) => allPresets().flatMap((p) => p.annexTables).find((a) => a.key === key)!;

describe('routes', () => {
  test('every annex of every preset has an export, the reused ones pointing at their own actions', () => {
    const routes = Object.fromEntries(allPresets().flatMap((p) => p.annexTables).map((a) => [a.key, routeOf(a)]));
    expect(Object.values(routes).every(Boolean)).toBe(true);
    expect(Object.entries(routes).map(([k, r]) => [k, `${r!.fn}.${r!.action}`])).toEqual([
      ['xm-1', 'report.exportAnnex'], ['xm-2', 'child.exportSheet'], ['xm-3', 'report.exportAnnex'], ['xm-4', 'report.exportAnnex'],
      ['xm-5', 'pairing.exportCard'], ['xm-6', 'pairing.exportSheet'], ['sn-1', 'report.exportAnnex'], ['sn-2', 'report.exportAnnex'],
      ['sn-3', 'pairing.exportCard'], ['jj-ledger', 'child.exportSheet'], ['lg-1', 'report.exportAnnex'], ['lg-2', 'child.exportSheet'],
      ['lg-3', 'pairing.exportSheet'],
    ]);
    expect(routes['xm-1']!.permissions).toEqual(['report.export', 'child.export']);
    expect(routes['sn-2']!.permissions).toEqual(['report.export', 'volunteer.read']);
    expect(routes['lg-1']!.permissions).toEqual(['report.export']);
  });

  test('an annex no action can write (an edited programme\'s new summary) has no route', () => {
    expect(routeOf({ ...annex('xm-2'), key: 'xm-9' })).toBeNull();
    expect(routeOf({ ...annex('xm-4'), kind: 'form', sections: [{ title: null, fields: ['姓名'], rowLabels: [], repeating: false }] } as never)).toBeNull();
  });
});

describe('layouts', () => {
  test('a table: title, header line, grouped headers over their columns, the columns', () => {
    const head = tableHead(annex('xm-6') as AnnexSheet, (f) => (f === '填报单位' ? '海沧区' : '2026年1月1日'));
    expect(head.rows[0]).toEqual(['厦门市爱心妈妈与留守流动等困境儿童结对汇总表']);
    expect(head.rows[1]).toEqual(['填报单位：海沧区　　填报时间：2026年1月1日']);
    expect(head.rows[2]).toEqual(['', '爱心妈妈情况', '', '', '结对儿童情况', '', '']);
    expect(head.rows[3]).toEqual(['序号', '姓名', '单位职务', '联系电话', '姓名', '就读学校及班级', '联系电话']);
    expect(head.merges).toEqual(['A1:G1', 'A2:G2', 'B3:D3', 'E3:G3']);
  });

  test('a table without header fields (龙岗 附件1) has its columns right under the title', () => {
    expect(tableHead(annex('lg-1') as AnnexSheet, () => '').rows).toEqual([['各街道贫困儿童名额分配表'], ['街道', '名额', '备注']]);
  });

  test('a form: labels in order in column A, section titles merged, a repeating section as a header row and its rows', () => {
    const form = annex('xm-1') as AnnexForm;
    const out = formRows(form, { header: () => '2026年1月1日', field: (_s, f) => `值${f}`, repeating: () => [['祖母', '测试祖母', '', '测试村', '', '139']], footer: () => '' });
    expect(out.rows.slice(0, 3)).toEqual([['厦门市留守流动等困境儿童信息表'], ['信息采集时间：2026年1月1日'], ['家庭住址', '值家庭住址']]);
    const at = out.rows.findIndex((r) => r[0] === '称呼');
    expect(out.rows[at - 1]).toEqual(['目前与留守儿童及困境儿童居住生活的家庭成员']);
    expect(out.rows[at]).toEqual(['称呼', '姓名', '年龄', '所在地', '职业', '联系电话']);
    expect(out.rows[at + 1]).toEqual(['祖母', '测试祖母', '', '测试村', '', '139']);
    expect(out.merges[0]).toBe('A1:F1');
    expect(formLabels(form)).toEqual(['家庭住址', '所在学校', '班级', '班主任', '联系方式', '儿童及家庭主要情况', '备注']);
  });

  test('a form\'s footer boxes follow its fields; worksheet names are short and legal', () => {
    const out = formRows(annex('sn-2') as AnnexForm, { header: () => '', field: () => '', repeating: () => [], footer: (f) => `意见${f}` });
    expect(out.rows.slice(-2)).toEqual([['县区（园区）妇联意见', '意见县区（园区）妇联意见'], ['市妇联意见', '意见市妇联意见']]);
    expect(sheetName(12, '测试/儿童[甲]*')).toBe('12-测试儿童甲');
    expect(sheetName(1, '很'.repeat(40))).toHaveLength(31);
  });
});

describe('values', () => {
  const child = (over: Partial<ChildFields>): ChildFields => ({ ...emptyFields(), name: '测试儿童', birthDate: '2016-01-01', category: 'left_behind', ...over } as ChildFields);
  const parent = (name: string) => ({ ...emptyFields().father, name, phone: '139', job: '工人' });

  test('family members living with the child: parents not away, then the guardian (once)', () => {
    expect(householdRows(child({ parentsAway: 'both', father: parent('测试父'), guardian: { kind: 'grandparent', name: '测试祖母', phone: '138', relation: '祖母' } })).map((r) => r[1])).toEqual(['测试祖母']);
    expect(householdRows(child({ parentsAway: 'father', father: parent('测试父'), mother: parent('测试母'), guardian: { kind: 'parent', name: '测试母', phone: '139', relation: '母亲' } })).map((r) => r[0])).toEqual(['母亲']);
    expect(householdRows(child({}))).toEqual([]);
  });

  const mum: VolunteerRecord = {
    name: '测试妈妈', birthDate: '1980-06-15', applicantKind: 'team', groupName: '测试服务队', form: { employerAndPost: '测试单位 会计', remarks: '周末有空' },
    idNumber: '', phone: '138****0001', orgName: '测试社区', preferredAreaName: null, submittedAt: '2026-01-10T00:00:00Z', round: 2,
    decisions: [
      { round: 1, stepKey: 'county', decision: 'reject', opinion: '材料不全', at: '2026-01-01T00:00:00Z' },
      { round: 2, stepKey: 'county', decision: 'approve', opinion: null, at: '2026-01-20T00:00:00Z' },
    ],
  };

  test('a volunteer summary row in the annex\'s columns; 备注 names her team', () => {
    expect(volunteerRow(['序号', '姓名', '年龄', '单位及职务', '家庭住址', '联系电话', '备注'], mum, 3, '2026-06-14')).toEqual([3, '测试妈妈', '45', '测试单位 会计', '', '138****0001', '周末有空；团队报名：测试服务队']);
  });

  test('an opinion box is its step\'s decision in the current round only', () => {
    const chain = [{ key: 'county', label: '县区（园区）妇联意见', levels: ['district' as const] }];
    expect(opinionOf(mum, chain, '县区（园区）妇联意见')).toBe('同意（2026年1月20日）');
    expect(opinionOf(mum, chain, '市妇联意见')).toBe('');
  });
});
