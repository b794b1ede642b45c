// The item table: virtualised (only the rows in view are in the DOM, so a
// 5,000-row page renders at once), sorted per table by each value's type
// (numbers numerically, exactly), every value tagged with its DynamoDB
// type, and driven by keyboard as well as mouse (a roving tabindex over
// the rows: arrows, Home/End, PageUp/PageDown, Enter opens, Delete deletes).
import { $, state, el } from './ui.js';
import { typeOf, display, compareNumbers } from './typed.js';

const OVERSCAN = 8;
let rowHeight = 29;
let view = []; // the rows in display order
let columns = [];
let focused = 0;
let handlers = { open: () => {}, remove: () => {} };

const TYPE_ORDER = ['N', 'S', 'B', 'BOOL', 'NULL', 'SS', 'NS', 'BS', 'L', 'M'];

function compareValues(a, b) {
  if (!a || !b) return a ? -1 : b ? 1 : 0; // missing values last
  const ta = typeOf(a);
  const tb = typeOf(b);
  if (ta !== tb) return TYPE_ORDER.indexOf(ta) - TYPE_ORDER.indexOf(tb);
  if (ta === 'N') return compareNumbers(a.N, b.N);
  const x = display(a);
  const y = display(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Wires the grid to the editor's actions on a row. */
export function setRowHandlers(h) { handlers = h; }

/** Renders the current page (`state.rows`) in the current table's sort order. */
export function renderGrid() {
  const seen = new Set(state.keys);
  for (const row of state.rows) for (const k of Object.keys(row)) seen.add(k);
  columns = [...seen];
  view = [...state.rows];
  const sort = state.sortByTable[state.table];
  if (sort) view.sort((a, b) => sort.dir * compareValues(a[sort.column], b[sort.column]) || 0);
  const table = $('items');
  table.setAttribute('aria-rowcount', String(view.length + 1));
  table.tHead.replaceChildren(el('tr', { ariaRowIndex: '1' }, ...columns.map((c) => {
    const th = el('th', { textContent: c, tabIndex: 0, scope: 'col' });
    th.setAttribute('aria-sort', sort?.column === c ? (sort.dir > 0 ? 'ascending' : 'descending') : 'none');
    th.dataset.column = c;
    if (sort?.column === c) th.dataset.sorted = sort.dir > 0 ? '▲' : '▼';
    const toggle = () => {
      state.sortByTable[state.table] = { column: c, dir: sort?.column === c ? -sort.dir : 1 };
      renderGrid();
      $('items').querySelector(`th[data-column="${CSS.escape(c)}"]`)?.focus();
    };
    th.onclick = toggle;
    th.onkeydown = (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); toggle(); } };
    return th;
  })));
  focused = Math.min(focused, Math.max(0, view.length - 1));
  renderWindow();
}

function cell(av) {
  if (av === undefined) return el('td', { className: 'missing' });
  const type = typeOf(av);
  const text = display(av);
  const td = el('td', { textContent: text, title: `${type} ${text}` });
  td.dataset.type = type;
  return td;
}

function rowElement(item, index) {
  const tr = el('tr', { tabIndex: index === focused ? 0 : -1 }, ...columns.map((c) => cell(item[c])));
  tr.dataset.index = String(index);
  tr.setAttribute('aria-rowindex', String(index + 2));
  if (index === focused) tr.className = 'focused';
  return tr;
}

/** Puts the rows in view (plus a few) in the DOM, with spacers for the rest. */
function renderWindow() {
  const box = $('grid-scroll');
  const height = box.clientHeight || 400;
  const first = Math.max(0, Math.floor(box.scrollTop / rowHeight) - OVERSCAN);
  const last = Math.min(view.length, Math.ceil((box.scrollTop + height) / rowHeight) + OVERSCAN);
  const spacer = (rows) => {
    const tr = el('tr', { className: 'spacer' }, el('td', { colSpan: Math.max(1, columns.length) }));
    tr.style.height = `${rows * rowHeight}px`;
    tr.setAttribute('aria-hidden', 'true');
    return tr;
  };
  const body = $('items').tBodies[0];
  const rows = [];
  for (let i = first; i < last; i++) rows.push(rowElement(view[i], i));
  body.replaceChildren(...(first ? [spacer(first)] : []), ...rows, ...(last < view.length ? [spacer(view.length - last)] : []));
  const sample = rows[0]?.getBoundingClientRect().height;
  if (sample && Math.abs(sample - rowHeight) > 0.5) {
    rowHeight = sample;
    renderWindow();
  }
}

function moveTo(index) {
  if (!view.length) return;
  focused = Math.max(0, Math.min(view.length - 1, index));
  const box = $('grid-scroll');
  const head = $('items').tHead.getBoundingClientRect().height;
  const top = focused * rowHeight;
  if (top < box.scrollTop) box.scrollTop = top;
  else if (top + rowHeight > box.scrollTop + box.clientHeight - head) box.scrollTop = top + rowHeight - box.clientHeight + head;
  renderWindow();
  $('items').tBodies[0].querySelector(`tr[data-index="${focused}"]`)?.focus();
}

function rowIndex(event) {
  const tr = event.target.closest('tr[data-index]');
  return tr ? Number(tr.dataset.index) : -1;
}

/** Installs the scroll, click and key handlers (once). */
export function initGrid() {
  const box = $('grid-scroll');
  box.addEventListener('scroll', () => requestAnimationFrame(renderWindow));
  const body = $('items').tBodies[0];
  body.addEventListener('click', (e) => {
    const i = rowIndex(e);
    if (i < 0) return;
    focused = i;
    renderWindow();
    handlers.open(view[i]);
  });
  body.addEventListener('keydown', (e) => {
    const i = rowIndex(e);
    if (i < 0) return;
    const page = Math.max(1, Math.floor(box.clientHeight / rowHeight) - 1);
    const moves = { ArrowDown: i + 1, ArrowUp: i - 1, Home: 0, End: view.length - 1, PageDown: i + page, PageUp: i - page };
    if (e.key in moves) { e.preventDefault(); moveTo(moves[e.key]); return; }
    if (e.key === 'Enter') { e.preventDefault(); handlers.open(view[i]); }
    if (e.key === 'Delete') { e.preventDefault(); handlers.remove(view[i]); }
  });
}

/** The rows in display order (for export and tests). */
export const viewRows = () => view;
