import type { FormItemRule, FormRules } from 'element-plus';
import {
  GUARDIAN_CONSENT_AGE,
  ageOn,
  normalizeIdNumber,
  normalizeMobile,
  parseIdNumber,
  type IdType,
  type PoliticalStatus,
  type Sex,
} from '@tongxin/shared';
import type { CreateResidentBody, Resident, ResidentListQuery, UpdateResidentBody } from '@tongxin/shared/schemas';
import { checkRule, maxLengthRule, requiredRule } from '../../utils/form-rules';
import { textOrNull } from '../../utils/people';
import { checkMobile, type Problem } from '../../utils/validators';

type Translate = (key: string, params?: Record<string, unknown>) => string;

export const PAGE_SIZES = [10, 20, 50, 100];

export interface ResidentFilters {
  regionId: string;
  /** Set when arriving from a household's "residents" link. */
  householdId: string;
  q: string;
  careTag: string;
  politicalStatus: PoliticalStatus | '';
}

export function emptyResidentFilters(): ResidentFilters {
  return { regionId: '', householdId: '', q: '', careTag: '', politicalStatus: '' };
}

export function residentQuery(f: ResidentFilters): Omit<ResidentListQuery, 'page' | 'pageSize'> {
  return {
    regionId: f.regionId || undefined,
    householdId: f.householdId || undefined,
    q: f.q.trim() || undefined,
    careTag: f.careTag || undefined,
    politicalStatus: f.politicalStatus || undefined,
  };
}

export interface ResidentFormModel {
  householdId: string;
  name: string;
  idType: IdType;
  /** On edit the stored number is masked: left empty, it stays. */
  idNumber: string;
  sex: Sex;
  birthDate: string;
  mobile: string;
  ethnicity: string;
  politicalStatus: PoliticalStatus;
  newCitizen: boolean;
  relationToHead: string;
  careTags: string[];
  notes: string;
  guardianName: string;
  guardianRelation: string;
  guardianConsentedOn: string;
}

export function emptyResidentForm(householdId = ''): ResidentFormModel {
  return {
    householdId,
    name: '',
    idType: 'resident_id',
    idNumber: '',
    sex: 'male',
    birthDate: '',
    mobile: '',
    ethnicity: '',
    politicalStatus: 'masses',
    newCitizen: false,
    relationToHead: '',
    careTags: [],
    notes: '',
    guardianName: '',
    guardianRelation: '',
    guardianConsentedOn: '',
  };
}

export function residentToForm(r: Resident): ResidentFormModel {
  return {
    householdId: r.householdId,
    name: r.name,
    idType: r.idType,
    idNumber: '',
    sex: r.sex,
    birthDate: r.birthDate ?? '',
    mobile: '',
    ethnicity: r.ethnicity ?? '',
    politicalStatus: r.politicalStatus,
    newCitizen: r.newCitizen,
    relationToHead: r.relationToHead ?? '',
    careTags: [...r.careTags],
    notes: '',
    guardianName: r.guardianConsent?.guardianName ?? '',
    guardianRelation: r.guardianConsent?.relation ?? '',
    guardianConsentedOn: r.guardianConsent?.consentedOn ?? '',
  };
}

export function checkIdNumber(value: string): Problem | null {
  return parseIdNumber(value) ? null : { key: 'validation.idNumber' };
}

/** Under 14 on `on` (by the birth date): a guardian's consent must be recorded (PIPL art. 31). */
export function needsGuardian(birthDate: string, on: Date = new Date()): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(birthDate)) return false;
  return ageOn(birthDate, on) < GUARDIAN_CONSENT_AGE;
}

/**
 * What a typed ID number says: for a resident ID card, a valid number gives the birth date and
 * sex (so the form fills them in). Other document types say nothing.
 */
export function idNumberFacts(idType: IdType, idNumber: string): { birthDate: string; sex: Sex } | null {
  if (idType !== 'resident_id' || !idNumber.trim()) return null;
  return parseIdNumber(idNumber);
}

