import { fontData } from '../utils/font-scale';

/**
 * Large text for a page (utils/font-scale.ts): `behaviors: [fontScale]` gives it fontClass and
 * fontStyle, set when the page is created, for its root view's
 * `class="fs-root {{fontClass}}" style="{{fontStyle}}"`, and inputLayout for each t-input's
 * `layout` (with `t-class-input="fs-input"`, so the native input grows with its text). A change later (WeChat's setting while
 * the app was away, 关怀模式 switched in 我的) reaches every open page through refreshFontScale().
 * tests/miniprogram/font-scale.test.ts renders every page in app.json with it.
 */
export const fontScale = Behavior({
  data: { fontClass: '', fontStyle: '', inputLayout: 'horizontal' },
  lifetimes: {
    attached() {
      this.setData(fontData());
    },
  },
});
