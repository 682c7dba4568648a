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
  ID_NUMBER_INVALID: {
    status: 400,
    zh: '身份证号码不正确（请核对出生日期和校验位）',
    en: 'The ID number is not valid (check the birth date and check digit)',
  },
  ID_NUMBER_TAKEN: { status: 409, zh: '该证件号码的居民已登记', en: 'A resident with this ID number is already registered' },
  MOBILE_INVALID: { status: 400, zh: '手机号码格式不正确', en: 'Not a valid mobile number' },
  GUARDIAN_CONSENT_REQUIRED: {
    status: 400,
    zh: '不满 14 周岁的居民须登记监护人同意',
    en: 'Residents under 14 need a recorded guardian consent',
  },
  CARE_TAG_UNKNOWN: { status: 400, zh: '关爱标签不存在，请先在本镇标签设置中添加', en: 'Unknown care tag; add it to the town first' },
  CARE_TAG_IN_USE: { status: 409, zh: '该关爱标签仍有居民在用，不能删除', en: 'This care tag is still in use' },
  HOUSEHOLD_HAS_RESIDENTS: { status: 409, zh: '该户下还有居民，不能删除', en: 'The household still has residents' },
  HOUSEHOLD_HAS_HISTORY: {
    status: 409,
    zh: '该户有走访或迁移记录，不能删除',
    en: 'The household has contact or move history and cannot be deleted',
  },
  HOUSEHOLD_NOT_LOCATED: {
    status: 400,
    zh: '请选择所属网格，或提供位于某个网格边界内的坐标',
    en: 'Choose a grid, or give a location inside a grid boundary',
  },
  PARTY_ORG_PLACEMENT: {
    status: 400,
    zh: '党组织层级不正确（党委 → 党总支 → 党支部 → 党小组）',
    en: 'Wrong party organisation level (committee → general branch → branch → group)',
  },
  PARTY_ORG_NOT_EMPTY: { status: 409, zh: '该党组织下还有下级组织或党员，不能删除', en: 'The organisation still has units or members' },
  PARTY_GROUP_EXISTS: { status: 409, zh: '该网格已有党小组', en: 'This grid already has a party group' },
  PARTY_MEMBER_EXISTS: { status: 409, zh: '该居民或账号已登记为党员', en: 'This resident or account is already a party member' },
  PARTY_MEMBER_DATES: { status: 400, zh: '转正日期不能早于入党日期', en: 'The full-membership date cannot precede the join date' },
  DUTY_EXISTS: { status: 409, zh: '该人员在此区域已担任此职责', en: 'This person already holds this duty here' },
  DUTY_PERSON_REQUIRED: {
    status: 400,
    zh: '请指定担任职责的人员（账号、居民或党员）',
    en: 'Name who holds the duty (account, resident or party member)',
  },
  IMPORT_FILE_INVALID: {
    status: 400,
    zh: '无法读取该文件，请上传由模板填写的 .xlsx 文件',
    en: 'The file cannot be read; upload an .xlsx filled from the template',
  },
  IMPORT_HEADER_MISSING: { status: 400, zh: '表格缺少必填列', en: 'The sheet lacks required columns' },
  VOLUNTEER_TOO_YOUNG: {
    status: 400,
    zh: '不满 14 周岁不能注册为志愿者',
    en: 'Volunteers must be at least 14 years old',
  },
  VOLUNTEER_EXISTS: { status: 409, zh: '该账号或证件号码已申请注册志愿者', en: 'This account or ID number already applied' },
  VOLUNTEER_NOT_PENDING: { status: 409, zh: '该申请已审核，不能重复审核', en: 'This application has already been reviewed' },
  TEAM_KIND_TAKEN: {
    status: 409,
    zh: '本镇只能有一个总队，每个村（社区）只能有一支村（社区）志愿服务队',
    en: 'A town has one headquarters team and each community one community team',
  },
  TEAM_NAME_TAKEN: { status: 409, zh: '本镇已有同名队伍', en: 'A team of this name exists in the town' },
  TEAM_PARENT_INVALID: { status: 400, zh: '党员先锋队须隶属于党员先锋队总队', en: 'A pioneer team belongs under the pioneer headquarters' },
  TEAM_NOT_EMPTY: { status: 409, zh: '队伍还有成员，不能删除', en: 'The team still has members' },
  TEAM_IN_USE: {
    status: 409,
    zh: '队伍已有活动或结对记录，不能删除',
    en: 'The team has activities or pairings and cannot be deleted',
  },
  NOT_A_VOLUNTEER: { status: 403, zh: '请先注册成为志愿者并通过审核', en: 'Register as a volunteer and be approved first' },
  TEAM_MEMBERSHIP_EXISTS: { status: 409, zh: '您已在该队伍中或申请待审核', en: 'You are already in this team or waiting for approval' },
  TEAM_MEMBERSHIP_STATE: { status: 409, zh: '该成员状态不允许此操作', en: 'The membership is not in a state that allows this' },
  ACTIVITY_NOT_OPEN: { status: 409, zh: '该活动未发布、已取消或已开始，不能报名', en: 'This activity is not open for sign-up' },
  ACTIVITY_NOT_ELIGIBLE: { status: 403, zh: '该活动仅限指定人员报名', en: 'This activity is open to other volunteers only' },
  ACTIVITY_SIGNUP_EXISTS: { status: 409, zh: '您已报名该活动', en: 'You have already signed up' },
  ACTIVITY_SIGNUP_MISSING: { status: 404, zh: '您没有报名该活动', en: 'You have not signed up for this activity' },
  ACTIVITY_CAPACITY_BELOW_SIGNUPS: {
    status: 409,
    zh: '已报名人数超过新的名额，请先与报名者协商',
    en: 'More volunteers have signed up than the new capacity allows',
  },
  ACTIVITY_RRULE_INVALID: { status: 400, zh: '重复规则无效', en: 'The recurrence rule is not valid' },
  ACTIVITY_STATE: { status: 409, zh: '活动当前状态不允许此操作', en: 'The activity is not in a state that allows this' },
  HELP_STATE: { status: 409, zh: '求助当前状态不允许此操作', en: 'The help request is not in a state that allows this' },
  HELP_ALREADY_CLAIMED: { status: 409, zh: '手慢了，该求助已被其他志愿者接单', en: 'Another volunteer claimed this request first' },
  HELP_NOT_ELIGIBLE: { status: 403, zh: '该求助不在您可接单的范围内', en: 'This request is not open to you' },
  HELP_NOT_VOLUNTEER: {
    status: 403,
    zh: '请先注册志愿者并通过社区审核，再来接单',
    en: 'Register as a volunteer and be approved before claiming',
  },
  HELP_REOPEN_EXPIRED: { status: 409, zh: '已超过可重新打开的期限', en: 'It is too late to reopen this request' },
  HELP_TOO_FAR: { status: 400, zh: '您不在服务地点附近，暂不能签到', en: 'You are not near the place yet' },
  HELP_NO_PLACE: { status: 400, zh: '找不到您的住址，请填写服务地点', en: 'No household address on file; say where' },
  HELP_CATEGORY_UNKNOWN: { status: 400, zh: '求助类别不存在', en: 'No such help category' },
  ATTACHMENT_UNKNOWN: { status: 400, zh: '附件不存在或不属于您', en: 'No such attachment of yours' },
  POINTS_INSUFFICIENT: { status: 409, zh: '积分余额不足', en: 'Not enough points' },
  POINTS_NOT_VOLUNTEER: {
    status: 403,
    zh: '只有审核通过的志愿者才有积分账户',
    en: 'Only approved volunteers have a points account',
  },
  POINTS_SAME_PERSON: {
    status: 409,
    zh: '发起人不能审批自己提交的积分调整，请由另一位管理员审批',
    en: 'The person who asked for an adjustment cannot approve it; another admin must',
  },
  POINTS_ADJUSTMENT_STATE: { status: 409, zh: '该积分调整已处理', en: 'This adjustment has already been decided' },
  POINTS_NOT_REVERSIBLE: {
    status: 409,
    zh: '该笔积分不能冲正：只有奖励和扣减可以冲正且只能冲正一次；服务积分请通过更正服务时长调整',
    en: 'Only grants and deductions can be reversed, and only once; service points follow a correction of the hours',
  },
  NOT_A_PARTY_MEMBER: { status: 403, zh: '您的账号没有关联党员信息', en: 'Your account is not linked to a party member' },
  NOT_A_MERCHANT: { status: 403, zh: '您的账号不属于任何爱心商家或共建单位', en: 'Your account does not act for a merchant' },
  MERCHANT_INACTIVE: { status: 409, zh: '该商家已停用', en: 'This merchant is inactive' },
  CATALOG_NOT_AVAILABLE: {
    status: 409,
    zh: '该兑换项目当前不可兑换（未上架、已下架或不在有效期内）',
    en: 'This item cannot be redeemed now (not listed, withdrawn, or outside its validity)',
  },
  CATALOG_OUT_OF_STOCK: { status: 409, zh: '库存不足，已被兑换完', en: 'Out of stock' },
  CATALOG_LIMIT_REACHED: {
    status: 409,
    zh: '已达到每人可兑换的数量上限',
    en: 'You have reached the limit per person for this item',
  },
  CATALOG_SLOT_REQUIRED: { status: 400, zh: '请选择场地使用时段', en: 'Choose a time slot for the venue' },
  CATALOG_SLOT_FULL: { status: 409, zh: '该时段已约满，请选择其他时段', en: 'This time slot is full; choose another' },
  CATALOG_STATE: { status: 409, zh: '该兑换项目当前状态不允许此操作', en: 'This item is not in a state that allows that' },
  REDEMPTION_CODE_UNKNOWN: {
    status: 404,
    zh: '兑换码不存在，或不属于本商家',
    en: 'No such redemption code for this merchant',
  },
  REDEMPTION_STATE: {
    status: 409,
    zh: '该兑换码已核销、已过期或已取消',
    en: 'This code has already been verified, has expired or was cancelled',
  },
  IDEMPOTENCY_KEY_REUSED: {
    status: 422,
    zh: '同一个 Idempotency-Key 已用于另一个请求',
    en: 'This Idempotency-Key was already used for a different request',
  },
  CHECK_IN_CODE_INVALID: {
    status: 400,
    zh: '签到码无效或已过期，请扫描现场最新的二维码',
    en: 'The check-in code is invalid or expired; scan the code shown now',
  },
  CHECK_IN_NOT_SIGNED_UP: { status: 409, zh: '您没有报名该活动，不能签到', en: 'You have not signed up for this activity' },
  CHECK_IN_CLOSED: {
    status: 409,
    zh: '不在签到时间内（活动开始前 1 小时至结束后 2 小时）',
    en: 'Check-in is open from 1 hour before the start to 2 hours after the end',
  },
  CHECK_IN_LOCATION_REQUIRED: {
    status: 400,
    zh: '该活动需要定位签到，请允许获取位置',
    en: 'This activity needs your location to check in',
  },
  CHECK_IN_OUTSIDE_GEOFENCE: { status: 409, zh: '您不在活动地点附近，不能签到', en: 'You are too far from the activity site to check in' },
  CHECK_IN_STATE: { status: 409, zh: '签到状态不允许此操作', en: 'The attendance is not in a state that allows this' },
  SERVICE_RECORD_STATE: { status: 409, zh: '该服务记录当前状态不允许此操作', en: 'The service record is not in a state that allows this' },
  SERVICE_CORRECTION_EXISTS: { status: 409, zh: '该记录已有待处理的更正申请', en: 'A correction request for this record is pending' },
  PAIRING_TEAMS_INVALID: {
    status: 400,
    zh: '队伍结对须由本村（社区）志愿服务队与同镇的专业志愿服务队结成',
    en: 'A team pairing joins the community team with a professional team of the same town',
  },
  PAIRING_NO_COMMUNITY_TEAM: {
    status: 409,
    zh: '该村（社区）还没有志愿服务队，请先在“志愿服务队”中建立',
    en: 'This community has no community team yet; create it first',
  },
  PAIRING_DATES_INVALID: { status: 400, zh: '结束日期不能早于开始日期', en: 'The end date cannot be before the start date' },
  PAIRING_EXISTS: {
    status: 409,
    zh: '该村（社区）在这段时间内已与同一对象结对',
    en: 'The community is already paired with this partner for part of that period',
  },
  PAIRING_ENDED: { status: 409, zh: '该结对已经结束', en: 'This pairing has already ended' },
  PAIRING_PERIOD_MISMATCH: {
    status: 400,
    zh: '月份或季度不在结对期间内',
    en: 'The month or quarter lies outside the period of the pairing',
  },
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
