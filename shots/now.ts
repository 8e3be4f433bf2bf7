/**
 * The moment the screens are drawn at (the whole jest process's clock, phone and cloud alike,
 * running on from there): 07:37 on 8 December in China, still 7 December 23:37 in UTC, so a time
 * or a date shown in UTC instead of China time differs visibly, and shots/run.ts can flag it.
 * SHOTS_NOW (an ISO instant) picks another moment.
 */
export const SHOTS_NOW = process.env.SHOTS_NOW || '2026-12-07T23:37:00Z';
