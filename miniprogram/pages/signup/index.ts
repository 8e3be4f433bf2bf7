import { call, ApiError } from '../../services/api';
import { upload } from '../../services/upload';
import { chinaToday } from '../../utils/china-time';
import { birthDateFromId, DRAFT_KEY, fieldError, payload, shownFields, stepErrors, STEPS, type Context, type Draft } from './model';
import type { FieldSpec } from './validate';
import { fontScale } from '../../behaviors/font-scale';

type Choice = { value: string; label: string };
type Form = Record<string, unknown>;
const pick = (o: Form, keys: string[]) => Object.fromEntries(keys.filter((k) => o[k] !== undefined && o[k] !== null).map((k) => [k, o[k]]));

/**
 * 报名成为爱心妈妈: four short steps, checked as she types with the server's words, a draft kept on
 * the device between steps, the phone from WeChat's button, a photo, then one submit.
 */
Component({
  behaviors: [fontScale],
  data: {
    loading: true,
    error: '',
    steps: STEPS.map((s) => ({ title: s.title })),
    step: 0,
    show: {} as Record<string, boolean>,
    labels: {} as Record<string, string>,
    required: {} as Record<string, boolean>,
    options: {} as Record<string, Choice[]>,
    picked: {} as Record<string, string>,
    areas: [] as { code: string; name: string }[],
    form: { applicantKind: 'individual', declarations: [] } as Form,
    errors: {} as Record<string, string>,
    phoneMasked: '',
    keptIdMasked: '',
    minAge: 0,
    maxAge: 0,
    femaleOnly: false,
    /** 报名时间：… (issue 17) */
    windowText: '',
    /** while sign-up is closed, why, in the server's words: shown instead of the form */
    closedNotice: '',
    /** team kinds recruiting in a window of their own (岳阳 异地 teams extended): 异地爱心妈妈志愿服务队：即日起至… */
    teamWindows: [] as { kind: string; line: string }[],
    /** the programme's window is closed but a team's is open: the form stays, with this said above it */
    teamNote: '',
    today: '',
    submitting: false,
    submitError: '',
    subscribeIds: [] as string[],
  },
  methods: {
    onLoad() {
      this.load();
    },
    onHide() {
      this.saveDraft();
    },
    async load() {
      this.setData({ loading: true, error: '' });
      try {
        const [f, orgs, mine] = await Promise.all([call('volunteer', 'getSignupForm', {}), call('account', 'listOrgs', {}), call('volunteer', 'mine', {})]);
        const app = mine.application;
        const openTeams = f.teamWindows.filter((w) => w.state === 'open' && w.appliesTo !== 'none');
        if (app && ['pending', 'district_approved', 'approved'].includes(app.status)) {
          wx.redirectTo({ url: '/pages/volunteer-status/index' });
          return;
        }
        const specs: Record<string, FieldSpec> = {};
        for (const s of f.fields) specs[s.field] = s;
        const labels: Record<string, string> = { name: '姓名', orgCode: '所在地区', groupName: '团队或单位名称' };
        const required: Record<string, boolean> = { name: true, orgCode: true };
        for (const s of f.fields) [labels[s.field], required[s.field]] = [s.label, s.required];
        // editing after a rejection or withdrawal starts from what she sent; a device draft wins
        const previous: Form = app ? { ...app.form, ...pick(app as unknown as Form, ['name', 'applicantKind', 'groupName', 'orgCode', 'preferredAreaCode']), declarations: [] } : {};
        const draft = (wx.getStorageSync(DRAFT_KEY) || null) as Draft | null;
        const form: Form = { applicantKind: 'individual', declarations: [], ...previous, ...(draft?.form ?? {}) };
        this.setData({
          loading: false,
          show: shownFields(specs),
          labels,
          required,
          options: { applicantKinds: f.applicantKinds, sex: f.sex, pairingForms: f.pairingForms, serviceModes: f.serviceModes, serviceTimes: f.serviceTimes, education: f.education, politicalStatus: f.politicalStatus, declarations: f.declarations },
          areas: orgs.nodes.map((n) => ({ code: n.code, name: n.name })),
          form,
          step: draft?.step ?? 0,
          phoneMasked: draft?.phoneMasked || app?.phoneMasked || '',
          keptIdMasked: app?.idNumberMasked ?? '',
          minAge: f.minAge,
          maxAge: f.maxAge,
          femaleOnly: f.femaleOnly,
          windowText: f.signupWindow.text,
          // answering a rejection is not a new sign-up: the server takes it after closing too; a team
          // still recruiting keeps the form open (the server holds each node to its team's window)
          closedNotice: app?.status === 'rejected' || openTeams.length ? '' : f.signupWindow.notice ?? '',
          teamWindows: f.teamWindows.map((w) => ({ kind: w.kind, line: `${w.label}：${w.text}${w.state === 'open' ? '' : w.state === 'before' ? '（未开始）' : '（已截止）'}` })),
          teamNote: app?.status !== 'rejected' && f.signupWindow.notice && openTeams.length ? `${f.signupWindow.notice}；${openTeams.map((w) => w.label).join('、')}仍在报名` : '',
          subscribeIds: f.subscribeTemplateIds,
          today: chinaToday(),
        });
        this.refreshPicked();
      } catch (err) {
        this.setData({ loading: false, error: err instanceof ApiError ? err.message : '加载失败，请重试' });
      }
    },
    ctx(): Context {
      const specs: Record<string, FieldSpec> = {};
      for (const [field, label] of Object.entries(this.data.labels)) specs[field] = { field, label, required: !!this.data.required[field] };
      delete specs.name;
      delete specs.orgCode;
      delete specs.groupName;
      return { specs, phoneMasked: this.data.phoneMasked, keptIdMasked: this.data.keptIdMasked, declarations: this.data.options.declarations ?? [], femaleOnly: this.data.femaleOnly };
    },
    set(field: string, value: unknown) {
      const form = { ...this.data.form, [field]: value };
      if (field === 'idNumber' && !form.birthDate) form.birthDate = birthDateFromId(String(value));
      if (field === 'orgCode' && !form.preferredAreaCode) form.preferredAreaCode = value; // her own area by default
      this.setData({ form, [`errors.${field}`]: fieldError(field, form, this.ctx()), submitError: '' });
      this.refreshPicked();
    },
    refreshPicked() {
      const { form, options, areas } = this.data;
      const label = (list: Choice[] | undefined, v: unknown) => list?.find((c) => c.value === v)?.label ?? '';
      const area = (code: unknown) => areas.find((a) => a.code === code)?.name ?? '';
      this.setData({ picked: { education: label(options.education, form.education), politicalStatus: label(options.politicalStatus, form.politicalStatus), orgCode: area(form.orgCode), preferredAreaCode: area(form.preferredAreaCode) } });
    },
    onInput(e: WechatMiniprogram.CustomEvent<{ value: unknown }>) {
      this.set(e.currentTarget.dataset.field as string, e.detail.value);
    },
    onPick(e: WechatMiniprogram.CustomEvent<{ value: string | number }>) {
      const field = e.currentTarget.dataset.field as string;
      const i = Number(e.detail.value);
      const value = field === 'orgCode' || field === 'preferredAreaCode' ? this.data.areas[i]?.code : this.data.options[field]?.[i]?.value;
      this.set(field, value ?? '');
    },
    async onGetPhone(e: WechatMiniprogram.CustomEvent<{ code?: string }>) {
      if (!e.detail.code) return void this.setData({ 'errors.phone': '未获取到手机号，您也可以直接填写' });
      try {
        const { phoneMasked } = await call('volunteer', 'verifyPhone', { code: e.detail.code });
        this.setData({ phoneMasked, 'errors.phone': '' });
      } catch (err) {
        this.setData({ 'errors.phone': err instanceof ApiError ? err.message : '手机号获取失败，请重试或手动填写' });
      }
    },
    onChoosePhoto() {
      wx.chooseMedia({
        count: 1,
        mediaType: ['image'],
        sizeType: ['compressed'],
        success: async (res) => {
          try {
            const fileId = await upload(res.tempFiles[0].tempFilePath, `volunteer-photos/${Date.now()}-${Math.random().toString(36).slice(2, 8)}.jpg`);
            this.set('photoFileId', fileId);
          } catch {
            this.setData({ 'errors.photoFileId': '照片上传失败，请重试' });
          }
        },
      });
    },
    saveDraft() {
      wx.setStorageSync(DRAFT_KEY, { step: this.data.step, form: this.data.form, phoneMasked: this.data.phoneMasked } as Draft);
    },
    onNext() {
      const { errors, first } = stepErrors(this.data.step, this.data.form, this.ctx());
      this.setData({ errors: { ...this.data.errors, ...errors } });
      if (first) return void wx.showToast({ title: first, icon: 'none' });
      this.setData({ step: this.data.step + 1 });
      this.saveDraft();
    },
    onPrev() {
      this.setData({ step: Math.max(0, this.data.step - 1) });
      this.saveDraft();
    },
    onSubmit() {
      for (let s = 0; s < STEPS.length; s++) {
        const { errors, first } = stepErrors(s, this.data.form, this.ctx());
        if (first) return void this.setData({ step: s, errors: { ...this.data.errors, ...errors }, submitError: first });
      }
      const ids = this.data.subscribeIds;
      // the subscribe prompt must open from the tap itself
      if (ids.length && wx.requestSubscribeMessage) {
        let accepted = false;
        wx.requestSubscribeMessage({ tmplIds: ids, success: (r) => (accepted = (r as unknown as Record<string, string>)[ids[0]] === 'accept'), complete: () => this.send(accepted) } as WechatMiniprogram.RequestSubscribeMessageOption);
      } else this.send(false);
    },
    async send(subscribed: boolean) {
      this.setData({ submitting: true, submitError: '' });
      try {
        await call('volunteer', 'submit', payload(this.data.form, this.ctx(), subscribed) as never);
        wx.removeStorageSync(DRAFT_KEY);
        this.setData({ submitting: false });
        wx.redirectTo({ url: '/pages/volunteer-status/index' });
      } catch (err) {
        this.setData({ submitting: false, submitError: err instanceof ApiError ? err.message : '提交失败，请重试' });
      }
    },
    onRetry() {
      this.load();
    },
  },
});
