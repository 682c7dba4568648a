import { describe, expect, it } from 'vitest';
import { behalfOf, checkHelpForm, helpBody, newHelpForm, type HelpForm } from './help-form';

const NOW = new Date('2026-03-05T02:00:00Z');
const ok = (over: Partial<HelpForm> = {}): HelpForm => ({ ...newHelpForm(), category: 'repair', description: '水龙头漏水', ...over });
const RID = '00000000-0000-4000-8000-000000000001';

describe('the help form', () => {
  it('needs a category and what is needed', () => {
    expect(checkHelpForm(newHelpForm(), NOW)).toEqual({ category: 'help.categoryRequired', description: 'help.descriptionRequired' });
    expect(checkHelpForm(ok(), NOW)).toEqual({});
    expect(checkHelpForm(ok({ description: '   ' }), NOW).description).toBe('help.descriptionRequired');
    expect(checkHelpForm(ok({ description: '字'.repeat(1001) }), NOW).description).toBe('help.descriptionTooLong');
    expect(checkHelpForm(ok({ description: '字'.repeat(1000) }), NOW)).toEqual({});
  });

  it('needs a time in the future when one is to be picked', () => {
    expect(checkHelpForm(ok({ when: 'at' }), NOW).wantedAt).toBe('help.wantedAtRequired');
    expect(checkHelpForm(ok({ when: 'at', wantedAt: new Date('2026-03-05T01:00:00Z') }), NOW).wantedAt).toBe('help.wantedAtPast');
    expect(checkHelpForm(ok({ when: 'at', wantedAt: new Date('2026-03-05T03:00:00Z') }), NOW)).toEqual({});
    // A picked time left behind by switching back to 尽快 does not matter.
    expect(checkHelpForm(ok({ when: 'asap', wantedAt: new Date('2020-01-01T00:00:00Z') }), NOW)).toEqual({});
    expect(checkHelpForm(ok({ wantedNote: '字'.repeat(101) }), NOW).wantedNote).toBe('help.wantedNoteTooLong');
  });

  it('needs a place only when it is not the home address', () => {
    expect(checkHelpForm(ok({ where: 'other' }), NOW).place).toBe('help.placeRequired');
    expect(checkHelpForm(ok({ where: 'other', place: '字'.repeat(201) }), NOW).place).toBe('help.placeTooLong');
    expect(checkHelpForm(ok({ where: 'home', place: '' }), NOW)).toEqual({});
  });

  it('sends trimmed text, no place for the home address, attachments and on whose behalf', () => {
    expect(helpBody(ok({ description: ' 水龙头漏水 ', wantedNote: '  ' }))).toEqual({
      category: 'repair',
      description: '水龙头漏水',
      wantedAt: null,
      wantedNote: null,
    });
    const at = new Date('2026-03-06T01:00:00Z');
    expect(
      helpBody(
        ok({
          when: 'at',
          wantedAt: at,
          wantedNote: ' 上午在家 ',
          where: 'other',
          place: ' 菜市场 ',
          photoIds: ['p1', 'p2'],
          voiceId: 'v1',
        }),
        {
          residentId: RID,
        },
      ),
    ).toEqual({
      category: 'repair',
      description: '水龙头漏水',
      wantedAt: '2026-03-06T01:00:00.000Z',
      wantedNote: '上午在家',
      place: '菜市场',
      attachmentIds: ['p1', 'p2', 'v1'],
      forResidentId: RID,
    });
    expect(helpBody(ok({ when: 'asap', wantedAt: at }), { contactId: RID })).toMatchObject({ wantedAt: null, contactId: RID });
  });

  it('takes residentId and contactId from the address only when they are ids', () => {
    expect(behalfOf({ residentId: RID })).toEqual({ residentId: RID });
    expect(behalfOf({ contactId: [RID, 'x'] })).toEqual({ contactId: RID });
    expect(behalfOf({ residentId: '1 or 1=1', contactId: undefined })).toEqual({});
    expect(behalfOf({})).toEqual({});
  });
});
