import { CheckCircleOutlined } from '@ant-design/icons';
import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ProjectInfo } from '../../shared/api/project';

/**
 * The recovery prompt after a crash (ProjectInfo.uncleanShutdown): what happened, what was kept,
 * what was rolled back, and the integrity check — project.open runs integrity_check on the whole
 * file and refuses a damaged one, so a project that opened has passed it.
 */
export function RecoveryNotice({ info }: { info: ProjectInfo }) {
  const { t } = useTranslation();
  const crash = info.uncleanShutdown;
  if (!crash) return null;
  return (
    <div data-testid="recovery-notice">
      <Typography.Paragraph>
        {t('message.recoveredWhat', { title: info.title || info.path, pid: crash.pid, host: crash.host, since: crash.since })}
      </Typography.Paragraph>
      <ul className="gwz-warnings">
        <li>{t('message.recoveredKept', { n: info.layerCount })}</li>
        <li>{t('message.recoveredLost')}</li>
        <li data-testid="recovery-check">
          <CheckCircleOutlined style={{ color: '#389e0d', marginRight: 4 }} />
          {t('message.recoveredCheck')}
        </li>
      </ul>
    </div>
  );
}
