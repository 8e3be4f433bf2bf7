import type { Sealed } from '../../server/crypto';
import type { OrgDoc } from '../../server/orgs';
import type { Db } from '../../server/runtime';
import type { PathNode } from '../../domain/volunteer';
import { PHONES, verifiedPhone } from './form';
import { APPS, getAppDoc, pathNodes, type AppDoc } from './store';

// (the local emulator's $lookup may give null for an id it did not find; MongoDB gives nothing)
const first = <T>(xs: (T | null)[] | undefined): T | null => xs?.find((x) => !!x) ?? null;

export interface SubmitRead {
  existing: AppDoc | null;
  /** The phone she verified with WeChat's button, if any. */
  verified: Sealed | null;
  org: OrgDoc | null;
  area: OrgDoc | null;
  /** Root → her node. */
  path: PathNode[];
}

/**
 * One aggregate from the node she chose reads all a submit decides on, each by primary key: the
 * nodes of its path, her preferred area (the node itself when not another), her verified phone and
 * her existing application. An unknown node finds nothing: then the application and the phone are
 * read on their own, so the refusal is the one her application's state gives.
 */
export async function readForSubmit(db: Db, userId: string, appId: string, orgCode: string, areaCode: string): Promise<SubmitRead> {
  const $ = db.command.aggregate;
  const res = await db.collection('orgs').aggregate()
    .match({ _id: orgCode })
    .addFields({ keyArea: $.literal(areaCode), keyUser: $.literal(userId), keyApp: $.literal(appId) })
    .lookup({ from: 'orgs', localField: 'path', foreignField: '_id', as: 'pathNodes' })
    .lookup({ from: 'orgs', localField: 'keyArea', foreignField: '_id', as: 'area' })
    .lookup({ from: PHONES, localField: 'keyUser', foreignField: '_id', as: 'phone' })
    .lookup({ from: APPS, localField: 'keyApp', foreignField: '_id', as: 'app' })
    .end();
  const row = (res as { data?: Record<string, unknown>[] }).data?.[0];
  if (!row) {
    const [existing, verified] = await Promise.all([getAppDoc(db, appId), verifiedPhone(db, userId)]);
    return { existing, verified, org: null, area: null, path: [] };
  }
  const { pathNodes: nodes, area, phone, app, keyArea: _a, keyUser: _u, keyApp: _p, ...org } = row as unknown as OrgDoc & {
    pathNodes: (OrgDoc | null)[]; area: OrgDoc[]; phone: { phone?: Sealed }[]; app: AppDoc[]; keyArea: string; keyUser: string; keyApp: string;
  };
  return {
    existing: first(app),
    verified: first(phone)?.phone ?? null,
    org: org as OrgDoc,
    area: first(area),
    path: pathNodes(org as OrgDoc, nodes ?? []),
  };
}
