// E-mail addresses as RFC 5322 defines them (addr-spec): a dot-atom or quoted local part, and a
// dot-atom domain (dotless ones such as `localhost` included) or a domain literal. UTF-8 is allowed
// in both (RFC 6532). Pure.

const ATEXT = "[\\p{L}\\p{N}\\p{M}!#$%&'*+/=?^_`{|}~-]";
const DOT_ATOM = `${ATEXT}+(?:\\.${ATEXT}+)*`;
/** A quoted string: printable characters and quoted pairs, no CR, LF or other controls. */
const QUOTED = '"(?:[^"\\\\\\p{Cc}]|\\\\[^\\p{Cc}])*"';
const LABEL = '[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]*[\\p{L}\\p{N}])?';
const DOMAIN = `(?:${LABEL}(?:\\.${LABEL})*\\.?|\\[[^\\[\\]\\\\\\s]{1,253}\\])`;
const ADDR_SPEC = new RegExp(`^(?:${DOT_ATOM}|${QUOTED})@${DOMAIN}$`, 'u');

/** True when `address` is an RFC 5322 addr-spec (no display name, no angle brackets). */
export function isMailAddress(address: string): boolean {
  if (address.length > 320) return false;
  const at = address.lastIndexOf('@');
  if (at < 1 || at > 256 || address.length - at - 1 > 255) return false;
  return ADDR_SPEC.test(address);
}

/** Text for a header or a name must be one line of well-formed text: no CR, LF, NUL or other controls, no lone surrogate. */
export function hasControlCharacters(text: string): boolean {
  return /[\p{Cc}\u2028\u2029]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/u.test(text);
}
