import { call } from './api';

/**
 * Live counts shown on home tiles (by entry key), fetched after the page is up so a slow count
 * never delays the first screen. Each returns '' when there is nothing waiting. Staff's work counts
 * are the work queue's (account.todo), not tiles'.
 */
export const BADGES: Record<string, () => Promise<string>> = {
  // limit 0: the unread count only (one round trip of count queries, no notice bodies)
  notices: async () => {
    const { unread } = await call('account', 'notices', { limit: 0 });
    return unread ? `${unread}条未读` : '';
  },
};
