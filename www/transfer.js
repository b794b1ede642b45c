// Export and import: DynamoDB JSON (one {"Item": …} per line, the layout of
// DynamoDB's own export), plain JSON (an array; exact numbers, but sets and
// binary cannot be told from lists and strings), and CSV (a column per
// attribute, headed `name (TYPE)` when the column holds one scalar or set
// type; other columns, lists and maps hold DynamoDB JSON per cell).
import { typeOf, plainValue, parseJson, toTyped, parseDynamoItem, scalar, define } from './typed.js';

const SCALARS = ['S', 'N', 'B', 'BOOL', 'NULL'];

function csvCell(s) {
  return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

function csvText(av, type) {
  if (!type) return JSON.stringify(av);
  const v = av[type];
  if (type === 'S' || type === 'N' || type === 'B') return v;
  if (type === 'BOOL') return String(v);
  if (type === 'NULL') return 'null';
  return plainValue(av, '', '');
}

/** Items (DynamoDB JSON) as file text in `format` ("dynamo", "plain" or "csv"). */
export function exportText(items, format) {
  if (format === 'dynamo') return items.map((item) => JSON.stringify({ Item: item })).join('\n') + '\n';
  if (format === 'plain') return `[\n${items.map((item) => plainValue({ M: item }, '', '')).join(',\n')}\n]\n`;
  const columns = [...new Set(items.flatMap((item) => Object.keys(item)))];
  const types = columns.map((c) => {
    const seen = new Set(items.filter((i) => Object.hasOwn(i, c)).map((i) => typeOf(i[c])));
    const [only] = seen;
    // An empty string would read back as a missing value: such columns stay typed per cell.
    const emptyString = only === 'S' && items.some((i) => i[c]?.S === '');
    // Lists and maps hold typed values plain JSON cannot show: their cells stay DynamoDB JSON.
    return seen.size === 1 && !emptyString && only !== 'L' && only !== 'M' ? only : null;
  });
  const head = columns.map((c, n) => csvCell(types[n] ? `${c} (${types[n]})` : c)).join(',');
  const lines = items.map((item) => columns.map((c, n) => (Object.hasOwn(item, c) ? csvCell(csvText(item[c], types[n])) : '')).join(','));
  return [head, ...lines].join('\r\n') + '\r\n';
}

function csvRows(text) {
  const rows = [];
  let row = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') quoted = false; else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(cell); rows.push(row); row = []; cell = '';
    } else cell += c;
  }
  if (cell || row.length) { row.push(cell); rows.push(row); }
  return rows;
}

function fromCsv(text) {
  const [head, ...rows] = csvRows(text);
  if (!head) return [];
  const columns = head.map((h) => {
    const m = /^(.*) \((S|N|B|BOOL|NULL|SS|NS|BS)\)$/.exec(h);
    return m ? { name: m[1], type: m[2] } : { name: h, type: null };
  });
  return rows.filter((r) => r.some((c) => c !== '')).map((r, line) => {
    const item = {};
    columns.forEach(({ name, type }, n) => {
      const cell = r[n] ?? '';
      if (cell === '') return;
      const where = `line ${line + 2}, column ${name}`;
      if (!type) define(item, name, parseDynamoItem(JSON.stringify({ v: JSON.parse(cell) })).v);
      else if (SCALARS.includes(type)) define(item, name, scalar(cell, type, where));
      else define(item, name, toTyped(parseJson(cell), { [type]: [] }, where));
    });
    return item;
  });
}

/** File text in `format` as items (DynamoDB JSON). */
export function importText(text, format) {
  if (format === 'csv') return fromCsv(text);
  if (format === 'plain') {
    const list = parseJson(text);
    if (!Array.isArray(list)) throw new TypeError('plain JSON import takes an array of items');
    return list.map((x, n) => {
      if (!(x instanceof Map)) throw new TypeError(`item ${n + 1} is not an object`);
      return toTyped(x, undefined, '').M;
    });
  }
  const trimmed = text.trim();
  const records = trimmed.startsWith('[') ? JSON.parse(trimmed) : trimmed.split(/\r?\n/).filter(Boolean).map((l) => JSON.parse(l));
  return records.map((r) => parseDynamoItem(JSON.stringify(r.Item ?? r)));
}
