import { config } from './services/config';
import { listenForPrivacy } from './services/privacy';
import { refreshFontScale, systemFontScale } from './utils/font-scale';

App({
  onLaunch() {
    if (config.backend === 'cloud' && wx.cloud) wx.cloud.init({ env: config.envId, traceUser: true });
    // once for the whole app, before any page can call a privacy API (see services/privacy.ts)
    listenForPrivacy();
    // WeChat's font size setting, read once; pages scale their text from it (utils/font-scale.ts)
    systemFontScale();
  },
  onShow() {
    // she may have changed 字体大小 in WeChat's settings while the app was in the background
    refreshFontScale();
  },
});
