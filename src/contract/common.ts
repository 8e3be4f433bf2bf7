import { z } from 'zod';
import { PERMISSION_KEYS } from './permissions';

/** Building blocks shared by every function's contract. Strings always carry a maximum. */
export const id = (label: string) => z.string().min(1).max(64).describe(label);
export const text = (label: string, max = 200) => z.string().trim().max(max).describe(label);
export const requiredText = (label: string, max = 200) => z.string().trim().min(1).max(max).describe(label);

export const ORG_LEVEL_CODES = ['city', 'district', 'street', 'community', 'unit'] as const;
export const orgLevel = z.enum(ORG_LEVEL_CODES).describe('组织层级');
export const orgCode = z
  .string()
  .min(1)
  .max(40)
  .regex(/^[A-Za-z0-9_-]+$/)
  .describe('组织编码');

export const permission = z.enum(PERMISSION_KEYS as [string, ...string[]]).describe('权限');
export const role = z.enum(['volunteer', 'donor', 'staff', 'admin']);

export const pageInput = {
  page: z.number().int().min(1).max(10000).default(1).describe('页码'),
  pageSize: z.number().int().min(1).max(100).default(20).describe('每页条数'),
};
export const paged = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });

export const isoDate = z.string().max(40).describe('时间');

export const OrgNode = z.object({
  code: z.string(),
  name: z.string(),
  level: orgLevel,
  parentCode: z.string().nullable(),
  path: z.array(z.string()),
});
export type OrgNode = z.infer<typeof OrgNode>;
