/** Volunteers (domain-rules §1): what a registration holds, and who may register. */

export const VOLUNTEER_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type VolunteerStatus = (typeof VOLUNTEER_STATUSES)[number];
export const VOLUNTEER_STATUS_LABELS: Record<VolunteerStatus, { zh: string; en: string }> = {
  pending: { zh: '待审核', en: 'Pending review' },
  approved: { zh: '已通过', en: 'Approved' },
  rejected: { zh: '未通过', en: 'Rejected' },
};

/** Service categories a volunteer intends to serve in (服务类别，意向). */
export const SERVICE_CATEGORIES = [
  'governance',
  'care',
  'culture_sports',
  'elderly',
  'disability',
  'children',
  'health',
  'legal',
  'environment',
  'emergency',
  'civilization',
] as const;
export type ServiceCategory = (typeof SERVICE_CATEGORIES)[number];
export const SERVICE_CATEGORY_LABELS: Record<ServiceCategory, { zh: string; en: string }> = {
  governance: { zh: '基层治理', en: 'Community governance' },
  care: { zh: '关爱帮扶', en: 'Care and support' },
  culture_sports: { zh: '文体活动', en: 'Culture and sports' },
  elderly: { zh: '助老服务', en: 'Elderly care' },
  disability: { zh: '助残服务', en: 'Disability support' },
  children: { zh: '关爱青少年', en: 'Children and youth' },
  health: { zh: '医疗卫生', en: 'Health' },
  legal: { zh: '法律服务', en: 'Legal aid' },
  environment: { zh: '环境保护', en: 'Environment' },
  emergency: { zh: '应急救援', en: 'Emergency response' },
  civilization: { zh: '文明实践', en: 'Civic practice' },
};

export const AVAILABILITY = ['weekday_daytime', 'weekday_evening', 'weekend', 'holiday', 'anytime'] as const;
export type Availability = (typeof AVAILABILITY)[number];
export const AVAILABILITY_LABELS: Record<Availability, { zh: string; en: string }> = {
  weekday_daytime: { zh: '工作日白天', en: 'Weekday daytime' },
  weekday_evening: { zh: '工作日晚上', en: 'Weekday evenings' },
  weekend: { zh: '周末', en: 'Weekends' },
  holiday: { zh: '节假日', en: 'Public holidays' },
  anytime: { zh: '随时', en: 'Any time' },
};

/** Skills offered as suggestions; a volunteer may add their own. */
export const SKILL_SUGGESTIONS = [
  '医护',
  '法律咨询',
  '心理疏导',
  '维修',
  '电工',
  '驾驶',
  '摄影',
  '文艺表演',
  '教育辅导',
  '外语',
  '电脑',
  '烹饪',
  '理发',
  '急救',
];

/** No volunteers under 14; 14 to 17 need a guardian's consent (团中央注册办法, PIPL art. 31). */
export const VOLUNTEER_MIN_AGE = 14;
export const VOLUNTEER_ADULT_AGE = 18;

/** Team kinds of the "1+33+X" corps (seed 000) and the party-member pioneer teams (seed 004). */
export const TEAM_KINDS = ['headquarters', 'community', 'professional', 'pioneer_headquarters', 'pioneer'] as const;
export type TeamKind = (typeof TEAM_KINDS)[number];
export const TEAM_KIND_LABELS: Record<TeamKind, { zh: string; en: string }> = {
  headquarters: { zh: '镇志愿服务总队（1）', en: 'Town headquarters team (1)' },
  community: { zh: '村（社区）志愿服务队（33）', en: 'Community team (33)' },
  professional: { zh: '专业志愿服务队（X）', en: 'Professional team (X)' },
  pioneer_headquarters: { zh: '党员先锋队总队', en: 'Party pioneer headquarters' },
  pioneer: { zh: '党员先锋队', en: 'Party pioneer team' },
};

export const TEAM_MEMBER_STATUSES = ['pending', 'active', 'left', 'rejected'] as const;
export type TeamMemberStatus = (typeof TEAM_MEMBER_STATUSES)[number];
