import { call, ApiError } from '../../../../services/api';
import { upload } from '../../../../services/upload';
import type { Output } from '../../../../../src/contract';
import { chinaDateTime } from '../../../../utils/china-time';
import { fontScale } from '../../../../behaviors/font-scale';

type Report = Output<'report', 'draft'>;
type TextKey = 'problems' | 'results' | 'experience' | 'ledger';
const TEXT_KEYS: TextKey[] = ['problems', 'results', 'experience', 'ledger'];
const TEXT_MAX = 2000;
const PHOTOS_MAX = 9;
const CASES_MAX = 10;

/** The headline numbers of the frozen figures: a few lines, not the whole object, go to setData. */
function factsOf(f: Report['figures']) {
  if (!f) return { facts: [] as { label: string; value: number }[], areas: [] as { code: string; name: string; line: string }[] };
  return {
    facts: [
      { label: '儿童总数', value: f.children.total }, { label: '已结对', value: f.children.paired }, { label: '未结对', value: f.children.unpaired },
      { label: '高风险未结对', value: f.children.unpairedHighRisk }, { label: '在结对', value: f.pairings.active }, { label: '爱心妈妈', value: f.volunteers.approved },
      { label: '本期走访联系', value: f.visits.total }, { label: '待处理关注事项', value: f.flags.open }, { label: '待办心愿', value: f.wishes.waiting },
    ],
    areas: f.subnodes.slice(0, 50).map((s) => ({ code: s.code, name: s.name, line: `儿童${s.children} · 已结对${s.paired} · 走访联系${s.contacts}` })),
  };
}

/**
 * 工作报告: the figures frozen at the cut-off (read-only, at the top), then the narrative the
 * programme asks for (存在问题、工作成效 …), typical cases and photos; save as a draft, submit
 * after a confirmation. Opened with readonly=1 (the parent's view) it shows a submitted report and
 * lets the parent return it for revision with a reason.
 */
