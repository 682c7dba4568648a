import { describe, expect, it } from 'vitest';
import { checkContactForm, contactBody, dateOf, fromPickerValue, newContactForm, RAISED_MAX, toPickerValue } from './contact-form';

const TODAY = '2026-03-01';

describe('log-a-contact form', () => {
  it('starts as a home visit today, ready to send', () => {
    const form = newContactForm(TODAY);
    expect(form).toEqual({ contactedOn: TODAY, way: 'visit', raised: '', needsFollowUp: false });
    expect(checkContactForm(form, TODAY)).toEqual({});
  });

  it('wants a real date that is not in the future', () => {
    expect(checkContactForm({ ...newContactForm(TODAY), contactedOn: '' }, TODAY).contactedOn).toBe('contact.dateRequired');
    expect(checkContactForm({ ...newContactForm(TODAY), contactedOn: '2026-13-01' }, TODAY).contactedOn).toBe('contact.dateRequired');
    expect(checkContactForm({ ...newContactForm(TODAY), contactedOn: '2026-03-02' }, TODAY).contactedOn).toBe('contact.dateInFuture');
    expect(checkContactForm({ ...newContactForm(TODAY), contactedOn: '2025-12-31' }, TODAY)).toEqual({});
  });

  it('wants one of the known ways', () => {
    expect(checkContactForm({ ...newContactForm(TODAY), way: '' }, TODAY).way).toBe('contact.wayRequired');
    expect(checkContactForm({ ...newContactForm(TODAY), way: 'fax' as never }, TODAY).way).toBe('contact.wayRequired');
    for (const way of ['visit', 'phone', 'wechat', 'meeting', 'other'] as const)
      expect(checkContactForm({ ...newContactForm(TODAY), way }, TODAY)).toEqual({});
  });

  it('needs something to follow up, and no more than the server keeps', () => {
    expect(checkContactForm({ ...newContactForm(TODAY), needsFollowUp: true, raised: '  ' }, TODAY).raised).toBe(
      'contact.followUpNeedsRaised',
    );
    expect(checkContactForm({ ...newContactForm(TODAY), needsFollowUp: true, raised: '楼道灯坏了' }, TODAY)).toEqual({});
    expect(checkContactForm({ ...newContactForm(TODAY), raised: '话'.repeat(RAISED_MAX) }, TODAY)).toEqual({});
    expect(checkContactForm({ ...newContactForm(TODAY), raised: '话'.repeat(RAISED_MAX + 1) }, TODAY).raised).toBe('contact.raisedTooLong');
  });

  it('sends what was raised trimmed, or null', () => {
    expect(contactBody({ contactedOn: TODAY, way: 'phone', raised: '  想申请助餐服务 ', needsFollowUp: true })).toEqual({
      contactedOn: TODAY,
      way: 'phone',
      raised: '想申请助餐服务',
      needsFollowUp: true,
    });
    expect(contactBody({ contactedOn: TODAY, way: 'visit', raised: ' ', needsFollowUp: false })).toEqual({
      contactedOn: TODAY,
      way: 'visit',
      raised: null,
      needsFollowUp: false,
    });
  });

  it('speaks the date picker’s language', () => {
    expect(toPickerValue('2026-03-01')).toEqual(['2026', '03', '01']);
    expect(fromPickerValue(['2026', '03', '01'])).toBe('2026-03-01');
    const d = dateOf('2026-03-01');
    expect([d.getFullYear(), d.getMonth(), d.getDate(), d.getHours()]).toEqual([2026, 2, 1, 0]);
  });
});
