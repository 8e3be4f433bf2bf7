import { z } from 'zod';
import * as L from './enums';
import { ProgrammeBaseSchema } from './schema';

/**
 * The programme editor's form, derived from the programme's own zod schema (through zod's JSON
 * Schema export), so the admin pages edit exactly what the schema validates and nothing is kept
 * by hand beside it. Labels are the schema's `.describe()` texts; choices are labelled from the
 * enums' label maps. The mini-program walks this tree one level per page (admin programme-edit).
 */
export type FormNode = { key: string; label: string; optional?: boolean; nullable?: boolean } & (
  | { kind: 'object'; fields: FormNode[] }
  | { kind: 'list'; item: FormNode; min?: number }
  | { kind: 'text'; max?: number; pattern?: string; day?: boolean }
  | { kind: 'int'; min?: number; max?: number }
  | { kind: 'bool' }
  | { kind: 'choice'; options: Option[] }
  | { kind: 'choices'; options: Option[]; min?: number }
  | { kind: 'counts'; options: Option[]; value: FormNode }
  | { kind: 'variants'; tag: string; variants: { value: string; label: string; node: FormNode }[] }
);
export interface Option {
  value: string | number;
  label: string;
}

/**
 * Set outside the editor: the id never changes, the running sign-up window is moved on the roster
 * page, and once a programme runs its org tree lives in the orgs page (before switch-on the
 * preset's tree is part of the draft: `withOrgTree`).
 */
export const NOT_EDITED = ['id', 'orgTree', 'signupWindow'] as const;

const LABEL_MAPS = Object.entries(L)
  .filter(([name, v]) => name.endsWith('_LABELS') && v && typeof v === 'object')
  .map(([, v]) => v as Record<string, string>);
const WORDS: Record<string, string> = { female: '仅女性', any: '不限', male: '男', table: '表格', form: '表单' };

function labelOf(values: readonly (string | number)[], value: string | number): string {
  const map = LABEL_MAPS.find((m) => values.every((v) => typeof v === 'string' && v in m));
  return (map && typeof value === 'string' ? map[value] : undefined) ?? WORDS[String(value)] ?? String(value);
}
const options = (values: readonly (string | number)[]): Option[] => values.map((value) => ({ value, label: labelOf(values, value) }));

type Json = {
  type?: string; description?: string; properties?: Record<string, Json>; required?: string[]; items?: Json;
  enum?: (string | number)[]; const?: string | number; anyOf?: Json[]; oneOf?: Json[]; minimum?: number; maximum?: number;
  maxLength?: number; minItems?: number; pattern?: string; propertyNames?: Json; additionalProperties?: Json | boolean;
};

function nodeOf(key: string, s: Json, inherited?: string): FormNode {
  const label = s.description ?? inherited ?? key;
  const alts = s.anyOf ?? s.oneOf;
  if (alts) {
    const real = alts.filter((a) => a.type !== 'null');
    const nullable = real.length < alts.length;
    if (real.length === 1) return { ...nodeOf(key, real[0], label), ...(nullable ? { nullable } : {}) };
    if (real.every((a) => a.const !== undefined)) return { key, label, kind: 'choice', options: options(real.map((a) => a.const!)), ...(nullable ? { nullable } : {}) };
    const tag = Object.keys(real[0].properties ?? {}).find((k) => real.every((a) => a.properties?.[k]?.const !== undefined))!;
    return {
      key, label, kind: 'variants', tag,
      variants: real.map((a) => {
        const value = String(a.properties![tag].const);
        return { value, label: labelOf([], value), node: nodeOf(key, a, label) };
      }),
    };
  }
  if (s.enum) return { key, label, kind: 'choice', options: options(s.enum) };
  switch (s.type) {
    case 'object': {
      if (s.propertyNames?.enum && typeof s.additionalProperties === 'object') {
        return { key, label, kind: 'counts', options: options(s.propertyNames.enum), value: nodeOf('value', s.additionalProperties) };
      }
      const required = new Set(s.required ?? []);
      const fields = Object.entries(s.properties ?? {})
        .filter(([k, v]) => v.const === undefined) // a variant's tag is chosen by the variant, not typed
        .map(([k, v]) => ({ ...nodeOf(k, v), ...(required.has(k) ? {} : { optional: true }) }));
      return { key, label, kind: 'object', fields };
    }
    case 'array': {
      const item = s.items ?? {};
      if (item.enum) return { key, label, kind: 'choices', options: options(item.enum), ...(s.minItems ? { min: s.minItems } : {}) };
      return { key, label, kind: 'list', item: nodeOf('item', item, label), ...(s.minItems ? { min: s.minItems } : {}) };
    }
    case 'integer':
    case 'number':
      return { key, label, kind: 'int', min: s.minimum, max: s.maximum };
    case 'boolean':
      return { key, label, kind: 'bool' };
    default:
      return { key, label, kind: 'text', max: s.maxLength, ...(s.pattern ? { pattern: s.pattern } : {}), ...(s.pattern === '^\\d{4}-\\d{2}-\\d{2}$' ? { day: true } : {}) };
  }
}

let whole: (FormNode & { kind: 'object' }) | null = null;
/** The editor's form for a whole programme (the schema is walked once per instance: it does not change). */
export function programmeForm(withOrgTree = false): FormNode {
  if (!whole) {
    const root = nodeOf('', z.toJSONSchema(ProgrammeBaseSchema, { io: 'input', unrepresentable: 'any' }) as Json, '项目方案');
    if (root.kind !== 'object') throw new Error('programme schema is not an object');
    whole = root;
  }
  const left = (key: string) => (NOT_EDITED as readonly string[]).includes(key) && !(withOrgTree && key === 'orgTree');
  return { ...whole, fields: whole.fields.filter((f) => !left(f.key)) };
}
