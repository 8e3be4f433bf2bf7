/**
 * Every database index, declared once next to the collections (collections.ts). A real
 * environment creates these (docs/deploy.md; the deploy command reads this list), the local cloud
 * creates them at start, enforces the unique ones and refuses (in tests) or logs any query they
 * cannot serve once a collection is large (localcloud/db/indexes.ts states the rule), and
 * docs/data-model.md's index table is generated from here (`npm run docs`).
 *
 * Keys are field paths in order with a direction (1 ascending, -1 descending); an index serves
 * a sort in its directions or all reversed. `for` says which reads need it.
 */
import type { CollectionName } from './collections';
import { NOTICE_SOURCES } from './collections';

export interface IndexDeclaration {
  collection: CollectionName;
  keys: Record<string, 1 | -1>;
  unique?: boolean;
  for: string;
}

const notices: IndexDeclaration[] = NOTICE_SOURCES.flatMap(({ collection }): IndexDeclaration[] => [
  { collection, keys: { userId: 1, at: -1 }, for: 'the inbox: my notices, newest first (account.notices)' },
  { collection, keys: { userId: 1, read: 1 }, for: 'unread count and mark read (account.notices, readNotices)' },
]);

export const INDEXES: readonly IndexDeclaration[] = [
  // accounts, orgs, audit
  { collection: 'users', keys: { openid: 1 }, unique: true, for: 'one user per WeChat OPENID' },
  { collection: 'users', keys: { 'staff.orgPath': 1, _id: 1 }, for: 'staff of a subtree in pages (account.listStaff)' },
  { collection: 'users', keys: { roles: 1, _id: 1 }, for: 'every staff member, for an admin (account.listStaff)' },
  { collection: 'users', keys: { 'staff.orgCode': 1 }, for: 'staff of a node (report reminders)' },
  { collection: 'orgs', keys: { path: 1, _id: 1 }, for: 'a subtree of the org tree, in pages (listSubtree: listOrgs, moves, exports, imports)' },
  { collection: 'orgs', keys: { 'moving.at': 1 }, for: 'org moves left half done (finishPendingMoves: moveOrg, importOrgs, report hourly timer)' },
  { collection: 'users', keys: { name: 1 }, for: 'accounts of one name: the audit log’s 操作人 filter (account.listAudit)' },
  { collection: 'audit_logs', keys: { at: -1, _id: -1 }, for: 'the audit log, newest first, and by days (account.listAudit)' },
  { collection: 'audit_logs', keys: { actorId: 1, at: -1, _id: -1 }, for: 'one actor’s audit entries (account.listAudit)' },
  { collection: 'audit_logs', keys: { fn: 1, at: -1, _id: -1 }, for: 'the audit entries of one function (account.listAudit)' },
  { collection: 'audit_logs', keys: { fn: 1, action: 1, at: -1, _id: -1 }, for: 'the audit entries of one action (account.listAudit)' },
  { collection: 'audit_logs', keys: { targetIds: 1, at: -1, _id: -1 }, for: 'the audit entries naming one record (account.listAudit)' },
  { collection: 'audit_logs', keys: { ok: 1, at: -1, _id: -1 }, for: 'refused (or successful) attempts (account.listAudit)' },
  { collection: 'export_files', keys: { deletedAt: 1, expiresAt: 1 }, for: 'exports past their time, oldest first (report hourly timer, purge)' },

  // volunteers
  { collection: 'volunteer_applications', keys: { orgPath: 1, status: 1, volunteerNumber: 1 }, for: 'the roster of a subtree by volunteer number (listRoster)' },
  { collection: 'volunteer_applications', keys: { orgPath: 1, status: 1, submittedAt: 1, _id: 1 }, for: 'drill: volunteers by status or team, oldest first' },
  { collection: 'volunteer_applications', keys: { orgPath: 1, status: 1, _id: 1 }, for: 'approved volunteers of a subtree in pages (suggest, annexes, shortlist)' },
  { collection: 'volunteer_applications', keys: { actorCode: 1, status: 1 }, for: 'the review queue of a node (listApplications, reviewCounts)' },
  { collection: 'volunteer_applications', keys: { status: 1, volunteerNumber: 1 }, for: 'the whole roster for an admin (listRoster)' },
  { collection: 'volunteer_applications', keys: { status: 1, submittedAt: 1 }, for: 'applications by state, oldest first' },
  { collection: 'volunteer_applications', keys: { 'phone.hash': 1 }, for: 'duplicate phone check' },
  { collection: 'volunteer_applications', keys: { 'idNumber.hash': 1 }, for: 'duplicate ID number check' },
  { collection: 'volunteer_applications', keys: { volunteerNumber: 1 }, for: 'a volunteer by number' },
  { collection: 'volunteer_applications', keys: { teamId: 1 }, for: 'members of a team' },
  { collection: 'volunteer_teams', keys: { orgPath: 1 }, for: 'teams of a subtree' },

  // children
  { collection: 'children', keys: { orgPath: 1, updatedAt: -1, _id: 1 }, for: 'the registry list of a subtree with any filter, latest change first (child.list, drill)' },
  { collection: 'children', keys: { updatedAt: -1, _id: 1 }, for: 'the whole registry for an admin, latest change first (child.list)' },
  { collection: 'children', keys: { orgPath: 1, _id: 1 }, for: 'the children of a subtree in pages (suggest, exports)' },
  { collection: 'children', keys: { orgPath: 1, paired: 1, createdAt: 1, _id: 1 }, for: 'unpaired children by risk, longest registered first (dashboard, drill)' },
  { collection: 'children', keys: { orgPath: 1, riskLevel: 1, createdAt: 1, _id: 1 }, for: 'drill: children of a risk level' },
  { collection: 'children', keys: { idHash: 1 }, for: 'a child by ID number (duplicates, import)' },
  { collection: 'children', keys: { matchKey: 1 }, for: 'import matching by name, birth date and guardian phone' },
  { collection: 'children', keys: { nameKey: 1 }, for: 'import matching by name and birth date' },
  { collection: 'children', keys: { category: 1, updatedAt: -1, _id: 1 }, for: 'the whole registry by category, for an admin (child.list)' },
  { collection: 'children', keys: { riskLevel: 1, updatedAt: -1, _id: 1 }, for: 'the whole registry by risk level, for an admin (child.list)' },
  { collection: 'children', keys: { paired: 1, updatedAt: -1, _id: 1 }, for: 'the whole registry by paired, for an admin (child.list)' },
  { collection: 'children', keys: { needs: 1, updatedAt: -1, _id: 1 }, for: 'the whole registry by needs, for an admin (child.list)' },
  { collection: 'children', keys: { name: 1 }, for: 'a name prefix search over the whole registry, for an admin (child.list)' },
  { collection: 'child_history', keys: { childId: 1, version: -1, at: -1 }, for: 'a child’s change history, newest first (child.history)' },
  { collection: 'child_history', keys: { orgPath: 1 }, for: 'history entries below a moved node, by stored path (account.moveOrg)' },

  // pairings
  { collection: 'pairings', keys: { orgPath: 1, proposedAt: -1 }, for: 'the pairing list of a subtree, newest first (pairing.list)' },
  { collection: 'pairings', keys: { orgPath: 1, status: 1, proposedAt: 1, _id: 1 }, for: 'the pairing list by status; drill: pairings by status' },
  { collection: 'pairings', keys: { orgPath: 1, status: 1, childId: 1 }, for: 'the visit board by child: active pairings of a subtree' },
  { collection: 'pairings', keys: { orgPath: 1, status: 1, volunteerUserId: 1 }, for: 'the visit board by volunteer: active pairings of a subtree' },
  { collection: 'pairings', keys: { proposedAt: -1 }, for: 'every pairing, newest first, for an admin (pairing.list)' },
  { collection: 'pairings', keys: { status: 1, proposedAt: -1 }, for: 'pairings by status, newest first, for an admin (pairing.list)' },
  { collection: 'pairings', keys: { childId: 1, status: 1 }, for: 'a child’s pairings' },
  { collection: 'pairings', keys: { volunteerUserId: 1, proposedAt: -1 }, for: 'a volunteer’s pairings, newest first (pairing.mine, careList, evidence)' },
  { collection: 'pairings', keys: { status: 1, deadline: 1 }, for: 'offers past their deadline (the lapse timer)' },
  { collection: 'pairings', keys: { status: 1, _id: 1 }, for: 'active pairings in pages (the visit timer)' },
  { collection: 'pairings', keys: { volunteerOrgPath: 1 }, for: 'pairings whose volunteer is below a moved node, by stored path (account.moveOrg)' },

  // wishes
  { collection: 'wishes', keys: { status: 1, neededBy: 1, publishedAt: -1 }, for: 'the public wish list, most urgent first (wish.list)' },
  { collection: 'wishes', keys: { status: 1, publishedAt: -1 }, for: 'the public wish list, newest first, with any filter (wish.list)' },
  { collection: 'wishes', keys: { status: 1, updatedAt: -1 }, for: 'the thanks wall (wish.thanksWall)' },
  { collection: 'wishes', keys: { orgPath: 1, status: 1, createdAt: -1 }, for: 'the staff queue of a subtree (wish.queue)' },
  { collection: 'wishes', keys: { orgPath: 1, status: 1, updatedAt: 1, _id: 1 }, for: 'dashboard and drill: wishes by state and waiting time' },
  { collection: 'wishes', keys: { status: 1, createdAt: 1 }, for: 'the review queue by state, for an admin (wish.queue)' },
  { collection: 'wishes', keys: { claimantId: 1, claimedAt: -1 }, for: 'a donor’s claims, newest first (wish.mine)' },
  { collection: 'wishes', keys: { status: 1, expiresAt: 1 }, for: 'claims that lapse (the claims timer)' },
  { collection: 'wishes', keys: { status: 1, reminded: 1, remindAt: 1 }, for: 'claims to remind (the claims timer)' },
  { collection: 'wishes', keys: { collectedBy: 1, status: 1, createdAt: 1 }, for: 'wishes a volunteer collected (wish.queue as a volunteer)' },
  { collection: 'wishes', keys: { updatedAt: 1, _id: 1 }, for: 'wishes changed since the last run: claim steps to finish (the claims timer)' },
  { collection: 'wish_events', keys: { wishId: 1, at: 1 }, for: 'a wish’s events' },
  { collection: 'wish_events', keys: { event: 1, at: 1 }, for: 'wishes received in a window (commendation evidence)' },
  { collection: 'wish_donors', keys: { fulfilled: -1 }, for: 'the donor board (爱心榜)' },

  // visits
  { collection: 'visit_checkins', keys: { childId: 1, at: -1 }, for: 'a child’s timeline' },
  { collection: 'visit_checkins', keys: { orgPath: 1, at: 1 }, for: 'check-ins of a subtree in a period (dashboard)' },
  { collection: 'visit_checkins', keys: { orgPath: 1, 'correction.status': 1, createdAt: 1 }, for: 'pending corrections of a subtree, oldest first (visit.corrections)' },
  { collection: 'visit_checkins', keys: { 'correction.status': 1, createdAt: 1 }, for: 'pending corrections, for an admin (visit.corrections)' },
  { collection: 'visit_checkins', keys: { counted: 1, createdAt: 1 }, for: 'check-ins from before counter keys (the morning timer gives them keys)' },
  { collection: 'visit_checkins', keys: { pairingId: 1, keys: 1 }, for: 'counts of a page of pairings, from their check-ins (mine, board, timer, evidence)' },
  { collection: 'visit_checkins', keys: { volunteerUserId: 1, at: -1 }, for: 'a volunteer’s check-ins (mine, team, evidence)' },
  { collection: 'visit_flags', keys: { orgPath: 1, status: 1, createdAt: 1, _id: 1 }, for: 'flags of a subtree by state (visit.flags, dashboard, drill)' },
  { collection: 'visit_flags', keys: { status: 1, createdAt: -1 }, for: 'flags by state, for an admin (visit.flags)' },
  { collection: 'visit_flags', keys: { volunteerUserId: 1, createdAt: 1 }, for: 'flags a volunteer raised (commendation evidence)' },
  { collection: 'visit_team_groups', keys: { orgPath: 1 }, for: 'team groups below a moved node, by stored path (account.moveOrg)' },

  // reports and commendation
  { collection: 'reports', keys: { periodKey: 1, orgPath: 1 }, for: 'the reports of a period in a subtree (report.status, the timer)' },
  { collection: 'reports', keys: { orgPath: 1 }, for: 'reports below a moved node, by stored path (account.moveOrg)' },
  { collection: 'report_dashboards', keys: { root: 1 }, for: 'the root node\'s dashboard snapshot, for an admin without a staff node (report.dashboard)' },
  { collection: 'report_dashboards', keys: { path: 1 }, for: 'snapshots below a moved node, by stored path (account.moveOrg)' },
  { collection: 'commendation_nominations', keys: { year: 1, orgPath: 1, nominatedAt: -1 }, for: 'nominations of a year in a subtree, newest first (report.nominations)' },
  { collection: 'commendation_nominations', keys: { volunteerUserId: 1, status: 1, year: -1 }, for: 'a volunteer’s honours (report.mine)' },
  { collection: 'commendation_nominations', keys: { noticeOwed: 1 }, for: 'approvals whose notice is still owed (report hourly timer, finishApprovals)' },
  { collection: 'commendation_nominations', keys: { orgPath: 1 }, for: 'nominations below a moved node, by stored path (account.moveOrg)' },
  { collection: 'commendation_nominations', keys: { volunteerOrgPath: 1 }, for: 'nominations whose volunteer is below a moved node, by stored path (account.moveOrg)' },

  // the in-app notice collections (NOTICE_SOURCES)
  ...notices,
];
