import { CONTACT_WAY_LABELS, SEX_LABELS, type ContactWay, type Locale, type Sex } from '@tongxin/shared';

// Here rather than in utils/labels.ts, which the first screen loads: only these pages need them.

export function contactWayLabel(way: ContactWay, locale: Locale): string {
  return CONTACT_WAY_LABELS[way][locale === 'en' ? 'en' : 'zh'];
}

export function sexLabel(sex: Sex, locale: Locale): string {
  return SEX_LABELS[sex][locale === 'en' ? 'en' : 'zh'];
}
