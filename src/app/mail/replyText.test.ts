import { describe, expect, it } from 'vitest';
import { newReplyText } from './replyText.js';

const NEW = 'Thanks, that fixed it.\nThe printer works again.';

/** What each client writes below a top-posted answer. */
const HISTORY: Record<string, string> = {
  'Gmail (attribution wrapped over two lines)':
    'On Mon, 2 Mar 2026 at 10:00, ACME Support <support@help.example.com>\nwrote:\n\n> Please restart the spooler.\n>\n> ACME Support\n',
  'Gmail German':
    'Am Mo., 2. März 2026 um 10:00 Uhr schrieb ACME Support <\nsupport@help.example.com>:\n\n> Bitte starten Sie den Spooler neu.\n',
  'Gmail French': 'Le lun. 2 mars 2026 à 10:00, ACME Support <support@help.example.com> a\nécrit :\n\n> Veuillez redémarrer le spouleur.\n',
  'Gmail Spanish':
    'El lun, 2 mar 2026 a las 10:00, ACME Support (<support@help.example.com>)\nescribió:\n\n> Reinicie el spooler, por favor.\n',
  'Apple Mail': 'On 2 Mar 2026, at 10:00, ACME Support <support@help.example.com> wrote:\n\n> Please restart the spooler.\n',
  'Apple Mail German': 'Am 02.03.2026 um 10:00 schrieb ACME Support <support@help.example.com>:\n\n> Bitte starten Sie den Spooler neu.\n',
  Thunderbird: 'On 3/2/26 10:00, ACME Support wrote:\n> Please restart the spooler.\n> -- \n> ACME Support\n',
  'Thunderbird French': 'Le 02/03/2026 à 10:00, ACME Support a écrit :\n> Veuillez redémarrer le spouleur.\n',
  'Outlook desktop':
    '-----Original Message-----\nFrom: ACME Support <support@help.example.com> \nSent: Monday, March 2, 2026 10:00 AM\nTo: Carol Client <carol@initech.test>\nSubject: RE: [#1] Printer offline\n\nPlease restart the spooler.\n',
  'Outlook desktop, no separator':
    'From: ACME Support <support@help.example.com>\nSent: Monday, March 2, 2026 10:00 AM\nTo: Carol Client <carol@initech.test>\nSubject: RE: [#1] Printer offline\n\nPlease restart the spooler.\n',
  'Outlook web':
    '________________________________\nFrom: ACME Support <support@help.example.com>\nSent: Monday, March 2, 2026 10:00\nTo: Carol Client\nSubject: [#1] Printer offline\n\nPlease restart the spooler.\n',
  'Outlook German':
    'Von: ACME Support <support@help.example.com>\nGesendet: Montag, 2. März 2026 10:00\nAn: Carol Client <carol@initech.test>\nBetreff: AW: [#1] Drucker offline\n\nBitte starten Sie den Spooler neu.\n',
  'Outlook French':
    'De : ACME Support <support@help.example.com>\nEnvoyé : lundi 2 mars 2026 10:00\nÀ : Carol Client <carol@initech.test>\nObjet : RE: [#1] Imprimante hors ligne\n\nVeuillez redémarrer le spouleur.\n',
  'Outlook Spanish':
    'De: ACME Support <support@help.example.com>\nEnviado: lunes, 2 de marzo de 2026 10:00\nPara: Carol Client <carol@initech.test>\nAsunto: RE: [#1] Impresora sin conexión\n\nReinicie el spooler, por favor.\n',
  'Outlook from HTML (bold labels)':
    '*From:* ACME Support <support@help.example.com>\n*Sent:* Monday, March 2, 2026 10:00 AM\n*To:* Carol Client\n*Subject:* RE: [#1] Printer offline\n\nPlease restart the spooler.\n',
  'Outlook German original-message separator':
    '-----Ursprüngliche Nachricht-----\nVon: ACME Support\nGesendet: Montag, 2. März 2026 10:00\nAn: Carol\nBetreff: Drucker\n\nBitte neu starten.\n',
};

describe('quoted history of the major clients is cut off', () => {
  for (const [client, history] of Object.entries(HISTORY)) {
    it(client, () => {
      expect(newReplyText(`${NEW}\n\n${history}`)).toEqual({ text: NEW, stripped: true });
    });
  }
});

describe('signatures', () => {
  it.each([
    ['the -- delimiter', `${NEW}\n\n-- \nCarol Client\nInitech, floor 3`],
    ['Sent from my iPhone', `${NEW}\n\nSent from my iPhone`],
    ['Von meinem iPhone gesendet', `${NEW}\n\nVon meinem iPhone gesendet`],
    ['Envoyé de mon iPhone', `${NEW}\n\nEnvoyé de mon iPhone`],
    ['Enviado desde mi iPhone', `${NEW}\n\nEnviado desde mi iPhone`],
    [
      'Get Outlook for Android, then Outlook history',
      `${NEW}\n\nGet Outlook for Android<https://aka.ms/ghei36>\n${HISTORY['Outlook web']}`,
    ],
  ])('%s', (_, text) => expect(newReplyText(text)).toEqual({ text: NEW, stripped: true }));
});

describe('what stays', () => {
  it('inline answers between quotes are kept whole', () => {
    const text = 'On Mon, 2 Mar 2026, ACME Support wrote:\n> Which floor?\nThe third.\n> Which model?\nHP 4250.';
    expect(newReplyText(text)).toEqual({ text, stripped: false });
  });
  it('a mail that is only a quote keeps its text rather than becoming empty', () => {
    expect(newReplyText('> just the quote\n')).toEqual({ text: '> just the quote', stripped: false });
  });
  it('"wrote:" inside a sentence followed by more text is not an attribution', () => {
    const text = 'My colleague wrote:\nthe printer is fine now.\nThanks';
    expect(newReplyText(text)).toEqual({ text, stripped: false });
  });
  it('a "From:" line in the text without a header block stays', () => {
    const text = 'From: the third floor, the printer is offline again.\nPlease help.';
    expect(newReplyText(text)).toEqual({ text, stripped: false });
  });
});
