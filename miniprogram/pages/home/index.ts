import { call, ApiError } from '../../services/api';
import { ROLE_LABELS, VOLUNTEER_STATUS_LABELS } from '../../utils/labels';
import { homeTiles } from '../../services/entries';
import { BADGES } from '../../services/badges';
import { askSubscription } from '../../services/subscribe';
import { careMode, fontData, setCareMode } from '../../utils/font-scale';
import { queueOf, type QueueItem } from './queue';
import { correctionEntry, dueLines, QUICK_DURATIONS, sendQuick, type DueLine } from './quick';
import { conflicts, correctionUrl } from '../../services/visit-outbox';
import { fontScale } from '../../behaviors/font-scale';

type Tile = { key: string; label: string; hint: string; url: string; badge: string; groupTitle: string };
const blankQuick = () => ({
  ready: false,
  children: [] as { childId: string; givenName: string }[],
  kinds: [] as { code: string; label: string }[],
  childId: '',
  kind: '',
  durationMinutes: 0,
  reminderTemplateId: null as string | null,
  busy: false,
  error: '',
  /** the check-in just recorded: what she sees, and its id for 补充详情 ('' while it waits on the phone) */
  doneText: '',
  doneId: '',
  conflicts: 0,
});

/**
 * Home: what this person does today first — a volunteer's quick check-in (child, kind, duration,
 * send) under what is due for her children; staff's work queue with counts — then the tools, and
 * 我的 (who I am, 关怀模式). Written with Component() so miniprogram-simulate can load it; page hooks
 * live in `methods`.
 */
