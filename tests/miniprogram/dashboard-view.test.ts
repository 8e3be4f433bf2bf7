import { viewOf } from '../../miniprogram/packages/report/pages/dashboard/view';
import type { Output } from '../../src/contract';

/** The dashboard's view (a pure function of report.dashboard's answer): "统计于" is China time, whatever the phone's zone. */
type Dash = Output<'report', 'dashboard'>;

function dash(asOf: string): Dash {
  return {
    figures: {
      node: { code: 'sn', name: '遂宁市', level: 'city' },
      asOf,
      window: { start: '2026-02-28T16:00:00.000Z', end: '2026-03-31T16:00:00.000Z', label: '本月' },
      children: {
        total: 0, paired: 0, unpaired: 0, unpairedHighRisk: 0, byCategory: [], byRisk: [],
        coverage: { categories: [], categoriesLabel: '', total: 0, paired: 0, percent: null, goalPercent: null, goalBy: null, toGoal: 0 },
      },
      volunteers: { total: 0, approved: 0, inReview: 0, byStatus: [], byTeam: [] },
      pairings: { active: 0, pending: 0, byStatus: [] },
      visits: { total: 0, byKind: [], requirements: [], compliance: { overdue: 0, dueSoon: 0, onTrack: 0, at: null } },
      flags: { open: 0, oldestOpenDays: null },
      wishes: { total: 0, waiting: 0, byStatus: [] },
      quotas: null,
      allocations: null,
      subnodes: [],
    },
    series: [],
    parent: null,
  };
}

test('the machine runs in UTC, the dashboard says China time (02:14 UTC is 10:14 in China)', () => {
  expect(process.env.TZ).toBe('UTC');
  expect(viewOf(dash('2026-03-15T02:14:00.000Z')).asOf).toBe('2026-03-15 10:14');
});

test('after 16:00 UTC the dashboard is already on the next day', () => {
  expect(viewOf(dash('2026-03-15T15:59:00.000Z')).asOf).toBe('2026-03-15 23:59');
  expect(viewOf(dash('2026-03-15T16:00:00.000Z')).asOf).toBe('2026-03-16 00:00');
  expect(viewOf(dash('2026-03-31T17:30:00.000Z')).asOf).toBe('2026-04-01 01:30');
});
