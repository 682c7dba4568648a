/**
 * One error vocabulary for server and clients. A code never changes meaning once released;
 * the HTTP status and both messages live beside it so there is one table to read.
 */
export const ERRORS = {
  VALIDATION_FAILED: { status: 400, zh: '请求参数不正确', en: 'The request is not valid' },
  BAD_REQUEST: { status: 400, zh: '请求格式不正确', en: 'The request is malformed' },
  PAYLOAD_TOO_LARGE: { status: 413, zh: '请求内容过大', en: 'The request body is too large' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, zh: '不支持的内容类型', en: 'Unsupported content type' },
  AUTH_REQUIRED: { status: 401, zh: '请先登录', en: 'Please log in first' },
  AUTH_INVALID_CREDENTIALS: { status: 401, zh: '手机号或密码不正确', en: 'Wrong mobile number or password' },
  AUTH_ACCOUNT_LOCKED: {
    status: 423,
    zh: '登录失败次数过多，账号已临时锁定，请稍后再试',
    en: 'Too many failed logins; the account is locked for a while',
  },
  AUTH_ACCOUNT_DISABLED: { status: 403, zh: '账号已停用', en: 'This account is disabled' },
  AUTH_WRONG_PASSWORD: { status: 400, zh: '当前密码不正确', en: 'The current password is wrong' },
  AUTH_WEAK_PASSWORD: {
    status: 400,
    zh: '密码至少 8 位，且须同时包含字母和数字',
    en: 'A password needs at least 8 characters with letters and digits',
  },
  CSRF_FAILED: { status: 403, zh: '请求校验失败，请刷新页面后重试', en: 'Request verification failed; reload and retry' },
  RATE_LIMITED: { status: 429, zh: '操作过于频繁，请稍后再试', en: 'Too many requests; try again later' },
  FORBIDDEN: { status: 403, zh: '没有权限执行此操作', en: 'You are not allowed to do this' },
  NOT_FOUND: { status: 404, zh: '记录不存在', en: 'Not found' },
  ROUTE_NOT_FOUND: { status: 404, zh: '接口不存在', en: 'No such endpoint' },
  CONFLICT: { status: 409, zh: '数据已被修改，请刷新后重试', en: 'The record changed; reload and retry' },
  REGION_HAS_CHILDREN: {
    status: 409,
    zh: '该区域下还有下级区域或数据，不能删除',
    en: 'This region still has sub-regions or records under it',
  },
  REGION_DEPTH_EXCEEDED: {
    status: 400,
    zh: '已到达本镇设定的最末一级区域，不能再向下添加',
    en: 'This town has no region level below this one',
  },
  REGION_MOVE_INVALID: {
    status: 400,
    zh: '不能把区域移动到它自己或它的下级之下，且移动后层级须保持不变',
    en: 'A region cannot move under itself or its descendants, and must keep its level',
  },
  REGION_SCOPE_ROOT: {
    status: 403,
    zh: '不能移动或删除您的管辖范围本身',
    en: 'You cannot move or delete the root of your own scope',
  },
  REGION_LEVELS_IN_USE: {
    status: 409,
    zh: '本镇区域树已用到这一级，不能删去该级名称',
    en: 'The region tree already uses this level; its name cannot be removed',
  },
  REGION_NAME_TAKEN: { status: 409, zh: '同一上级下已有同名区域', en: 'A sibling region already has this name' },
  REGION_CODE_TAKEN: { status: 409, zh: '区划代码已被使用', en: 'This division code is already used' },
  MOBILE_TAKEN: { status: 409, zh: '该手机号已注册', en: 'This mobile number is already registered' },
  ROLE_NOT_GRANTABLE: { status: 403, zh: '您不能授予该角色', en: 'You may not grant this role' },
  GRANT_EXISTS: { status: 409, zh: '该账号在此区域已有此角色', en: 'The account already holds this role here' },
  INTERNAL_ERROR: { status: 500, zh: '服务器内部错误，请稍后再试', en: 'Internal server error' },
  SERVICE_UNAVAILABLE: { status: 503, zh: '服务暂不可用，请稍后再试', en: 'Service unavailable; try again later' },
} as const satisfies Record<string, { status: number; zh: string; en: string }>;

export type ErrorCode = keyof typeof ERRORS;
export const ERROR_CODES = Object.keys(ERRORS) as ErrorCode[];

/** The body every failed request answers with. */
export interface ErrorBody {
  code: ErrorCode;
  message: string;
  /** Per-field problems for VALIDATION_FAILED: JSON pointer → message. */
  details?: Array<{ path: string; message: string }>;
}

export type Locale = 'zh-CN' | 'en';

export function errorMessage(code: ErrorCode, locale: Locale): string {
  const e = ERRORS[code];
  return locale === 'en' ? e.en : e.zh;
}

export function isErrorBody(x: unknown): x is ErrorBody {
  return typeof x === 'object' && x !== null && typeof (x as ErrorBody).code === 'string' && (x as ErrorBody).code in ERRORS;
}
