import type { Prepared } from './prepare';

export interface Component {
  /** Global child indices, high-risk first (the routing order; it speeds up, never changes, the optimum). */
  children: number[];
  volunteers: number[];
}

/**
 * Splits the instance into independent sub-problems. A volunteer may only reach children under
 * her scope node, so two scope nodes interact only through a child below both: union the scopes
 * along each child's ancestor line. Under 'same_district' this gives one component per district,
 * under 'by_leader_level' often finer; under 'any' everything is one component.
 * Children with no scope node on their line have no volunteer at all and are left out.
 */
export function components(p: Prepared): Component[] {
  const parent = new Map<number, number>();
  for (const scope of p.volsByScope.keys()) parent.set(scope, scope);
  const find = (x: number): number => {
    let r = x;
    while (parent.get(r) !== r) r = parent.get(r)!;
    // Stryker disable next-line ConditionalExpression: path compression only shortens later finds
    while (x !== r) {
      const next = parent.get(x)!;
      parent.set(x, r);
      x = next;
    }
    return r;
  };
  const childScope = new Int32Array(p.children.length).fill(-1);
  for (const c of p.children) {
    if (c.targetFail !== null) continue;
    let first = -1;
    for (const node of c.anc) {
      if (!parent.has(node)) continue;
      if (first < 0) first = node;
      else parent.set(find(node), find(first)); // a root joined to itself stays a root
    }
    childScope[c.idx] = first;
  }
  const byRoot = new Map<number, Component>();
  const get = (scope: number): Component => {
    const root = find(scope);
    let comp = byRoot.get(root);
    if (!comp) {
      comp = { children: [], volunteers: [] };
      byRoot.set(root, comp);
    }
    return comp;
  };
  for (const c of p.children) if (c.high && childScope[c.idx] >= 0) get(childScope[c.idx]).children.push(c.idx);
  for (const c of p.children) if (!c.high && childScope[c.idx] >= 0) get(childScope[c.idx]).children.push(c.idx);
  for (const [scope, vols] of p.volsByScope) get(scope).volunteers.push(...vols);
  // every component holds the volunteers of its scopes; some reach no child
  return [...byRoot.values()].filter((comp) => comp.children.length > 0);
}
