import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine, type EngineApi } from '../../../electron/engine';
import { createClient, GwzError, type Client, type EngineEvent } from '../../../shared/api';

import { TEST_DATA } from '../../support/data';

export const DATA = TEST_DATA;
export const SHP_CHINESE_POLY = `${DATA}/shp_encoding/geotools_chinese_poly/chinese_poly.shp`;
export const GEOJSON_FUZHOU = `${DATA}/boundaries/361000_full.json`;
export const SHP_FUZHOU_NO_PRJ = `${DATA}/boundaries/garybikini_fuzhou/抚州市.shp`;
export const SHP_BOU2_4P = `${DATA}/shp_encoding/bou2_4p/bou2_4p.shp`;

export interface EngineFixture {
  dir: string;
  engine: EngineApi;
  client: Client;
  events: EngineEvent[];
  dispose(): Promise<void>;
}

/** A real engine on a fresh temp folder (projects and user data), talked to through the real client. */
export async function engineFixture(): Promise<EngineFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'gwz-engine-'));
  const engine = await createEngine({ userDataDir: join(dir, 'userdata'), appVersion: '0.0.0-test' });
  const events: EngineEvent[] = [];
  engine.onEvent((e) => events.push(e));
  const client = createClient({ invoke: (m, p) => engine.dispatch(m, p), listen: (h) => engine.onEvent(h) });
  return {
    dir,
    engine,
    client,
    events,
    async dispose() {
      await engine.shutdown();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The GwzError a promise rejects with (fails the test if it resolves or throws something else). */
export async function errorOf(promise: Promise<unknown>): Promise<GwzError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof GwzError) return err;
    throw err;
  }
  throw new Error('expected a GwzError, but the call succeeded');
}
