// The new part of a mail reply: quoted history and signatures of the major clients cut off
// (Gmail, Outlook desktop and web, Apple Mail, Thunderbird; English, German, French, Spanish).
// Pure. Conservative: a cut that would leave nothing, or that would drop unquoted answers written
// between quotes (inline replies), is not made. email-reply-parser was considered: it needs
// Node 22, and its signature rules cut at any "Regards"/"Cheers" line.

/** The verb that ends an attribution line ("… wrote:"), per language. */
const WROTE = /(?:wrote|writes|schrieb|schreibt|a\s+écrit|a\s+ecrit|escribió|escribio|ha\s+escrito)\s*:\s*$/i;
/** German puts the name after the verb: "Am 2. März 2026 um 10:00 schrieb Ann <a@b>:". */
const SCHRIEB = /\bschrieb\s.{1,200}:\s*$/i;
/** The word an attribution starts with when it names a date first. */
const ATTRIBUTION_START = /^\s*(?:On|Am|Le|El|Em)\s\S/;
/** Outlook's header block: a sender line, then a date line within the next few lines. */
const OUTLOOK_FROM = /^\s*\*?\s*(?:From|Von|De|Da|Van)\s?\*?\s?:\s*\*?\s*\S/i;
const OUTLOOK_SENT = /^\s*\*?\s*(?:Sent|Date|Gesendet|Datum|Envoyé|Envoye|Date d'envoi|Enviado|Enviado el|Fecha)\s?\*?\s?:\s*\S/i;
const OUTLOOK_OTHER = /^\s*\*?\s*(?:To|Cc|Subject|An|Betreff|À|A|Objet|Para|Asunto)\s?\*?\s?:/i;
/** Separator lines above forwarded or original messages. */
const SEPARATOR =
  /^\s*-{2,}\s*(?:Original Message|Ursprüngliche Nachricht|Message d'origine|Mensaje original|Forwarded message|Weitergeleitete Nachricht|Message transféré|Mensaje reenviado)\s*-{2,}\s*$/i;
/** Outlook web's rule above the header block. */
const RULE = /^\s*_{10,}\s*$/;
/** The RFC 3676 signature delimiter (and its common stripped form). */
const SIGNATURE = /^-- ?$/;
/** "Sent from my iPhone" in the last lines. */
const MOBILE_SIGNATURE =
  /^\s*(?:Sent from my \S.*|Sent from (?:Outlook|Mail|Yahoo Mail)\b.*|Get Outlook for \S.*|Von meinem \S.* gesendet|Gesendet von meinem \S.*|Envoyé de mon \S.*|Envoyé depuis mon \S.*|Obtenir Outlook pour \S.*|Enviado desde mi \S.*|Obtener Outlook para \S.*)$/i;

const isQuoted = (line: string) => /^\s*>/.test(line);
const isBlank = (line: string) => !line.trim();

export interface ReplyText {
  /** What the sender wrote. */
  text: string;
  /** Whether anything was cut (then the caller keeps the original). */
  stripped: boolean;
}

export function newReplyText(original: string): ReplyText {
  const lines = original.replace(/\r\n?/g, '\n').split('\n');
  let end = historyStart(lines);
  end = signatureStart(lines, end);
  while (end > 0 && isBlank(lines[end - 1]!)) end--;
  const text = lines.slice(0, end).join('\n').trim();
  if (!text) return { text: original.trim(), stripped: false };
  return { text, stripped: text !== original.trim() };
}

/** The first line of quoted history, or lines.length when there is none to cut. */
function historyStart(lines: string[]): number {
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (SEPARATOR.test(line) && i > 0) return i;
    if (OUTLOOK_FROM.test(line) && i > 0 && outlookBlock(lines, i)) {
      // Take the rule or separator just above it along.
      let start = i;
      while (start > 0 && isBlank(lines[start - 1]!)) start--;
      if (start > 0 && (RULE.test(lines[start - 1]!) || SEPARATOR.test(lines[start - 1]!))) start--;
      return start > 0 ? start : i;
    }
    const attribution = attributionAt(lines, i);
    if (attribution && i > 0 && onlyHistoryAfter(lines, i + attribution)) return i;
    if (isQuoted(line) && i > 0 && onlyHistoryAfter(lines, i)) return i;
  }
  return lines.length;
}

/** An attribution ("On …, Ann <a@b> wrote:") starting at line i, over up to 3 wrapped lines: its length. */
function attributionAt(lines: string[], i: number): number {
  let joined = '';
  for (let n = 0; n < 3 && i + n < lines.length; n++) {
    const line = lines[i + n]!;
    if (isBlank(line) || isQuoted(line)) return 0;
    joined += (n ? ' ' : '') + line.trim();
    if (joined.length > 300) return 0;
    const dated = ATTRIBUTION_START.test(lines[i]!);
    if ((WROTE.test(joined) && (n === 0 || dated)) || (SCHRIEB.test(joined) && dated)) return n + 1;
  }
  return 0;
}

/** From line i on: only quoted lines, blank lines or a signature — nothing the sender wrote. */
function onlyHistoryAfter(lines: string[], i: number): boolean {
  let sawQuote = false;
  for (let j = i; j < lines.length; j++) {
    const line = lines[j]!;
    if (isQuoted(line)) sawQuote = true;
    else if (!isBlank(line)) return false;
  }
  return sawQuote || i >= lines.length;
}

/** Outlook's header block: From, then Sent/Date (and To/Subject) within the next 5 lines. */
function outlookBlock(lines: string[], i: number): boolean {
  let sent = false;
  let other = 0;
  for (let j = i + 1; j < Math.min(lines.length, i + 7); j++) {
    const line = lines[j]!;
    if (OUTLOOK_SENT.test(line)) sent = true;
    else if (OUTLOOK_OTHER.test(line)) other++;
    else if (!isBlank(line) && !/^\s+\S/.test(line)) break;
  }
  return sent && other >= 1;
}

/** Cuts a signature: the "-- " delimiter, or a mobile "Sent from my …" in the last lines. */
function signatureStart(lines: string[], end: number): number {
  for (let i = end - 1; i > 0; i--) {
    if (SIGNATURE.test(lines[i]!) && end - i <= 15) return i;
  }
  let last = end - 1;
  while (last > 0 && isBlank(lines[last]!)) last--;
  if (last > 0 && MOBILE_SIGNATURE.test(lines[last]!)) return last;
  return end;
}
