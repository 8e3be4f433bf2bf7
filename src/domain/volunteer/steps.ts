import type { ApprovalStep, OrgLevel } from '../../programmes';

/**
 * The vetting steps for one applicant, from the programme's chain and her org node's path (root
 * first, read from the database so nodes added after setup count too). Each step is acted on by
 * her nearest ancestor-or-self node at one of the step's levels; a step with none is skipped
 * (遂宁: someone signing up at the city itself has only the 市妇联 step).
 */
export interface PathNode {
  code: string;
  name: string;
  level: OrgLevel;
}

export interface AppStep {
  key: string;
  label: string;
  orgCode: string;
  orgName: string;
}

export function stepsForPath(chain: readonly ApprovalStep[], path: readonly PathNode[]): AppStep[] {
  const out: AppStep[] = [];
  for (const step of chain) {
    let node: PathNode | undefined;
    for (let i = path.length - 1; i >= 0 && !node; i--) if (step.levels.includes(path[i]!.level)) node = path[i];
    // two steps landing on one node (a chain longer than the path) would let one office approve twice
    if (node && !out.some((s) => s.orgCode === node!.code)) out.push({ key: step.key, label: step.label, orgCode: node.code, orgName: node.name });
  }
  return out;
}
