import type { z } from 'zod';

/**
 * Turns zod issues into one Chinese sentence that names the field in Chinese. Field labels come
 * from `.describe('中文名')` on the schema, so the contract is the only place they are written.
 */
type Issue = z.core.$ZodIssue;
type AnySchema = z.core.$ZodType;

function child(schema: AnySchema | undefined, key: PropertyKey): AnySchema | undefined {
  let s = schema;
  // unwrap optional / nullable / default / readonly wrappers
  for (let i = 0; s && i < 5; i++) {
    const def = s._zod.def as unknown as { innerType?: AnySchema; shape?: Record<string, AnySchema>; element?: AnySchema };
    if (def.shape && typeof key === 'string') return def.shape[key];
    if (def.element && typeof key === 'number') return def.element;
    s = def.innerType;
  }
  return undefined;
}

/** The label may sit on a wrapper (`.optional().describe()`) or inside it (`.describe().optional()`). */
function describe(schema: AnySchema | undefined): string | undefined {
  let s = schema;
  for (let i = 0; s && i < 5; i++) {
    const d = (s as unknown as { description?: string }).description;
    if (d) return d;
    s = (s._zod.def as unknown as { innerType?: AnySchema }).innerType;
  }
  return undefined;
}

export function labelAt(root: AnySchema, path: readonly PropertyKey[]): string {
  let s: AnySchema | undefined = root;
  let label: string | undefined;
  for (const key of path) {
    s = child(s, key);
    const d = describe(s);
    if (d) label = d;
    else if (typeof key === 'number' && label) label = `${label}第${key + 1}项`;
  }
  return label ?? (path.length ? String(path[path.length - 1]) : '输入');
}

function sizeWord(origin: unknown): { unit: string; verb: string } {
  if (origin === 'string') return { unit: '个字', verb: '' };
  if (origin === 'array' || origin === 'set') return { unit: '项', verb: '' };
  return { unit: '', verb: '' };
}

function sentence(issue: Issue, label: string): string {
  switch (issue.code) {
    case 'invalid_type':
      return (issue as { input?: unknown }).input === undefined ? `请填写${label}` : `${label}的格式不正确`;
    case 'too_small': {
      const { unit } = sizeWord(issue.origin);
      if (issue.origin === 'string' && Number(issue.minimum) <= 1) return `请填写${label}`;
      if (issue.origin === 'array' && Number(issue.minimum) <= 1) return `请至少选择一项${label}`;
      return `${label}不能少于${String(issue.minimum)}${unit}`;
    }
    case 'too_big': {
      const { unit } = sizeWord(issue.origin);
      return `${label}不能超过${String(issue.maximum)}${unit}`;
    }
    case 'invalid_value':
      return `${label}不在可选范围内`;
    case 'invalid_format':
      return `${label}的格式不正确`;
    case 'unrecognized_keys':
      return `包含无法识别的字段：${issue.keys.join('、')}`;
    case 'custom':
      return issue.message && /[\u4e00-\u9fa5]/.test(issue.message) ? issue.message : `${label}不正确`;
    default:
      return `${label}不正确`;
  }
}

/** The first issue decides the message: a user fixes one field at a time. */
export function describeZodError(schema: AnySchema, error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return '填写的内容有误';
  if (issue.code === 'custom' && issue.message && /[\u4e00-\u9fa5]/.test(issue.message)) return issue.message;
  return sentence(issue, labelAt(schema, issue.path));
}
