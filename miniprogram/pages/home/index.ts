import { call, ApiError } from '../../services/api';
import { ROLE_LABELS, VOLUNTEER_STATUS_LABELS } from '../../utils/labels';
import { entriesFor } from '../../services/entries';
import { BADGES } from '../../services/badges';

/**
 * Home: who I am and which programme this is. Written with Component() so miniprogram-simulate
 * can load it; page hooks live in `methods`.
 */
Component({
  data: {
    loading: true,
    error: '',
    brandName: '爱心妈妈',
    programmeName: '',
    city: '',
    /** no programme switched on yet: the first-run entry (setup code, then a preset) is shown */
    setupNeeded: false,
    name: '',
    roles: [] as { code: string; label: string }[],
    orgName: '',
    volunteerStatus: '',
    entries: [] as { key: string; label: string; hint: string; url: string; badge: string }[],
  },
  methods: {
    onLoad() {
      this.load();
    },
    /** Back from the inbox (or anywhere): only the unread count is refreshed, one cheap call. */
    onShow() {
      if (this.data.loading || this.data.error) return;
      this.loadBadges('notices');
    },
    async load() {
      this.setData({ loading: true, error: '' });
      try {
        const { me, programme } = await call('account', 'login', {});
        const shown = me.roles.filter((r) => r !== 'donor' || me.roles.length === 1);
        this.setData({
          loading: false,
          brandName: programme?.brandName ?? '爱心妈妈',
          programmeName: programme?.name ?? '本地区尚未启用项目',
          city: programme?.city ?? '',
          setupNeeded: !programme,
          name: me.name ?? '',
          roles: shown.map((code) => ({ code, label: ROLE_LABELS[code] ?? code })),
          orgName: me.staff?.orgName ?? '',
          volunteerStatus: me.volunteerStatus ? VOLUNTEER_STATUS_LABELS[me.volunteerStatus] ?? '' : '',
          entries: entriesFor({
            roles: me.roles,
            permissions: me.staff?.permissions ?? [],
            isAdmin: me.roles.includes('admin'),
            isApplicant: !me.roles.includes('volunteer'),
          }).map(({ key, label, hint, url }) => ({ key, label, hint, url, badge: '' })),
        });
        if (programme) wx.setNavigationBarTitle({ title: programme.brandName });
        this.loadBadges();
      } catch (err) {
        this.setData({ loading: false, error: err instanceof ApiError ? err.message : '加载失败，请重试' });
      }
    },
    /** Counts are a convenience: a failure leaves the tile without one. */
    loadBadges(only?: string) {
      (this.data.entries as { key: string }[]).forEach((entry, i) => {
        const badge = BADGES[entry.key];
        if (!badge || (only && entry.key !== only)) return;
        badge().then(
          (text) => this.setData({ [`entries[${i}].badge`]: text }),
          () => undefined,
        );
      });
    },
    onRetry() {
      this.load();
    },
    onStartSetup() {
      wx.navigateTo({ url: '/packages/admin/pages/setup/index' });
    },
    onEntry(e: WechatMiniprogram.TouchEvent) {
      wx.navigateTo({ url: e.currentTarget.dataset.url as string });
    },
  },
});
