/** Visit compliance (走访打卡 frequency rules), pure: periods, applicable rules, counters, status. */
export * from './periods';
export * from './rules';
export * from './compliance';
