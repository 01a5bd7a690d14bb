// The catalogue's derivations: one hand-written spelling, the others computed from it.
import { describe, expect, it } from 'vitest';
import { BATCH_MENU_VERBS, BULK_VERBS, cliName, cliWords, commandIdOf, MACRO_VERBS, VERB_BINDINGS } from './verbs.js';

describe('verb spellings', () => {
  it('derives the CLI spelling and the TUI command id from the workflow id', () => {
    expect(cliName('request_info')).toBe('request-info');
    expect(commandIdOf('request_info')).toBe('action.requestInfo');
    expect(commandIdOf('reply', { suffix: 'Editor' })).toBe('action.replyEditor');
    expect(VERB_BINDINGS.map((b) => b.command)).toContain('action.watchers');
  });

  it('spells the CLI command of a verb: required texts always, optional ones when given, lists as words', () => {
    expect(cliWords('escalate', 4, { text: 'needs L2' })).toEqual(['ticket', 'escalate', 4, '--reason', 'needs L2']);
    expect(cliWords('escalate', 4)).toEqual(['ticket', 'escalate', 4, '--reason', '']);
    expect(cliWords('hold', 4)).toEqual(['ticket', 'hold', 4]);
    expect(cliWords('request_info', 4, { text: 'Which version?' })).toEqual(['ticket', 'request-info', 4, '--text', 'Which version?']);
    expect(cliWords('tag', 4, { values: ['vpn', 'urgent'] })).toEqual(['ticket', 'tag', 4, 'vpn', 'urgent']);
    expect(cliWords('assign', 4, { value: 'bob' })).toEqual(['ticket', 'assign', 4, 'bob']);
  });

  it('orders bulk changes fields first, status last; the batch menu follows, then the batch close', () => {
    expect(BULK_VERBS).toEqual(['priority', 'tag', 'untag', 'assign', 'note', 'reply', 'macro', 'escalate', 'solve']);
    expect(BATCH_MENU_VERBS).toEqual([...BULK_VERBS, 'close']);
    expect(MACRO_VERBS).toEqual(['request_info', 'hold', 'resume', 'escalate', 'solve', 'close']);
  });
});
