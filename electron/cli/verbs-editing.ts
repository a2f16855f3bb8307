import { GwzError, type EditChange, type EditOp, type EditResult, type TopologyProblem, type XY } from '../../shared/api';
import { fields, table } from './text';
import { openProject, str, type OptionSpec, type OptionValues, type Verb, type VerbContext } from './verb';

/**
 * `gwz edit <action> <project> --layer <id|name> …`: the boundary edits of the map's editing mode,
 * for scripts and tests. Every change needs --reason (调整原因); undo/redo are logged too.
 */

const ACTIONS = ['move-vertex', 'move-segment', 'insert-vertex', 'delete-vertex', 'split', 'merge', 'repair', 'undo', 'redo', 'log', 'show', 'check'] as const;
type Action = (typeof ACTIONS)[number];

const point = (zh: string, en: string): OptionSpec => ({ type: 'string', value: '<x,y>', zh, en });
const OPTIONS: Record<string, OptionSpec> = {
  layer: { type: 'string', value: '<id|name>', zh: '面图层（编号或名称）', en: 'polygon layer (id or name)' },
  reason: { type: 'string', value: '<text>', zh: '调整原因（修改时必填）', en: 'reason for the change (required for changes)' },
  user: { type: 'string', value: '<name>', zh: '编辑人（默认当前系统用户）', en: 'who edits (default: the OS user)' },
  from: point('原顶点坐标', 'vertex to move'),
  to: point('新位置', 'where it goes'),
  from2: point('线段第二个顶点（move-segment）', 'second vertex of the segment (move-segment)'),
  to2: point('第二个顶点的新位置（move-segment）', 'new place of the second vertex (move-segment)'),
  a: point('线段起点（insert-vertex）', 'segment start (insert-vertex)'),
  b: point('线段终点（insert-vertex）', 'segment end (insert-vertex)'),
  at: point('新顶点或要删除的顶点', 'the new vertex, or the vertex to delete'),
  tolerance: { type: 'string', value: '<map units>', zh: '同一顶点的距离容差（默认 0.001）', en: 'same-vertex distance (default 0.001)' },
  'min-area': { type: 'string', value: '<m²>', zh: '最小面积，小于即为碎多边形（默认 1，待核实）', en: 'minimum area; smaller parts are slivers (default 1, to be verified)' },
  line: { type: 'string', value: '<x,y;x,y;…>', zh: '切分线（split），从边界外画到边界外', en: 'split line (split), from outside the boundary to outside' },
  fids: { type: 'string', value: '<fid,fid,…>', zh: '要合并的要素编号（merge）', en: 'features to merge (merge)' },
  change: { type: 'string', value: '<id>', zh: '编辑记录编号（show）', en: 'edit id (show)' },
  limit: { type: 'string', value: '<n>', zh: '日志条数（log）', en: 'number of log entries (log)' },
};

function xy(opts: OptionValues, name: string): XY {
  const text = str(opts, name);
  const parts = text?.split(',').map((s) => Number(s.trim())) ?? [];
  if (parts.length !== 2 || parts.some((n) => !Number.isFinite(n))) {
    throw new GwzError('BAD_REQUEST', `--${name} 应为 x,y（如 --${name} 439000.5,3093000）`, `--${name} must be x,y (e.g. --${name} 439000.5,3093000)`, {
      option: name,
      value: text ?? null,
    });
  }
  return [parts[0]!, parts[1]!];
}

function num(opts: OptionValues, name: string): number | undefined {
  const text = str(opts, name);
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isFinite(n)) throw new GwzError('BAD_REQUEST', `--${name} 应为数字`, `--${name} must be a number`, { option: name, value: text });
  return n;
}

