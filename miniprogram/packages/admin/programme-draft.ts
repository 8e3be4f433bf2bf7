import type { FormNode } from '../../../src/programmes/form';

/**
 * The programme draft an admin is editing, shared by the editor's pages (one page per level of the
 * form) and kept in local storage after every change, so a weak network or a closed app loses
 * nothing. The form comes from the server (account.reviewProgramme withForm), derived from the
 * programme schema: this file only walks it. Paths are dotted: 'visitRules.0.requirements.1'.
 */
export type Mode = 'setup' | 'version';
export interface Problem {
  path: string;
  message: string;
}
export interface DraftState {
  mode: Mode;
  /** the preset a first version starts from (setup mode) */
  basedOn: string | null;
  draft: Record<string, unknown>;
  form: FormNode;
  /** from the last check on the save page: the editor marks the fields they name */
  problems: Problem[];
}
const KEY = 'programme-draft';
let state: DraftState | null = null;

export function startDraft(next: Omit<DraftState, 'problems'>): void {
  state = { ...next, problems: [] };
  save();
}

export function currentDraft(): DraftState | null {
  if (!state) {
    try {
      state = (wx.getStorageSync(KEY) as DraftState | '') || null;
    } catch {
      state = null;
    }
  }
  return state;
}

export function setProblems(problems: Problem[]): void {
  if (!state) return;
  state.problems = problems;
  save();
}

export function clearDraft(): void {
  state = null;
  try {
    wx.removeStorageSync(KEY);
  } catch {
    // nothing stored
  }
}

function save(): void {
  try {
    wx.setStorageSync(KEY, state);
  } catch {
    // storage full: the draft stays in memory for this session
  }
}

export const split = (path: string): string[] => (path ? path.split('.') : []);

export function valueAt(path: string): unknown {
  let v: unknown = currentDraft()?.draft;
  for (const k of split(path)) v = v == null ? undefined : (v as Record<string, unknown>)[k];
  return v;
}

/** Sets the value at `path` (creating nothing above it: the editor reaches a path only through existing values). */
export function setAt(path: string, value: unknown): void {
  const s = currentDraft();
  if (!s) return;
  const keys = split(path);
  const last = keys.pop()!;
  let parent: Record<string, unknown> = s.draft;
  for (const k of keys) parent = parent[k] as Record<string, unknown>;
  if (value === undefined) delete parent[last];
  else parent[last] = value;
  save();
}

/** Removes item `index` of the list at `path`. */
export function removeAt(path: string, index: number): void {
  const list = valueAt(path);
  if (Array.isArray(list)) setAt(path, list.filter((_v, i) => i !== index));
}

/** The form node of `path`: list items share their list's item node; a variant item takes its variant's node. */
export function nodeAt(path: string): FormNode | null {
  const s = currentDraft();
  if (!s) return null;
  let node: FormNode = s.form;
  let value: unknown = s.draft;
  for (const k of split(path)) {
    value = value == null ? undefined : (value as Record<string, unknown>)[k];
    let next: FormNode | undefined;
    if (node.kind === 'object') next = node.fields.find((f) => f.key === k);
    else if (node.kind === 'list') next = node.item;
    if (!next) return null;
    node = resolved(next, value);
  }
  return node;
}

/** A variant node as the variant its value names (the first one for a new item). */
export function resolved(node: FormNode, value: unknown): FormNode {
  if (node.kind !== 'variants') return node;
  const tag = value && typeof value === 'object' ? (value as Record<string, unknown>)[node.tag] : undefined;
  return (node.variants.find((v) => v.value === tag) ?? node.variants[0]).node;
}

/** A new value for a node: empty text, the lowest number, nothing chosen; the server then says what is missing. */
export function blankOf(node: FormNode): unknown {
  switch (node.kind) {
    case 'object':
      return Object.fromEntries(node.fields.filter((f) => !f.optional).map((f) => [f.key, f.nullable ? null : blankOf(f)]));
    case 'list':
    case 'choices':
      return [];
    case 'counts':
      return {};
    case 'variants':
      return { [node.tag]: node.variants[0].value, ...(blankOf(node.variants[0].node) as object) };
    case 'int':
      return node.min ?? 0;
    case 'bool':
      return false;
    case 'choice':
      return node.options[0]?.value ?? '';
    default:
      return '';
  }
}

/** How a list item is named in its list: its own label or name, else its position. */
export function itemTitle(item: unknown, index: number, node: FormNode): string {
  if (typeof item === 'string') return item || `第${index + 1}项`;
  const o = (item ?? {}) as Record<string, unknown>;
  for (const k of ['label', 'title', 'name', 'orgCode', 'key']) if (typeof o[k] === 'string' && o[k]) return o[k] as string;
  if (node.kind === 'object') {
    const choice = node.fields.find((f) => f.kind === 'choice');
    if (choice && choice.kind === 'choice') {
      const opt = choice.options.find((x) => x.value === o[choice.key]);
      if (opt) return opt.label;
    }
  }
  return `第${index + 1}项`;
}

/** Problems at or below `path`. */
export function problemsUnder(path: string): Problem[] {
  const all = currentDraft()?.problems ?? [];
  return all.filter((p) => !path || p.path === path || p.path.startsWith(`${path}.`));
}
