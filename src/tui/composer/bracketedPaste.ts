// Bracketed paste (xterm's mode 2004): the terminal wraps pasted text in ESC[200~ … ESC[201~, so a
// paste is told from typing. This splits raw input into key data and whole pastes; a paste split
// over several reads is collected until its end marker (which may itself be cut between reads).

export const PASTE_START = '\x1b[200~';
export const PASTE_END = '\x1b[201~';
export const ENABLE_BRACKETED_PASTE = '\x1b[?2004h';
export const DISABLE_BRACKETED_PASTE = '\x1b[?2004l';

export type InputPiece = { kind: 'keys'; data: string } | { kind: 'paste'; text: string };

export interface PasteParser {
  /** Feeds one read of raw input; returns what is complete, in order. */
  push(chunk: string): InputPiece[];
  /** True while inside a paste (its end not seen yet). */
  inPaste(): boolean;
}

export function createPasteParser(): PasteParser {
  let pasting = false;
  let pasted = '';
  // A marker can be cut between two reads: keep a tail that may be the start of one.
  let carry = '';
  const partialMarkerAt = (text: string, marker: string): number => {
    for (let n = Math.min(marker.length - 1, text.length); n > 0; n--) if (text.endsWith(marker.slice(0, n))) return text.length - n;
    return -1;
  };
  return {
    inPaste: () => pasting,
    push(chunk) {
      let text = carry + chunk;
      carry = '';
      const out: InputPiece[] = [];
      const keys = (data: string) => {
        if (!data) return;
        const last = out[out.length - 1];
        if (last?.kind === 'keys') last.data += data;
        else out.push({ kind: 'keys', data });
      };
      while (text) {
        const marker = pasting ? PASTE_END : PASTE_START;
        const at = text.indexOf(marker);
        if (at === -1) {
          // Only a paste's end is looked for across reads: a key's data is never held back (a lone
          // Esc would wait), and Ink hands over escape sequences whole.
          const partial = pasting ? partialMarkerAt(text, marker) : -1;
          const upTo = partial === -1 ? text.length : partial;
          if (pasting) pasted += text.slice(0, upTo);
          else keys(text.slice(0, upTo));
          carry = text.slice(upTo);
          break;
        }
        if (pasting) {
          pasted += text.slice(0, at);
          out.push({ kind: 'paste', text: pasted });
          pasted = '';
          pasting = false;
        } else {
          keys(text.slice(0, at));
          pasting = true;
        }
        text = text.slice(at + marker.length);
      }
      return out;
    },
  };
}
