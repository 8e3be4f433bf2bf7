import { call, ApiError } from '../../../../services/api';
import { askSubscription } from '../../../../services/subscribe';
import { certificateLines, drawCertificate, type Honour } from './certificate';
import { fontScale } from '../../../../behaviors/font-scale';

type Notice = { text: string; at: string };
const fail = (err: unknown, fallback: string) => (err instanceof ApiError ? err.message : fallback);

/**
 * 我的荣誉 (volunteer): her approved commendations; the one picked is shown as a certificate card,
 * shared with family and friends (分享给亲友: the chat card carries the certificate's image when it
 * could be drawn) or saved to the album as an image. She may ask to be told by WeChat next time.
 * Opened from a shared card (`?id=`), anyone sees that one certificate and nothing of hers else.
 */
Component({
  behaviors: [fontScale],
  data: {
    enabled: true,
    notice: '',
    items: [] as Honour[],
    notices: [] as Notice[],
    current: 0,
    cert: null as ReturnType<typeof certificateLines> | null,
    templateId: null as string | null,
    imagePath: '',
    /** opened from a card she shared: that certificate only, no notices or subscription */
    shared: false,
    loading: false,
    message: '',
    error: '',
  },
  methods: {
    onLoad(query?: { id?: string }) {
      if (query?.id) void this.loadShared(decodeURIComponent(query.id));
      else void this.load();
    },
    async loadShared(id: string) {
      this.setData({ loading: true, error: '', shared: true });
      try {
        const h = await call('report', 'certificate', { id });
        this.setData({ items: [h], current: 0, imagePath: '' });
        this.show(0);
      } catch (err) {
        this.setData({ error: fail(err, '加载失败，请稍后再试') });
      }
      this.setData({ loading: false });
    },
    async load() {
      this.setData({ loading: true, error: '' });
      try {
        const r = await call('report', 'mine', {});
        this.setData({ enabled: r.enabled, notice: r.message ?? '', items: r.items, notices: r.notices.slice(0, 3), templateId: r.templateId, current: 0, imagePath: '' });
        this.show(0);
      } catch (err) {
        this.setData({ error: fail(err, '加载失败，请稍后再试') });
      }
      this.setData({ loading: false });
    },
    show(i: number) {
      const h = this.data.items[i];
      this.setData({ current: i, cert: h ? certificateLines(h) : null, imagePath: '' });
    },
    onPick(e: WechatMiniprogram.TouchEvent) {
      this.show(Number((e.currentTarget.dataset as { index: number }).index));
    },
    /** Draws the picked certificate on the page's hidden canvas; rejects where there is no canvas. */
    image(): Promise<string> {
      const h = this.data.items[this.data.current];
      if (!h) return Promise.reject(new Error('no honour'));
      if (this.data.imagePath) return Promise.resolve(this.data.imagePath);
      return new Promise((resolve, reject) => {
        const query = this.createSelectorQuery?.();
        if (!query || typeof wx.canvasToTempFilePath !== 'function') return reject(new Error('no canvas'));
        query.select('#cert-canvas').fields({ node: true, size: true }, () => undefined).exec((res: { node?: unknown }[]) => {
          const node = res?.[0]?.node as Parameters<typeof drawCertificate>[0] | undefined;
          if (!node) return reject(new Error('no canvas'));
          const toFile = (canvas: unknown) => new Promise<string>((ok, ko) =>
            wx.canvasToTempFilePath({ canvas: canvas as WechatMiniprogram.Canvas, success: (r) => ok(r.tempFilePath), fail: ko } as WechatMiniprogram.CanvasToTempFilePathOption));
          drawCertificate(node, h, toFile).then((path) => {
            this.setData({ imagePath: path });
            resolve(path);
          }, reject);
        });
      });
    },
    async onSave() {
      try {
        const filePath = await this.image();
        await new Promise((ok, ko) => wx.saveImageToPhotosAlbum({ filePath, success: ok, fail: ko }));
        this.setData({ message: '证书已保存到相册' });
      } catch {
        this.setData({ message: '暂时无法保存图片，可以截屏保存证书' });
      }
    },
    /**
     * 分享给亲友: the chat card shows the certificate's image. WeChat waits up to 3 s for `promise`
     * (the image being drawn) and falls back to the plain card when there is none.
     */
    onShareAppMessage() {
      const h = this.data.items[this.data.current];
      if (!h) return { title: '爱心妈妈结对关爱', path: '/pages/home/index' };
      const card = { title: `${h.name}荣获“${h.title}”`, path: `/packages/report/pages/honours/index?id=${encodeURIComponent(h.id)}` };
      if (this.data.imagePath) return { ...card, imageUrl: this.data.imagePath };
      return { ...card, promise: this.image().then((imageUrl) => ({ ...card, imageUrl }), () => card) };
    },
    /** 订阅表扬通知: one acceptance of the template; must be asked from this tap. */
    async onSubscribe() {
      const accepted = await askSubscription(this.data.templateId);
      if (!accepted) return void this.setData({ message: '未订阅，获得表扬时仍可在这里查看' });
      try {
        await call('report', 'subscribe', {});
        this.setData({ message: '已订阅，获得表扬时将通过微信通知您' });
      } catch (err) {
        this.setData({ message: fail(err, '订阅失败，请重试') });
      }
    },
  },
});
