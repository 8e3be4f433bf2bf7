import { applyPatch, diffRecords, dropMasked, emptyFields, mapSensitive, type SealedValue } from '../../../src/domain/child';

const sealed = (v: string): SealedValue => ({ enc: `enc(${v})-${Math.random()}`, hash: `h(${v})`, masked: v.slice(0, 3) + '****' + v.slice(-4) });
const base = () => ({ ...emptyFields(), name: '测试儿童甲', birthDate: '2016-05-03', category: 'left_behind' as const });

test('a patch changes only what it names, nested people field by field', () => {
  const before = applyPatch(base(), { father: { name: '测试父亲', address: '测试市' } });
  const after = applyPatch(before, { father: { address: '外地' }, sex: 'female' });
  expect(after.father).toMatchObject({ name: '测试父亲', address: '外地' });
  expect(after.sex).toBe('female');
  expect(after.name).toBe('测试儿童甲');
  expect(before.father.address).toBe('测试市'); // not mutated
});

test('the diff names each changed field with readable values; sealed values compare by hash and show masked', () => {
  const a = mapSensitive<string, SealedValue>(applyPatch(base(), { guardian: { phone: '13900000001' }, needs: ['study', 'emotional'] }), sealed);
  const sameNumberNewSeal = mapSensitive<string, SealedValue>(applyPatch(base(), { guardian: { phone: '13900000001' }, needs: ['emotional', 'study'] }), sealed);
  expect(diffRecords(a, sameNumberNewSeal)).toEqual([]);
  const b = mapSensitive<string, SealedValue>(applyPatch(base(), { guardian: { phone: '13900000002' }, riskLevel: 'high', needs: ['study'] }), sealed);
  const changes = diffRecords(a, b);
  expect(changes).toEqual([
    { field: 'guardian.phone', label: '监护人联系电话', from: '139****0001', to: '139****0002' },
    { field: 'riskLevel', label: '家庭监护风险等级', from: '', to: '高风险' },
    { field: 'needs', label: '关爱服务需求', from: '学习辅导、精神关爱', to: '学习辅导' },
  ]);
  expect(JSON.stringify(changes)).not.toContain('13900000002');
});

test('masked values in a re-imported sheet are dropped, so the stored number stays', () => {
  const patch = dropMasked({ idNumber: '9900**********0027', guardian: { name: '测试祖母', phone: '139****0001' }, name: '测试儿童甲' });
  expect(patch).toEqual({ guardian: { name: '测试祖母' }, name: '测试儿童甲' });
});