Component({
  behaviors: [fontScale],
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
    entries: [] as Tile[],
    isVolunteer: false,
    isStaff: false,
    due: [] as DueLine[],
    durations: QUICK_DURATIONS,
    quick: blankQuick(),
    queue: [] as QueueItem[],
    queueLoaded: false,
    care: false,
  },
  methods: {
    onLoad() {
      this.setData({ care: careMode() });
      this.load();
    },
    /** Back from the inbox (or anywhere): the unread count, the work queue and what is due are read again. */
    onShow() {
      if (this.data.loading || this.data.error) return;
      this.loadBadges('notices');
      if (this.data.isStaff) void this.loadQueue();
      if (this.data.isVolunteer && !this.data.quick.busy) void this.loadQuick(false);
    },
    async load() {
      this.setData({ loading: true, error: '' });
      try {
        const { me, programme } = await call('account', 'login', {});
        const shown = me.roles.filter((r) => r !== 'donor' || me.roles.length === 1);
        const isStaff = me.roles.includes('staff') || me.roles.includes('admin');
        const isVolunteer = me.roles.includes('volunteer') && !!programme;
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
          isStaff: isStaff && !!programme,
          isVolunteer,
          entries: homeTiles({
            roles: me.roles,
            permissions: me.staff?.permissions ?? [],
            isAdmin: me.roles.includes('admin'),
            isApplicant: !me.roles.includes('volunteer'),
          }).map(({ key, label, hint, url, groupTitle }) => ({ key, label, hint, url, badge: '', groupTitle })),
        });
        if (programme) wx.setNavigationBarTitle({ title: programme.brandName });
        this.loadBadges();
        if (isStaff && programme) void this.loadQueue();
        if (isVolunteer) void this.loadQuick(true);
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
    /** The work queue: one call; a failure leaves the tools below as they are. */
    async loadQueue() {
      try {
        this.setData({ queue: queueOf(await call('account', 'todo', {})), queueLoaded: true });
      } catch {
        /* the tools still open every page */
      }
    },
    /** Her children, the kinds she may log and what is due; the only child is chosen for her. */
    async loadQuick(first: boolean) {
      try {
        const mine = await call('visit', 'mine', {});
        const children = mine.children.map((c) => ({ childId: c.childId, givenName: c.givenName }));
        const keep = children.some((c) => c.childId === this.data.quick.childId);
        this.setData({
          due: dueLines(mine.children),
          'quick.ready': true,
          'quick.children': children,
          'quick.kinds': mine.kinds,
          'quick.reminderTemplateId': mine.reminderTemplateId,
          'quick.childId': keep ? this.data.quick.childId : children.length === 1 ? children[0].childId : '',
          // resent check-ins the server holds differently (the outbox keeps them): she may compare and correct
          'quick.conflicts': conflicts().length,
        });
      } catch (err) {
        if (first) this.setData({ 'quick.error': err instanceof ApiError ? err.message : '加载失败，请稍后再试' });
      }
    },
    /** 查看并更正: the stored record beside her resent version, on 修改走访记录. */
    onQuickConflict() {
      const c = conflicts()[0];
      if (c) wx.navigateTo({ url: correctionUrl(c, (k) => this.data.quick.kinds.find((x: { code: string }) => x.code === k)?.label ?? k) });
    },
    onQuickChild(e: WechatMiniprogram.TouchEvent) {
      this.setData({ 'quick.childId': (e.currentTarget.dataset as { id: string }).id, 'quick.error': '', 'quick.doneText': '', 'quick.doneId': '' });
    },
    onQuickKind(e: WechatMiniprogram.TouchEvent) {
      this.setData({ 'quick.kind': (e.currentTarget.dataset as { code: string }).code, 'quick.error': '', 'quick.doneText': '', 'quick.doneId': '' });
    },
    onQuickDuration(e: WechatMiniprogram.TouchEvent) {
      this.setData({ 'quick.durationMinutes': Number((e.currentTarget.dataset as { value: number }).value), 'quick.error': '' });
    },
    async onQuickSend() {
      const q = this.data.quick;
      if (q.busy) return; // a double tap
      if (!q.childId) return void this.setData({ 'quick.error': '请先点选孩子' });
      if (!q.kind) return void this.setData({ 'quick.error': '请点选联系方式' });
      if (!q.durationMinutes) return void this.setData({ 'quick.error': '请点选大约多长时间' });
      // asked on this tap (WeChat's rule): one acceptance lets the morning timer remind her once
      const subscribe = askSubscription(q.reminderTemplateId);
      this.setData({ 'quick.busy': true, 'quick.error': '' });
      const child = q.children.find((c) => c.childId === q.childId)?.givenName ?? '';
      const kindLabel = q.kinds.find((k) => k.code === q.kind)?.label ?? '';
      try {
        const res = await sendQuick({ childId: q.childId, kind: q.kind, durationMinutes: q.durationMinutes, subscribe: await subscribe });
        const what = `${child} · ${kindLabel} · ${q.durationMinutes}分钟`;
        this.setData({
          'quick.busy': false, 'quick.kind': '', 'quick.durationMinutes': 0,
          'quick.doneText': res.state === 'sent' ? `已记下：${what}` : `现在没有网络，已保存在手机上：${what}。有网络时自动上传`,
          'quick.doneId': res.id ?? '',
        });
        if (res.id) wx.setStorageSync('visitCorrecting', correctionEntry(res.id, res.entry, kindLabel));
        if (res.state === 'sent') void this.loadQuick(false);
      } catch (err) {
        this.setData({ 'quick.busy': false, 'quick.error': err instanceof ApiError ? err.message : '提交失败，请重试' });
      }
    },
    /** 补充详情: 修改走访记录 opens on the check-in just sent (within the correction window it changes at once). */
    onQuickDetails() {
      if (this.data.quick.doneId) wx.navigateTo({ url: `/packages/volunteer/pages/correct/index?id=${this.data.quick.doneId}&add=1` });
    },
    onFullForm() {
      const childId = this.data.quick.childId;
      wx.navigateTo({ url: `/packages/volunteer/pages/checkin/index${childId ? `?childId=${childId}` : ''}` });
    },
    onCare(e: WechatMiniprogram.CustomEvent<{ value: boolean }>) {
      const on = !!e.detail.value;
      setCareMode(on);
      this.setData({ care: on, ...fontData() });
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
