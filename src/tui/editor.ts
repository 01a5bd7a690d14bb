// Long texts in $EDITOR, as git does: a temporary file with a template of `#` comment lines, the
// editor run in the real terminal (Ink's raw mode and the alternate screen suspended meanwhile),
// comments stripped afterwards, and an empty text meaning "abort".
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BadInput } from '../domain/errors.js';

const ENTER_ALT = '\x1b[?1049h\x1b[2J\x1b[H\x1b[?2004h';
const LEAVE_ALT = '\x1b[?2004l\x1b[?1049l';
const SHOW_CURSOR = '\x1b[?25h';

export interface EditorTerminal {
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
}

/** The editor command, as git picks it: $VISUAL, then $EDITOR, then vi. */
export function editorCommand(env: NodeJS.ProcessEnv = process.env): string {
  return env.VISUAL?.trim() || env.EDITOR?.trim() || 'vi';
}

/** The file the editor opens: the initial text, a blank line, then the `#` comment lines. */
export function editorTemplate(initial: string, comments: readonly string[]): string {
  return `${initial}\n\n${comments.map((line) => `# ${line}`.trimEnd()).join('\n')}\n`;
}

/** The text a person wrote: `#` lines dropped, trailing spaces and blank edges trimmed; null if empty. */
export function stripTemplate(text: string): string | null {
  const kept = text
    .replace(/\r\n/g, '\n')
    .split('\n')
    .filter((line) => !line.startsWith('#'))
    .map((line) => line.trimEnd())
    .join('\n')
    .replace(/^\n+|\n+$/g, '');
  return kept.trim() ? kept : null;
}

/**
 * Runs the editor on the template and returns the text, or null when the person left it empty.
 * Throws BadInput when the editor cannot be started or exits with an error (nothing is sent).
 */
export function editText(terminal: EditorTerminal, template: string, env: NodeJS.ProcessEnv = process.env): string | null {
  const dir = mkdtempSync(join(tmpdir(), 'ticketty-'));
  const file = join(dir, 'TICKETTY_EDITMSG.md');
  writeFileSync(file, template, { mode: 0o600 });
  const editor = editorCommand(env);
  const { stdin, stdout } = terminal;
  const wasRaw = stdin.isTTY === true && stdin.isRaw === true;
  try {
    // Hand the terminal over: cooked mode, the normal screen, the cursor visible.
    if (wasRaw) stdin.setRawMode(false);
    if (stdout.isTTY) stdout.write(SHOW_CURSOR + LEAVE_ALT);
    // As git: the command may carry arguments ("code --wait"), so a shell runs it with the file.
    const result = spawnSync('/bin/sh', ['-c', `${editor} "$@"`, editor, file], { stdio: 'inherit', env });
    if (result.error) throw new BadInput(`could not start the editor '${editor}': ${result.error.message}`);
    if (result.status !== 0) throw new BadInput(`the editor '${editor}' exited with ${result.status ?? result.signal}; nothing was sent`);
    return stripTemplate(readFileSync(file, 'utf8'));
  } finally {
    if (stdout.isTTY) stdout.write(ENTER_ALT);
    if (wasRaw) stdin.setRawMode(true);
    rmSync(dir, { recursive: true, force: true });
  }
}
