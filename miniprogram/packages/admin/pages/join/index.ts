import { call, ApiError } from '../../../../services/api';
import { fontScale } from '../../../../behaviors/font-scale';

/**
 * 加入工作人员: whoever holds a staff invite (typed from a message, or opened from the chat card the
 * 工作人员 page shares, which brings ?code=&org=) gives her name and becomes staff at the invite's
 * node. Signing in first makes sure her account exists (the server needs it to redeem).
 */
const fail = (err: unknown, fallback: string) => (err instanceof ApiError ? err.message : fallback);
/** Codes are read aloud and typed by hand: spaces, dashes and lower case are forgiven. */
const normaliseCode = (raw: string) => raw.replace(/[\s-]/g, '').toUpperCase();

Component({
  behaviors: [fontScale],
  data: {
    loading: true,
    step: 'form' as 'form' | 'done',
    code: '',
    name: '',
    /** the node named on the chat card (shown only as a hint: the invite itself decides) */
    orgHint: '',
    /** who sent the card, as the card says */
    byHint: '',
    /** her current staff node, when she is staff already: redeeming replaces it */
    currentOrg: '',
    error: '',
    busy: false,
    joinedOrg: '',
    permissionCount: 0,
  },
  methods: {
    async onLoad(query: Record<string, string | undefined> = {}) {
      const hint = (v?: string) => (v ? decodeURIComponent(v) : '');
      this.setData({ code: normaliseCode(query.code ?? ''), orgHint: hint(query.org), byHint: hint(query.by) });
      try {
        const { me } = await call('account', 'login', {});
        this.setData({ loading: false, name: me.name ?? '', currentOrg: me.staff?.active ? me.staff.orgName : '' });
      } catch (err) {
        this.setData({ loading: false, error: fail(err, '加载失败，请重试') });
      }
    },
    onCode(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ code: e.detail.value, error: '' });
    },
    onName(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ name: e.detail.value, error: '' });
    },
    async onJoin() {
      const code = normaliseCode(this.data.code as string);
      const name = (this.data.name as string).trim();
      if (!code) return void this.setData({ error: '请输入邀请码' });
      if (!/^[A-Z0-9]{8}$/.test(code)) return void this.setData({ error: '邀请码是8位字母和数字，请核对后再输入' });
      if (!name) return void this.setData({ error: '请填写您的姓名' });
      this.setData({ busy: true, error: '' });
      try {
        const { me } = await call('account', 'redeemStaffInvite', { code, name });
        this.setData({ busy: false, step: 'done', joinedOrg: me.staff?.orgName ?? '', permissionCount: me.staff?.permissions.length ?? 0 });
      } catch (err) {
        this.setData({ busy: false, error: fail(err, '加入失败，请重试') });
      }
    },
    onHome() {
      wx.reLaunch({ url: '/pages/home/index' });
    },
  },
});
