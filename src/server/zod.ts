import { z } from 'zod';

/** zod's own fallback messages in Chinese, for anything our formatter does not word itself. */
let done = false;
export function configureZod(): void {
  if (done) return;
  z.config(z.locales.zhCN());
  done = true;
}
