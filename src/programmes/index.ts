import { z } from 'zod';
import { labelAt } from '../contract/messages';
import { jinjiang2024 } from './presets/jinjiang2024';
import { longgang2019 } from './presets/longgang2019';
import { suining2019 } from './presets/suining2019';
import { xiamen2017 } from './presets/xiamen2017';
import { yueyang2024 } from './presets/yueyang2024';
import { ProgrammeSchema } from './schema';
import type { Programme, ProgrammeInput } from './schema';

export * from './enums';
export * from './schema';
export * from './helpers';

/** The presets as written, before validation (an admin starts a new city from a copy of one). */
export const PRESET_INPUTS: readonly ProgrammeInput[] = [xiamen2017, suining2019, jinjiang2024, yueyang2024, longgang2019];

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/**
 * Each shipped preset is validated the first time it is asked for, not when this module loads:
 * every function bundle imports this module, and parsing all five at load cost each cold start
 * about 40 ms (docs/benchmarks.md). tests/programmes validates every preset, so a broken one
 * still fails before it ships.
 */
const validated = new Map<string, Programme>();

export const PRESET_IDS: readonly string[] = PRESET_INPUTS.map((p) => p.id);

export function getProgramme(id: string): Programme | undefined {
  const known = validated.get(id);
  if (known) return known;
  const input = PRESET_INPUTS.find((p) => p.id === id);
  if (!input) return undefined;
  const programme = deepFreeze(ProgrammeSchema.parse(input));
  validated.set(id, programme);
  return programme;
}

/** Every shipped preset, validated (the setup screen lists them). */
export function allPresets(): readonly Programme[] {
  return PRESET_IDS.map((id) => getProgramme(id)!);
}

export interface ProgrammeProblem {
  /** Dotted path of the offending field, e.g. "orgTree.3.parentCode". */
  path: string;
  /** One Chinese sentence for the admin. */
  message: string;
}

const zhCN = z.locales.zhCN();

/**
 * Validates an edited programme and explains every problem in Chinese (an admin fixes them in
 * one pass, unlike the one-message-per-call rule of action input).
 */
export function validateProgramme(input: unknown): { ok: true; programme: Programme } | { ok: false; problems: ProgrammeProblem[] } {
  const result = ProgrammeSchema.safeParse(input, { error: zhCN.localeError });
  if (result.success) return { ok: true, programme: result.data };
  const problems = result.error.issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    if (issue.code === 'custom' || /^(请|.+(不能|必须|只能|不在|应为))/.test(issue.message)) return { path, message: issue.message };
    return { path, message: `${labelAt(ProgrammeSchema, issue.path)}：${issue.message}` };
  });
  return { ok: false, problems };
}
