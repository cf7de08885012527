/** Escaping for the markup formats (XML for JUnit, HTML). */

/**
 * XML 1.0 allows only tab, LF, CR and U+0020 and up (minus U+FFFE/U+FFFF and lone surrogates); a resource name
 * carrying any other character would make the whole report unparseable for the CI system, so such characters
 * are written as visible `\uXXXX` text instead.
 */
// eslint-disable-next-line no-control-regex
const XML_INVALID = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function visibleCodeUnits(s: string): string {
  return s.replace(XML_INVALID, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Element content. `]]>` needs no care outside CDATA, but `>` is escaped anyway for symmetry. */
export function xmlText(s: string): string {
  return visibleCodeUnits(s).replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

const XML_ATTR: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\t': '&#9;', '\n': '&#10;', '\r': '&#13;' };
const HTML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Attribute values: quotes, and tab/CR/LF as references so attribute-value normalisation keeps them. */
export function xmlAttr(s: string): string {
  return visibleCodeUnits(s).replace(/[&<>"'\t\n\r]/g, (c) => XML_ATTR[c]!);
}

/** HTML text and attribute values (double-quoted): the five characters that can change the markup. */
export function htmlEscape(s: string): string {
  return visibleCodeUnits(s).replace(/[&<>"']/g, (c) => HTML[c]!);
}
