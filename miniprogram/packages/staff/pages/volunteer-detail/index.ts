import { call, ApiError } from '../../../../services/api';
import { VOLUNTEER_STATUS_LABELS } from '../../../../utils/labels';
import type { Output } from '../../../../../src/contract';
import { chinaDateTime } from '../../../../utils/china-time';
import { fontScale } from '../../../../behaviors/font-scale';

type Detail = Output<'volunteer', 'getApplication'>['application'];
type Choice = { value: string; label: string };
const KIND: Record<string, string> = { submitted: '提交报名', withdrawn: '撤回报名', approve: '通过', reject: '不通过', team: '调整服务队' };

/** One application: her form (sensitive values masked), the history of steps, and the decision. */
Component({
  behaviors: [fontScale],
  properties: { id: { type: String, value: '' } },
  data: {
    loading: true,
    error: '',
    app: null as Detail | null,
    statusLabel: '',
    rows: [] as { label: string; value: string }[],
    history: [] as { key: string; text: string; opinion: string }[],
    opinion: '',
    busy: false,
    message: '',
    revealed: null as { idNumber: string | null; phone: string } | null,
    teams: [] as { id: string; name: string }[],
    teamIndex: -1,
  },
  methods: {
    /** 点击放大: the photo's temporary link (storage is private: only a function-issued link opens it). */
    onPreview(e: WechatMiniprogram.TouchEvent) {
      const url = (e.currentTarget.dataset as { url: string }).url;
      if (url) wx.previewImage?.({ current: url, urls: [url] });
    },
    onLoad(query?: { id?: string }) {
      if (query?.id && !this.data.id) this.setData({ id: query.id });
      this.load();
    },
    async load() {
      this.setData({ loading: true, error: '' });
      try {
        const [{ application: app }, form] = await Promise.all([call('volunteer', 'getApplication', { id: this.data.id }), call('volunteer', 'getSignupForm', {})]);
        const named = (list: Choice[], v: unknown) => (Array.isArray(v) ? v : [v]).map((x) => list.find((c) => c.value === x)?.label ?? '').filter(Boolean).join('、');
        const f = app.form as Record<string, unknown>;
        const rows = [
          { label: '姓名', value: `${app.name}${app.groupName ? `（${app.groupName}，${app.groupSize ?? ''}人）` : ''}` },
          { label: '年龄', value: `${app.age}岁（${String(f.birthDate ?? '')}）` },
          { label: '身份证号码', value: app.idNumberMasked ?? '未填写' },
          { label: '联系电话', value: `${app.phoneMasked}${app.phoneVerified ? '（已微信验证）' : ''}` },
          { label: '学历', value: named(form.education, f.education) },
          { label: '政治面貌', value: named(form.politicalStatus, f.politicalStatus) },
          { label: '工作单位及职务', value: String(f.employerAndPost ?? '') },
          { label: '家庭住址', value: String(f.homeAddress ?? '') },
          { label: '所在地区', value: app.orgName },
          { label: '帮扶地域', value: app.preferredAreaName ?? '' },
          { label: '结对形式', value: named(form.pairingForms, f.pairingForms) },
          { label: '服务方式', value: named(form.serviceModes, f.serviceModes) },
          { label: '服务时间', value: named(form.serviceTimes, f.serviceTimes) },
          { label: '个人特长', value: String(f.skills ?? '') },
          { label: '对帮扶儿童的要求', value: String(f.preferredChild ?? '') },
          { label: '声明', value: app.declarations.map((d) => d.label).join('、') },
        ].filter((r) => r.value);
        const history = app.history.map((h, i) => ({
          key: String(i),
          text: `${chinaDateTime(h.at)} ${h.stepLabel ?? ''}${KIND[h.kind] ?? h.kind}${h.actorName ? `（${h.actorName}）` : ''}`,
          opinion: h.opinion ?? '',
        }));
        this.setData({ loading: false, app, rows, history, statusLabel: VOLUNTEER_STATUS_LABELS[app.status] ?? app.status });
        if (app.status === 'approved') this.loadTeams();
      } catch (err) {
        this.setData({ loading: false, error: err instanceof ApiError ? err.message : '加载失败，请重试' });
      }
    },
    async loadTeams() {
      const { items } = await call('volunteer', 'listTeams', { pageSize: 100 }).catch(() => ({ items: [] as { id: string; name: string }[] }));
      this.setData({ teams: items.map((t) => ({ id: t.id, name: t.name })), teamIndex: items.findIndex((t) => t.id === this.data.app?.team?.id) });
    },
    onOpinion(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ opinion: String(e.detail.value ?? '') });
    },
    onApprove() {
      this.decide('approve');
    },
    onReject() {
      if (!this.data.opinion.trim()) return void this.setData({ message: '不通过时请填写原因' });
      this.decide('reject');
    },
    async decide(decision: 'approve' | 'reject') {
      const app = this.data.app;
      if (!app) return;
      this.setData({ busy: true, message: '' });
      try {
        await call('volunteer', 'review', { id: app.id, version: app.version, decision, ...(this.data.opinion.trim() ? { opinion: this.data.opinion.trim() } : {}) });
        this.setData({ busy: false, opinion: '', message: decision === 'approve' ? '已通过' : '已退回' });
      } catch (err) {
        this.setData({ busy: false, message: err instanceof ApiError ? err.message : '操作失败，请重试' });
      }
      await this.load();
    },
    async onReveal() {
      try {
        this.setData({ revealed: await call('volunteer', 'revealContact', { id: this.data.id }) });
      } catch (err) {
        this.setData({ message: err instanceof ApiError ? err.message : '操作失败，请重试' });
      }
    },
    async onTeam(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const team = this.data.teams[Number(e.detail.value)];
      const app = this.data.app;
      if (!team || !app) return;
      try {
        await call('volunteer', 'assignTeam', { id: app.id, version: app.version, teamId: team.id });
        this.setData({ message: `已调整到${team.name}` });
      } catch (err) {
        this.setData({ message: err instanceof ApiError ? err.message : '操作失败，请重试' });
      }
      await this.load();
    },
  },
});
