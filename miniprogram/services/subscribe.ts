/**
 * Asks for one subscribe-message acceptance. WeChat allows this only inside a tap handler, so call
 * it first thing in one. Resolves true when the user accepted the template.
 */
export function askSubscription(templateId: string | null): Promise<boolean> {
  if (!templateId || typeof wx.requestSubscribeMessage !== 'function') return Promise.resolve(false);
  return new Promise((resolve) => {
    wx.requestSubscribeMessage({
      tmplIds: [templateId],
      success: (r) => resolve((r as unknown as Record<string, string>)[templateId] === 'accept'),
      fail: () => resolve(false),
    } as WechatMiniprogram.RequestSubscribeMessageOption);
  });
}
