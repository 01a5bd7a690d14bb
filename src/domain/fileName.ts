// A file name from a stranger (an attachment's name in a mail) made safe to create on disk: one
// path segment, no control characters or separators, no leading dots (hidden files, `..`), a
// sane length with the extension kept. Pure.

const MAX_NAME = 120;

export function safeFileName(name: string, fallback = 'attachment'): string {
  const cleaned = name
    .normalize('NFC')
    // Both separators: a Windows mail client's `C:\\Users\\x\\report.pdf` keeps its last part.
    .split(/[\\/]/)
    .pop()!
    .replace(/[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069:*?"<>|]/g, '_')
    .replace(/^[.\s]+/, '')
    .replace(/[.\s]+$/, '')
    .trim();
  if (!cleaned) return fallback;
  const chars = [...cleaned];
  if (chars.length <= MAX_NAME) return cleaned;
  const dot = cleaned.lastIndexOf('.');
  const extension = dot > 0 && cleaned.length - dot <= 10 ? cleaned.slice(dot) : '';
  return chars.slice(0, MAX_NAME - [...extension].length).join('') + extension;
}

/** A size as people read it: 812 B, 12.4 KB, 3.1 MB. */
export function humanSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}
