import { zip, type ZipEntry } from '../io/zip-write';

/**
 * A small WordprocessingML (ECMA-376 / ISO/IEC 29500) writer for the technical report: headings in
 * 黑体, body in 宋体 小四 with a two-character first-line indent, numbered captions, tables with a
 * repeated header row, inline PNG figures, a table of contents field and page numbers. Written by
 * hand rather than through a library so the styles are exactly the Chinese report conventions, and
 * the output opens in Word, WPS and LibreOffice alike.
 */

export type Block =
  | { t: 'heading'; level: 1 | 2 | 3; text: string }
  | { t: 'para'; text: string; indent?: boolean; align?: 'left' | 'center' | 'right' }
  /** Text the software cannot know (local context, countermeasures): highlighted, never invented. */
  | { t: 'placeholder'; text: string }
  | { t: 'table'; number: string; caption: string; header: string[]; rows: (string | number)[][]; note?: string; /** Relative column widths. */ widths?: number[] }
  | { t: 'figure'; number: string; caption: string; png: Buffer; widthMm: number; heightMm: number }
  | { t: 'pageBreak' }
  | { t: 'toc'; entries: { level: number; text: string }[] }
  | { t: 'cover'; title: string; subtitle?: string; organization: string; date: string };

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
const DRAWING_NS =
  'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"';

/** Half-points: 二号 22 pt, 三号 16, 四号 14, 小四 12, 五号 10.5, 小五 9. */
const SIZE = { er: 44, san: 32, si: 28, xiaosi: 24, wu: 21, xiaowu: 18 } as const;

const fonts = (eastAsia: string, ascii = 'Times New Roman'): string =>
  `<w:rFonts w:ascii="${ascii}" w:hAnsi="${ascii}" w:eastAsia="${eastAsia}" w:cs="${ascii}"/>`;

