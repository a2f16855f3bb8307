import { App as AntApp, Button, Drawer, Space, Steps, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LayerInfo } from '../../../shared/api/layers';
import { METHOD_LABELS, type RechargeMethod, type RechargeResult, type RechargeRequestInput } from '../../../shared/api/recharge';
import { currentLang } from '../../i18n';
import type { MapController } from '../../map/map-controller';
import type { WorkflowState } from '../../../shared/api/workflow-state';
import { useConnection } from '../connection-context';
import { useWorkflowAutosave } from '../use-workflow-autosave';
import { CombineStep, defaultChoices, type Choice } from './CombineStep';
import { MethodsStep, type ParamNotes } from './MethodsStep';
import { bi, guessConfig, rowFromDraft, rowFromSaved, toRequest, type WizardConfig } from './model';
import { ResultsStep } from './ResultsStep';
import { SourcesStep } from './SourcesStep';
import { ZoneOverlay } from './zone-map';
import './recharge.css';

interface Props {
  open: boolean;
  onClose(): void;
  layers: LayerInfo[];
  crs: string | null;
  controller: MapController;
  onError(err: unknown): void;
  onLayersChanged(): void;
}

const EMPTY: WizardConfig = {
  sourceLayerId: null,
  sources: [],
  methods: ['empirical', 'formula', 'analytical', 'dem'],
  parameters: null,
  demLayerId: null,
  headLayerId: null,
  boundaryLayerId: null,
  drawn: null,
  segmentTypes: ['divide'],
  boundaryReason: '',
  clipLayerId: null,
  clipWithDrawn: false,
  screenLayerIds: [],
};

/** The method layers of a run, by their names (`<prefix>_<method>`). */
function methodLayer(result: RechargeResult, m: RechargeMethod): LayerInfo | undefined {
  return result.layers.find((l) => l.kind === 'vector' && l.name.endsWith(`_${METHOD_LABELS[m].zh}`));
}

/**
 * 补给区划分 wizard (docs/ux.md "Wizards"): sources → methods and parameters → run and compare →
 * combine. Lives in a drawer over the layer panel so the map stays in view; results show on the map
 * as an overlay per method, and the engine writes them as project layers.
 */
