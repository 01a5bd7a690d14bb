// HTML mail as readable text, through html-to-text (the converter mailparser itself uses): links
// stay as "text <url>", lists keep their bullets and numbers, tables their rows and columns.
// parseMail imports this module only when a message has no plain text, so html-to-text (a script
// of its own, see bin/build.mjs VENDORED) is read only then. A static import here: the CommonJS
// bundle turns a dynamic import() of a vendored script into one it cannot run.
import { convert } from 'html-to-text';

const MAX_HTML = 5_000_000;

export function htmlToReadableText(html: string): string {
  return convert(html, {
    wordwrap: false,
    limits: { maxInputLength: MAX_HTML, maxDepth: 200, ellipsis: ' …' },
    selectors: [
      { selector: 'a', options: { hideLinkHrefIfSameAsText: true, ignoreHref: false, linkBrackets: ['<', '>'] } },
      { selector: 'img', format: 'skip' },
      { selector: 'table', format: 'dataTable', options: { uppercaseHeaderCells: false, maxColumnWidth: 60 } },
      ...['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((selector) => ({ selector, options: { uppercase: false } })),
    ],
  })
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
