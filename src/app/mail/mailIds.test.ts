import { describe, expect, it } from 'vitest';
import { addressOf, notificationMessageId, ticketIdFromMessageId, ticketRootMessageId } from './mailIds.js';

describe('our Message-IDs', () => {
  it('round-trip to the ticket id, for the root and for each notification', () => {
    expect(ticketIdFromMessageId(ticketRootMessageId(123, 'help.example.com'), 'help.example.com')).toBe(123);
    expect(ticketIdFromMessageId(notificationMessageId(123, 9, 'help.example.com'), 'HELP.example.com')).toBe(123);
  });
  it('ignore ids of other domains and other shapes', () => {
    expect(ticketIdFromMessageId('<ticket-5@elsewhere.test>', 'help.example.com')).toBeUndefined();
    expect(ticketIdFromMessageId('<CAB123@mail.gmail.com>', 'help.example.com')).toBeUndefined();
  });
  it('take the address out of a From header', () => {
    expect(addressOf('"ACME Support" <Support@Example.com>')).toBe('support@example.com');
    expect(addressOf('help@example.com')).toBe('help@example.com');
    expect(addressOf('nobody')).toBeUndefined();
  });
});
