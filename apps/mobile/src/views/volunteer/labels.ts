import {
  AVAILABILITY_LABELS,
  SERVICE_CATEGORY_LABELS,
  VOLUNTEER_STATUS_LABELS,
  type Availability,
  type Locale,
  type ServiceCategory,
  type VolunteerStatus,
} from '@tongxin/shared';

const lang = (locale: Locale) => (locale === 'en' ? 'en' : 'zh');

export const categoryLabel = (c: ServiceCategory, locale: Locale): string => SERVICE_CATEGORY_LABELS[c][lang(locale)];
export const availabilityLabel = (a: Availability, locale: Locale): string => AVAILABILITY_LABELS[a][lang(locale)];
export const statusLabel = (s: VolunteerStatus, locale: Locale): string => VOLUNTEER_STATUS_LABELS[s][lang(locale)];
