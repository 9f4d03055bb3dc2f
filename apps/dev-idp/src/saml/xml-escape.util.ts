/**
 * Escaping for text and attribute values in the XML and HTML this app writes. Both languages
 * share the five predefined entities, so one function serves both.
 */

// XML 1.0 §2.2 Char: these code points cannot appear in a document at all, escaped or not.
// eslint-disable-next-line no-control-regex -- matching control characters is the point here
const FORBIDDEN_XML_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  // XML 1.0 §3.3.3 normalises whitespace in attribute values; references keep it intact.
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};

/** Escapes a value for use as element text or inside a double- or single-quoted attribute. */
export function escapeXml(value: string): string {
  if (FORBIDDEN_XML_CHARS.test(value)) {
    throw new Error('Value contains a character that XML 1.0 does not allow');
  }
  return value.replace(/[&<>"'\t\n\r]/g, (char) => ENTITIES[char] ?? char);
}
