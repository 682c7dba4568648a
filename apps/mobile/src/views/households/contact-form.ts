import { CONTACT_WAYS, type ContactWay } from '@tongxin/shared';
import type { LogContactBody } from '@tongxin/shared/schemas';

/** The server keeps at most this much of "what was raised". */
export const RAISED_MAX = 1000;

export interface ContactForm {
  contactedOn: string;
  way: ContactWay | '';
  raised: string;
  needsFollowUp: boolean;
}

/** i18n keys of the form's messages. */
export type ContactProblem =
  'contact.dateRequired' | 'contact.dateInFuture' | 'contact.wayRequired' | 'contact.raisedTooLong' | 'contact.followUpNeedsRaised';

/** A home visit today: what the big 记录走访 button means, so most logs are one tap. */
export function newContactForm(today: string): ContactForm {
  return { contactedOn: today, way: 'visit', raised: '', needsFollowUp: false };
}

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** Problems per field; an empty object means the form can be sent. `today` is YYYY-MM-DD. */
export function checkContactForm(form: ContactForm, today: string): Partial<Record<keyof ContactForm, ContactProblem>> {
  const problems: Partial<Record<keyof ContactForm, ContactProblem>> = {};
  if (!DATE.test(form.contactedOn)) problems.contactedOn = 'contact.dateRequired';
  else if (form.contactedOn > today) problems.contactedOn = 'contact.dateInFuture';
  if (!(CONTACT_WAYS as readonly string[]).includes(form.way)) problems.way = 'contact.wayRequired';
  const raised = form.raised.trim();
  if ([...raised].length > RAISED_MAX) problems.raised = 'contact.raisedTooLong';
  else if (form.needsFollowUp && !raised) problems.raised = 'contact.followUpNeedsRaised';
  return problems;
}

/** What the server gets: "what was raised" trimmed, or null when nothing was. */
export function contactBody(form: ContactForm): LogContactBody {
  const raised = form.raised.trim();
  return {
    contactedOn: form.contactedOn,
    way: form.way as ContactWay,
    raised: raised || null,
    needsFollowUp: form.needsFollowUp && raised !== '',
  };
}

/** YYYY-MM-DD ↔ the van-date-picker's ['YYYY', 'MM', 'DD']. */
export const toPickerValue = (date: string): string[] => date.split('-');
export const fromPickerValue = (parts: readonly string[]): string => parts.join('-');

/** A YYYY-MM-DD day as a local Date (for the picker's bounds). */
export function dateOf(date: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d);
}
