import {
  AVAILABILITY_LABELS,
  SERVICE_CATEGORY_LABELS,
  VOLUNTEER_STATUSES,
  type Availability,
  type Locale,
  type ServiceCategory,
  type VolunteerStatus,
} from '@tongxin/shared';
import type { Volunteer, VolunteerListQuery } from '@tongxin/shared/schemas';
import { enumLabel } from '../../utils/people';

export const PAGE_SIZES = [10, 20, 50, 100];

/** The status tabs: pending first (what reviewers come for), then the reviewed ones, then all. */
export type StatusTab = VolunteerStatus | 'all';
export const STATUS_TABS: readonly StatusTab[] = [...VOLUNTEER_STATUSES, 'all'];

/** `?status=` of the page (reviewers are notified with `/volunteers?status=pending`); pending when missing or unknown. */
export function statusFromQuery(value: unknown): StatusTab {
  const v = Array.isArray(value) ? value[0] : value;
  return typeof v === 'string' && (STATUS_TABS as readonly string[]).includes(v) ? (v as StatusTab) : 'pending';
}

export interface VolunteerFilters {
  status: StatusTab;
  regionId: string;
  serviceCategory: ServiceCategory | '';
  /** '' any, 'yes' party members only, 'no' the others. */
  partyMember: '' | 'yes' | 'no';
  q: string;
}

export function emptyVolunteerFilters(status: StatusTab = 'pending'): VolunteerFilters {
  return { status, regionId: '', serviceCategory: '', partyMember: '', q: '' };
}

export function volunteerQuery(f: VolunteerFilters): Omit<VolunteerListQuery, 'page' | 'pageSize'> {
  return {
    status: f.status === 'all' ? undefined : f.status,
    regionId: f.regionId || undefined,
    serviceCategory: f.serviceCategory || undefined,
    partyMember: f.partyMember === '' ? undefined : f.partyMember === 'yes',
    q: f.q.trim() || undefined,
  };
}

/** The same filters on another status (the pending count shown on its tab). */
export function withStatus(f: VolunteerFilters, status: VolunteerStatus): Omit<VolunteerListQuery, 'page' | 'pageSize'> {
  return { ...volunteerQuery(f), status };
}

/** Labels of service categories, in the order the volunteer chose them. */
export function categoryLabels(categories: readonly ServiceCategory[], locale: Locale): string[] {
  return categories.map((c) => enumLabel(SERVICE_CATEGORY_LABELS, c, locale));
}

/** "周末、节假日": the times a volunteer is available, joined in the UI language. */
export function availabilityText(availability: readonly Availability[], locale: Locale): string {
  return availability.map((a) => enumLabel(AVAILABILITY_LABELS, a, locale)).join(locale === 'en' ? ', ' : '、');
}

/** The community path without the town (every reviewer works in one town): "上金湾社区 / 第一网格". */
export function communityPath(v: Pick<Volunteer, 'regionPath'>): string {
  return (v.regionPath.length > 1 ? v.regionPath.slice(1) : v.regionPath).join(' / ');
}

/** Only a pending application can be reviewed, and only by someone who manages volunteers. */
export function canReview(v: Pick<Volunteer, 'status'> | null, canManage: boolean): boolean {
  return canManage && v?.status === 'pending';
}

export function statusTagType(status: VolunteerStatus): 'warning' | 'success' | 'info' {
  return status === 'pending' ? 'warning' : status === 'approved' ? 'success' : 'info';
}
