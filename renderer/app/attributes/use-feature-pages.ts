import { useCallback, useEffect, useRef, useState } from 'react';
import type { Client } from '../../../shared/api/client';
import type { CellValue, FieldInfo } from '../../../shared/api/features';

export const PAGE_SIZE = 200;

export interface PageQuery {
  layerId: number;
  sort: { field: string; descending: boolean } | null;
  filter: string;
  /** Bumped to re-read after the data changed (a calculation, an undo). */
  reload: number;
}

export interface FeatureRows {
  fields: FieldInfo[];
  /** null until the first page arrived. */
  total: number | null;
  /** The fid and values of row i, or undefined while its page is on its way (the call starts it). */
  row(i: number): { fid: number; values: CellValue[] } | undefined;
  error: unknown;
  /** Time from the query change to its first page (ms), for the status line and the benchmark. */
  firstPageMs: number | null;
}

interface Block {
  fids: number[];
  rows: CellValue[][];
}

/**
 * The rows of a layer's attribute table in fixed pages, fetched as the virtual list reaches them
 * and kept for the current query. Pages for an old query that arrive late are dropped.
 */
export function useFeaturePages(client: Client, query: PageQuery | null): FeatureRows {
  const [fields, setFields] = useState<FieldInfo[]>([]);
  const [total, setTotal] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [firstPageMs, setFirstPageMs] = useState<number | null>(null);
  const [, setTick] = useState(0);
  const blocks = useRef(new Map<number, Block>());
  const pending = useRef(new Set<number>());
  const generation = useRef(0);
  const started = useRef(0);
  const queryRef = useRef(query);
  queryRef.current = query;

  const fetchBlock = useCallback(
    (b: number) => {
      const q = queryRef.current;
      if (!q || pending.current.has(b) || blocks.current.has(b)) return;
      pending.current.add(b);
      const gen = generation.current;
      client.api.features
        .list({
          layerId: q.layerId,
          offset: b * PAGE_SIZE,
          limit: PAGE_SIZE,
          ...(q.sort ? { sort: q.sort } : {}),
          ...(q.filter.trim() ? { filter: q.filter } : {}),
        })
        .then(
          (page) => {
            if (gen !== generation.current) return;
            pending.current.delete(b);
            blocks.current.set(b, { fids: page.fids, rows: page.rows });
            setFields(page.fields);
            setTotal(page.total);
            if (b === 0 || started.current > 0) {
              setFirstPageMs((current) => current ?? performance.now() - started.current);
            }
            setTick((t) => t + 1);
          },
          (err: unknown) => {
            if (gen !== generation.current) return;
            pending.current.delete(b);
            setError(err);
          },
        );
    },
    [client],
  );

  const key = query ? JSON.stringify(query) : null;
  useEffect(() => {
    generation.current += 1;
    blocks.current = new Map();
    pending.current = new Set();
    started.current = performance.now();
    setError(null);
    setTotal(null);
    setFirstPageMs(null);
    if (key !== null) fetchBlock(0);
  }, [key, fetchBlock]);

  const row = useCallback(
    (i: number) => {
      const b = Math.floor(i / PAGE_SIZE);
      const block = blocks.current.get(b);
      if (!block) {
        fetchBlock(b);
        return undefined;
      }
      const j = i - b * PAGE_SIZE;
      const fid = block.fids[j];
      return fid === undefined ? undefined : { fid, values: block.rows[j]! };
    },
    [fetchBlock],
  );

  return { fields, total, row, error, firstPageMs };
}
