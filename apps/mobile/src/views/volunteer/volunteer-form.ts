import {
  AVAILABILITY,
  SERVICE_CATEGORIES,
  VOLUNTEER_ADULT_AGE,
  VOLUNTEER_MIN_AGE,
  ageOn,
  isMobile,
  isStrongPassword,
  normalizeIdNumber,
  normalizeMobile,
  parseIdNumber,
  type Availability,
  type ServiceCategory,
  type Sex,
} from '@tongxin/shared';
import type { ApplyVolunteerBody, RegisterVolunteerBody } from '@tongxin/shared/schemas';

/** i18n keys of the form's messages. */
export type VolunteerProblem =
  | 'volunteer.nameRequired'
  | 'volunteer.nameTooLong'
  | 'volunteer.idRequired'
  | 'volunteer.idInvalid'
  | 'volunteer.tooYoung'
  | 'volunteer.guardianNameRequired'
  | 'volunteer.guardianRelationRequired'
  | 'volunteer.regionRequired'
  | 'volunteer.categoriesRequired'
  | 'volunteer.availabilityRequired'
  | 'volunteer.skillTooLong'
  | 'login.mobileRequired'
  | 'login.mobileInvalid'
  | 'password.required'
  | 'password.weak';

export const NAME_MAX = 40;
export const SKILL_MAX = 20;
export const SKILLS_MAX = 20;

export interface VolunteerForm {
  name: string;
  idNumber: string;
  mobile: string;
  password: string;
  regionId: string;
  skills: string[];
  serviceCategories: ServiceCategory[];
  availability: Availability[];
  guardianName: string;
  guardianRelation: string;
}

export function newVolunteerForm(): VolunteerForm {
  return {
    name: '',
    idNumber: '',
    mobile: '',
    password: '',
    regionId: '',
    skills: [],
    serviceCategories: [],
    availability: [],
    guardianName: '',
    guardianRelation: '',
  };
}

/** What the ID number says: nothing yet, not a valid number, or who it belongs to and whether they may register. */
export type IdFacts =
  { kind: 'empty' } | { kind: 'invalid' } | { kind: 'tooYoung' | 'minor' | 'adult'; birthDate: string; sex: Sex; age: number };

export function idFacts(input: string, today: Date = new Date()): IdFacts {
  if (!input.trim()) return { kind: 'empty' };
  const facts = parseIdNumber(input, today);
  if (!facts) return { kind: 'invalid' };
  const age = ageOn(facts.birthDate, today);
  const kind = age < VOLUNTEER_MIN_AGE ? 'tooYoung' : age < VOLUNTEER_ADULT_AGE ? 'minor' : 'adult';
  return { kind, birthDate: facts.birthDate, sex: facts.sex, age };
}

export type VolunteerProblems = Partial<Record<keyof VolunteerForm, VolunteerProblem>>;

/**
 * Problems per field, the same rules as the server; an empty object means it can be sent.
 * `withAccount`: registering without being logged in, so a mobile number and password are wanted too.
 */
export function checkVolunteerForm(form: VolunteerForm, withAccount: boolean, today: Date = new Date()): VolunteerProblems {
  const problems: VolunteerProblems = {};
  const name = form.name.trim();
  if (!name) problems.name = 'volunteer.nameRequired';
  else if (name.length > NAME_MAX) problems.name = 'volunteer.nameTooLong';

  const id = idFacts(form.idNumber, today);
  if (id.kind === 'empty') problems.idNumber = 'volunteer.idRequired';
  else if (id.kind === 'invalid') problems.idNumber = 'volunteer.idInvalid';
  else if (id.kind === 'tooYoung') problems.idNumber = 'volunteer.tooYoung';
  else if (id.kind === 'minor') {
    if (!form.guardianName.trim()) problems.guardianName = 'volunteer.guardianNameRequired';
    if (!form.guardianRelation.trim()) problems.guardianRelation = 'volunteer.guardianRelationRequired';
  }

  if (withAccount) {
    const mobile = normalizeMobile(form.mobile.trim());
    if (!mobile) problems.mobile = 'login.mobileRequired';
    else if (!isMobile(mobile)) problems.mobile = 'login.mobileInvalid';
    if (!form.password) problems.password = 'password.required';
    else if (!isStrongPassword(form.password)) problems.password = 'password.weak';
  }

  if (!form.regionId) problems.regionId = 'volunteer.regionRequired';
  if (form.skills.some((s) => s.length > SKILL_MAX)) problems.skills = 'volunteer.skillTooLong';
  if (!form.serviceCategories.some((c) => SERVICE_CATEGORIES.includes(c))) problems.serviceCategories = 'volunteer.categoriesRequired';
  if (!form.availability.some((a) => AVAILABILITY.includes(a))) problems.availability = 'volunteer.availabilityRequired';
  return problems;
}

/** Add a skill typed by hand (trimmed, no duplicates, at most SKILLS_MAX); the same list if there is nothing to add. */
export function addSkill(skills: string[], input: string): string[] {
  const skill = input.trim().replace(/\s+/g, ' ');
  if (!skill || skills.includes(skill) || skills.length >= SKILLS_MAX) return skills;
  return [...skills, skill];
}

/** Tap a chip: on when it was off, off when it was on. */
export function toggle<T>(list: T[], item: T): T[] {
  return list.includes(item) ? list.filter((x) => x !== item) : [...list, item];
}

/** What a logged-in person sends (POST /me/volunteer); `today` is the local date the guardian consents on. */
export function applyBody(form: VolunteerForm, today: string, now: Date = new Date()): ApplyVolunteerBody {
  const id = idFacts(form.idNumber, now);
  const minor = id.kind === 'minor';
  return {
    name: form.name.trim(),
    idType: 'resident_id',
    idNumber: normalizeIdNumber(form.idNumber),
    regionId: form.regionId,
    skills: form.skills,
    serviceCategories: SERVICE_CATEGORIES.filter((c) => form.serviceCategories.includes(c)),
    availability: AVAILABILITY.filter((a) => form.availability.includes(a)),
    ...(minor
      ? { guardianConsent: { guardianName: form.guardianName.trim(), relation: form.guardianRelation.trim(), consentedOn: today } }
      : {}),
  };
}

/** What someone without an account sends (POST /volunteers/register): the profile, plus mobile and password. */
export function registerBody(form: VolunteerForm, today: string, now: Date = new Date()): RegisterVolunteerBody {
  return { ...applyBody(form, today, now), mobile: normalizeMobile(form.mobile.trim()), password: form.password };
}
