import type { ZodType } from 'zod';

/**
 * Inputs made from an action's zod schema (the contract), for fuzzing: a plausible value that
 * gets past each field's own checks where a simple candidate does, and, per field, values of the
 * wrong kind. Reads zod 4's public definition (`schema._zod.def`); the types the contract uses
 * are object, string, number, boolean, enum, literal, array, optional, nullable and default.
 */
type Def = { type: string; shape?: Record<string, ZodType>; innerType?: ZodType; element?: ZodType; entries?: Record<string, string>; values?: unknown[] };
const defOf = (s: ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;
const fits = (s: ZodType, v: unknown) => s.safeParse(v).success;

const STRINGS = ['测试', 'a', 'abc123', '2026-03-15', '2026-03', '2026', '13800000000', '110101201001011234', 'x'.repeat(8), 'https://example.com/a.png', 'cloud://env/a.jpg'];
const NUMBERS = [1, 0, 2, 10, 30, 60, 2026, 0.5, 100];

/** A value the schema accepts where one of a few candidates does; otherwise the first candidate. */
export function plausible(s: ZodType, depth = 0): unknown {
  const d = defOf(s);
  switch (d.type) {
    case 'object':
      return Object.fromEntries(Object.entries(d.shape!).map(([k, v]) => [k, plausible(v, depth + 1)]).filter(([, v]) => v !== undefined));
    case 'optional':
    case 'default':
    case 'nullable':
      return depth > 6 ? undefined : plausible(d.innerType!, depth + 1);
    case 'string':
      return STRINGS.find((c) => fits(s, c)) ?? 'a';
    case 'number':
      return NUMBERS.find((c) => fits(s, c)) ?? 1;
    case 'boolean':
      return true;
    case 'enum':
      return Object.values(d.entries!)[0];
    case 'literal':
      return d.values![0];
    case 'array': {
      const one = [plausible(d.element!, depth + 1)];
      return fits(s, []) ? [] : one;
    }
    default:
      return undefined;
  }
}

export type Path = (string | number)[];

/** Every field of an object schema (nested objects included), with the schema under wrappers. */
export function fields(s: ZodType, path: Path = []): { path: Path; schema: ZodType }[] {
  let d = defOf(s);
  let inner = s;
  while (d.type === 'optional' || d.type === 'default' || d.type === 'nullable') {
    inner = d.innerType!;
    d = defOf(inner);
  }
  if (d.type !== 'object') return path.length ? [{ path, schema: inner }] : [];
  return [...(path.length ? [{ path, schema: inner }] : []), ...Object.entries(d.shape!).flatMap(([k, v]) => fields(v, [...path, k]))];
}

/** Values of the wrong kind, or at the edges, for a field of this schema. */
export function wrongValues(s: ZodType): unknown[] {
  const kind = defOf(s).type;
  const common = [null, { $gt: '' }, ['x'], 'x'.repeat(5000), '\u0000', '\ud800', -1e21, 1.5];
  if (kind === 'string' || kind === 'enum' || kind === 'literal') return [...common, 12345, '', ' ', '不在选项中的值', true];
  if (kind === 'number') return [...common, '12', -1, 0, 1e9, true];
  if (kind === 'boolean') return [...common, 'true', 1];
  if (kind === 'array') return [...common, {}, 'a,b', Array.from({ length: 2000 }, () => 'x')];
  return [...common, 'x', 1];
}

/** A copy of `base` with the value at `path` replaced. */
export function withValue(base: unknown, path: Path, value: unknown): unknown {
  if (!path.length) return value;
  const [head, ...rest] = path;
  const obj = base && typeof base === 'object' && !Array.isArray(base) ? { ...(base as Record<string, unknown>) } : {};
  obj[head as string] = withValue(obj[head as string], rest, value);
  return obj;
}
