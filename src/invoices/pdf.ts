import { PDFDocument, type PDFFont, type PDFPage, rgb, StandardFonts } from 'pdf-lib';
import type { DocumentLayout } from './layout';

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 50;
const SIZE = 10;
const LINE = 14;
const GREY = rgb(0.35, 0.35, 0.35);

/** Columns of the lines table: where each starts, and the right edge of the amounts. */
const COLUMNS = { name: MARGIN, quantity: 330, unitPrice: 440, lineTotal: A4[0] - MARGIN };

/**
 * The PDF of an invoice or credit note: A4, the standard Helvetica fonts (nothing to embed or
 * ship), every string placed as text so it can be read back and searched. Written without object
 * streams and dated with the issue date, so the same document renders to the same bytes.
 */
export async function renderDocumentPdf(layout: DocumentLayout, issuedAt: Date): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.setTitle(`${layout.title} ${layout.number}`);
  doc.setProducer('catalog-platform');
  doc.setCreationDate(issuedAt);
  doc.setModificationDate(issuedAt);
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  // WinAnsi is all the standard fonts encode: anything else (a name in another script) prints as "?".
  const known = new Set(regular.getCharacterSet());
  // Control characters (a line break in an address) become spaces; the rest the font lacks, "?".
  const printable = (text: string) =>
    Array.from(text, (ch) => {
      const code = ch.codePointAt(0)!;
      if (code < 0x20 || code === 0x7f) return ' ';
      return known.has(code) ? ch : '?';
    }).join('');

  let page: PDFPage = doc.addPage(A4);
  let y = A4[1] - MARGIN;
  const newPageIfBelow = (room: number) => {
    if (y - room >= MARGIN) return;
    page = doc.addPage(A4);
    y = A4[1] - MARGIN;
  };
  const clipped = (text: string, font: PDFFont, size: number, width: number) => {
    let t = printable(text);
    if (font.widthOfTextAtSize(t, size) <= width) return t;
    while (t.length > 1 && font.widthOfTextAtSize(`${t}…`, size) > width) t = t.slice(0, -1);
    return `${t}…`;
  };
  const text = (value: string, x: number, options: { font?: PDFFont; size?: number; color?: ReturnType<typeof rgb>; width?: number } = {}) => {
    const font = options.font ?? regular;
    const size = options.size ?? SIZE;
    page.drawText(clipped(value, font, size, options.width ?? A4[0] - MARGIN - x), { x, y, size, font, ...(options.color ? { color: options.color } : {}) });
  };
  const right = (value: string, edge: number, font: PDFFont = regular) => {
    const t = printable(value);
    page.drawText(t, { x: edge - font.widthOfTextAtSize(t, SIZE), y, size: SIZE, font });
  };

  text(`${layout.title} ${layout.number}`, MARGIN, { font: bold, size: 18 });
  y -= 2 * LINE;
  // The seller on the left, the document's facts on the right.
  const top = y;
  for (const line of layout.seller) {
    text(line, MARGIN, { width: 280 });
    y -= LINE;
  }
  const leftBottom = y;
  y = top;
  for (const { label, value } of layout.facts) {
    text(`${label}: ${value}`, 350, { width: A4[0] - MARGIN - 350 });
    y -= LINE;
  }
  y = Math.min(leftBottom, y) - LINE;
  text('Bill to', MARGIN, { font: bold });
  y -= LINE;
  for (const line of layout.buyer) {
    text(line, MARGIN);
    y -= LINE;
  }
  y -= LINE;

  const header = () => {
    text('Item', COLUMNS.name, { font: bold });
    right('Qty', COLUMNS.quantity + 30, bold);
    right('Unit price', COLUMNS.unitPrice + 50, bold);
    right('Amount', COLUMNS.lineTotal, bold);
    y -= 4;
    page.drawLine({ start: { x: MARGIN, y }, end: { x: A4[0] - MARGIN, y }, thickness: 0.5, color: GREY });
    y -= LINE;
  };
  header();
  for (const line of layout.lines) {
    newPageIfBelow(2 * LINE);
    if (y === A4[1] - MARGIN) header();
    text(line.name, COLUMNS.name, { width: COLUMNS.quantity - COLUMNS.name - 10 });
    right(line.quantity, COLUMNS.quantity + 30);
    right(line.unitPrice, COLUMNS.unitPrice + 50);
    right(line.lineTotal, COLUMNS.lineTotal);
    y -= LINE;
    if (line.variant) {
      text(line.variant, COLUMNS.name + 8, { color: GREY, size: 8, width: COLUMNS.quantity - COLUMNS.name - 18 });
      y -= LINE;
    }
  }
  newPageIfBelow((layout.totals.length + layout.notes.length + 2) * LINE);
  page.drawLine({ start: { x: 300, y: y + LINE - 4 }, end: { x: A4[0] - MARGIN, y: y + LINE - 4 }, thickness: 0.5, color: GREY });
  for (const [i, { label, amount }] of layout.totals.entries()) {
    const last = i === layout.totals.length - 1;
    text(label, 300, { ...(last ? { font: bold } : {}), width: 160 });
    right(amount, COLUMNS.lineTotal, last ? bold : regular);
    y -= LINE;
  }
  y -= LINE;
  for (const note of layout.notes) {
    text(note, MARGIN, { color: GREY });
    y -= LINE;
  }
  return doc.save({ useObjectStreams: false });
}
