import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { buildDemo } from '../demo/build-demo';
import { Project } from '../project/project';
import type { EngineContext, GroupHandlers } from './context';

export function projectHandlers(ctx: EngineContext): GroupHandlers<'project'> {
  const { options } = ctx;
  return {
    'project.create': (req) =>
      ctx.switchTo(req.path, 'created', () =>
        Project.create(req.path, { crs: req.crs, title: req.title, overwrite: req.overwrite, appVersion: options.appVersion }),
      ),
    'project.open': (req) => ctx.switchTo(req.path, 'opened', () => Project.open(req.path, { readOnly: req.readOnly })),
    'project.close': async () => ({ closed: await ctx.closeProject() }),
    'project.info': () => ctx.requireProject().info(),
    'project.createDemo': (req) => {
      const jobId = ctx.jobs.start('project.createDemo', async (job) => {
        // Built on its own connection, then opened like any project the user picks; rebuilding the
        // open project first lets go of it.
        const path = resolve(req.path ?? join(options.userDataDir, '示范工程', '抚州市示范工程.gwz'));
        const overwrite = req.path === undefined ? true : req.overwrite;
        if (ctx.currentProject()?.path === path) await ctx.closeProject();
        mkdirSync(dirname(path), { recursive: true });
        const built = await buildDemo(path, { overwrite, engineVersion: options.appVersion }, job);
        const info = await ctx.switchTo(path, 'opened', () => Project.open(path));
        return { project: info, ...built };
      });
      return { jobId };
    },
    'project.check': () => ctx.requireProject().check(),
  };
}
