import { askSubscription } from '../../services/subscribe';
import { call, ApiError } from '../../services/api';
import { TEAM_KIND_LABELS, VOLUNTEER_STATUS_LABELS } from '../../utils/labels';
import type { Output } from '../../../src/contract';
import { chinaDate } from '../../utils/china-time';
import { fontScale } from '../../behaviors/font-scale';

type App = NonNullable<Output<'volunteer', 'mine'>['application']>;
const DRAFT_KEY = 'volunteerSignupDraft';

/** 我的报名: where her application stands, what was said, and what she can do next. */
Component({
  behaviors: [fontScale],
  data: {
    loading: true,
    error: '',
    hasDraft: false,
    app: null as App | null,
    statusLabel: '',
    stepItems: [] as { title: string; content: string; status: string }[],
    current: 0,
    currentStatus: 'process',
    teamLabel: '',
    canWithdraw: false,
    canEdit: false,
    busy: false,
    message: '',
    subscribeIds: [] as string[],
  },
  methods: {
    onLoad() {
      this.load();
    },
    onShow() {
      if (!this.data.loading) this.load();
    },
    async load() {
      this.setData({ loading: true, error: '' });
      try {
        const [{ application: app }, form] = await Promise.all([call('volunteer', 'mine', {}), call('volunteer', 'getSignupForm', {})]);
        this.show(app);
        this.setData({ loading: false, subscribeIds: form.subscribeTemplateIds, hasDraft: !app && !!wx.getStorageSync(DRAFT_KEY) });
      } catch (err) {
        this.setData({ loading: false, error: err instanceof ApiError ? err.message : '加载失败，请重试' });
      }
    },
    show(app: App | null) {
      if (!app) return void this.setData({ app: null, statusLabel: wx.getStorageSync(DRAFT_KEY) ? VOLUNTEER_STATUS_LABELS.draft : '' });
      const decided = app.steps.filter((s) => s.decision).length;
      const stepItems = [
        { title: '提交报名', content: chinaDate(app.submittedAt), status: 'default' },
        // t-steps marks the steps before `current` done; a refused step is marked as refused (error) instead
        ...app.steps.map((s) => ({ title: s.label, content: s.decision ? `${s.decision === 'approve' ? '通过' : '未通过'}${s.opinion ? `：${s.opinion}` : ''}` : s.orgName, status: s.decision === 'reject' ? 'error' : 'default' })),
      ];
      this.setData({
        app,
        statusLabel: VOLUNTEER_STATUS_LABELS[app.status] ?? app.status,
        stepItems,
        // pending: the next step is in progress; refused or withdrawn: nothing is, and the steps
        // after the last decided one stay grey (a refused step carries its own error status)
        current: app.status === 'approved' ? stepItems.length : app.status === 'rejected' || app.status === 'withdrawn' ? decided : decided + 1,
        currentStatus: app.status === 'rejected' || app.status === 'withdrawn' ? 'finish' : 'process',
        teamLabel: app.team ? `${app.team.name}（${TEAM_KIND_LABELS[app.team.kind] ?? ''}）` : '',
        canWithdraw: app.status === 'pending' || app.status === 'district_approved',
        canEdit: app.status === 'rejected' || app.status === 'withdrawn',
      });
    },
    onWithdraw() {
      wx.showModal({
        title: '撤回报名',
        content: '撤回后可以修改信息重新提交。确定撤回吗？',
        confirmText: '撤回',
        success: async (r) => {
          if (!r.confirm || !this.data.app) return;
          this.setData({ busy: true, message: '' });
          try {
            this.show((await call('volunteer', 'withdraw', { version: this.data.app.version })).application);
            this.setData({ busy: false, message: '已撤回' });
          } catch (err) {
            this.setData({ busy: false, message: err instanceof ApiError ? err.message : '操作失败，请重试' });
          }
        },
      });
    },
    onEdit() {
      wx.navigateTo({ url: '/pages/signup/index' });
    },
    onSignup() {
      wx.navigateTo({ url: '/pages/signup/index' });
    },
    async onAccept() {
      this.setData({ busy: true, message: '' });
      try {
        this.show((await call('volunteer', 'acceptCommitment', { accepted: true })).application);
        this.setData({ busy: false, message: '承诺书已签订，感谢您的付出' });
      } catch (err) {
        this.setData({ busy: false, message: err instanceof ApiError ? err.message : '操作失败，请重试' });
      }
    },
    onSubscribe() {
      const ids = this.data.subscribeIds;
      if (!ids.length) return;
      askSubscription(ids[0]).then(async (accepted) => {
        if (!accepted) return;
        await call('volunteer', 'subscribe', { accepted: true }).catch(() => undefined);
        this.setData({ message: '审核有结果时会通知您' });
      });
    },
    onRetry() {
      this.load();
    },
  },
});
