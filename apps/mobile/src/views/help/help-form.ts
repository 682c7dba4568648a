import type { CreateHelpRequestBody } from '@tongxin/shared/schemas';

/** What the server keeps at most (CreateHelpRequestBody). */
export const DESCRIPTION_MAX = 1000;
export const WANTED_NOTE_MAX = 100;
export const PLACE_MAX = 200;
export const REASON_MAX = 400;
export const FINISH_NOTE_MAX = 1000;
/** Attachments per request: photos plus a voice note. */
export const PHOTOS_MAX = 6;

export interface HelpForm {
  category: string;
  description: string;
  /** asap: 尽快; at: the picked moment. */
  when: 'asap' | 'at';
  wantedAt: Date | null;
  wantedNote: string;
  /** home: the household address the server knows; other: typed. */
  where: 'home' | 'other';
  place: string;
  photoIds: string[];
  voiceId: string | null;
}

/** Who the request is for, from the address: a grid worker's resident or a party member's visit. */
export interface HelpOnBehalf {
  residentId?: string;
  contactId?: string;
}

export type HelpProblem =
  | 'help.categoryRequired'
  | 'help.descriptionRequired'
  | 'help.descriptionTooLong'
  | 'help.wantedAtRequired'
  | 'help.wantedAtPast'
  | 'help.wantedNoteTooLong'
  | 'help.placeRequired'
  | 'help.placeTooLong';

export function newHelpForm(description = ''): HelpForm {
  return { category: '', description, when: 'asap', wantedAt: null, wantedNote: '', where: 'home', place: '', photoIds: [], voiceId: null };
}

const length = (s: string) => [...s.trim()].length;

/** Problems per field (i18n keys); an empty object means the form can be sent. */
export function checkHelpForm(form: HelpForm, now: Date = new Date()): Partial<Record<keyof HelpForm, HelpProblem>> {
  const problems: Partial<Record<keyof HelpForm, HelpProblem>> = {};
  if (!form.category) problems.category = 'help.categoryRequired';
  if (!form.description.trim()) problems.description = 'help.descriptionRequired';
  else if (length(form.description) > DESCRIPTION_MAX) problems.description = 'help.descriptionTooLong';
  if (form.when === 'at') {
    if (!form.wantedAt) problems.wantedAt = 'help.wantedAtRequired';
    else if (form.wantedAt.getTime() < now.getTime() - 60_000) problems.wantedAt = 'help.wantedAtPast';
  }
  if (length(form.wantedNote) > WANTED_NOTE_MAX) problems.wantedNote = 'help.wantedNoteTooLong';
  if (form.where === 'other') {
    if (!form.place.trim()) problems.place = 'help.placeRequired';
    else if (length(form.place) > PLACE_MAX) problems.place = 'help.placeTooLong';
  }
  return problems;
}

/** What the server gets: trimmed text, nulls for what was left out, no place for the home address. */
export function helpBody(form: HelpForm, behalf: HelpOnBehalf = {}): CreateHelpRequestBody {
  const note = form.wantedNote.trim();
  const attachmentIds = [...form.photoIds, ...(form.voiceId ? [form.voiceId] : [])];
  const body: CreateHelpRequestBody = {
    category: form.category,
    description: form.description.trim(),
    wantedAt: form.when === 'at' && form.wantedAt ? form.wantedAt.toISOString() : null,
    wantedNote: note || null,
  };
  if (form.where === 'other') body.place = form.place.trim();
  if (attachmentIds.length) body.attachmentIds = attachmentIds;
  if (behalf.residentId) body.forResidentId = behalf.residentId;
  if (behalf.contactId) body.contactId = behalf.contactId;
  return body;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** ?residentId= / ?contactId= from the address, when they look like ids (anything else is ignored). */
export function behalfOf(query: Record<string, unknown>): HelpOnBehalf {
  const one = (v: unknown) => (Array.isArray(v) ? v[0] : v);
  const residentId = one(query.residentId);
  const contactId = one(query.contactId);
  return {
    ...(typeof residentId === 'string' && UUID.test(residentId) ? { residentId } : {}),
    ...(typeof contactId === 'string' && UUID.test(contactId) ? { contactId } : {}),
  };
}
