/** report: dashboard actions (filled in by the dashboard work). */
export const dashboardContract = {} as const;
