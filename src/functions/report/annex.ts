import type { Handlers } from '../../server/handler';
import type { annexContract } from '../../contract/report/annex';

/** Handlers of src/contract/report/annex.ts. */
export const annexHandlers: Pick<Handlers<'report'>, keyof typeof annexContract> = {};
