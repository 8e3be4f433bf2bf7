import { call, ApiError } from '../../../../services/api';
import { fontScale } from '../../../../behaviors/font-scale';

/**
 * First run: the person who has the setup code `npm run deploy` printed becomes admin here, then
 * switches the environment on with one of the shipped programme presets. Opened from home while
 * no programme is switched on.
 */
type Step = 'code' | 'preset' | 'done';

Component({
  behaviors: [fontScale],
  data: {
    loading: true,
    step: 'code' as Step,
    code: '',
    presetId: '',
    options: [] as { value: string; label: string; maxLabelRow: number }[],
    error: '',
    busy: false,
    programmeName: '',
    orgsCreated: 0,
  },
  methods: {
    async onLoad() {
      try {
        const { me } = await call('account', 'login', {});
        if (me.roles.includes('admin')) await this.showPresets();
        else this.setData({ loading: false, step: 'code' });
      } catch (err) {
        this.setData({ loading: false, error: err instanceof ApiError ? err.message : '加载失败，请重试' });
      }
    },
    async showPresets() {
      const { presets, current } = await call('account', 'presets', {});
      this.setData({
        loading: false,
        step: 'preset',
        error: '',
        presetId: current ?? '',
        // a programme's full name runs to four lines in 关怀模式: TDesign cuts a label at three
        options: presets.map((p) => ({ value: p.id, label: `${p.name}（${p.city}）`, maxLabelRow: 6 })),
      });
    },
    onCode(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ code: e.detail.value, error: '' });
    },
    onPreset(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ presetId: e.detail.value, error: '' });
    },
    async onClaim() {
      const code = (this.data.code as string).trim();
      if (!code) return this.setData({ error: '请输入设置码' });
      this.setData({ busy: true, error: '' });
      try {
        await call('account', 'claimAdmin', { code });
        this.setData({ busy: false });
        await this.showPresets();
      } catch (err) {
        this.setData({ busy: false, error: err instanceof ApiError ? err.message : '提交失败，请重试' });
      }
    },
    /** 项目规则 shows the preset in plain Chinese, to switch on as is or adjusted (programme-edit) */
    onReview() {
      if (!this.data.presetId) return this.setData({ error: '请先选择一个项目方案' });
      wx.navigateTo({ url: `/packages/admin/pages/programme/index?presetId=${this.data.presetId as string}` });
    },
    async onSwitchOn() {
      if (!this.data.presetId) return this.setData({ error: '请先选择一个项目方案' });
      this.setData({ busy: true, error: '' });
      try {
        const res = await call('account', 'setupProgramme', { presetId: this.data.presetId as string });
        this.setData({ busy: false, step: 'done', programmeName: res.programme.name, orgsCreated: res.orgsCreated });
      } catch (err) {
        this.setData({ busy: false, error: err instanceof ApiError ? err.message : '启用失败，请重试' });
      }
    },
    /** the next steps of a first run: the org tree below the preset's, then staff */
    onOpen(e: WechatMiniprogram.TouchEvent) {
      wx.navigateTo({ url: e.currentTarget.dataset.url as string });
    },
    onHome() {
      wx.reLaunch({ url: '/pages/home/index' });
    },
  },
});