async function layerId(ctx: VerbContext): Promise<number> {
  const text = str(ctx.opts, 'layer');
  if (text === undefined) throw new GwzError('BAD_REQUEST', '缺少 --layer（图层编号或名称）', 'Missing --layer (layer id or name)');
  const { layers } = await ctx.client.api.layers.list({});
  const hit = layers.find((l) => String(l.id) === text) ?? layers.find((l) => l.name === text);
  if (!hit) {
    throw new GwzError('LAYER_NOT_FOUND', `没有这个图层：${text}`, `No such layer: ${text}`, { layer: text, layers: layers.map((l) => `${l.id} ${l.name}`) });
  }
  return hit.id;
}

function editOf(action: Action, opts: OptionValues): EditOp | null {
  switch (action) {
    case 'move-vertex':
      return { op: 'moveVertex', from: xy(opts, 'from'), to: xy(opts, 'to') };
    case 'move-segment':
      return { op: 'moveVertices', moves: [{ from: xy(opts, 'from'), to: xy(opts, 'to') }, { from: xy(opts, 'from2'), to: xy(opts, 'to2') }] };
    case 'insert-vertex':
      return { op: 'insertVertex', a: xy(opts, 'a'), b: xy(opts, 'b'), at: xy(opts, 'at') };
    case 'delete-vertex':
      return { op: 'deleteVertex', at: xy(opts, 'at') };
    default:
      return null;
  }
}

const area = (a: number): string => (Math.abs(a) >= 1e4 ? `${(a / 1e6).toFixed(6)} km²` : `${a.toFixed(3)} m²`);

export function formatEditResult(r: EditResult): string {
  return [
    fields([
      ['修改 Change:', `#${r.change.id} ${r.change.op}`],
      ['原因 Reason:', r.change.reason],
      ['编辑人 User:', r.change.user],
      ['要素 Features:', r.features.map((f) => f.fid).join(', ')],
      ['面积变化 Area change:', area(r.areaChange)],
      ['合并面积 Union area:', `${area(r.unionAreaBefore)} → ${area(r.unionAreaAfter)}`],
    ]),
    table(
      ['要素 fid', '修改前 Before', '修改后 After'],
      r.features.map((f) => [String(f.fid), area(f.areaBefore), area(f.areaAfter)]),
    ),
  ].join('\n');
}

const STATE: Record<EditChange['state'], string> = { applied: '生效 applied', undone: '已撤销 undone', dropped: '已废弃 dropped', log: '记录 log' };

export function formatLog(changes: EditChange[]): string {
  if (changes.length === 0) return '（无编辑记录 no edits）';
  return table(
    ['#', '时间 When', '编辑人 Who', '操作 Op', '状态 State', '要素 fids', '原因 Reason'],
    changes.map((c) => [String(c.id), c.createdAt, c.user, c.op + (c.targetId ? ` #${c.targetId}` : ''), STATE[c.state], c.fids.join(','), c.reason]),
  );
}

function formatProblems(problems: TopologyProblem[]): string {
  if (problems.length === 0) return '未发现拓扑问题 No topology problems';
  return table(
    ['类型 Kind', '要素 fids', '面积 Area', '位置 Location', '说明 Message'],
    problems.map((p) => [p.kind, p.fids.join(','), p.area.toPrecision(4), `${p.location[0].toFixed(2)},${p.location[1].toFixed(2)}`, `${p.message_zh} / ${p.message_en}`]),
  );
}

