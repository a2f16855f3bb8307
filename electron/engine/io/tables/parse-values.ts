/** Cell parsing shared by the borehole validators: numbers, dates, concentration qualifiers. */

/** "12.5", "1,234.5", "１２" → number; "" → null; anything else → NaN. */
export function parseNumber(text: string): number | null {
  const t = text
    .trim()
    .replace(/[０-９．－]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/,(?=\d{3}(\D|$))/g, '');
  if (t === '') return null;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t)) return Number.NaN;
  return Number(t);
}

/**
 * ISO yyyy-mm-dd from "2023-04-15", "2023/4/15", "2023.04.15", "2023年4月15日", "15-04-2023"
 * (day first, as DINO and most of Europe write it) or an Excel serial day; null when not a date.
 */
export function parseDate(text: string): string | null {
  const t = text.trim();
  let y: number;
  let m: number;
  let d: number;
  let match = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T].*)?$/.exec(t);
  if (match) {
    [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  } else if ((match = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(t))) {
    [d, m, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
  } else if (/^\d{5}$/.test(t)) {
    const date = new Date(Date.UTC(1899, 11, 30) + Number(t) * 86_400_000);
    return date.toISOString().slice(0, 10);
  } else {
    return null;
  }
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

export type Measured =
  | { kind: 'value'; value: number; qualifier: '<' | null }
  | { kind: 'nd' }
  | { kind: 'invalid' };

/** "0.35" → value; "<0.02" / "＜0.02" → below the limit 0.02; "ND", "未检出", "-" (检出限 mark) → not detected. */
export function parseMeasured(text: string): Measured {
  const t = text.trim();
  if (/^(nd|n\.d\.|未检出|未检|<dl|<mdl)$/i.test(t)) return { kind: 'nd' };
  const below = /^[<＜]\s*(.+)$/.exec(t);
  const n = parseNumber(below ? below[1]! : t);
  if (n === null || Number.isNaN(n) || n < 0) return { kind: 'invalid' };
  return { kind: 'value', value: n, qualifier: below ? '<' : null };
}
