/**
 * Input and output of the pairing suggestion engine (结对建议). Self-contained on purpose: the
 * engine is pure and is fed by the pairing function, which maps its records onto these shapes.
 *
 * orgPath is the list of org codes from the root down to the person's own node:
 * [city, district, street, community] (市 / 区县 / 街道乡镇 / 村社区). Shorter paths are allowed
 * (a volunteer registered at a street or a city-level unit).
 */

export type Sex = 'F' | 'M';
export type RiskLevel = 'low' | 'medium' | 'high';
/** 学习辅导, 心理沟通, 精神关爱, 其他 (遂宁 needs). */
export type Need = 'study' | 'psychological' | 'emotional' | 'other';
/** 本地 (same village/community) or 异地 (office, company) volunteer, 岳阳 多对一. */
export type VolunteerRole = 'local' | 'remote';
/** 龙岗: a leader pairs within her district, street or community. */
export type LeaderLevel = 'district' | 'street' | 'community';

export interface Coords {
  lat: number;
  lng: number;
}

export interface MatchChild {
  id: string;
  orgPath: string[];
  sex: Sex;
  /** Whole years. */
  age: number;
  /** e.g. '农村留守', '困境'. */
  category: string;
  riskLevel: RiskLevel;
  needs: Need[];
  coords?: Coords;
  /** Which kind of volunteer this call should find; 'any' (default) takes either. */
  needsRole?: VolunteerRole | 'any';
  /** Volunteers she was paired with before (continuity). */
  pastVolunteerIds?: string[];
}

export interface VolunteerPreferences {
  /** Org codes (any level) she would like to serve in. */
  areaCodes?: string[];
  childSex?: Sex;
  childMinAge?: number;
  childMaxAge?: number;
}

export interface MatchVolunteer {
  id: string;
  orgPath: string[];
  role: VolunteerRole;
  /** Places left: the programme's capacity minus her active pairings. Integer ≥ 0. */
  freeCapacity: number;
  /** 个人特长 / 专业技能 as written, e.g. '辅导功课', '心理咨询师'. */
  skills: string[];
  preferences?: VolunteerPreferences;
  /** Only read under areaRule 'by_leader_level'. */
  leaderLevel?: LeaderLevel;
  coords?: Coords;
}

export interface TargetRule {
  categories?: string[];
  sex?: Sex;
  /** Inclusive bounds in whole years ("girls under 12" is maxAge 11). */
  minAge?: number;
  maxAge?: number;
}

export interface PairRef {
  childId: string;
  volunteerId: string;
}

export interface MatchRules {
  target?: TargetRule;
  /**
   * 'any': anywhere in the input; 'same_district': child and volunteer share a district;
   * 'by_leader_level': within the volunteer's leaderLevel area (her own node when unset).
   */
  areaRule: 'any' | 'same_district' | 'by_leader_level';
  /** 岳阳: a local volunteer must come from the child's own village/community. */
  requireSameCommunityForLocal?: boolean;
  /** Active pairings: never suggested again, never touched. */
  forbiddenPairs?: PairRef[];
}

export interface Suggestion {
  childId: string;
  volunteerId: string;
  /** Match score 0..MAX_SCORE (proximity + skills + preferences + continuity). */
  score: number;
  /** Chinese, shown to staff, e.g. '同一社区', '曾结对'. */
  reasons: string[];
}

export interface UnmatchedChild {
  childId: string;
  reason: string;
}

export interface MatchObjective {
  highRiskCovered: number;
  covered: number;
  totalScore: number;
}

export interface MatchStats {
  /** Independent sub-problems solved. */
  components: number;
  /** Arcs between groups of interchangeable children and volunteers that entered the flow network (all rounds). */
  candidateEdges: number;
  /** Flow solves before the dual certificate held for every eligible pair (the most of any component). */
  pricingRounds: number;
  /** Pairs scored exactly while pricing (all rounds); the rest were ruled out by class bounds. */
  pairsPriced: number;
  /** Volunteer lists pricing started (one per class or preferred-area list a child walked); the rest were skipped whole by a bound. */
  listsWalked: number;
  /** Shortest-path searches of the flow (all rounds); each routes one child group's children as far as one path takes them. */
  flowPaths: number;
  /** Nodes those searches settled: the flow's work, which warm starts and early stops keep small. */
  nodesSettled: number;
}

export interface MatchResult {
  suggestions: Suggestion[];
  unmatched: UnmatchedChild[];
  objective: MatchObjective;
  stats: MatchStats;
}

export interface MatchOptions {
  /** Arcs added per child per pricing round (default 8). Smaller means more rounds, same result. */
  candidatesPerRound?: number;
}