function styles(): string {
  const heading = (id: number, name: string, size: number, before: number, after: number, center: boolean): string =>
    `<w:style w:type="paragraph" w:styleId="Heading${id}"><w:name w:val="${name}"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/>` +
    `<w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before="${before}" w:after="${after}" w:line="360" w:lineRule="auto"/><w:ind w:firstLineChars="0" w:firstLine="0"/>${center ? '<w:jc w:val="center"/>' : ''}<w:outlineLvl w:val="${id - 1}"/></w:pPr>` +
    `<w:rPr>${fonts('黑体', 'Arial')}<w:b/><w:sz w:val="${size}"/><w:szCs w:val="${size}"/></w:rPr></w:style>`;
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles ${W}>` +
    `<w:docDefaults><w:rPrDefault><w:rPr>${fonts('宋体')}<w:sz w:val="${SIZE.xiaosi}"/><w:szCs w:val="${SIZE.xiaosi}"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault>` +
    `<w:pPrDefault><w:pPr><w:spacing w:line="360" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>` +
    `<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/><w:pPr><w:ind w:firstLineChars="200" w:firstLine="480"/><w:jc w:val="both"/></w:pPr></w:style>` +
    heading(1, 'heading 1', SIZE.san, 480, 240, true) +
    heading(2, 'heading 2', SIZE.si, 240, 120, false) +
    heading(3, 'heading 3', SIZE.xiaosi, 120, 60, false) +
    `<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:spacing w:before="240" w:after="240"/><w:ind w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="center"/></w:pPr><w:rPr>${fonts('黑体', 'Arial')}<w:b/><w:sz w:val="${SIZE.er}"/><w:szCs w:val="${SIZE.er}"/></w:rPr></w:style>` +
    `<w:style w:type="paragraph" w:styleId="Caption"><w:name w:val="caption"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="60" w:after="120"/><w:ind w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="center"/></w:pPr><w:rPr>${fonts('黑体', 'Arial')}<w:sz w:val="${SIZE.wu}"/><w:szCs w:val="${SIZE.wu}"/></w:rPr></w:style>` +
    `<w:style w:type="paragraph" w:styleId="TableText"><w:name w:val="Table Text"/><w:basedOn w:val="Normal"/><w:pPr><w:spacing w:line="240" w:lineRule="auto"/><w:ind w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="center"/></w:pPr><w:rPr><w:sz w:val="${SIZE.wu}"/><w:szCs w:val="${SIZE.wu}"/></w:rPr></w:style>` +
    `<w:style w:type="paragraph" w:styleId="TOC1"><w:name w:val="toc 1"/><w:basedOn w:val="Normal"/><w:pPr><w:ind w:firstLineChars="0" w:firstLine="0"/></w:pPr></w:style>` +
    `<w:style w:type="paragraph" w:styleId="TOC2"><w:name w:val="toc 2"/><w:basedOn w:val="Normal"/><w:pPr><w:ind w:left="480" w:firstLineChars="0" w:firstLine="0"/></w:pPr></w:style>` +
    `<w:style w:type="paragraph" w:styleId="Footer"><w:name w:val="footer"/><w:basedOn w:val="Normal"/><w:pPr><w:ind w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="center"/></w:pPr><w:rPr><w:sz w:val="${SIZE.xiaowu}"/></w:rPr></w:style>` +
    `<w:style w:type="table" w:styleId="ReportTable"><w:name w:val="Report Table"/><w:tblPr><w:jc w:val="center"/><w:tblBorders>` +
    ['top', 'left', 'bottom', 'right', 'insideH', 'insideV'].map((b) => `<w:${b} w:val="single" w:sz="${b.startsWith('inside') ? 4 : 8}" w:space="0" w:color="000000"/>`).join('') +
    `</w:tblBorders><w:tblCellMar><w:left w:w="80" w:type="dxa"/><w:right w:w="80" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>` +
    `</w:styles>`
  );
}

const run = (text: string, rPr = ''): string => `<w:r>${rPr ? `<w:rPr>${rPr}</w:rPr>` : ''}<w:t xml:space="preserve">${esc(text)}</w:t></w:r>`;
const para = (content: string, pPr = ''): string => `<w:p>${pPr ? `<w:pPr>${pPr}</w:pPr>` : ''}${content}</w:p>`;

/** Usable text width of an A4 page with 3.17 cm side margins, in twentieths of a point. */
const TEXT_WIDTH_TWIPS = 11906 - 2 * 1800;

function table(b: Extract<Block, { t: 'table' }>): string {
  const weights = b.widths && b.widths.length === b.header.length ? b.widths : b.header.map(() => 1);
  const total = weights.reduce((s, w) => s + w, 0);
  const widths = weights.map((w) => Math.floor((TEXT_WIDTH_TWIPS * w) / total));
  const cell = (v: string | number, header: boolean, i: number): string =>
    `<w:tc><w:tcPr><w:tcW w:w="${widths[i]}" w:type="dxa"/><w:vAlign w:val="center"/>${header ? '<w:shd w:val="clear" w:color="auto" w:fill="E7E6E6"/>' : ''}</w:tcPr>` +
    para(run(String(v), header ? '<w:b/>' : ''), '<w:pStyle w:val="TableText"/>') +
    `</w:tc>`;
  const header = `<w:tr><w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>${b.header.map((h, i) => cell(h, true, i)).join('')}</w:tr>`;
  const rows = b.rows.map((r) => `<w:tr><w:trPr><w:cantSplit/></w:trPr>${r.map((v, i) => cell(v, false, i)).join('')}</w:tr>`).join('');
  const caption = para(run(`${b.number}\u3000${b.caption}`), '<w:pStyle w:val="Caption"/>');
  const grid = `<w:tblGrid>${widths.map((w) => `<w:gridCol w:w="${w}"/>`).join('')}</w:tblGrid>`;
  const note = b.note ? para(run(b.note, `<w:sz w:val="${SIZE.xiaowu}"/>`), '<w:ind w:firstLineChars="0" w:firstLine="0"/>') : '';
  return `${caption}<w:tbl><w:tblPr><w:tblStyle w:val="ReportTable"/><w:tblW w:w="${widths.reduce((s, w) => s + w, 0)}" w:type="dxa"/></w:tblPr>${grid}${header}${rows}</w:tbl>${note}${para('')}`;
}

const EMU_PER_MM = 36_000;

function figure(b: Extract<Block, { t: 'figure' }>, rid: string, id: number): string {
  const cx = Math.round(b.widthMm * EMU_PER_MM);
  const cy = Math.round(b.heightMm * EMU_PER_MM);
  const drawing =
    `<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0" ${DRAWING_NS}><wp:extent cx="${cx}" cy="${cy}"/><wp:docPr id="${id}" name="${esc(b.number)}"/>` +
    `<wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect="1"/></wp:cNvGraphicFramePr>` +
    `<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic>` +
    `<pic:nvPicPr><pic:cNvPr id="${id}" name="${esc(b.number)}.png"/><pic:cNvPicPr/></pic:nvPicPr>` +
    `<pic:blipFill><a:blip r:embed="${rid}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>` +
    `<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="${cx}" cy="${cy}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr>` +
    `</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>`;
  return (
    para(drawing, '<w:keepNext/><w:spacing w:before="120" w:line="240" w:lineRule="auto"/><w:ind w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="center"/>') +
    para(run(`${b.number}\u3000${b.caption}`), '<w:pStyle w:val="Caption"/>')
  );
}

