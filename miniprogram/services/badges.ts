import { call } from './api';

/**
 * Live counts shown on home tiles (by entry key), fetched after the page is up so a slow count
 * never delays the first screen. Each returns '' when there is nothing waiting.
 */
export const BADGES: Record<string, () => Promise<string>> = {
  'volunteer-review': async () => {
    const { todo } = await call('volunteer', 'reviewCounts', {});
    return todo ? `待审核 ${todo}` : '';
  },
};