export function RechargeWizard({ open, onClose, layers, crs, controller, onError, onLayersChanged }: Props) {
  const { t } = useTranslation();
  const { client, dataUrl } = useConnection();
  const { message } = AntApp.useApp();
  const [step, setStep] = useState(0);
  const [config, setConfig] = useState<WizardConfig>(EMPTY);
  const [notes, setNotes] = useState<ParamNotes>({});
  const [result, setResult] = useState<RechargeResult | null>(null);
  const [running, setRunning] = useState(false);
  const [progress, setProgress] = useState({ percent: 0, message: '' });
  const [jobId, setJobId] = useState<string | null>(null);
  const [shown, setShown] = useState<RechargeMethod[]>([]);
  const [drawing, setDrawing] = useState(false);
  const [choices, setChoices] = useState<Choice[]>([]);
  const [rationale, setRationale] = useState('');
  const [combined, setCombined] = useState<string | null>(null);
  const overlay = useRef<ZoneOverlay | null>(null);
  const initialised = useRef(false);
  // Autosave (workflow.saveState): the step, the inputs so far, the choices and the rationale, from
  // the moment the wizard has its first state (so the empty defaults never overwrite saved progress).
  const [ready, setReady] = useState(false);
  const draft = useRef<WorkflowState | null>(null);
  const { restored } = useWorkflowAutosave(
    'recharge',
    ready ? { step, inputs: { config, choices, rationale } } : null,
    (saved) => {
      draft.current = saved;
    },
  );

  const patch = useCallback((p: Partial<WizardConfig>) => setConfig((c) => ({ ...c, ...p })), []);

  const loadSources = useCallback(
    async (layerId: number) => {
      try {
        const { sources } = await client.api.recharge.readSources({ layerId });
        patch({ sourceLayerId: layerId, sources: sources.map(rowFromDraft) });
      } catch (err) {
        onError(err);
      }
    },
    [client, onError, patch],
  );

  // First opening: the defaults, the saved state (or guesses from the layer names).
  useEffect(() => {
    if (!open || initialised.current || layers.length === 0 || !restored) return;
    initialised.current = true;
    void (async () => {
      try {
        const defaults = await client.api.recharge.defaults({});
        setNotes(defaults.notes as ParamNotes);
        const { state } = await client.api.recharge.workflow({});
        const saved = state?.request as (RechargeRequestInput & { parameters: WizardConfig['parameters'] }) | null | undefined;
        const progress = draft.current;
        // the autosaved progress unless a run has been saved since (a CLI run, another window)
        if (progress && (!state || progress.updatedAt >= state.updatedAt)) {
          const inputs = progress.inputs as { config?: Partial<WizardConfig>; choices?: Choice[]; rationale?: string };
          setConfig({ ...EMPTY, parameters: defaults.parameters, ...inputs.config });
          setChoices(inputs.choices ?? []);
          setRationale(inputs.rationale ?? '');
          setStep(Math.max(0, Math.min(3, progress.step)));
          message.info(t('recharge.progressRestored'));
        } else if (saved) {
          setConfig({
            ...EMPTY,
            sourceLayerId: saved.sourceLayerId ?? null,
            sources: saved.sources.map(rowFromSaved),
            methods: saved.methods,
            parameters: saved.parameters ?? defaults.parameters,
            demLayerId: saved.dem?.demLayerId ?? null,
            headLayerId: saved.headLayerId ?? null,
            boundaryLayerId: saved.boundary?.layerId ?? null,
            drawn: saved.boundary?.polygon ?? null,
            segmentTypes: saved.boundary?.segmentTypes ?? ['divide'],
            boundaryReason: saved.boundary?.reason ?? '',
            clipLayerId: saved.clip?.layerId ?? null,
            clipWithDrawn: Boolean(saved.clip?.polygon),
            screenLayerIds: saved.screenLayerIds ?? [],
          });
          setRationale(state?.rationale ?? '');
          message.info(t('recharge.restored'));
        } else {
          const guess = guessConfig(layers);
          setConfig((c) => ({ ...c, ...guess, parameters: defaults.parameters }));
          if (guess.sourceLayerId) await loadSources(guess.sourceLayerId);
        }
      } catch (err) {
        onError(err);
      } finally {
        setReady(true);
      }
    })();
  }, [open, layers, client, loadSources, message, onError, t, restored]);

  // The map overlay lives while the wizard is open.
  useEffect(() => {
    if (!open || !crs) return;
    const o = new ZoneOverlay(controller.olMap, crs, (m) => (m in METHOD_LABELS ? bi(METHOD_LABELS[m as RechargeMethod]) : m));
    overlay.current = o;
    return () => {
      o.dispose();
      overlay.current = null;
    };
  }, [open, crs, controller]);
  useEffect(() => {
    overlay.current?.setDrawn(config.drawn);
  }, [config.drawn, open, crs]);
  useEffect(() => {
    if (!result || !overlay.current) return;
    const urls = shown.map((m) => methodLayer(result, m)).filter((l): l is LayerInfo => Boolean(l)).map((l) => dataUrl(l.dataUrl));
    overlay.current.show(urls).catch(onError);
  }, [result, shown, dataUrl, onError]);

  const draw = useCallback(() => {
    if (!overlay.current) return;
    setDrawing(true);
    void overlay.current.drawPolygon().then((ring) => {
      setDrawing(false);
      if (ring) patch({ drawn: ring });
    });
  }, [patch]);

  const run = useCallback(async () => {
    if (config.sources.length === 0) {
      message.warning(t('recharge.needSources'));
      setStep(0);
      return;
    }
    setStep(2);
    setRunning(true);
    setProgress({ percent: 0, message: '' });
    setCombined(null);
    try {
      const { result: r } = await client.runJob('recharge.delineate', toRequest(config), (e) => {
        setJobId(e.jobId);
        setProgress({ percent: e.percent, message: currentLang() === 'en' ? e.message_en : e.message_zh });
      });
      setResult(r);
      const ran = config.methods.filter((m) => r.zones.some((z) => z.method === m));
      setShown(ran);
      setChoices(defaultChoices(r));
      onLayersChanged();
      message.success(t('recharge.done', { n: r.layers.length }));
      // the zones are small beside a city: look at the first source
      setTimeout(() => overlay.current?.zoomTo(r.zones[0]?.source), 300);
    } catch (err) {
      onError(err);
    } finally {
      setRunning(false);
      setJobId(null);
    }
  }, [client, config, message, onError, onLayersChanged, t]);

  const cancel = useCallback(() => {
    if (jobId) client.api.jobs.cancel({ jobId }).catch(onError);
  }, [client, jobId, onError]);

  const combine = useCallback(async () => {
    if (!result) return;
    setRunning(true);
    try {
      const { result: c } = await client.runJob('recharge.combine', { runId: result.runId, choices, rationale });
      setCombined(t('recharge.combined', { layers: c.layers.map((l) => `「${l.name}」`).join('') }));
      // the map now shows the final zones
      const finalLayer = c.layers.find((l) => l.kind === 'vector');
      if (finalLayer) {
        setShown([]);
        void overlay.current?.show([dataUrl(finalLayer.dataUrl)]).then(() => overlay.current?.zoomTo(choices[0]?.source), onError);
      }
      onLayersChanged();
    } catch (err) {
      onError(err);
    } finally {
      setRunning(false);
    }
  }, [client, result, choices, rationale, dataUrl, onError, onLayersChanged, t]);

  // Keyboard: Ctrl+Enter runs the step's action, Alt+←/→ moves between steps.
  const keys = useRef({ step, run, combine });
  keys.current = { step, run, combine };
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey && e.key === 'ArrowRight') setStep((s) => Math.min(3, s + 1));
      else if (e.altKey && e.key === 'ArrowLeft') setStep((s) => Math.max(0, s - 1));
      else if (e.ctrlKey && e.key === 'Enter') {
        e.preventDefault();
        if (keys.current.step === 3) void keys.current.combine();
        else void keys.current.run();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open]);

  const stepItems = useMemo(
    () => [
      { title: t('recharge.steps.sources'), status: config.sources.length > 0 ? ('finish' as const) : ('process' as const) },
      { title: t('recharge.steps.methods') },
      { title: t('recharge.steps.results'), status: result ? ('finish' as const) : undefined },
      { title: t('recharge.steps.combine'), status: combined ? ('finish' as const) : undefined },
    ],
    [t, config.sources.length, result, combined],
  );

  return (
    <Drawer
      open={open}
      onClose={onClose}
      placement="left"
      mask={false}
      size={720}
      title={t('recharge.title')}
      data-testid="recharge-wizard"
      rootClassName="gwz-rc-drawer"
      keyboard={!drawing}
      footer={
        <Space style={{ width: '100%', justifyContent: 'space-between' }}>
          <Typography.Text type="secondary">{t('recharge.shortcuts')}</Typography.Text>
          <Space>
            <Button disabled={step === 0} onClick={() => setStep(step - 1)} data-testid="rc-prev">
              {t('recharge.prev')}
            </Button>
            <Button type="primary" disabled={step === 3} onClick={() => setStep(step + 1)} data-testid="rc-next">
              {t('recharge.next')}
            </Button>
          </Space>
        </Space>
      }
    >
      <Steps size="small" current={step} onChange={setStep} items={stepItems} className="gwz-rc-steps" />
      <div className="gwz-rc-body">
        {step === 0 && (
          <SourcesStep
            layers={layers}
            sourceLayerId={config.sourceLayerId}
            onSourceLayer={(id) => void loadSources(id)}
            sources={config.sources}
            parameters={config.parameters}
            onChange={(sources) => patch({ sources })}
            onLocate={(s) => overlay.current?.centerOn(s.x, s.y, 4000)}
          />
        )}
        {step === 1 && <MethodsStep layers={layers} config={config} notes={notes} drawing={drawing} onChange={patch} onDraw={draw} />}
        {step === 2 && (
          <ResultsStep
            result={result}
            running={running}
            percent={progress.percent}
            message={progress.message}
            shown={shown}
            onShown={setShown}
            onRun={() => void run()}
            onCancel={cancel}
            onZoom={(s) => overlay.current?.zoomTo(s)}
          />
        )}
        {step === 3 && (
          <CombineStep
            result={result}
            choices={choices}
            rationale={rationale}
            running={running}
            done={combined}
            onChoices={setChoices}
            onRationale={setRationale}
            onRun={() => void combine()}
          />
        )}
      </div>
    </Drawer>
  );
}
