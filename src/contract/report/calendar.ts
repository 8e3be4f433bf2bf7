/** report: calendar actions (filled in by the calendar work). */
export const calendarContract = {} as const;
