import { z } from 'zod';
import { describeZodError } from '../../src/contract/messages';

const schema = z.strictObject({
  name: z.string().min(1).max(5).describe('姓名'),
  idNumber: z.string().max(18).describe('身份证号码').optional(),
  phone: z.string().max(11).optional().describe('联系电话'),
  kids: z.array(z.strictObject({ n: z.string().describe('孩子姓名') })).max(2).describe('孩子'),
});

const msg = (data: unknown) => {
  const r = schema.safeParse(data, { reportInput: true });
  if (r.success) throw new Error('expected a failure');
  return describeZodError(schema, r.error);
};

test('labels are found whether describe() sits inside or outside optional()', () => {
  expect(msg({ name: '甲', idNumber: 'x'.repeat(19), kids: [] })).toBe('身份证号码不能超过18个字');
  expect(msg({ name: '甲', phone: 'x'.repeat(12), kids: [] })).toBe('联系电话不能超过11个字');
});

test('missing, too long, nested and unknown fields read as Chinese sentences', () => {
  expect(msg({ kids: [] })).toBe('请填写姓名');
  expect(msg({ name: '甲乙丙丁戊己', kids: [] })).toBe('姓名不能超过5个字');
  expect(msg({ name: '甲', kids: [{ n: 1 }] })).toBe('孩子姓名的格式不正确');
  expect(msg({ name: '甲', kids: [], x: 1 })).toBe('包含无法识别的字段：x');
});