function toc(b: Extract<Block, { t: 'toc' }>): string {
  // A TOC field whose cached result lists the headings: LibreOffice and WPS show it as is, Word
  // refreshes it (with page numbers) when it opens the file (settings: updateFields).
  const begin = `<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> TOC \\o "1-2" \\h \\z \\u </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>`;
  const lines = b.entries.map((e, i) => {
    const style = `<w:pStyle w:val="TOC${Math.min(2, e.level)}"/>`;
    const text = run(e.text);
    return para(i === 0 ? begin + text : text, style);
  });
  return (
    para(run('目\u3000录'), '<w:pStyle w:val="Heading1"/><w:outlineLvl w:val="9"/>') +
    lines.join('') +
    para('<w:r><w:fldChar w:fldCharType="end"/></w:r>')
  );
}

function cover(b: Extract<Block, { t: 'cover' }>): string {
  const blank = para('', '<w:spacing w:before="600"/>');
  return (
    blank.repeat(4) +
    para(run(b.title), '<w:pStyle w:val="Title"/>') +
    (b.subtitle ? para(run(b.subtitle, `${fonts('黑体', 'Arial')}<w:sz w:val="${SIZE.san}"/>`), '<w:ind w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="center"/>') : '') +
    blank.repeat(6) +
    para(run(b.organization, `${fonts('宋体')}<w:sz w:val="${SIZE.san}"/>`), '<w:ind w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="center"/>') +
    para(run(b.date, `<w:sz w:val="${SIZE.san}"/>`), '<w:ind w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="center"/>') +
    para('<w:r><w:br w:type="page"/></w:r>')
  );
}

/** The .docx bytes for these blocks. */
export function buildDocx(blocks: readonly Block[], meta: { title: string; creator: string }): Buffer {
  const media: ZipEntry[] = [];
  const rels: string[] = [
    `<Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>`,
    `<Relationship Id="rIdSettings" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>`,
    `<Relationship Id="rIdFooter" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>`,
  ];
  const body = blocks
    .map((b) => {
      switch (b.t) {
        case 'heading':
          return para(run(b.text), `<w:pStyle w:val="Heading${b.level}"/>`);
        case 'para':
          return para(run(b.text), `${b.indent === false ? '<w:ind w:firstLineChars="0" w:firstLine="0"/>' : ''}${b.align ? `<w:jc w:val="${b.align === 'left' ? 'left' : b.align}"/>` : ''}`);
        case 'placeholder':
          return para(run(`【待填写】${b.text}`, '<w:highlight w:val="yellow"/><w:color w:val="7F7F7F"/>'));
        case 'table':
          return table(b);
        case 'figure': {
          const n = media.length + 1;
          const rid = `rIdImg${n}`;
          media.push({ name: `word/media/image${n}.png`, data: b.png, store: true });
          rels.push(`<Relationship Id="${rid}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/image${n}.png"/>`);
          return figure(b, rid, n);
        }
        case 'pageBreak':
          return para('<w:r><w:br w:type="page"/></w:r>');
        case 'toc':
          return toc(b);
        case 'cover':
          return cover(b);
      }
    })
    .join('');
  const sect =
    `<w:sectPr><w:footerReference w:type="default" r:id="rIdFooter"/><w:pgSz w:w="11906" w:h="16838"/>` +
    `<w:pgMar w:top="1440" w:right="1800" w:bottom="1440" w:left="1800" w:header="851" w:footer="992" w:gutter="0"/><w:titlePg/></w:sectPr>`;
  const document = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document ${W} ${DRAWING_NS}><w:body>${body}${sect}</w:body></w:document>`;
  const footer =
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:ftr ${W}>` +
    para(`<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>${run('1')}<w:r><w:fldChar w:fldCharType="end"/></w:r>`, '<w:pStyle w:val="Footer"/>') +
    `</w:ftr>`;
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  return zip([
    {
      name: '[Content_Types].xml',
      data:
        `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
        `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/>` +
        `<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>` +
        `<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>` +
        `<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>` +
        `<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>` +
        `<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>`,
    },
    {
      name: '_rels/.rels',
      data:
        `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
        `<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>` +
        `<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>`,
    },
    {
      name: 'docProps/core.xml',
      data:
        `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
        `<dc:title>${esc(meta.title)}</dc:title><dc:creator>${esc(meta.creator)}</dc:creator><dcterms:created xsi:type="dcterms:W3CDTF">${now}</dcterms:created></cp:coreProperties>`,
    },
    { name: 'word/document.xml', data: document },
    { name: 'word/styles.xml', data: styles() },
    {
      name: 'word/settings.xml',
      data: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:settings ${W}><w:updateFields w:val="true"/><w:defaultTabStop w:val="420"/><w:characterSpacingControl w:val="compressPunctuation"/></w:settings>`,
    },
    { name: 'word/footer1.xml', data: footer },
    {
      name: 'word/_rels/document.xml.rels',
      data: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels.join('')}</Relationships>`,
    },
    ...media,
  ]);
}
