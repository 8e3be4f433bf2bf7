import type { Handlers } from '../../server/handler';
import type { commendationContract } from '../../contract/report/commendation';

/** Handlers of src/contract/report/commendation.ts. */
export const commendationHandlers: Pick<Handlers<'report'>, keyof typeof commendationContract> = {};
