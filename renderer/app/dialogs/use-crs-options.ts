import { useEffect, useState } from 'react';
import type { CrsEntry } from '../../../shared/api/app';
import type { Client } from '../../../shared/api/client';
import type { Lang } from '../../i18n';

export interface CrsOption {
  value: string;
  label: string;
}

let cache: Promise<CrsEntry[]> | null = null;

/** The engine's CRS list (what it can actually write), fetched once per page. */
export function useCrsOptions(client: Client, lang: Lang, enabled: boolean, onError: (err: unknown) => void): CrsOption[] {
  const [entries, setEntries] = useState<CrsEntry[]>([]);
  useEffect(() => {
    if (!enabled) return;
    cache ??= client.api.app.crsList({}).then((r) => r.items);
    let live = true;
    cache.then(
      (items) => live && setEntries(items),
      (err: unknown) => {
        cache = null;
        if (live) onError(err);
      },
    );
    return () => {
      live = false;
    };
  }, [client, enabled, onError]);
  return entries.map((c) => ({ value: c.code, label: `${c.code}  ${lang === 'en' ? c.name_en : c.name_zh}` }));
}

/** Search by code, Chinese or English name, ignoring case and spacing. */
export function filterCrsOption(input: string, option?: CrsOption): boolean {
  if (!option) return false;
  const needle = input.replace(/\s+/g, '').toLowerCase();
  return option.label.replace(/\s+/g, '').toLowerCase().includes(needle);
}
