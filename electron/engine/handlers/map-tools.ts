import { basemapState, setBasemap } from '../basemap/basemap';
import { measure } from '../geometry/measure';
import type { EngineContext, GroupHandlers } from './context';

export function geometryHandlers(ctx: EngineContext): GroupHandlers<'geometry'> {
  return {
    'geometry.measure': (req) => measure(req, ctx.currentProject()?.crs.code ?? null),
  };
}

export function basemapHandlers(ctx: EngineContext): GroupHandlers<'basemap'> {
  return {
    'basemap.get': () => basemapState(ctx.requireProject()),
    'basemap.set': (req) => {
      const p = ctx.requireProject();
      const state = setBasemap(p, req);
      ctx.emit({ type: 'project.changed', path: p.path, reason: 'meta' });
      return state;
    },
  };
}
