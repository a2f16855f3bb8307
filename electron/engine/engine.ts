import type { EngineApi, EngineOptions } from './engine-api';

// Placeholder until the engine lands; hosts code against EngineApi.
export async function createEngine(_options: EngineOptions): Promise<EngineApi> {
  throw new Error('not implemented');
}