Component({
  behaviors: [fontScale],
  data: {
    orgCode: '',
    periodKey: '',
    readonly: false,
    loaded: false,
    title: '',
    statusLabel: '',
    dueDate: '',
    asOfText: '',
    provisional: false,
    facts: [] as { label: string; value: number }[],
    areas: [] as { code: string; name: string; line: string }[],
    sections: [] as { key: string; label: string }[],
    has: {} as Record<string, boolean>,
    form: { problems: '', results: '', experience: '', ledger: '' } as Record<TextKey, string>,
    cases: [] as { title: string; text: string }[],
    photos: [] as string[],
    /** what each photo shows: the server's temporary link, or the phone's own file for one just added (storage is private) */
    thumbs: [] as string[],
    version: 0,
    editable: false,
    submittedText: '',
    returnedText: '',
    reason: '',
    busy: false,
    error: '',
    notice: '',
  },
  methods: {
    /** 点击放大: the photo's temporary link (storage is private: only a function-issued link opens it). */
    onPreview(e: WechatMiniprogram.TouchEvent) {
      const url = (e.currentTarget.dataset as { url: string }).url;
      if (url) wx.previewImage?.({ current: url, urls: [url] });
    },
    onLoad(query: { orgCode?: string; periodKey?: string; readonly?: string }) {
      this.setData({ orgCode: query?.orgCode ?? '', periodKey: decodeURIComponent(query?.periodKey ?? ''), readonly: query?.readonly === '1' });
      void this.load();
    },
    async load() {
      this.setData({ error: '' });
      try {
        const target = { orgCode: this.data.orgCode, periodKey: this.data.periodKey };
        const r = this.data.readonly ? await call('report', 'get', target) : await call('report', 'draft', target);
        this.show(r);
      } catch (err) {
        this.setData({ loaded: true, error: err instanceof ApiError ? err.message : '加载失败，请稍后再试' });
      }
    },
    show(r: Report) {
      const has = Object.fromEntries(r.sections.map((s) => [s.key, true]));
      this.setData({
        loaded: true, title: `${r.orgName} ${r.periodLabel}工作报告`, statusLabel: r.statusLabel, dueDate: r.dueDate,
        asOfText: r.asOf ? `数据截至${chinaDateTime(r.asOf)}` : '', provisional: !r.figuresFinal && r.status !== 'submitted',
        ...factsOf(r.figures), sections: r.sections.filter((s) => TEXT_KEYS.includes(s.key as TextKey)), has,
        form: { problems: r.narrative.problems, results: r.narrative.results, experience: r.narrative.experience, ledger: r.narrative.ledger },
        cases: r.typicalCases, photos: r.photos, thumbs: r.photoUrls, version: r.version, editable: r.editable && !this.data.readonly,
        submittedText: r.submittedAt ? `${r.submittedByName ?? ''}于${chinaDateTime(r.submittedAt)}提交${r.late ? '（逾期）' : ''}` : '',
        returnedText: r.returned && r.status === 'returned' ? `上级退回修改：${r.returned.reason}` : '',
      });
    },
    onText(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ [`form.${(e.currentTarget.dataset as { key: string }).key}`]: e.detail.value, notice: '' });
    },
    onCase(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const { index, field } = e.currentTarget.dataset as { index: number; field: 'title' | 'text' };
      this.setData({ [`cases[${index}].${field}`]: e.detail.value, notice: '' });
    },
    onAddCase() {
      if (this.data.cases.length >= CASES_MAX) return void this.setData({ error: `典型案例最多${CASES_MAX}个` });
      this.setData({ cases: [...this.data.cases, { title: '', text: '' }] });
    },
    onRemoveCase(e: WechatMiniprogram.TouchEvent) {
      const i = Number((e.currentTarget.dataset as { index: number }).index);
      this.setData({ cases: this.data.cases.filter((_c, j) => j !== i) });
    },
    onPhoto() {
      const room = PHOTOS_MAX - this.data.photos.length;
      if (room <= 0) return void this.setData({ error: `照片最多${PHOTOS_MAX}张` });
      wx.chooseMedia?.({
        count: room,
        mediaType: ['image'],
        sizeType: ['compressed'],
        success: async (r: { tempFiles: { tempFilePath: string }[] }) => {
          try {
            const ids: string[] = [];
            const base = `reports/${this.data.orgCode}-${this.data.periodKey.replace('~', '-')}-${Date.now()}`;
            for (const f of r.tempFiles) ids.push(await upload(f.tempFilePath, `${base}-${ids.length}.jpg`));
            this.setData({ photos: [...this.data.photos, ...ids], thumbs: [...this.data.thumbs, ...r.tempFiles.map((f) => f.tempFilePath)] });
          } catch {
            this.setData({ error: '照片上传失败，请联网后再添加' });
          }
        },
      });
    },
    onRemovePhoto(e: WechatMiniprogram.TouchEvent) {
      const i = Number((e.currentTarget.dataset as { index: number }).index);
      this.setData({ photos: this.data.photos.filter((_p, j) => j !== i), thumbs: this.data.thumbs.filter((_p, j) => j !== i) });
    },
    /** Checks what the server would refuse, so the message comes before the round trip. */
    check(): string {
      for (const s of this.data.sections) if (this.data.form[s.key as TextKey].length > TEXT_MAX) return `${s.label}不能超过${TEXT_MAX}个字`;
      if (this.data.cases.some((c) => !c.title.trim() || !c.text.trim())) return '请填写每个典型案例的标题和内容';
      return '';
    },
    async save(): Promise<boolean> {
      const problem = this.check();
      if (problem) {
        this.setData({ error: problem });
        return false;
      }
      const narrative = Object.fromEntries(this.data.sections.map((s) => [s.key, this.data.form[s.key as TextKey]]));
      const r = await call('report', 'save', {
        orgCode: this.data.orgCode, periodKey: this.data.periodKey, version: this.data.version, narrative,
        ...(this.data.has.typical_cases ? { typicalCases: this.data.cases } : {}),
        ...(this.data.has.photos ? { photos: this.data.photos } : {}),
      });
      this.setData({ version: r.version });
      return true;
    },
    async onSave() {
      if (this.data.busy) return;
      this.setData({ busy: true, error: '', notice: '' });
      try {
        if (await this.save()) this.setData({ notice: '草稿已保存' });
      } catch (err) {
        this.setData({ error: err instanceof ApiError ? err.message : '保存失败，请重试' });
      }
      this.setData({ busy: false });
    },
    onSubmit() {
      if (this.data.busy) return;
      wx.showModal({
        title: '提交报告',
        content: '提交后报告将报送上级，不能再修改。确定提交吗？',
        confirmText: '提交',
        success: (res: { confirm: boolean }) => { if (res.confirm) void this.submit(); },
      });
    },
    async submit() {
      this.setData({ busy: true, error: '', notice: '' });
      try {
        if (await this.save()) {
          await call('report', 'submit', { orgCode: this.data.orgCode, periodKey: this.data.periodKey, version: this.data.version });
          wx.showToast?.({ title: '已提交', icon: 'success' });
          await this.load();
        }
      } catch (err) {
        this.setData({ error: err instanceof ApiError ? err.message : '提交失败，请重试' });
      }
      this.setData({ busy: false });
    },
    onReason(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ reason: e.detail.value });
    },
    /** The parent returns a submitted report for revision. */
    async onReturn() {
      if (!this.data.reason.trim()) return void this.setData({ error: '请填写退回原因' });
      try {
        await call('report', 'reopen', { orgCode: this.data.orgCode, periodKey: this.data.periodKey, reason: this.data.reason.trim() });
        this.setData({ notice: '已退回修改', statusLabel: '已退回修改', submittedText: '' });
      } catch (err) {
        this.setData({ error: err instanceof ApiError ? err.message : '操作失败，请重试' });
      }
    },
  },
});
