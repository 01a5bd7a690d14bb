import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedPeople, testWorld, type TestWorld } from '../../../test/helpers/app.js';
import { getSetting, listSettings, setSetting, showSetting, unsetSetting } from './settings.js';
import { BadInput, Forbidden } from '../../domain/errors.js';

let w: TestWorld;
beforeEach(() => {
  w = testWorld();
  seedPeople(w);
});
afterEach(() => w.close());

describe('settings', () => {
  it('validate values, store them parsed and fall back to defaults', () => {
    expect(getSetting(w.app, 'mail.maxAttachmentBytes')).toBe(10 * 1024 * 1024);
    expect(setSetting(w.app, w.actor('admin'), 'mail.maxAttachmentBytes', '2M')).toBe(2 * 1024 * 1024);
    expect(setSetting(w.app, w.actor('admin'), 'mail.supportAddress', ' Help@Example.COM ')).toBe('help@example.com');
    expect(() => setSetting(w.app, w.actor('admin'), 'mail.supportAddress', 'nope')).toThrow(BadInput);
    expect(() => setSetting(w.app, w.actor('admin'), 'mail.smtp', 'http://x')).toThrow(/smtp:\/\//);
    expect(setSetting(w.app, w.actor('admin'), 'routing.levels', '3 2 2')).toEqual([2, 3]);
    expect(() => setSetting(w.app, w.actor('admin'), 'routing.levels', '2,x')).toThrow(
      "bad value for routing.levels: bad level 'x': list levels 1, 2, 3",
    );
    expect(() => setSetting(w.app, w.actor('admin'), 'mail.frm', 'x')).toThrow(
      /unknown setting 'mail.frm': known settings are mail.supportAddress/,
    );
    unsetSetting(w.app, w.actor('admin'), 'mail.maxAttachmentBytes');
    expect(showSetting(w.app, w.actor('admin'), 'mail.maxAttachmentBytes')).toMatchObject({ value: 10485760, isDefault: true });
  });

  it('are changed by admins only, read by staff, with secrets masked for non-admins', () => {
    expect(() => setSetting(w.app, w.actor('bob'), 'mail.from', 'a@b.test')).toThrow(Forbidden);
    expect(() => listSettings(w.app, w.actor('ann'))).toThrow(Forbidden);
    setSetting(w.app, w.actor('admin'), 'mail.smtp', 'smtp://user:secret@mail.example.com:587');
    expect(showSetting(w.app, w.actor('bob'), 'mail.smtp').value).toBe('smtp://user:****@mail.example.com:587');
    expect(showSetting(w.app, w.actor('admin'), 'mail.smtp').value).toBe('smtp://user:secret@mail.example.com:587');
  });
});
