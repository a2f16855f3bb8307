import type { ParsedRequestOf } from '../../../shared/api';
import { classifyField, fieldCategories, removeLayer, reorderLayers, updateLayer } from '../project/layer-ops';
import type { Project } from '../project/project';
import type { Db } from '../project/spatialite';
import type { EngineContext } from './context';

/**
 * Layer tree and style methods. Writes go through the project's write queue (after any running
 * import) in one transaction each, then every window hears project.changed and re-reads.
 */
export function layerOpsHandlers(ctx: EngineContext) {
  const write = async <T>(fn: (db: Db) => T): Promise<T> => {
    const p: Project = ctx.requireProject();
    const out = await p.exclusiveWrite(async (db) => db.transaction(() => fn(db)).immediate());
    ctx.emit({ type: 'project.changed', path: p.path, reason: 'layers' });
    return out;
  };
  return {
    'layers.update': async (req: ParsedRequestOf<'layers.update'>) => ({ layer: await write((db) => updateLayer(db, req)) }),
    'layers.reorder': async (req: ParsedRequestOf<'layers.reorder'>) => ({ layers: await write((db) => reorderLayers(db, req.layerIds)) }),
    'layers.remove': async (req: ParsedRequestOf<'layers.remove'>) => ({ removed: await write((db) => removeLayer(db, req.layerId)) }),
    'layers.classify': (req: ParsedRequestOf<'layers.classify'>) => classifyField(ctx.requireProject().db, req),
    'layers.categories': (req: ParsedRequestOf<'layers.categories'>) => fieldCategories(ctx.requireProject().db, req),
  };
}
