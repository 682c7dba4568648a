import { describe, expect, it } from 'vitest';
import {
  addSkill,
  applyBody,
  checkVolunteerForm,
  idFacts,
  newVolunteerForm,
  registerBody,
  toggle,
  type VolunteerForm,
} from './volunteer-form';

const NOW = new Date(2026, 2, 1);
const ADULT = '11010519491231002X'; // a woman born 1949-12-31
const MINOR = '110105201003150025'; // 15 on 2026-03-01
const CHILD = '110105201801010035'; // 8
const REGION = '00000000-0000-4000-8000-000000000001';

function filled(extra: Partial<VolunteerForm> = {}): VolunteerForm {
  return {
    ...newVolunteerForm(),
    name: ' 王秀兰 ',
    idNumber: ADULT,
    mobile: '137 1234 0001',
    password: 'Tongxin2026',
    regionId: REGION,
    skills: ['医护'],
    serviceCategories: ['elderly'],
    availability: ['weekend'],
    ...extra,
  };
}

describe('volunteer registration form', () => {
  it('reads birth date, sex and age from the ID number', () => {
    expect(idFacts('', NOW)).toEqual({ kind: 'empty' });
    expect(idFacts('110105194912310021', NOW)).toEqual({ kind: 'invalid' });
    expect(idFacts(ADULT.toLowerCase(), NOW)).toEqual({ kind: 'adult', birthDate: '1949-12-31', sex: 'female', age: 76 });
    expect(idFacts(MINOR, NOW)).toMatchObject({ kind: 'minor', age: 15 });
    expect(idFacts(CHILD, NOW)).toMatchObject({ kind: 'tooYoung', age: 8 });
  });

  it('is ready to send when everything is filled in', () => {
    expect(checkVolunteerForm(filled(), true, NOW)).toEqual({});
  });

  it('says what is missing', () => {
    expect(checkVolunteerForm(newVolunteerForm(), true, NOW)).toEqual({
      name: 'volunteer.nameRequired',
      idNumber: 'volunteer.idRequired',
      mobile: 'login.mobileRequired',
      password: 'password.required',
      regionId: 'volunteer.regionRequired',
      serviceCategories: 'volunteer.categoriesRequired',
      availability: 'volunteer.availabilityRequired',
    });
    expect(checkVolunteerForm(filled({ name: '王'.repeat(41) }), true, NOW).name).toBe('volunteer.nameTooLong');
    expect(checkVolunteerForm(filled({ idNumber: '12345' }), true, NOW).idNumber).toBe('volunteer.idInvalid');
    expect(checkVolunteerForm(filled({ skills: ['长'.repeat(21)] }), true, NOW).skills).toBe('volunteer.skillTooLong');
  });

  it('asks for mobile and password only without an account, with the server’s strength rule', () => {
    expect(checkVolunteerForm(filled({ mobile: '', password: '' }), false, NOW)).toEqual({});
    expect(checkVolunteerForm(filled({ mobile: '1234' }), true, NOW).mobile).toBe('login.mobileInvalid');
    expect(checkVolunteerForm(filled({ password: 'abcdefgh' }), true, NOW).password).toBe('password.weak');
  });

  it('refuses under 14 and wants a guardian from 14 to 17', () => {
    expect(checkVolunteerForm(filled({ idNumber: CHILD }), true, NOW).idNumber).toBe('volunteer.tooYoung');
    expect(checkVolunteerForm(filled({ idNumber: MINOR }), true, NOW)).toEqual({
      guardianName: 'volunteer.guardianNameRequired',
      guardianRelation: 'volunteer.guardianRelationRequired',
    });
    expect(checkVolunteerForm(filled({ idNumber: MINOR, guardianName: '王强', guardianRelation: '父亲' }), true, NOW)).toEqual({});
  });

  it('adds typed skills once, trimmed, and toggles chips', () => {
    expect(addSkill(['医护'], '  修 自行车 ')).toEqual(['医护', '修 自行车']);
    expect(addSkill(['医护'], '医护')).toEqual(['医护']);
    expect(addSkill(['医护'], '   ')).toEqual(['医护']);
    expect(
      addSkill(
        Array.from({ length: 20 }, (_, i) => `技能${i}`),
        '再多一个',
      ),
    ).toHaveLength(20);
    expect(toggle(['a', 'b'], 'a')).toEqual(['b']);
    expect(toggle(['b'], 'a')).toEqual(['b', 'a']);
  });

  it('sends a tidy body, with the guardian only for a minor', () => {
    const form = filled({ idNumber: ADULT.toLowerCase(), serviceCategories: ['health', 'care'], availability: ['anytime', 'weekend'] });
    expect(registerBody(form, '2026-03-01', NOW)).toEqual({
      name: '王秀兰',
      idType: 'resident_id',
      idNumber: ADULT,
      regionId: REGION,
      skills: ['医护'],
      serviceCategories: ['care', 'health'],
      availability: ['weekend', 'anytime'],
      mobile: '13712340001',
      password: 'Tongxin2026',
    });
    const minor = applyBody(filled({ idNumber: MINOR, guardianName: ' 王强', guardianRelation: '父亲 ' }), '2026-03-01', NOW);
    expect(minor.guardianConsent).toEqual({ guardianName: '王强', relation: '父亲', consentedOn: '2026-03-01' });
    expect(minor).not.toHaveProperty('mobile');
  });
});
