import { call, ApiError } from '../../../../services/api';
import { upload } from '../../../../services/upload';
import type { Output } from '../../../../../src/contract';
import { choices, message, type Choice } from '../child-common/files';
import { fontScale } from '../../../../behaviors/font-scale';

type Report = Output<'child', 'importSheet'>;

/**
 * Import an .xlsx laid out like 厦门 附件2, 龙岗 附件2 or 晋江 台账: pick the file from a chat,
 * check it first (nothing is written), then import; every rejected row is listed with its reason.
 */
Component({
  behaviors: [fontScale],
  data: {
    loading: true,
    error: '',
    layouts: [] as Choice[],
    orgs: [] as Choice[],
    orgNames: [] as string[],
    orgIndex: -1,
    categories: [] as Choice[],
    category: '',
    reason: '',
    fileName: '',
    fileID: '',
    busy: false,
    report: null as Report | null,
    checked: false,
    uploadPrefix: '',
  },
  methods: {
    async onLoad() {
      try {
        const options = await call('child', 'options', {});
        const orgs = options.orgs.filter((o) => o.canHoldChildren).map((o) => ({ code: o.code, label: o.name }));
        this.setData({ loading: false, layouts: options.layouts, orgs, orgNames: orgs.map((o) => o.label), orgIndex: orgs.length === 1 ? 0 : -1, categories: choices(options, 'category'), uploadPrefix: options.uploadPrefix });
      } catch (err) {
        this.setData({ loading: false, error: err instanceof ApiError ? err.message : '加载失败，请重试' });
      }
    },
    onChoose() {
      wx.chooseMessageFile({
        count: 1,
        type: 'file',
        extension: ['xlsx'],
        success: async (res) => {
          const file = res.tempFiles[0];
          this.setData({ busy: true, error: '', report: null, checked: false });
          try {
            const fileID = await upload(file.path, `${this.data.uploadPrefix}${Date.now()}-${Math.random().toString(36).slice(2, 8)}.xlsx`);
            this.setData({ fileID, fileName: file.name });
          } catch (err) {
            this.setData({ error: message(err) });
          } finally {
            this.setData({ busy: false });
          }
        },
      });
    },
    onOrg(e: WechatMiniprogram.PickerChange) {
      this.setData({ orgIndex: Number(e.detail.value) });
    },
    onCategory(e: WechatMiniprogram.TouchEvent) {
      const code = e.currentTarget.dataset.value as string;
      this.setData({ category: this.data.category === code ? '' : code });
    },
    onReason(e: WechatMiniprogram.Input) {
      this.setData({ reason: e.detail.value });
    },
    onCheck() {
      this.run(true);
    },
    onImport() {
      this.run(false);
    },
    async run(dryRun: boolean) {
      const org = this.data.orgs[this.data.orgIndex];
      if (!this.data.fileID) return this.setData({ error: '请先选择表格文件' });
      if (!org) return this.setData({ error: '请选择新增儿童所属村（社区）' });
      this.setData({ busy: true, error: '' });
      try {
        const report = await call('child', 'importSheet', {
          fileID: this.data.fileID,
          orgCode: org.code,
          dryRun,
          ...(this.data.category ? { category: this.data.category as never } : {}),
          ...(this.data.reason.trim() ? { reason: this.data.reason.trim() } : {}),
        });
        this.setData({ report, checked: dryRun });
      } catch (err) {
        this.setData({ error: err instanceof ApiError ? err.message : '导入失败，请重试' });
      } finally {
        this.setData({ busy: false });
      }
    },
  },
});
