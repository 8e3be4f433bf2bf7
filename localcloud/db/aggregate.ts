/** database.aggregateDocuments: the SDK's stage list run through mingo's Aggregator. */
import { Aggregator, ProcessingMode } from 'mingo';
import { decodeParam, deepClone, Doc, isPlainObject } from './codec';
import { DbError, invalidParam } from './errors';
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

export function runAggregate(view: DocView, coll: string, pipeline: Record<string, unknown>[]): Doc[] {
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
  const input = matchDocs(view, coll, query);

  // Some stages ($unwind, $lookup + later stages) modify documents in place: clone the input and
  // hand $lookup copies of the foreign collection, so stored documents stay untouched.
  const foreign = new Map<string, Doc[]>();
  const collectionResolver = (name: string): Doc[] => {
    let docs = foreign.get(name);
    if (!docs) foreign.set(name, (docs = [...view.docs(name)].map((d) => deepClone(d))));
    return docs;
  };
  try {
    const aggregator = new Aggregator(pipeline.slice(i), {
      processingMode: ProcessingMode.CLONE_INPUT,
      collectionResolver,
    });
    return aggregator.run(input) as Doc[];
  } catch (err) {
    throw new DbError('DATABASE_REQUEST_FAILED', `aggregate failed: ${(err as Error).message}`);
  }
}
