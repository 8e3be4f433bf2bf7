import type { LevelRule, Programme } from '../../programmes';
import type { LeaderLevel, MatchRules, VolunteerRole } from '../matching';

/**
 * The programme's pairing rules as pure functions: capacities, places per child and per role,
 * the 龙岗 level rule, the engine's rules, and the offer's deadline.
 */
type PairingRules = Programme['pairing'];

/**
 * Children a volunteer may hold: the programme's default, or its maximum when she said she would
 * take several (一对多/多对多) and the programme allows that form.
 */
// Stryker disable next-line ArrayDeclaration: a form that is neither 一对多 nor 多对多 does not raise the capacity
export function capacityOf(rules: PairingRules, pairingForms: readonly string[] = []): number {
  const many = pairingForms.some((f) => (f === 'one_to_many' || f === 'many_to_many') && rules.forms.includes(f));
  return Math.max(1, Math.min(rules.maxCapacity, many ? rules.maxCapacity : rules.defaultCapacity));
}

/** Volunteers one child may have at once (岳阳: one local and one remote). */
export function placesPerChild(rules: PairingRules): { total: number; local: number; remote: number } {
  if (rules.localRemote) {
    const { local, remote } = rules.localRemote;
    return { total: Math.min(rules.maxVolunteersPerChild, local + remote), local, remote };
  }
  return { total: rules.maxVolunteersPerChild, local: rules.maxVolunteersPerChild, remote: rules.maxVolunteersPerChild };
}

/** A volunteer's role: remote (异地) when her team is a remote one, local otherwise. */
export const roleOf = (teamKind: string | null | undefined): VolunteerRole => (teamKind === 'remote' ? 'remote' : 'local');

/** 龙岗: the area a volunteer at `orgLevel` pairs within, or undefined when no rule names her level. */
export function leaderLevelOf(levelRule: readonly LevelRule[], orgLevel: string): LeaderLevel | undefined {
  const rule = levelRule.find((r) => r.volunteerLevel === orgLevel);
  const scope = rule?.scopeLevel;
  return scope === 'district' || scope === 'street' || scope === 'community' ? scope : undefined;
}

/** The engine's rules for this programme. */
export function matchRules(p: Programme): MatchRules {
  const t = p.targetChildren;
  return {
    target: { categories: [...t.categories], ...(t.sex ? { sex: t.sex === 'female' ? 'F' : 'M' } : {}), maxAge: t.ageUnder - 1 },
    areaRule: p.pairing.levelRule.length ? 'by_leader_level' : 'any',
    requireSameCommunityForLocal: !!p.pairing.localRemote,
  };
}

/** The volunteer must answer by this time (ISO), acceptanceDays after the offer. */
export function deadlineFrom(offeredAtMs: number, acceptanceDays: number): string {
  return new Date(offeredAtMs + acceptanceDays * 24 * 3600 * 1000).toISOString();
}

/** Has the offer lapsed at `nowMs`? */
export const isLapsed = (deadline: string | null, nowMs: number): boolean => !!deadline && Date.parse(deadline) <= nowMs;

/** 厦门: allocations against pairings, per node and category. */
export interface AllocationRow {
  orgCode: string;
  category: string;
  allocated: number;
  paired: number;
  pending: number;
}
export function allocationRows(
  allocations: Programme['allocations'],
  counted: readonly { orgPath: readonly string[]; category: string; status: string }[],
): AllocationRow[] {
  if (!allocations) return [];
  const rows: AllocationRow[] = [];
  for (const item of allocations.items) {
    for (const [category, allocated] of Object.entries(item.counts)) {
      const mine = counted.filter((c) => c.orgPath.includes(item.orgCode) && c.category === category);
      rows.push({
        orgCode: item.orgCode,
        category,
        allocated: allocated ?? 0,
        paired: mine.filter((c) => c.status === 'active').length,
        pending: mine.filter((c) => c.status === 'proposed' || c.status === 'consented').length,
      });
    }
  }
  return rows;
}
