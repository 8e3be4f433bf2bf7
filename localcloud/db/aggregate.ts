/** database.aggregateDocuments: the SDK's stage list run through mingo's Aggregator. */
import { ProcessingMode } from 'mingo';
import { decodeParam, deepClone, Doc, isPlainObject } from './codec';
import { DbError, invalidParam } from './errors';
import { distanceM, shapeOf } from './geo';
import { Aggregator } from './mingo';
import { Filter, matchDocs } from './query';
import { DocView } from './store';

export interface StageParam {
  stageKey: string;
  stageValue: unknown;
}

export function toPipeline(stages: unknown): Record<string, unknown>[] {
  if (!Array.isArray(stages)) throw invalidParam('stages must be an array');
  return stages.map((stage: StageParam) => {
    if (!stage || typeof stage.stageKey !== 'string' || !stage.stageKey.startsWith('$')) {
      throw invalidParam('every stage needs a stageKey such as $match');
    }
    // stageValue is EJSON for objects and plain JSON for scalars (limit(5), count('n')).
    return { [stage.stageKey]: decodeParam(stage.stageValue) };
  });
}

/** The value at a dotted path (arrays of subdocuments give every value). */
function valuesAt(doc: unknown, path: string[]): unknown[] {
  if (path.length === 0) return [doc];
  if (Array.isArray(doc)) return doc.flatMap((d) => valuesAt(d, path));
  if (!doc || typeof doc !== 'object') return [];
  return valuesAt((doc as Record<string, unknown>)[path[0]], path.slice(1));
}

/**
 * `$geoNear` (aggregate().geoNear): the documents matching `query` with a location, nearest first,
 * each with its distance in metres (times distanceMultiplier) in `distanceField`. As in MongoDB it
 * must be the first stage; `key` names the location field (else the first top-level GeoJSON field).
 */
function geoNear(view: DocView, coll: string, spec: unknown): Doc[] {
  if (!isPlainObject(spec)) throw invalidParam('$geoNear takes an object');
  const near = shapeOf(spec.near)?.points[0];
  if (!near) throw invalidParam('$geoNear requires near: a GeoJSON Point');
  if (typeof spec.distanceField !== 'string' || spec.distanceField === '') throw invalidParam('$geoNear requires distanceField');
  const docs = matchDocs(view, coll, isPlainObject(spec.query) ? spec.query : undefined);
  let key = typeof spec.key === 'string' ? spec.key : null;
  if (!key) {
    outer: for (const d of docs) {
      for (const [k, v] of Object.entries(d)) {
        if (k !== '_id' && isPlainObject(v) && shapeOf(v)) {
          key = k;
          break outer;
        }
      }
    }
  }
  if (!key) return [];
  const path = key.split('.');
  const min = typeof spec.minDistance === 'number' ? spec.minDistance : 0;
  const max = typeof spec.maxDistance === 'number' ? spec.maxDistance : Infinity;
  const mult = typeof spec.distanceMultiplier === 'number' ? spec.distanceMultiplier : 1;
  const out: { doc: Doc; d: number; loc: unknown }[] = [];
  for (const doc of docs) {
    let best = Infinity;
    let loc: unknown;
    for (const v of valuesAt(doc, path)) {
      for (const p of shapeOf(v)?.points ?? []) {
        const d = distanceM(p, near);
        if (d < best) [best, loc] = [d, v];
      }
    }
    if (best >= min && best <= max) out.push({ doc, d: best, loc });
  }
  out.sort((a, b) => a.d - b.d);
  return out.map(({ doc, d, loc }) => {
    const copy = deepClone(doc);
    copy[spec.distanceField as string] = d * mult;
    if (typeof spec.includeLocs === 'string' && spec.includeLocs) copy[spec.includeLocs] = deepClone(loc);
    return copy;
  });
}

export function runAggregate(view: DocView, coll: string, pipeline: Record<string, unknown>[]): Doc[] {
  if (pipeline.slice(1).some((stage) => '$geoNear' in stage)) throw invalidParam('$geoNear is only valid as the first stage in a pipeline');
  if (pipeline.length && '$geoNear' in pipeline[0]) {
    const input = geoNear(view, coll, pipeline[0].$geoNear);
    return runStages(view, input, pipeline.slice(1));
  }
  // Leading $match stages run on our own matcher: _id lookups, no cloning of unmatched documents.
  const leading: Filter[] = [];
  let i = 0;
  while (i < pipeline.length && '$match' in pipeline[i]) {
    const match = pipeline[i].$match;
    if (!isPlainObject(match)) throw invalidParam('$match takes an object');
    leading.push(match);
    i++;
  }
  const query = leading.length === 0 ? undefined : leading.length === 1 ? leading[0] : { $and: leading };
  return runStages(view, matchDocs(view, coll, query), pipeline.slice(i));
}

function runStages(view: DocView, input: Doc[], pipeline: Record<string, unknown>[]): Doc[] {

  // Some stages ($unwind, $lookup + later stages) modify documents in place: clone the input and
  // hand $lookup copies of the foreign collection, so stored documents stay untouched.
  const foreign = new Map<string, Doc[]>();
  const collectionResolver = (name: string): Doc[] => {
    let docs = foreign.get(name);
    if (!docs) foreign.set(name, (docs = [...view.docs(name)].map((d) => deepClone(d))));
    return docs;
  };
  try {
    const aggregator = new Aggregator(pipeline, {
      processingMode: ProcessingMode.CLONE_INPUT,
      collectionResolver,
    });
    return aggregator.run(input) as Doc[];
  } catch (err) {
    throw new DbError('DATABASE_REQUEST_FAILED', `aggregate failed: ${(err as Error).message}`);
  }
}
