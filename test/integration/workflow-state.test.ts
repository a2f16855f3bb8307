import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findVerb } from '../../electron/cli/verbs';
import type { OptionValues } from '../../electron/cli/verb';
import { verbContext } from './harness/verb-context';
import { engineFixture, errorOf, type EngineFixture } from './harness/engine-fixture';

/** Wizard autosave (workflow.state / saveState / clearState) in a real project file, across a reopen. */
describe('workflow state', () => {
  let f: EngineFixture;
  beforeAll(async () => {
    f = await engineFixture();
  });
  afterAll(async () => {
    await f.dispose();
  });

  it('keeps a wizard’s step and inputs in the project file, per wizard, across close and reopen', async () => {
    const path = join(f.dir, 'wizard.gwz');
    await f.client.api.project.create({ path, crs: 'EPSG:4548' });
    expect((await f.client.api.workflow.state({ workflow: 'recharge' })).state).toBeNull();
    const saved = await f.client.api.workflow.saveState({ workflow: 'recharge', step: 2, inputs: { config: { methods: ['analytical'], note: '孔隙潜水' } } });
    await f.client.api.workflow.saveState({ workflow: 'keyzone', step: 1, inputs: { profile: 'default' } });
    await f.client.api.project.close({});
    await f.client.api.project.open({ path });
    const { state } = await f.client.api.workflow.state({ workflow: 'recharge' });
    expect(state).toEqual(saved);
    expect((await f.client.api.workflow.state({ workflow: 'keyzone' })).state?.step).toBe(1);
    expect((await f.client.api.workflow.clearState({ workflow: 'recharge' })).cleared).toBe(true);
    expect((await f.client.api.workflow.state({ workflow: 'recharge' })).state).toBeNull();
    expect((await f.client.api.workflow.state({ workflow: 'keyzone' })).state?.step).toBe(1);
  });

  it('refuses progress over 1 MB with a bilingual error and keeps what was saved', async () => {
    const before = (await f.client.api.workflow.state({ workflow: 'keyzone' })).state;
    const err = await errorOf(f.client.api.workflow.saveState({ workflow: 'keyzone', step: 3, inputs: { big: 'x'.repeat(1_100_000) } }));
    expect(err.code).toBe('BAD_REQUEST');
    expect(err.message_zh).toContain('向导进度过大');
    expect(err.message_en).toContain('too large');
    expect((await f.client.api.workflow.state({ workflow: 'keyzone' })).state).toEqual(before);
  });

  it('gwz workflow-state shows the saved progress and --clear removes it; an unknown wizard is refused', async () => {
    const verb = findVerb('workflow-state')!;
    const path = join(f.dir, 'cli.gwz');
    await f.client.api.project.create({ path, crs: 'EPSG:4548' });
    await f.client.api.workflow.saveState({ workflow: 'recharge', step: 3, inputs: { rationale: '补给区取并集' } });
    await f.client.api.project.close({});
    const run = (args: string[], opts: OptionValues = {}) => verb.run(verbContext(f, args, opts));
    const shown = await run([path, 'recharge']);
    expect(shown.human).toContain('补给区取并集');
    expect(shown.human).toContain('4');
    await f.client.api.project.close({});
    expect((await run([path, 'recharge'], { clear: true })).data).toEqual({ workflow: 'recharge', cleared: true });
    await f.client.api.project.close({});
    expect((await run([path, 'recharge'])).data).toEqual({ workflow: 'recharge', state: null });
    await f.client.api.project.close({});
    const bad = await errorOf(run([path, 'wizard']));
    expect(bad.code).toBe('BAD_REQUEST');
    expect(bad.message_en).toContain('Unknown wizard');
  });
});
