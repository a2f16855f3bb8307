import { readFileSync, writeFileSync } from 'node:fs';
import { GwzError } from '../../../shared/api';
import { KeyZoneProfileSchema } from '../../../shared/domain/keyzone-profile';
import { explainPoint } from '../workflows/keyzone/explain';
import { deleteProfile, getProfile, listProfiles, saveProfile } from '../workflows/keyzone/profiles-store';
import { runKeyZones, saveConfig } from '../workflows/keyzone/run';
import { keyZoneState } from '../workflows/keyzone/state';
import { layerFields, suggestConfig } from '../workflows/keyzone/suggest';
import type { EngineContext, GroupHandlers } from './context';
import { writingJob } from './context';

/** The key-zone workflow (electron/engine/workflows/keyzone). */
export function keyzoneHandlers(ctx: EngineContext): GroupHandlers<'keyzones'> {
  const writable = () => {
    const p = ctx.requireProject();
    p.assertWritable();
    return p;
  };
  return {
    'keyzones.profiles': () => ({ profiles: listProfiles(ctx.requireProject().db) }),
    'keyzones.saveProfile': (req) => saveProfile(writable().db, req.profile),
    'keyzones.deleteProfile': (req) => ({ deleted: deleteProfile(writable().db, req.id) }),
    'keyzones.importProfile': (req) => {
      let json: unknown;
      try {
        json = JSON.parse(readFileSync(req.path, 'utf8'));
      } catch (err) {
        const why = err instanceof Error ? err.message : String(err);
        throw new GwzError('BAD_INPUT', `无法读取方法配置文件：${why}`, `Cannot read the profile file: ${why}`, { path: req.path });
      }
      const parsed = KeyZoneProfileSchema.safeParse(json);
      if (!parsed.success) {
        throw new GwzError('BAD_INPUT', `方法配置文件格式有误：${parsed.error.message}`, `The profile file is invalid: ${parsed.error.message}`, { path: req.path, issues: parsed.error.issues });
      }
      return saveProfile(writable().db, parsed.data);
    },
    'keyzones.exportProfile': (req) => {
      const profile = getProfile(ctx.requireProject().db, req.id);
      writeFileSync(req.path, `${JSON.stringify(profile, null, 2)}\n`);
      return { path: req.path };
    },
    'keyzones.state': () => keyZoneState(ctx.requireProject()),
    'keyzones.suggestConfig': () => suggestConfig(ctx.requireProject()),
    'keyzones.setConfig': (req) => {
      const p = writable();
      saveConfig(p, req.config);
      ctx.emit({ type: 'project.changed', path: p.path, reason: 'layers' });
      return keyZoneState(p);
    },
    'keyzones.run': (req) => writingJob(ctx, 'keyzones.run', (p, job) => runKeyZones(p, req, job, ctx.options.appVersion)),
    'keyzones.layerFields': (req) => layerFields(ctx.requireProject(), req.layer, req.field),
    'keyzones.explain': (req) => explainPoint(ctx.requireProject(), req.x, req.y),
  };
}
