import type { NotificationPreferences } from '@tongxin/shared/schemas';

export const PAGE_SIZE = 20;

/** The form's shape: quiet hours as a switch plus two times, so they can be turned off and back on. */
export interface PreferencesForm {
  emailEnabled: boolean;
  emailAddress: string;
  webhookEnabled: boolean;
  quietEnabled: boolean;
  quietStart: string;
  quietEnd: string;
}

export function preferencesToForm(p: NotificationPreferences): PreferencesForm {
  return {
    emailEnabled: p.email.enabled,
    emailAddress: p.email.address ?? '',
    webhookEnabled: p.webhook.enabled,
    quietEnabled: p.quietHours !== null,
    quietStart: p.quietHours?.start ?? '22:00',
    quietEnd: p.quietHours?.end ?? '07:00',
  };
}

export function formToPreferences(f: PreferencesForm): NotificationPreferences {
  return {
    email: { enabled: f.emailEnabled, address: f.emailAddress.trim() || null },
    webhook: { enabled: f.webhookEnabled },
    quietHours: f.quietEnabled ? { start: f.quietStart, end: f.quietEnd } : null,
  };
}
