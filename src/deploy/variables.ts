import type { FunctionName } from '../contract';

/**
 * Every environment variable a function reads, declared once with the functions that read it.
 * Values never live in the repository: `npm run deploy` reads them from the git-ignored
 * `.env.local` (one place, so every function that needs a key gets the same key) and
 * cloudbaserc.json names them as `{{env.NAME}}` for @cloudbase/cli, which reads the same file.
 * CloudBase replaces a function's whole variable set on every deploy (docs.cloudbase.net/cli-v1/
 * functions/configs: "envVariables … 部署时会完全覆盖线上配置"), so a deploy always sends all of them.
 */
export interface EnvVariable {
  name: string;
  readBy: FunctionName[];
  /** Must be set for the product to work (a missing template id only means that message is not sent). */
  required: boolean;
  /** Printed as ****** by the deploy plan. */
  secret: boolean;
  about: string;
}

const ALL: FunctionName[] = ['account', 'volunteer', 'child', 'pairing', 'wish', 'visit', 'report'];
/** The functions that seal or hash ID numbers and phones (src/server/crypto.ts). */
const SEALING: FunctionName[] = ['volunteer', 'child', 'pairing', 'visit', 'report'];

export const ENV_VARIABLES: EnvVariable[] = [
  { name: 'ADMIN_OPENIDS', readBy: ALL, required: false, secret: false, about: 'comma-separated OPENIDs that are always admins (optional: the setup code printed by `npm run deploy` makes the first admin)' },
  { name: 'FIELD_ENCRYPTION_KEY', readBy: SEALING, required: true, secret: true, about: 'AES-256 key for ID numbers and phones: 32 random bytes, base64' },
  { name: 'FIELD_HASH_KEY', readBy: SEALING, required: true, secret: true, about: 'HMAC key for finding duplicate ID numbers and phones: 32 random bytes, base64' },
  { name: 'VOLUNTEER_RESULT_TEMPLATE_ID', readBy: ['volunteer'], required: false, secret: false, about: 'subscribe template: review result to an applicant' },
  { name: 'WISH_REMINDER_TEMPLATE_ID', readBy: ['wish'], required: false, secret: false, about: 'subscribe template: claim about to lapse' },
  { name: 'VISIT_REMINDER_TEMPLATE_ID', readBy: ['visit'], required: false, secret: false, about: 'subscribe template: morning visit reminder' },
  { name: 'REPORT_REMINDER_TEMPLATE_ID', readBy: ['report'], required: false, secret: false, about: 'subscribe template: report deadline reminder' },
  { name: 'COMMENDATION_TEMPLATE_ID', readBy: ['report'], required: false, secret: false, about: 'subscribe template: commendation approved' },
];

export const variablesOf = (fn: FunctionName): EnvVariable[] => ENV_VARIABLES.filter((v) => v.readBy.includes(fn));
