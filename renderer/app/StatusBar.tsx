import { DisconnectOutlined } from '@ant-design/icons';
import { Button, Progress, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { contract, isMethodName } from '../../shared/api/contract';
import type { ProjectInfo } from '../../shared/api/project';
import type { LinkState } from '../api/http-transport';
import { currentLang } from '../i18n';
import { useState } from 'react';
import { Input } from 'antd';
import { formatLonLat, formatLonLatDms, formatScale, formatXY, parseScale } from '../map/format';
import { useMapStatus, type MapStatusStore } from '../map/map-status';
import { crsName } from './labels';
import type { JobView } from './use-jobs';

interface StatusBarProps {
  store: MapStatusStore;
  project: ProjectInfo | null;
  jobs: JobView[];
  link: LinkState;
  onCancel(jobId: string): void;
  /** A typed scale (1:25000) to zoom to. */
  onScale?(denominator: number): void;
}

/** Job kinds are contract method names; their summaries are the human name ("导入矢量数据"). */
function jobTitle(kind: string, lang: 'zh-CN' | 'en'): string {
  if (!isMethodName(kind)) return kind;
  return lang === 'en' ? contract[kind].summary_en : contract[kind].summary_zh;
}

function JobStatus({ job, onCancel }: { job: JobView; onCancel(jobId: string): void }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const title = jobTitle(job.kind, lang);
  const progress = lang === 'en' ? job.message_en : job.message_zh;
  // While running, what it is doing now; once finished, what it was.
  const message = job.status === 'running' && progress && progress !== job.kind ? `${title} · ${progress}` : title;
  const status = {
    running: 'active',
    succeeded: 'success',
    failed: 'exception',
    cancelled: 'normal',
  } as const;
  const statusLabel = {
    running: t('status.jobRunning'),
    succeeded: t('status.jobSucceeded'),
    failed: t('status.jobFailed'),
    cancelled: t('status.jobCancelled'),
  };
  return (
    <div className="gwz-job" data-testid="job-progress" data-status={job.status} data-job-id={job.jobId}>
      <span className="gwz-status-label">{t('status.job')}:</span>
      <Tooltip title={message}>
        <span className="gwz-job-message">{message}</span>
      </Tooltip>
      <Progress
        className="gwz-job-bar"
        percent={Math.round(job.percent)}
        size="small"
        status={status[job.status]}
        format={(p) => (job.status === 'running' ? `${p}%` : statusLabel[job.status])}
      />
      {job.status === 'running' && (
        <Button size="small" onClick={() => onCancel(job.jobId)} data-testid="job-cancel">
          {t('status.cancel')}
        </Button>
      )}
    </div>
  );
}

/** 状态栏: cursor in the map CRS and in lon/lat, scale, and the job that matters most right now. */
export function StatusBar({ store, project, jobs, link, onCancel, onScale }: StatusBarProps) {
  const [dms, setDms] = useState(false);
  const [typing, setTyping] = useState<string | null>(null);
  const { t } = useTranslation();
  const status = useMapStatus(store);
  const lang = currentLang();
  const hemispheres = { north: t('status.north'), south: t('status.south'), east: t('status.east'), west: t('status.west') };
  const job = jobs[0];
  return (
    <footer className="gwz-statusbar">
      <span className="gwz-status-cell gwz-status-project">
        {project ? (
          <span title={project.path}>
            {project.title || project.path}
            {project.readOnly ? ` (${t('status.readOnly')})` : ''}
          </span>
        ) : (
          <span className="gwz-muted">{t('status.noProject')}</span>
        )}
      </span>
      <span className="gwz-status-cell gwz-status-coords">
        <span data-testid="status-xy" className="gwz-mono">
          {status.cursor ? formatXY(status.cursor[0], status.cursor[1], status.geographic) : '—'}
        </span>
        <span className="gwz-muted" data-testid="status-crs">
          ({crsName(status.crs, lang, project?.crsName)})
        </span>
      </span>
      <span className="gwz-status-cell">
        <span data-testid="status-lonlat" className="gwz-mono">
          {status.lonLat
            ? dms
              ? formatLonLatDms(status.lonLat[0], status.lonLat[1], hemispheres)
              : formatLonLat(status.lonLat[0], status.lonLat[1], hemispheres)
            : t('status.cursorHint')}
        </span>
        <Button size="small" type="link" onClick={() => setDms(!dms)} title={t('maptools.coordFormat')} data-testid="lonlat-format">
          {dms ? t('maptools.decimal') : t('maptools.dms')}
        </Button>
      </span>
      <span className="gwz-status-cell">
        <span className="gwz-status-label">{t('status.scale')}</span>
        {typing !== null ? (
          <Input
            size="small"
            autoFocus
            className="gwz-scale-input"
            value={typing}
            status={parseScale(typing) === null ? 'error' : undefined}
            placeholder={t('maptools.scaleInput')}
            title={t('maptools.scaleInput')}
            data-testid="scale-input"
            onChange={(e) => setTyping(e.target.value)}
            onBlur={() => setTyping(null)}
            onKeyDown={(e) => {
              if (e.key === 'Escape') setTyping(null);
              if (e.key !== 'Enter') return;
              const denominator = parseScale(typing);
              if (denominator === null) return;
              onScale?.(denominator);
              setTyping(null);
            }}
          />
        ) : (
          <span
            data-testid="status-scale"
            className="gwz-mono gwz-scale-text"
            role="button"
            tabIndex={0}
            title={t('maptools.scaleInput')}
            onClick={() => onScale && setTyping(status.scale ? formatScale(status.scale, lang).replace(/[\s\u202f,]/g, '') : '')}
          >
            {status.scale ? formatScale(status.scale, lang) : '—'}
          </span>
        )}
      </span>
      {link === 'closed' && (
        <span className="gwz-status-cell gwz-warning">
          <DisconnectOutlined /> {t('status.disconnected')}
        </span>
      )}
      <span className="gwz-status-spacer" />
      {job && <JobStatus job={job} onCancel={onCancel} />}
    </footer>
  );
}
