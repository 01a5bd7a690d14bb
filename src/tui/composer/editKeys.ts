// The composer's editing keys as one function, shared by every multi-line text field (the
// composer, the description of a new ticket): Enter a new line, word-wise moves and deletes,
// the line's ends. Keys it does not edit with return null (the caller may use them).
import type { Key } from 'ink';
import * as tb from './textBuffer.js';

const CTRL_OPS: Record<string, (b: tb.TextBuffer) => tb.TextBuffer> = {
  w: tb.deleteWordBefore,
  u: tb.deleteLineBefore,
  a: tb.home,
  e: tb.end,
  d: tb.deleteForward,
};

/** The buffer after a key press, or null when the key is not an edit. */
export function editByKey(b: tb.TextBuffer, input: string, key: Key): tb.TextBuffer | null {
  if (key.return) return tb.insert(b, '\n');
  if (key.backspace || key.delete) return tb.backspace(b);
  if (key.leftArrow) return key.ctrl || key.meta ? tb.wordLeft(b) : tb.left(b);
  if (key.rightArrow) return key.ctrl || key.meta ? tb.wordRight(b) : tb.right(b);
  if (key.upArrow) return tb.verticalMove(b, -1);
  if (key.downArrow) return tb.verticalMove(b, 1);
  if (key.home) return tb.home(b);
  if (key.end) return tb.end(b);
  if (key.tab) return tb.insert(b, '  ');
  if (key.ctrl) return CTRL_OPS[input]?.(b) ?? null;
  if (key.meta) {
    if (input === 'b') return tb.wordLeft(b);
    if (input === 'f') return tb.wordRight(b);
    if (input === '\x7f' || input === '\b') return tb.deleteWordBefore(b);
    return null;
  }
  if (input && !/[\x00-\x1f\x7f]/.test(input)) return tb.insert(b, input);
  return null;
}
