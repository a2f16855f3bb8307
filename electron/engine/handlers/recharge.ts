import { HJ338_DEFAULTS, AQUIFER_DEFAULTS } from '../../../shared/domain/recharge/hj338';
import { RechargeParametersSchema } from '../../../shared/api';
import { combine } from '../workflows/recharge/combine';
import { delineate } from '../workflows/recharge/delineate';
import { readSources } from '../workflows/recharge/sources';
import { readState } from '../workflows/recharge/state';
import type { EngineContext, GroupHandlers } from './context';
import { writingJob } from './context';

/** The recharge-area workflow (补给区划分): electron/engine/workflows/recharge/. */
export function rechargeHandlers(ctx: EngineContext): GroupHandlers<'recharge'> {
  const version = ctx.options.appVersion;
  return {
    'recharge.defaults': () => {
      const notes = Object.fromEntries(
        Object.entries(HJ338_DEFAULTS).map(([k, v]) => [k, { status: v.status, note_zh: v.note_zh, note_en: v.note_en }]),
      );
      return { parameters: RechargeParametersSchema.parse({}), notes, aquiferDefaults: AQUIFER_DEFAULTS };
    },
    'recharge.readSources': (req) => readSources(ctx.requireProject().db, req),
    'recharge.delineate': (req) => writingJob(ctx, 'recharge.delineate', (p, job) => delineate(p, req, job, version)),
    'recharge.combine': (req) => writingJob(ctx, 'recharge.combine', (p, job) => combine(p, req, job, version)),
    'recharge.workflow': () => ({ state: readState(ctx.requireProject().db) }),
  };
}
