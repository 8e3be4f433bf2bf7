import { call, ApiError } from '../../services/api';
import { chinaDateTime } from '../../utils/china-time';
import { fontScale } from '../../behaviors/font-scale';

interface Row {
  id: string;
  text: string;
  when: string;
  unread: boolean;
  open: string;
}

/**
 * 消息: the caller's notices from every area (account.notices), newest first. Unread ones keep
 * their mark on this visit, so she sees what is new; once shown they are marked read on the server.
 */
Component({
  behaviors: [fontScale],
  data: {
    loading: true,
    error: '',
    items: [] as Row[],
  },
  methods: {
    onLoad() {
      this.load();
    },
    async load() {
      this.setData({ loading: true, error: '' });
      try {
        const { items, unread } = await call('account', 'notices', {});
        this.setData({
          loading: false,
          items: items.map((n) => ({ id: n.id, text: n.text, when: chinaDateTime(n.at), unread: !n.read, open: n.open })),
        });
        // marking read is a convenience: a failure here leaves them unread for next time
        if (unread) call('account', 'readNotices', {}).catch(() => undefined);
      } catch (err) {
        this.setData({ loading: false, error: err instanceof ApiError ? err.message : '加载失败，请重试' });
      }
    },
    onRetry() {
      this.load();
    },
    onOpen(e: WechatMiniprogram.TouchEvent) {
      const { url } = e.currentTarget.dataset as { url: string };
      if (url) wx.navigateTo({ url });
    },
  },
});
