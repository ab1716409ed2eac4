// What the PDF says about itself: the standards it claims and the XMP packet that must agree with its Info dictionary.

import type { Standard } from '../print.js';
export { STANDARDS, type Standard } from '../print.js';

export interface Conformance {
  /** Tagged: a structure tree, marked content, artifacts (PDF/UA-1, and PDF/A-2 level a). */
  tagged: boolean;
  /** PDF/UA-1 claimed in XMP. */
  ua: boolean;
  /** PDF/A part and conformance level claimed, if any. */
  pdfa?: { part: 2 | 3; level: 'A' | 'B' };
  /** May carry files (a fact base): PDF/A-2 permits only embedded PDF/A files, PDF/A-3 and plain PDF any. */
  files: boolean;
}

export function conformance(standard: Standard): Conformance {
  switch (standard) {
    case 'ua+a3a':
      return { tagged: true, ua: true, pdfa: { part: 3, level: 'A' }, files: true };
    case 'ua+a2a':
      return { tagged: true, ua: true, pdfa: { part: 2, level: 'A' }, files: false };
    case 'ua':
      return { tagged: true, ua: true, files: true };
    case 'a3b':
      return { tagged: false, ua: false, pdfa: { part: 3, level: 'B' }, files: true };
    case 'a2b':
      return { tagged: false, ua: false, pdfa: { part: 2, level: 'B' }, files: false };
    case 'none':
      return { tagged: false, ua: false, files: true };
  }
}

export interface XmpFields {
  title: string;
  author: string;
  subject: string;
  keywords: string;
  language: string;
  creator: string;
  producer: string;
  date: Date;
}

const escapeXml = (s: string) => s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);

/** The ISO 8601 form of a date that PDF's Info writes as D:YYYYMMDDHHmmssZ: equal to the second, in UTC. */
export function xmpDate(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * The whole XMP packet. PDF/A requires each Info entry to have its XMP twin with the same value,
 * and any property outside the predefined schemas (pdfuaid is one) to be declared in a PDF/A
 * extension schema. One rdf:Description, no indentation: the packet is stored uncompressed (so
 * that tools which scan files for XMP find it), and PDFKit's indented blocks cost ~400 bytes.
 * Properties stay elements, not attributes: pdf.js reads only elements.
 */
export function xmpPacket(f: XmpFields, c: Conformance): string {
  const e = escapeXml;
  const ns = [
    'xmlns:dc="http://purl.org/dc/elements/1.1/"',
    'xmlns:xmp="http://ns.adobe.com/xap/1.0/"',
    'xmlns:pdf="http://ns.adobe.com/pdf/1.3/"',
    ...(c.pdfa ? ['xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"'] : []),
    ...(c.ua ? ['xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"'] : []),
    ...(c.ua && c.pdfa
      ? ['xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"', 'xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"', 'xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#"']
      : []),
  ];
  const properties = [
    `<dc:title><rdf:Alt><rdf:li xml:lang="x-default">${e(f.title)}</rdf:li></rdf:Alt></dc:title>`,
    `<dc:creator><rdf:Seq><rdf:li>${e(f.author)}</rdf:li></rdf:Seq></dc:creator>`,
    `<dc:description><rdf:Alt><rdf:li xml:lang="x-default">${e(f.subject)}</rdf:li></rdf:Alt></dc:description>`,
    `<dc:language><rdf:Bag><rdf:li>${e(f.language)}</rdf:li></rdf:Bag></dc:language>`,
    `<dc:format>application/pdf</dc:format>`,
    `<xmp:CreateDate>${xmpDate(f.date)}</xmp:CreateDate>`,
    `<xmp:ModifyDate>${xmpDate(f.date)}</xmp:ModifyDate>`,
    `<xmp:MetadataDate>${xmpDate(f.date)}</xmp:MetadataDate>`,
    `<xmp:CreatorTool>${e(f.creator)}</xmp:CreatorTool>`,
    `<pdf:Producer>${e(f.producer)}</pdf:Producer>`,
    `<pdf:Keywords>${e(f.keywords)}</pdf:Keywords>`,
  ];
  if (c.pdfa) properties.push(`<pdfaid:part>${c.pdfa.part}</pdfaid:part>`, `<pdfaid:conformance>${c.pdfa.level}</pdfaid:conformance>`);
  if (c.ua) properties.push(`<pdfuaid:part>1</pdfuaid:part>`);
  if (c.ua && c.pdfa) {
    properties.push(`<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
<pdfaProperty:name>part</pdfaProperty:name>
<pdfaProperty:valueType>Integer</pdfaProperty:valueType>
<pdfaProperty:category>internal</pdfaProperty:category>
<pdfaProperty:description>Indicates which part of ISO 14289 the file conforms to</pdfaProperty:description>
</rdf:li></rdf:Seq></pdfaSchema:property>
</rdf:li></rdf:Bag></pdfaExtension:schemas>`);
  }
  return [
    '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>',
    '<x:xmpmeta xmlns:x="adobe:ns:meta/">',
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
    `<rdf:Description rdf:about="" ${ns.join(' ')}>`,
    ...properties,
    '</rdf:Description>',
    '</rdf:RDF>',
    '</x:xmpmeta>',
    '<?xpacket end="w"?>',
  ].join('\n');
}
