export type { DataResponse, EngineApi, EngineOptions } from './engine-api';
export { createEngine } from './engine';
