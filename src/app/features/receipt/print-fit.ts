/**
 * Fits the printed page to the receipt: 80 mm wide and exactly as long as the receipt, so a thermal printer feeds no
 * blank paper (CSS has no "as long as the content" page size: `size: 80mm auto` is invalid and Chromium then prints
 * Letter). Before printing, the receipt is laid out as printed for a moment (html.receipt-measuring), measured, and
 * an `@page` rule of that height is adopted as a constructed style sheet (allowed by the app's CSP, unlike a <style>).
 * While a receipt is shown the page is 80 mm × 297 mm until measured; other screens print on the printer's own paper.
 */
const PAGE_MARGIN_MM = 2;
const MM_PER_PX = 25.4 / 96;

let sheet: CSSStyleSheet | undefined;

export function fitPrintToReceipt(doc: Document = document): void {
  const paper = doc.querySelector<HTMLElement>('.receipt-paper');
  if (!paper || typeof CSSStyleSheet === 'undefined') return;
  // What holds the receipt stays on paper, stripped of its box; everything else is hidden (receipt.css).
  for (const marked of Array.from(doc.querySelectorAll('.receipt-print-path'))) marked.classList.remove('receipt-print-path');
  for (let el = paper.parentElement; el && el !== doc.body; el = el.parentElement) el.classList.add('receipt-print-path');
  const root = doc.documentElement;
  root.classList.add('receipt-measuring');
  // 8% and 4 mm to spare: the page's own layout may differ by a few pixels per row (the root font size follows the
  // viewport's media queries); a little blank paper is better than a receipt cut onto a second page.
  const heightMm = Math.ceil(paper.getBoundingClientRect().height * MM_PER_PX * 1.08) + 2 * PAGE_MARGIN_MM + 4;
  root.classList.remove('receipt-measuring');
  sheet ??= new CSSStyleSheet();
  sheet.replaceSync(`@page { size: 80mm ${heightMm}mm; margin: ${PAGE_MARGIN_MM}mm 4mm; }`);
  if (!doc.adoptedStyleSheets.includes(sheet)) doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, sheet];
}

/**
 * While a receipt (or a Z report, printed the same way) is on screen, printing prints it alone on 80 mm paper, each
 * print (the Print button, Ctrl+P) fitted to it first; once it leaves the screen, the class and the page size go.
 */
export function fitPrintsWhileShown(win: Window = window): () => void {
  const doc = win.document;
  doc.documentElement.classList.add('receipt-shown');
  if (typeof CSSStyleSheet !== 'undefined') {
    sheet ??= new CSSStyleSheet();
    sheet.replaceSync(`@page { size: 80mm 297mm; margin: ${PAGE_MARGIN_MM}mm 4mm; }`);
    if (!doc.adoptedStyleSheets.includes(sheet)) doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, sheet];
  }
  const before = () => fitPrintToReceipt(doc);
  win.addEventListener('beforeprint', before);
  return () => {
    win.removeEventListener('beforeprint', before);
    doc.documentElement.classList.remove('receipt-shown');
    if (sheet) doc.adoptedStyleSheets = doc.adoptedStyleSheets.filter((s) => s !== sheet);
  };
}
