/**
 * Every collection the functions use. CloudBase needs them created before use (the real service
 * errors on a missing collection): the local cloud creates them at start, and `npm run deploy`
 * creates them in a real environment (src/deploy/plan.ts).
 */
export const COLLECTIONS = [
  'settings', 'users', 'orgs', 'staff_invites', 'audit_logs',
  // exports in storage: path, maker, expiry (src/server/files.ts)
  'export_files',
  // volunteer sign-up and vetting (src/functions/volunteer)
  'volunteer_applications', 'volunteer_locks', 'volunteer_phones', 'volunteer_teams', 'volunteer_counters',
  // children's registry (src/functions/child); pairings are written by the pairing function
  'children', 'child_history', 'pairings',
  // 结对 (src/functions/pairing): places per volunteer and per child (the child's names the pair's live pairing: its lock)
  'pairing_volunteers', 'pairing_children',
  // 微心愿 (src/functions/wish)
  'wishes', 'wish_events', 'wish_donors', 'wish_notifications',
  // 内容安全 (src/server/media-check.ts): one ticket per photo check, keyed by WeChat's trace_id
  'media_checks',
  // 走访打卡 (src/functions/visit): check-ins (each carrying the period counters it counts toward), reminder credits, flags, reminders sent
  'visit_checkins', 'visit_volunteers', 'visit_flags', 'visit_reminders', 'visit_notifications', 'visit_area_status', 'visit_team_groups',
  // 报送 (src/functions/report/calendar*): reports per node and period, reminders sent, notices, accepted templates
  'reports', 'report_reminders', 'report_notifications', 'report_reminder_credits',
  // 数据看板 (src/functions/report/dashboard-snapshot.ts): one snapshot per org node, written by the hourly timer
  'report_dashboards',
  // 评优表扬 (src/functions/report/commendation*): nominations, the volunteer's notices, accepted templates
  'commendation_nominations', 'commendation_notifications', 'commendation_subscribers',
] as const;
export type CollectionName = (typeof COLLECTIONS)[number];

/**
 * The in-app notice collections (documents `{ userId, kind, text, at, read, ... }`) and the page a
 * notice of each opens. The inbox (account.notices / readNotices) reads exactly these, so an area
 * that keeps in-app notices adds its line here. Subscribe messages are WeChat's (sent through the
 * open API), not in-app notices.
 */
export interface NoticeSource {
  key: string;
  collection: CollectionName;
  open: string;
}
export const NOTICE_SOURCES: readonly NoticeSource[] = [
  { key: 'visit', collection: 'visit_notifications', open: '/packages/volunteer/pages/checkin/index' },
  { key: 'wish', collection: 'wish_notifications', open: '/pages/my-claims/index' },
  { key: 'report', collection: 'report_notifications', open: '/packages/report/pages/periods/index' },
  { key: 'commendation', collection: 'commendation_notifications', open: '/packages/report/pages/honours/index' },
];
