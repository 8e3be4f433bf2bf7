import { call, ApiError } from '../../../../services/api';
import type { Output } from '../../../../../src/contract';
import { fontScale } from '../../../../behaviors/font-scale';

type Row = Output<'volunteer', 'listRoster'>['items'][number];
type SignupWindow = Output<'volunteer', 'getSignupForm'>['signupWindow'];
type TeamWindow = Output<'volunteer', 'getSignupForm'>['teamWindows'][number];
const STATE_NOTE: Record<SignupWindow['state'], string> = { before: '（未开始）', open: '', after: '（已截止）' };
/** The day after `day` (YYYY-MM-DD): the earliest closing date the picker offers. */
const dayAfter = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
type Quota = NonNullable<Output<'volunteer', 'quotaProgress'>['total']> & { percent: number };
const withPercent = (q: Omit<Quota, 'percent'>): Quota => ({ ...q, percent: Math.min(100, Math.round((q.approved / q.atLeast) * 100)) });

/**
 * 爱心妈妈名册: approved volunteers of the caller's subtree, search, recruitment quota progress, and
 * the sign-up window, whose closing date the top node's staff (and admins) extend here (issue 17).
 */
Component({
  behaviors: [fontScale],
  data: {
    loading: true,
    error: '',
    quotaTotal: null as Quota | null,
    quotas: [] as Quota[],
    keyword: '',
    items: [] as Row[],
    total: 0,
    page: 1,
    signupWindow: null as SignupWindow | null,
    teamWindows: [] as (TeamWindow & { note: string; extendFrom: string })[],
    windowNote: '',
    canExtend: false,
    extendFrom: '',
    windowError: '',
  },
  methods: {
    onLoad() {
      this.load();
    },
    async load(more = false) {
      const page = more ? this.data.page + 1 : 1;
      this.setData({ loading: !more, error: '' });
      try {
        const [roster, quota, window] = await Promise.all([
          call('volunteer', 'listRoster', { page, ...(this.data.keyword ? { keyword: this.data.keyword } : {}) }),
          more ? null : call('volunteer', 'quotaProgress', {}),
          more ? null : this.loadWindow(),
        ]);
        this.setData({ loading: false, items: more ? [...this.data.items, ...roster.items] : roster.items, total: roster.total, page });
        if (quota) this.setData({ quotaTotal: quota.total ? withPercent(quota.total) : null, quotas: quota.items.map(withPercent) });
        if (window) {
          this.showWindow(window.signupWindow, window.teamWindows);
          this.setData({ canExtend: window.canExtend });
        }
      } catch (err) {
        this.setData({ loading: false, error: err instanceof ApiError ? err.message : '加载失败，请重试' });
      }
    },
    /** The window and whether this caller may move it (a failure here leaves the roster shown, without the card). */
    async loadWindow(): Promise<{ signupWindow: SignupWindow; teamWindows: TeamWindow[]; canExtend: boolean } | null> {
      try {
        const [{ signupWindow, teamWindows }, { me }] = await Promise.all([call('volunteer', 'getSignupForm', {}), call('account', 'login', {})]);
        // the window is the whole programme's: the server takes a change only from the top node
        const canExtend = me.roles.includes('admin') || (me.staff?.orgPath.length === 1 && me.staff.permissions.includes('volunteer.review'));
        return { signupWindow, teamWindows, canExtend };
      } catch {
        return null;
      }
    },
    /** The programme's window, and each team kind's that recruits apart (岳阳-style notices), each extendable. */
    showWindow(w: SignupWindow, teams: TeamWindow[]) {
      this.setData({
        signupWindow: w,
        windowNote: STATE_NOTE[w.state],
        extendFrom: w.closes ? dayAfter(w.closes) : '',
        teamWindows: teams.map((t) => ({ ...t, note: STATE_NOTE[t.state], extendFrom: t.closes ? dayAfter(t.closes) : '' })),
      });
    },
    async onExtend(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ windowError: '' });
      const teamKind = (e.currentTarget?.dataset as { kind?: TeamWindow['kind'] } | undefined)?.kind;
      try {
        const { signupWindow, teamWindows } = await call('volunteer', 'extendSignup', { closes: e.detail.value, ...(teamKind ? { teamKind } : {}) });
        this.showWindow(signupWindow, teamWindows);
        wx.showToast({ title: '报名截止日期已延长', icon: 'success' });
      } catch (err) {
        this.setData({ windowError: err instanceof ApiError ? err.message : '保存失败，请重试' });
      }
    },
    onKeyword(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ keyword: String(e.detail.value ?? '').trim() });
    },
    onSearch() {
      this.load();
    },
    onMore() {
      if (this.data.items.length < this.data.total) this.load(true);
    },
    onOpen(e: WechatMiniprogram.TouchEvent) {
      wx.navigateTo({ url: `/packages/staff/pages/volunteer-detail/index?id=${e.currentTarget.dataset.id as string}` });
    },
  },
});
