import type { FunctionName } from '../contract';
import { SUBSCRIBE_TEMPLATES, TEMPLATE_VARIABLES } from '../server/templates';

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
/** The functions whose bundles open or seal ID numbers and phones, and those that hash them to find
 * duplicates (src/server/crypto.ts); tests/build.test.ts checks these against the built bundles. */
const SEALING: FunctionName[] = ['volunteer', 'child', 'pairing', 'report'];
const HASHING: FunctionName[] = ['volunteer', 'child', 'visit'];

export const ENV_VARIABLES: EnvVariable[] = [
  { name: 'ADMIN_OPENIDS', readBy: ALL, required: false, secret: false, about: 'comma-separated OPENIDs that are always admins (optional: the setup code printed by `npm run deploy` makes the first admin)' },
  { name: 'FIELD_ENCRYPTION_KEYS', readBy: SEALING, required: false, secret: true, about: 'AES-256 keys for ID numbers and phones as `id:base64,id:base64`, the first sealing new values (rotation: docs/deploy.md); or the single-key form below' },
  { name: 'FIELD_ENCRYPTION_KEY', readBy: SEALING, required: false, secret: true, about: 'the single-key form: 32 random bytes, base64 (key id k0)' },
  { name: 'FIELD_HASH_KEY', readBy: HASHING, required: true, secret: true, about: 'HMAC key for finding duplicate ID numbers and phones: 32 random bytes, base64 (never rotated in place: docs/data-model.md)' },
  // subscribe messages: each template's id and its optional keyword mapping (src/server/templates.ts)
  ...TEMPLATE_VARIABLES.map(({ name, fn }) => ({
    name,
    readBy: [fn],
    required: false,
    secret: false,
    about: name.endsWith('_FIELDS') ? 'keyword keys of the template above, e.g. child=thing2,due=time5 (default: the keys in src/server/templates.ts)' : `subscribe template id: ${templateAbout(name)}`,
  })),
];

function templateAbout(variable: string): string {
  const entry = Object.entries(SUBSCRIBE_TEMPLATES).find(([n]) => variable.startsWith(`${n}_TEMPLATE`));
  return entry ? `${entry[1].title} (${entry[0]})` : variable;
}

/** At least one of each group must be set. */
export const ONE_OF_REQUIRED: string[][] = [['FIELD_ENCRYPTION_KEYS', 'FIELD_ENCRYPTION_KEY']];

export const variablesOf = (fn: FunctionName): EnvVariable[] => ENV_VARIABLES.filter((v) => v.readBy.includes(fn));
