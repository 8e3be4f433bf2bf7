/** report: annex actions (filled in by the annex work). */
export const annexContract = {} as const;
