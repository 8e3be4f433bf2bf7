/**
 * A look at a call's raw `data` before anything else touches it. Iterative on purpose: a body
 * nested thousands of levels deep overflows the stack of any recursive walk (JSON.stringify,
 * zod), so depth must be known before those run.
 */

/** Deeper than any input the contract describes (the deepest is a few levels); JSON.stringify is safe far beyond it. */
export const MAX_INPUT_DEPTH = 32;

/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export const hasLoneSurrogate = (s: string): boolean => LONE_SURROGATE.test(s);

/**
 * C0 controls other than tab, line feed and carriage return, and DEL: nobody types them, they
 * do not print, and in a stored text they break exports (Excel refuses the XML) and can hide
 * content from whoever reads it.
 */
// eslint-disable-next-line no-control-regex
const CONTROL_CHAR = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

export const hasControlChar = (s: string): boolean => CONTROL_CHAR.test(s);

export type InputProblem =
  | { kind: 'tooDeep' }
  | { kind: 'loneSurrogate'; path: (string | number)[] }
  | { kind: 'controlChar'; path: (string | number)[] };

/**
 * The first problem found, or null. Depth counts containers (`[]` is 1, `[[]]` is 2); strings
 * and object keys with an unpaired surrogate or a control character are reported with their
 * path (a key's own path), so the message can name the field; the first such string found wins.
 */
export function inspectInput(data: unknown, maxDepth = MAX_INPUT_DEPTH): InputProblem | null {
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value: data, path: [] }];
  let bad: InputProblem | null = null;
  const look = (s: string, path: (string | number)[]) => {
    if (bad) return;
    if (hasLoneSurrogate(s)) bad = { kind: 'loneSurrogate', path };
    else if (hasControlChar(s)) bad = { kind: 'controlChar', path };
  };
  while (stack.length) {
    const { value, path } = stack.pop()!;
    if (typeof value === 'string') {
      look(value, path);
      continue;
    }
    if (!value || typeof value !== 'object') continue;
    // a container at path length n is at depth n + 1
    if (path.length + 1 > maxDepth) return { kind: 'tooDeep' };
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], path: [...path, i] });
    } else {
      const keys = Object.keys(value);
      for (let i = keys.length - 1; i >= 0; i--) {
        const k = keys[i];
        look(k, [...path, k]);
        stack.push({ value: (value as Record<string, unknown>)[k], path: [...path, k] });
      }
    }
  }
  return bad;
}
