// Shared by the mail tests: fixtures, a configured world, and a real SMTP server on loopback.
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach } from 'vitest';
import { fileURLToPath } from 'node:url';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { seedPeople, testWorld, type TestWorld } from '../helpers/app.js';
import { getSetting, setSetting } from '../../src/app/settings/settings.js';
import { parseMail } from '../../src/mail/parseMail.js';
import { ingestMail } from '../../src/app/mail/mailIngest.js';
import { createSmtpSender, type SmtpSender } from '../../src/mail/smtpSender.js';

export const fixture = (name: string): Buffer => readFileSync(fileURLToPath(new URL(`fixtures/${name}`, import.meta.url)));

export const SUPPORT = 'support@help.example.com';

/** The standard cast, with the support address and From set. */
export function mailWorld(): TestWorld {
  const w = testWorld();
  seedPeople(w);
  setSetting(w.app, w.actor('admin'), 'mail.supportAddress', SUPPORT);
  setSetting(w.app, w.actor('admin'), 'mail.from', '"ACME Support" <support@help.example.com>');
  return w;
}

export async function ingestRaw(w: TestWorld, raw: Buffer | string) {
  const bytes = Buffer.isBuffer(raw) ? raw : Buffer.from(raw.replace(/\r?\n/g, '\r\n'));
  return ingestMail(w.app, await parseMail(bytes, { fallbackCharsets: getSetting(w.app, 'mail.fallbackCharsets') ?? undefined }));
}

export interface Received {
  envelopeTo: string[];
  raw: Buffer;
  parsed: ParsedMail;
}

/** A real SMTP server on 127.0.0.1 that keeps every message; `down()` makes it refuse mail. */
export async function startSmtp(port = 0, rejectRecipients: string[] = []) {
  const received: Received[] = [];
  let refuse = false;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onConnect(_session: SMTPServerSession, callback: (err?: Error) => void) {
      if (refuse) return callback(Object.assign(new Error('service not available'), { responseCode: 421 }));
      callback();
    },
    onRcptTo(address, _session, callback) {
      if (rejectRecipients.includes(address.address)) return callback(Object.assign(new Error('no such user here'), { responseCode: 550 }));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        void simpleParser(raw).then((parsed) => {
          received.push({ envelopeTo: session.envelope.rcptTo.map((r) => r.address), raw, parsed });
          callback();
        });
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.server.address() as AddressInfo;
  return {
    received,
    url: `smtp://127.0.0.1:${address.port}`,
    port: address.port,
    /** Answers every connection with 421 (a temporary outage). */
    setRefusing: (value: boolean) => {
      refuse = value;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type Smtp = Awaited<ReturnType<typeof startSmtp>>;

/**
 * A fresh mail world, a real SMTP server and a sender to it for every test of the file (the hooks
 * are registered here); read them from the returned object inside tests or later hooks.
 */
export function mailWorldWithSmtp(): { w: TestWorld; smtp: Smtp; sender: SmtpSender } {
  const env = {} as { w: TestWorld; smtp: Smtp; sender: SmtpSender };
  beforeEach(async () => {
    env.w = mailWorld();
    env.smtp = await startSmtp();
    env.sender = createSmtpSender(env.smtp.url);
  });
  afterEach(async () => {
    env.sender.close();
    await env.smtp.close();
    env.w.close();
  });
  return env;
}
