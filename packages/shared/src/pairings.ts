/**
 * The three pairings (三结对, seed 000) and the "四个一" duties of every village or community:
 * community team ↔ professional team, mentor ↔ community team, resource provider ↔ community;
 * a fixed paired team, one joint activity on the first Saturday of every month (一月一主题), one
 * needs-and-services list a quarter, and at least one practical matter solved (急难愁盼).
 */

export const PAIRING_KINDS = ['team', 'mentor', 'resource'] as const;
export type PairingKind = (typeof PAIRING_KINDS)[number];
export const PAIRING_KIND_LABELS: Record<PairingKind, { zh: string; en: string }> = {
  team: { zh: '志愿服务队结对', en: 'Team pairing' },
  mentor: { zh: '专业导师结对', en: 'Mentor pairing' },
  resource: { zh: '资源结对', en: 'Resource pairing' },
};

/** The "四个一" duties, in the order the plan lists them. */
export const PAIRING_DUTIES = ['fixedTeam', 'monthlyActivity', 'quarterlyList', 'practicalMatter'] as const;
export type PairingDuty = (typeof PAIRING_DUTIES)[number];
export const PAIRING_DUTY_LABELS: Record<PairingDuty, { zh: string; en: string }> = {
  fixedTeam: { zh: '至少 1 支固定结对队伍', en: 'At least one fixed paired team' },
  monthlyActivity: { zh: '每月第一个星期六共同开展 1 次活动', en: 'One joint activity on the first Saturday of the month' },
  quarterlyList: { zh: '每季度共同拟定 1 份需求及服务清单', en: 'One needs-and-services list a quarter' },
  practicalMatter: { zh: '至少解决 1 项急难愁盼实际问题', en: 'At least one practical problem solved' },
};

/** Every village or community is to be paired: the coverage target (seed 000: 结对覆盖率达 100%). */
export const PAIRING_COVERAGE_TARGET = 100;

/** A monthly theme is as long as an activity's (activity.monthly_theme). */
export const MONTHLY_THEME_MAX = 40;
/** Items of a quarter's need list or service list. */
export const LIST_ITEM_MAX = 200;
export const LIST_ITEMS_MAX = 30;

export const MONTH_PATTERN = '^[0-9]{4}-(0[1-9]|1[0-2])$';
export const QUARTER_PATTERN = '^[0-9]{4}-Q[1-4]$';

const pad = (n: number) => String(n).padStart(2, '0');

/** The month (YYYY-MM) of a date (YYYY-MM-DD). */
export function monthOf(date: string): string {
  return date.slice(0, 7);
}

/** The quarter (YYYY-Qn) of a date (YYYY-MM-DD) or a month (YYYY-MM). */
export function quarterOf(dateOrMonth: string): string {
  const month = Number(dateOrMonth.slice(5, 7));
  return `${dateOrMonth.slice(0, 4)}-Q${Math.floor((month - 1) / 3) + 1}`;
}

/** First and last day (inclusive, YYYY-MM-DD) of a month YYYY-MM. */
export function monthRange(month: string): { from: string; to: string } {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${pad(last)}` };
}

/** The three months (YYYY-MM) of a quarter YYYY-Qn. */
export function monthsOfQuarter(quarter: string): string[] {
  const y = quarter.slice(0, 4);
  const q = Number(quarter.slice(6));
  return [0, 1, 2].map((i) => `${y}-${pad((q - 1) * 3 + 1 + i)}`);
}

/** First and last day (inclusive) of a quarter YYYY-Qn. */
export function quarterRange(quarter: string): { from: string; to: string } {
  const months = monthsOfQuarter(quarter);
  return { from: monthRange(months[0]!).from, to: monthRange(months[2]!).to };
}

/** The first Saturday of a month (红色星期六), YYYY-MM-DD. */
export function firstSaturday(month: string): string {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  const weekday = new Date(Date.UTC(y, m - 1, 1)).getUTCDay(); // 0 Sunday … 6 Saturday
  return `${month}-${pad(1 + ((6 - weekday + 7) % 7))}`;
}

/** The next or previous month. */
export function shiftMonth(month: string, n: number): string {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7)) - 1 + n;
  const d = new Date(Date.UTC(y, m, 1));
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}`;
}

/** The next or previous quarter. */
export function shiftQuarter(quarter: string, n: number): string {
  return quarterOf(shiftMonth(monthsOfQuarter(quarter)[0]!, n * 3));
}

/** Whether a pairing (start date, optional end date, both inclusive) is in force on the date. */
export function pairingActiveOn(p: { startDate: string; endDate: string | null }, date: string): boolean {
  return p.startDate <= date && (p.endDate === null || p.endDate >= date);
}

/** Whether a pairing's period touches the days from..to (inclusive): a month or a quarter. */
export function pairingOverlaps(p: { startDate: string; endDate: string | null }, range: { from: string; to: string }): boolean {
  return p.startDate <= range.to && (p.endDate === null || p.endDate >= range.from);
}

/** A share as a percentage with one decimal (0 when there is nothing to share). */
export function percentOf(part: number, total: number): number {
  return total > 0 ? Math.round((part * 1000) / total) / 10 : 0;
}
