import { call, ApiError } from '../../../../services/api';
import { upload } from '../../../../services/upload';
import type { Output } from '../../../../../src/contract';
import { chinaDateTime } from '../../../../utils/china-time';
import { fontScale } from '../../../../behaviors/font-scale';

type Wish = Output<'wish', 'staffGet'>;

/**
 * 心愿办理 (staff, or the collecting volunteer): the wish with its child, the claim and every
 * transition; revoke a claim with a reason, confirm receipt, send the child's thanks (a photo of
 * the gift or a letter; one showing the child's face waits for staff approval), approve a photo.
 */
Component({
  behaviors: [fontScale],
  data: {
    id: '',
    loading: true,
    error: '',
    wish: null as Wish | null,
    /** what the page shows of the wish's instants, in China time */
    expiresText: '',
    history: [] as (Wish['history'][number] & { when: string })[],
    revokeReason: '',
    thanksText: '',
    photoFileID: '',
    showsFace: false,
    busy: false,
    message: '',
  },
  methods: {
    /** 点击放大: the photo's temporary link (storage is private: only a function-issued link opens it). */
    onPreview(e: WechatMiniprogram.TouchEvent) {
      const url = (e.currentTarget.dataset as { url: string }).url;
      if (url) wx.previewImage?.({ current: url, urls: [url] });
    },
    onLoad(query: { id?: string }) {
      this.setData({ id: query?.id ?? '' });
      this.load();
    },
    async load() {
      this.setData({ loading: true, error: '' });
      try {
        const wish = await call('wish', 'staffGet', { id: this.data.id });
        this.setData({ loading: false, wish, expiresText: chinaDateTime(wish.claim?.expiresAt), history: wish.history.map((h) => ({ ...h, when: chinaDateTime(h.at) })) });
      } catch (err) {
        this.setData({ loading: false, error: err instanceof ApiError ? err.message : '加载失败，请重试' });
      }
    },
    async run(work: () => Promise<unknown>, done: string) {
      if (this.data.busy) return;
      this.setData({ busy: true, message: '' });
      try {
        await work();
        this.setData({ busy: false, message: done });
        await this.load();
      } catch (err) {
        this.setData({ busy: false, message: err instanceof ApiError || err instanceof Error ? err.message : '操作失败，请重试' });
      }
    },
    onRevokeReason(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ revokeReason: e.detail.value });
    },
    onThanksText(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ thanksText: e.detail.value });
    },
    onFace(e: WechatMiniprogram.CustomEvent<{ value: boolean }>) {
      this.setData({ showsFace: e.detail.value });
    },
    onRevoke() {
      this.run(() => call('wish', 'revoke', { id: this.data.id, reason: this.data.revokeReason.trim() }), '已撤销认领，心愿重新开放');
    },
    onReceive() {
      this.run(() => call('wish', 'receive', { id: this.data.id }), '已确认孩子收到礼物');
    },
    onPhoto() {
      wx.chooseMedia({
        count: 1,
        mediaType: ['image'],
        success: (r) => {
          const path = r.tempFiles[0].tempFilePath;
          this.run(async () => this.setData({ photoFileID: await upload(path, `wish-thanks/${this.data.id}-${Date.now()}.jpg`) }), '照片已上传');
        },
      });
    },
    onThank() {
      const photo = this.data.photoFileID;
      this.run(
        () => call('wish', 'thank', { id: this.data.id, text: this.data.thanksText.trim(), ...(photo ? { photoFileID: photo, showsFace: this.data.showsFace } : {}) }),
        // a photo reaches the donor only after content security (and staff, for a face) pass it
        photo ? '感谢已送达爱心人士，照片审核通过后对方可见' : '感谢已送达爱心人士',
      );
    },
    onApprovePhoto() {
      this.run(() => call('wish', 'approvePhoto', { id: this.data.id }), '照片已审核，爱心人士可以看到了');
    },
  },
});
