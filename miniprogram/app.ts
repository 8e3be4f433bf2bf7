import { config } from './services/config';

App({
  onLaunch() {
    if (config.backend === 'cloud' && wx.cloud) wx.cloud.init({ env: config.envId, traceUser: true });
  },
});
