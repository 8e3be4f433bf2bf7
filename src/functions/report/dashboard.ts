import type { Handlers } from '../../server/handler';
import type { dashboardContract } from '../../contract/report/dashboard';

/** Handlers of src/contract/report/dashboard.ts. */
export const dashboardHandlers: Pick<Handlers<'report'>, keyof typeof dashboardContract> = {};