export function residentRules(t: Translate, mode: 'create' | 'edit', form: ResidentFormModel): FormRules {
  const idRule: FormItemRule = {
    trigger: 'blur',
    validator: (_r, value: string, cb) => {
      if (!value || form.idType !== 'resident_id') return cb();
      cb(checkIdNumber(value) ? new Error(t('validation.idNumber')) : undefined);
    },
  };
  return {
    householdId: mode === 'create' ? [requiredRule(t, 'residents.household', 'change')] : [],
    name: [requiredRule(t, 'residents.name'), maxLengthRule(t, 40)],
    idNumber: [idRule, maxLengthRule(t, 40)],
    mobile: [checkRule(checkMobile, t)],
    ethnicity: [maxLengthRule(t, 20)],
    relationToHead: [maxLengthRule(t, 20)],
    notes: [maxLengthRule(t, 1000)],
    // These fields exist only while the birth date says under 14, so they are simply required.
    guardianName: [requiredRule(t, 'residents.guardianName'), maxLengthRule(t, 40)],
    guardianRelation: [requiredRule(t, 'residents.guardianRelation'), maxLengthRule(t, 20)],
    guardianConsentedOn: [requiredRule(t, 'residents.guardianConsentedOn', 'change')],
  };
}

function guardianConsent(form: ResidentFormModel) {
  if (!needsGuardian(form.birthDate)) return null;
  return { guardianName: form.guardianName.trim(), relation: form.guardianRelation.trim(), consentedOn: form.guardianConsentedOn };
}

export function createResidentBody(form: ResidentFormModel): CreateResidentBody {
  const idNumber = form.idNumber.trim() ? normalizeIdNumber(form.idNumber) : null;
  return {
    householdId: form.householdId,
    name: form.name.trim(),
    sex: form.sex,
    birthDate: form.birthDate || null,
    idType: form.idType,
    idNumber,
    mobile: form.mobile.trim() ? normalizeMobile(form.mobile) : null,
    ethnicity: textOrNull(form.ethnicity),
    politicalStatus: form.politicalStatus,
    newCitizen: form.newCitizen,
    relationToHead: textOrNull(form.relationToHead),
    careTags: [...form.careTags],
    notes: textOrNull(form.notes),
    guardianConsent: guardianConsent(form),
  };
}

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** Only the changed fields (the masked ones only when retyped), with the version the edit began from. */
export function updateResidentBody(form: ResidentFormModel, r: Resident): UpdateResidentBody {
  const body: UpdateResidentBody = { version: r.version };
  if (form.name.trim() !== r.name) body.name = form.name.trim();
  if (form.sex !== r.sex) body.sex = form.sex;
  if ((form.birthDate || null) !== r.birthDate) body.birthDate = form.birthDate || null;
  if (form.idType !== r.idType) body.idType = form.idType;
  if (form.idNumber.trim()) body.idNumber = normalizeIdNumber(form.idNumber);
  if (form.mobile.trim()) body.mobile = normalizeMobile(form.mobile);
  if (textOrNull(form.ethnicity) !== r.ethnicity) body.ethnicity = textOrNull(form.ethnicity);
  if (form.politicalStatus !== r.politicalStatus) body.politicalStatus = form.politicalStatus;
  if (form.newCitizen !== r.newCitizen) body.newCitizen = form.newCitizen;
  if (textOrNull(form.relationToHead) !== r.relationToHead) body.relationToHead = textOrNull(form.relationToHead);
  if (!sameList(form.careTags, r.careTags)) body.careTags = [...form.careTags];
  if (form.notes.trim()) body.notes = form.notes.trim();
  const consent = guardianConsent(form);
  const before = r.guardianConsent;
  if (
    (consent === null) !== (before === null) ||
    (consent &&
      before &&
      (consent.guardianName !== before.guardianName || consent.relation !== before.relation || consent.consentedOn !== before.consentedOn))
  )
    body.guardianConsent = consent;
  return body;
}
