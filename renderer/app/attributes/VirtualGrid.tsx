import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { CellValue, FieldInfo } from '../../../shared/api/features';
import { useTranslation } from 'react-i18next';
import { useUnsavedSource } from '../use-unsaved';
import type { FeatureRows } from './use-feature-pages';

export const ROW_HEIGHT = 26;
const OVERSCAN = 10;
const FID_WIDTH = 72;

export interface SortState {
  field: string;
  descending: boolean;
}

interface Props {
  rows: FeatureRows;
  selected: ReadonlySet<number>;
  sort: SortState | null;
  onSort(field: string): void;
  onRowClick(index: number, fid: number, event: { ctrl: boolean; shift: boolean }): void;
  onEditCell(fid: number, field: FieldInfo, value: CellValue): void | Promise<void>;
  /** Row to bring into view (e.g. the first selected one). */
  scrollToRow?: number | null;
}

const widthOf = (f: FieldInfo): number => (f.kind === 'text' ? 160 : 110);

function display(v: CellValue): ReactNode {
  if (v === null) return <span className="gwz-attr-null">NULL</span>;
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(12)));
  return v;
}

/**
 * The attribute grid: only the rows in view (plus a margin) are in the DOM, positioned in a spacer as
 * tall as all rows, so 200 000 rows scroll like 200. The header scrolls sideways with the body.
 */
export function VirtualGrid({ rows, selected, sort, onSort, onRowClick, onEditCell, scrollToRow }: Props) {
  const { t } = useTranslation();
  const body = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(240);
  // `was`: the text the cell had, so the prompt on closing knows whether anything was typed
  const [editing, setEditing] = useState<{ fid: number; field: string; text: string; was: string } | null>(null);
  const [, setTick] = useState(0);
  useEffect(() => rows.subscribe(() => setTick((t) => t + 1)), [rows]);

  useEffect(() => {
    const el = body.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setHeight(el.clientHeight));
    observer.observe(el);
    setHeight(el.clientHeight);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    const el = body.current;
    if (!el || scrollToRow === null || scrollToRow === undefined) return;
    const top = scrollToRow * ROW_HEIGHT;
    if (top < el.scrollTop || top > el.scrollTop + el.clientHeight - ROW_HEIGHT * 2) el.scrollTop = Math.max(0, top - ROW_HEIGHT * 2);
  }, [scrollToRow]);

  const total = rows.total ?? 0;
  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(total, Math.ceil((scrollTop + height) / ROW_HEIGHT) + OVERSCAN);
  const width = FID_WIDTH + rows.fields.reduce((s, f) => s + widthOf(f), 0);

  const commit = (fid: number, field: FieldInfo, text: string) => {
    setEditing(null);
    return onEditCell(fid, field, field.kind === 'text' ? text : text.trim() === '' ? null : text);
  };

  // A cell typed into but not committed yet counts as unsaved work (closing the window asks).
  useUnsavedSource({
    describe: () => (editing && editing.text !== editing.was ? t('unsaved.cell', { field: editing.field, fid: editing.fid }) : null),
    save: async () => {
      const field = rows.fields.find((f) => f.name === editing?.field);
      if (editing && field) await commit(editing.fid, field, editing.text);
    },
    discard: async () => setEditing(null),
  });

  const visible: ReactNode[] = [];
  for (let i = first; i < last; i++) {
    const r = rows.row(i);
    const isSelected = r !== undefined && selected.has(r.fid);
    visible.push(
      <div
        key={i}
        className={isSelected ? 'gwz-attr-row selected' : 'gwz-attr-row'}
        style={{ top: i * ROW_HEIGHT, width }}
        data-row-index={i}
        data-fid={r?.fid}
        data-testid="attr-row"
        onClick={(e) => r && onRowClick(i, r.fid, { ctrl: e.ctrlKey || e.metaKey, shift: e.shiftKey })}
      >
        <div className="gwz-attr-cell fid" style={{ width: FID_WIDTH }}>
          {r ? r.fid : '…'}
        </div>
        {rows.fields.map((f, j) => {
          const isEditing = editing && r && editing.fid === r.fid && editing.field === f.name;
          return (
            <div
              key={f.name}
              className={`gwz-attr-cell ${f.kind === 'integer' || f.kind === 'real' ? 'num' : ''}`}
              style={{ width: widthOf(f) }}
              onDoubleClick={() => {
                if (!r || f.kind === 'blob') return;
                const text = r.values[j] === null ? '' : String(r.values[j]);
                setEditing({ fid: r.fid, field: f.name, text, was: text });
              }}
            >
              {isEditing ? (
                <input
                  className="gwz-attr-edit"
                  autoFocus
                  value={editing.text}
                  onChange={(e) => setEditing({ ...editing, text: e.target.value })}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter') commit(r.fid, f, editing.text);
                    if (e.key === 'Escape') setEditing(null);
                  }}
                  onBlur={() => setEditing(null)}
                />
              ) : r ? (
                display(r.values[j] ?? null)
              ) : (
                ''
              )}
            </div>
          );
        })}
      </div>,
    );
  }

  return (
    <div className="gwz-attr-grid" ref={body} onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)} data-testid="attr-grid">
      <div className="gwz-attr-header" style={{ width }}>
        <div className="gwz-attr-cell fid" style={{ width: FID_WIDTH }}>
          fid
        </div>
        {rows.fields.map((f) => (
          <div
            key={f.name}
            className="gwz-attr-cell head"
            style={{ width: widthOf(f) }}
            title={`${f.name} (${f.type || f.kind})`}
            data-testid="attr-header"
            data-field={f.name}
            onClick={() => onSort(f.name)}
          >
            <span className="gwz-attr-head-name">{f.name}</span>
            {sort?.field === f.name && <span className="gwz-attr-sort">{sort.descending ? '▼' : '▲'}</span>}
          </div>
        ))}
      </div>
      <div className="gwz-attr-spacer" style={{ height: total * ROW_HEIGHT, width }}>
        {visible}
      </div>
    </div>
  );
}
