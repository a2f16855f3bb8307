import { createHash } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';

export interface FileChecksum {
  path: string;
  size: number;
  sha256: string;
}

/** sha256 of each input file (a shapefile is several), for provenance in gwz_runs. */
export async function fileChecksums(paths: string[], signal?: AbortSignal): Promise<FileChecksum[]> {
  const out: FileChecksum[] = [];
  for (const path of paths) {
    if (!existsSync(path) || !statSync(path).isFile()) continue;
    const hash = createHash('sha256');
    for await (const chunk of createReadStream(path, { signal })) hash.update(chunk as Buffer);
    out.push({ path, size: statSync(path).size, sha256: hash.digest('hex') });
  }
  return out;
}
