import type { Caller } from './caller';
import type { Db } from './runtime';
import { isoNow } from './time';

export interface AuditTarget {
  kind: string;
  ids: string[];
  fields?: string[];
  /** export_files ids whose link this call issued (src/server/files.ts) */
  files?: string[];
}

/** One audit mechanism for every audited call: who, when, which action, what it touched. */
export async function writeAudit(
  db: Db,
  caller: Caller,
  call: { fn: string; action: string },
  ok: boolean,
  targets: AuditTarget[],
): Promise<void> {
  const ids = targets.flatMap((t) => t.ids);
  const fields = [...new Set(targets.flatMap((t) => t.fields ?? []))];
  const files = targets.flatMap((t) => t.files ?? []);
  await db.collection('audit_logs').add({
    at: isoNow(),
    actorId: caller.userId,
    actorRoles: caller.roles,
    actorOrg: caller.staff?.orgCode ?? null,
    fn: call.fn,
    action: call.action,
    ok,
    targetKind: targets[0]?.kind ?? null,
    targetIds: ids,
    fields,
    ...(files.length ? { files } : {}),
  });
}
