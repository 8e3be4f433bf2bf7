import { answerPrivacy, popupGone, popupInFront, type PrivacyPopup } from '../../services/privacy';

/** What the call WeChat is holding was about to do, from the listener's `eventInfo.referrer`. */
const PURPOSES: Record<string, string> = {
  'button.getPhoneNumber': '用微信绑定的手机号',
  chooseMedia: '选择照片',
  chooseImage: '选择照片',
  chooseMessageFile: '选择文件',
  getFuzzyLocation: '记录大致位置',
  saveImageToPhotosAlbum: '把图片保存到相册',
};

const handles = new WeakMap<object, PrivacyPopup>();

/**
 * The privacy popup (隐私保护提示), one line on every page that uses a privacy API:
 * `<privacy-popup/>`. It opens when WeChat asks (services/privacy.ts), says in plain words what is
 * collected and why, links the mini-program's 隐私保护指引 (wx.openPrivacyContract), and answers
 * with WeChat's own agree button or with 不同意.
 */
Component({
  data: {
    visible: false,
    purpose: '',
    contractName: '《隐私保护指引》',
  },
  lifetimes: {
    attached() {
      const popup: PrivacyPopup = {
        open: (referrer) => this.setData({ visible: true, purpose: PURPOSES[referrer] ?? '' }),
        close: () => {
          if (this.data.visible) this.setData({ visible: false });
        },
      };
      handles.set(this, popup);
      this.loadContractName();
      popupInFront(popup);
    },
    detached() {
      const popup = handles.get(this);
      if (popup) popupGone(popup);
      handles.delete(this);
    },
  },
  pageLifetimes: {
    /** Back on this page (another page was on top): this page's popup is the one that asks. */
    show() {
      const popup = handles.get(this);
      if (popup) popupInFront(popup);
    },
  },
  methods: {
    /** After the tap on `<button open-type="agreePrivacyAuthorization">`, as WeChat requires. */
    onAgree() {
      answerPrivacy(true);
    },
    onDisagree() {
      answerPrivacy(false);
    },
    onContract() {
      wx.openPrivacyContract({
        fail: () => wx.showToast({ title: '暂时打不开隐私保护指引，请稍后再试', icon: 'none' }),
      });
    },
    /** The guide's name as configured in the MP admin (e.g. 《爱心妈妈小程序隐私保护指引》). */
    loadContractName() {
      if (typeof wx.getPrivacySetting !== 'function') return;
      wx.getPrivacySetting({
        success: (r) => {
          if (r.privacyContractName) this.setData({ contractName: r.privacyContractName });
        },
      });
    },
  },
});
