import { Document, Element, Node } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';
import { ALG } from './hostile-signer';
import { descendants, editXml, isElement, NS, parseXml, rootOf } from './saml-dom';

/** A small seeded generator (mulberry32), so that a failing run can be replayed by its seed. */
export class Random {
  constructor(private state: number) {}

  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = Math.imul(this.state ^ (this.state >>> 15), 1 | this.state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  below(n: number): number {
    return Math.floor(this.next() * n);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.below(items.length)];
  }
}

type XmlMutation = (xml: string, random: Random) => string;

const NOISE = [
  '<',
  '>',
  '"',
  "'",
  '&',
  '=',
  '/',
  ' ',
  '\n',
  '\u0000',
  'é',
  '\uFFFD',
  'A',
  '0',
  ':',
];
const SNIPPETS = [
  '<!-- x -->',
  '<?pi x?>',
  '<![CDATA[x]]>',
  '&amp;',
  '&#x41;',
  '&undefined;',
  '<!DOCTYPE r>',
  '<x/>',
  `<saml2:Assertion xmlns:saml2="${NS.assertion}" ID="_x"/>`,
  ' ID="_x"',
];

/** Any attribute occurrence `name="value"` in the text, by position. */
function attributeSpans(xml: string): RegExpMatchArray[] {
  return [...xml.matchAll(/\s[\w:.-]+="[^"]*"/g)];
}

function onAttribute(xml: string, random: Random, edit: (attribute: string) => string): string {
  const spans = attributeSpans(xml);
  if (spans.length === 0) {
    return xml;
  }
  const span = random.pick(spans);
  const at = span.index ?? 0;
  return xml.slice(0, at) + edit(span[0]) + xml.slice(at + span[0].length);
}

/** Edits through the DOM; a text an earlier mutation left unparseable stays as it is. */
function throughDom(xml: string, edit: (doc: Document) => void): string {
  try {
    return editXml(xml, edit);
  } catch {
    return xml;
  }
}

/** Edits one element picked at random below the root. */
function onElement(xml: string, random: Random, edit: (element: Element) => void): string {
  return throughDom(xml, (doc) => {
    const elements = descendants(rootOf(doc), '*');
    if (elements.length > 0) {
      edit(random.pick(elements));
    }
  });
}

function isWithin(node: Node | null, ancestor: Node): boolean {
  for (let current = node; current; current = current.parentNode) {
    if (current === ancestor) {
      return true;
    }
  }
  return false;
}

const XML_MUTATIONS: Record<string, XmlMutation> = {
  flipCharacter: (xml, r) => {
    const at = r.below(xml.length);
    return xml.slice(0, at) + r.pick(NOISE) + xml.slice(at + 1);
  },
  deleteRange: (xml, r) => {
    const at = r.below(xml.length);
    return xml.slice(0, at) + xml.slice(at + 1 + r.below(20));
  },
  duplicateRange: (xml, r) => {
    const at = r.below(xml.length);
    const piece = xml.slice(at, at + 1 + r.below(200));
    const to = r.below(xml.length);
    return xml.slice(0, to) + piece + xml.slice(to);
  },
  truncate: (xml, r) => xml.slice(0, r.below(xml.length)),
  insertSnippet: (xml, r) => {
    const at = r.below(xml.length);
    return xml.slice(0, at) + r.pick(SNIPPETS) + xml.slice(at);
  },
  deleteAttribute: (xml, r) => onAttribute(xml, r, () => ''),
  duplicateAttribute: (xml, r) => onAttribute(xml, r, (attribute) => attribute + attribute),
  editAttributeValue: (xml, r) =>
    onAttribute(xml, r, (attribute) => attribute.replace(/"[^"]*"$/, `"${r.pick(NOISE)}"`)),
  deleteElement: (xml, r) =>
    onElement(xml, r, (element) => element.parentNode?.removeChild(element)),
  duplicateElement: (xml, r) =>
    onElement(xml, r, (element) =>
      element.parentNode?.insertBefore(element.cloneNode(true), element),
    ),
  moveElement: (xml, r) =>
    throughDom(xml, (doc) => {
      const elements = descendants(rootOf(doc), '*');
      const moved = r.pick(elements);
      const parent = r.pick([rootOf(doc), ...elements]);
      if (!isWithin(parent, moved)) {
        parent.appendChild(moved);
      }
    }),
  editText: (xml, r) =>
    onElement(xml, r, (element) => {
      const text = Array.from(element.childNodes).find((node) => !isElement(node));
      if (text) {
        text.textContent = `${text.textContent ?? ''}${r.pick(NOISE)}`;
      }
    }),
};

export const MUTATION_NAMES = Object.keys(XML_MUTATIONS);

export interface Mutant {
  /** The form value as posted. */
  samlResponse: string;
  /** What was done, to replay a failure by hand. */
  steps: string[];
}

/**
 * One to three random mutations of the document, then sometimes of its base64 form as well
 * (line breaks, which decoders skip; a flipped character; the URL-safe alphabet).
 */
export function mutate(xml: string, random: Random): Mutant {
  const steps: string[] = [];
  let mutated = xml;
  for (let count = 1 + random.below(3); count > 0; count -= 1) {
    const name = random.pick(MUTATION_NAMES);
    steps.push(name);
    mutated = XML_MUTATIONS[name](mutated, random);
  }
  let samlResponse = Buffer.from(mutated, 'utf8').toString('base64');
  if (random.below(10) === 0) {
    const encoding = random.pick(['lineBreaks', 'flipBase64', 'urlSafe'] as const);
    steps.push(encoding);
    samlResponse = reencode(samlResponse, encoding, random);
  }
  return { samlResponse, steps };
}

function reencode(
  base64: string,
  how: 'lineBreaks' | 'flipBase64' | 'urlSafe',
  random: Random,
): string {
  if (how === 'lineBreaks') {
    return base64.replace(/.{76}/g, '$&\r\n');
  }
  if (how === 'urlSafe') {
    return base64.replace(/\+/g, '-').replace(/\//g, '_');
  }
  const at = random.below(base64.length);
  return base64.slice(0, at) + random.pick(['A', '/', '+', '=']) + base64.slice(at + 1);
}

/**
 * What the signatures of a response cover: the root Response in exclusive c14n with every
 * ds:Signature left out. A mutant may only be accepted if this is unchanged; null when the
 * document does not even parse.
 */
export function signedContent(samlResponse: string): string | null {
  try {
    const doc = parseXml(Buffer.from(samlResponse, 'base64').toString('utf8'));
    const root = rootOf(doc);
    for (const signature of descendants(root, 'Signature')) {
      if (signature.namespaceURI === NS.dsig) {
        signature.parentNode?.removeChild(signature);
      }
    }
    return new SignedXml().getCanonXml([ALG.excC14n], root);
  } catch {
    return null;
  }
}
