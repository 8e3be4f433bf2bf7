import { createFunction } from '../../server/handler';
import { careCard, careList } from './care';
import { exportSheet } from './export';
import { importSheet } from './import';
import { get, history, list, options, reveal } from './read';
import { create, update } from './write';

/** Cloud function `child`: the children's registry (台账). exceljs is bundled into this function only. */
export const main = createFunction('child', {
  options,
  list,
  get,
  history,
  create,
  update,
  reveal,
  importSheet,
  exportSheet,
  careCard,
  careList,
});
