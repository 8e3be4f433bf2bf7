/** Stable error codes every action may answer with, and the Chinese default message for each. */
export const ERROR_CODES = [
  'INVALID_INPUT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'CONTENT_REFUSED',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const DEFAULT_MESSAGES: Record<ErrorCode, string> = {
  INVALID_INPUT: '填写的内容有误，请检查后再试',
  UNAUTHENTICATED: '请先登录',
  FORBIDDEN: '您没有权限进行此操作',
  NOT_FOUND: '没有找到相关记录',
  CONFLICT: '操作冲突，请刷新后再试',
  /** WeChat's content security (msgSecCheck) refused a text others would see; nothing was stored */
  CONTENT_REFUSED: '内容含有不适宜公开的文字，请修改后再提交',
  INTERNAL: '系统繁忙，请稍后再试',
};

/** Thrown by handlers and domain code; the function wrapper turns it into the error envelope. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message?: string,
    /** For a CONFLICT: what the page may show, passed through the action's `conflict` schema (undeclared: dropped). */
    readonly details?: unknown,
  ) {
    super(message ?? DEFAULT_MESSAGES[code]);
    this.name = 'AppError';
  }
}

export const fail = (code: ErrorCode, message?: string): never => {
  throw new AppError(code, message);
};
