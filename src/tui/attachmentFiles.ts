// Attachments on disk, for the ticket view: opened with the system viewer from a private temporary
// file ($TICKETTY_OPEN, else xdg-open or open), or saved where the person says (never over a file
// without their yes). Front-end work: the bytes come from app/tickets/attachments.ts.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { AttachmentFile } from '../app/tickets/attachments.js';

/** The viewer command: $TICKETTY_OPEN (run through sh, like $EDITOR), else the platform's opener. */
export function viewerCommand(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  return env.TICKETTY_OPEN?.trim() || (platform === 'darwin' ? 'open' : 'xdg-open');
}

// Private directories of this process's opened files, removed when it exits (the viewer reads
// the file after `open` returns, so it cannot be removed earlier).
const opened = new Set<string>();
let cleanupHooked = false;
function privateDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ticketty-open-')); // mode 0700
  opened.add(dir);
  if (!cleanupHooked) {
    cleanupHooked = true;
    process.once('exit', () => {
      for (const d of opened) rmSync(d, { recursive: true, force: true });
    });
  }
  return dir;
}

/**
 * Writes the file where only this user can read it and starts the viewer on it, detached. Calls
 * `onProblem` once with one line when the viewer is missing or fails (the file's path included).
 */
export function openWithViewer(file: AttachmentFile, onProblem: (line: string) => void, env: NodeJS.ProcessEnv = process.env): string {
  const path = join(privateDir(), file.fileName);
  writeFileSync(path, file.data, { mode: 0o600 });
  const viewer = viewerCommand(env);
  const missing = `no viewer could open ${file.fileName}: set $TICKETTY_OPEN (or install xdg-open); the file is at ${path}`;
  let reported = false;
  const report = (line: string) => {
    if (!reported) onProblem(line);
    reported = true;
  };
  const child = spawn('/bin/sh', ['-c', `${viewer} "$@"`, viewer, path], { stdio: 'ignore', detached: true, env });
  child.on('error', () => report(missing));
  // 127: the shell found no such command; another failure: the viewer's own error.
  child.on('exit', (code) => {
    if (code === 127) report(missing);
    else if (code) report(`the viewer '${viewer}' exited with ${code} on ${file.fileName}; the file is at ${path}`);
  });
  child.unref();
  return path;
}

/** The path the person typed, with `~` expanded and a folder meaning "into it, under the file's name". */
export function savePath(typed: string, fileName: string, cwd = process.cwd()): string {
  const expanded = typed.trim().replace(/^~(?=$|\/)/, homedir());
  const path = resolve(cwd, expanded || fileName);
  return existsSync(path) && statSync(path).isDirectory() ? join(path, fileName) : path;
}

/** Whether saving there would replace a file (the TUI asks first). */
export function wouldOverwrite(path: string): boolean {
  return existsSync(path);
}

/** Saves the bytes; without `overwrite`, refuses (EEXIST) rather than replace a file. */
export function saveAttachment(file: AttachmentFile, path: string, overwrite: boolean): void {
  writeFileSync(path, file.data, { flag: overwrite ? 'w' : 'wx', mode: 0o644 });
}
