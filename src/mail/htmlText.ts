// HTML mail as readable text, through html-to-text (the converter mailparser itself uses): links
// stay as "text [url]", lists keep their bullets and numbers, tables their rows and columns.
// Loaded only when a message has no plain text (bin/build.mjs vendors it as a script of its own).

const MAX_HTML = 5_000_000;

export async function htmlToReadableText(html: string): Promise<string> {
  const { convert } = await import('html-to-text');
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
