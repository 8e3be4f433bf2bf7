/** report: commendation actions (filled in by the commendation work). */
export const commendationContract = {} as const;