export const editVerb: Verb = {
  name: 'edit',
  args: `<${ACTIONS.join('|')}> <project>`,
  minArgs: 2,
  maxArgs: 2,
  zh: '边界编辑：共享边界同时移动，须填调整原因；撤销/重做、编辑日志、拓扑检查',
  en: 'Boundary editing: shared boundaries move together, a reason is required; undo/redo, edit log, topology check',
  options: OPTIONS,
  async run(ctx) {
    const [actionText, project] = ctx.args as [string, string];
    if (!(ACTIONS as readonly string[]).includes(actionText)) {
      throw new GwzError('BAD_REQUEST', `未知的编辑操作：${actionText}（可用：${ACTIONS.join('、')}）`, `Unknown edit action: ${actionText} (one of: ${ACTIONS.join(', ')})`, {
        action: actionText,
      });
    }
    const action = actionText as Action;
    const readOnly = action === 'log' || action === 'show' || action === 'check';
    await openProject(ctx, project, readOnly);
    const user = str(ctx.opts, 'user');
    const reason = str(ctx.opts, 'reason');
    const tolerance = num(ctx.opts, 'tolerance');
    const minArea = num(ctx.opts, 'min-area');
    const tol = { ...(tolerance !== undefined ? { tolerance } : {}), ...(minArea !== undefined ? { minArea } : {}) };
    const who = user !== undefined ? { user } : {};
    if (action === 'show') {
      const id = num(ctx.opts, 'change');
      if (id === undefined) throw new GwzError('BAD_REQUEST', '缺少 --change（编辑记录编号）', 'Missing --change (edit id)');
      const r = await ctx.client.api.editing.changeGeometry({ changeId: id });
      return { data: r, human: `${formatLog([r.change])}\n${JSON.stringify(r.features)}` };
    }
    const id = await layerId(ctx);
    if (action === 'log') {
      const limit = num(ctx.opts, 'limit');
      const r = await ctx.client.api.editing.log({ layerId: id, ...(limit !== undefined ? { limit } : {}) });
      return { data: r, human: formatLog(r.changes) };
    }
    if (action === 'check') {
      const r = await ctx.client.api.editing.topology({ layerId: id, ...tol });
      const s = r.summary;
      const human = [
        fields([
          ['要素 Features:', String(s.features)],
          ['顶点 Vertices:', String(s.vertices)],
          ['节点 Nodes:', String(s.nodes)],
          ['弧段 Arcs:', `${s.arcs}（共享 shared ${s.sharedArcs}）`],
          ['T 形连接 T-junctions:', String(s.tJunctions)],
        ]),
        formatProblems(r.problems),
      ].join('\n');
      return { data: r, human, exitCode: r.problems.length > 0 ? 3 : 0 };
    }
    if (action === 'undo' || action === 'redo') {
      const req = { layerId: id, ...(reason !== undefined ? { reason } : {}), ...who };
      const r = action === 'undo' ? await ctx.client.api.editing.undo(req) : await ctx.client.api.editing.redo(req);
      return { data: r, human: formatEditResult(r) };
    }
    if (reason === undefined || reason.trim() === '') {
      throw new GwzError('BAD_REQUEST', '修改边界须填写调整原因：--reason "…"', 'A boundary change needs a reason: --reason "…"');
    }
    if (action === 'split') {
      const text = str(ctx.opts, 'line') ?? '';
      const line = text.split(';').map((pair, i) => xy({ [`line[${i}]`]: pair }, `line[${i}]`));
      const r = await ctx.client.api.editing.split({ layerId: id, line, reason, ...who, ...tol });
      return { data: r, human: formatEditResult(r) };
    }
    if (action === 'merge') {
      const fids = (str(ctx.opts, 'fids') ?? '').split(',').map((v) => Number(v.trim()));
      if (fids.length < 2 || fids.some((n) => !Number.isInteger(n))) {
        throw new GwzError('BAD_REQUEST', '--fids 应为至少两个要素编号，如 --fids 3,12', '--fids must be two or more feature ids, e.g. --fids 3,12');
      }
      const r = await ctx.client.api.editing.merge({ layerId: id, fids, reason, ...who, ...tol });
      return { data: r, human: formatEditResult(r) };
    }
    if (action === 'repair') {
      const r = await ctx.client.api.editing.repair({ layerId: id, reason, ...who, ...tol });
      const head = `合并相近顶点 Snapped: ${r.snapped} · 补插顶点 Inserted: ${r.inserted}`;
      return { data: r, human: r.result ? `${head}\n${formatEditResult(r.result)}` : `${head}\n无需修复 Nothing to repair` };
    }
    const r = await ctx.client.api.editing.apply({ layerId: id, edit: editOf(action, ctx.opts)!, reason, ...who, ...tol });
    return { data: r, human: formatEditResult(r) };
  },
};

export const EDITING_VERBS: readonly Verb[] = [editVerb];
