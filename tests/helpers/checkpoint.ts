import type { LocalCloud } from '../../localcloud/server';
import type { Change } from '../../localcloud/db/store';
import { idKey, type Doc, type IdKey } from '../../localcloud/db/codec';
import { forgetProgramme } from '../../src/server/programme';

/**
 * Test isolation for a file that builds one world in `beforeAll` and lets its tests write to it:
 * `const restore = checkpoint(cloud)` after the world is built, then `afterEach(() => restore())`
 * puts every collection back as it was (documents added since are removed, changed or removed
 * ones put back), so no test reads what another wrote, whatever order they run in.
 *
 * Cheap: the store never changes a document in place (store.ts), so the checkpoint keeps
 * references and the restore writes only what differs, as one commit (unique indexes follow).
 * The programme's in-memory cache is forgotten too (a test may have saved a version).
 */
export function checkpoint(cloud: LocalCloud): () => void {
  const saved = new Map<string, Map<IdKey, Doc>>();
  for (const coll of cloud.store.listCollections()) {
    saved.set(coll, new Map([...cloud.store.docs(coll)].map((d) => [idKey(d._id), d])));
  }
  return () => {
    const changes: Change[] = [];
    for (const coll of cloud.store.listCollections()) {
      const was = saved.get(coll) ?? new Map<IdKey, Doc>();
      const now = new Map([...cloud.store.docs(coll)].map((d) => [idKey(d._id), d]));
      for (const key of now.keys()) if (!was.has(key)) changes.push({ coll, key, doc: null });
      for (const [key, doc] of was) if (now.get(key) !== doc) changes.push({ coll, key, doc });
    }
    cloud.store.commit(changes);
    forgetProgramme();
  };
}
