import type { FunctionName } from '../contract';
import { main as account } from './account';
import { main as volunteer } from './volunteer';
import { main as child } from './child';
import { main as pairing } from './pairing';
import { main as wish } from './wish';
import { main as visit } from './visit';
import { main as report } from './report';

/** Every cloud function's entry, by name: the build bundles each one into cloudfunctions/<name>/. */
export type Main = (event: unknown, context: unknown) => Promise<unknown>;
export const FUNCTIONS: Record<FunctionName, Main> = {
  account,
  volunteer,
  child,
  pairing,
  wish,
  visit,
  report,
};
