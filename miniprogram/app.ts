import { config } from './services/config';
import { listenForPrivacy } from './services/privacy';

App({
  onLaunch() {
    if (config.backend === 'cloud' && wx.cloud) wx.cloud.init({ env: config.envId, traceUser: true });
    // once for the whole app, before any page can call a privacy API (see services/privacy.ts)
    listenForPrivacy();
  },
});
