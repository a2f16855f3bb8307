import type { z } from 'zod';
import { analysisMethods } from './analysis';
import { appMethods } from './app';
import { boreholeMethods } from './boreholes';
import { featureMethods } from './features';
import { exportMethods } from './export';
import { editingMethods } from './editing';
import { jobMethods } from './jobs';
import { keyzoneMethods } from './keyzones';
import { layerMethods } from './layers';
import { projectMethods } from './project';
import { rasterMethods } from './rasters';
import { rechargeMethods } from './recharge';
import { tileMethods } from './tiles';
import { geometryMethods } from './geometry';
import { basemapMethods } from './basemap';
import { workflowStateMethods } from './workflow-state';

/** The one table of engine methods. Transports, the dispatcher and the CLI are generic over it. */
export const contract = {
  ...appMethods,
  ...projectMethods,
  ...layerMethods,
  ...rasterMethods,
  ...boreholeMethods,
  ...analysisMethods,
  ...jobMethods,
  ...keyzoneMethods,
  ...featureMethods,
  ...exportMethods,
  ...rechargeMethods,
  ...editingMethods,
  ...tileMethods,
  ...geometryMethods,
  ...basemapMethods,
  ...workflowStateMethods,
} as const;

export type Contract = typeof contract;
export type MethodName = keyof Contract;
export type RequestOf<M extends MethodName> = z.input<Contract[M]['request']>;
export type ParsedRequestOf<M extends MethodName> = z.output<Contract[M]['request']>;
export type ResponseOf<M extends MethodName> = z.output<Contract[M]['response']>;
// `result` is optional in MethodSpec, so match on its (non-undefined) type rather than on `{ result: … }`.
type ResultSchemaOf<M extends MethodName> = Exclude<Contract[M]['result'], undefined>;
export type JobResultOf<M extends MethodName> = [ResultSchemaOf<M>] extends [never] ? never : z.output<ResultSchemaOf<M>>;

export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(contract, name);
}

export const methodNames = Object.keys(contract) as MethodName[];
