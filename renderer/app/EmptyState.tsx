import { ExperimentOutlined, FileAddOutlined, FolderOpenOutlined, ImportOutlined } from '@ant-design/icons';
import { Button, Space, Typography } from 'antd';
import { Trans, useTranslation } from 'react-i18next';
import type { Actions } from './actions';

/** Floats over the map (which stays visible behind it) and says what to do first. */
export function EmptyState({ actions, kind }: { actions: Actions; kind: 'no-project' | 'no-layers' }) {
  const { t } = useTranslation();
  if (kind === 'no-layers') {
    return (
      <div className="gwz-empty" data-testid="empty-state">
        <Typography.Title level={5}>{t('empty.noLayersTitle')}</Typography.Title>
        <Typography.Paragraph type="secondary">{t('empty.noLayersBody')}</Typography.Paragraph>
        <Button type="primary" icon={<ImportOutlined />} onClick={actions.importVector}>
          {t('empty.importNow')}
        </Button>
      </div>
    );
  }
  return (
    <div className="gwz-empty" data-testid="empty-state">
      <Typography.Title level={4}>{t('empty.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('empty.body')}</Typography.Paragraph>
      <Space>
        <Button type="primary" icon={<FileAddOutlined />} onClick={actions.newProject}>
          {t('empty.newProject')}
        </Button>
        <Button icon={<FolderOpenOutlined />} onClick={actions.openProject}>
          {t('empty.openProject')}
        </Button>
        <Button icon={<ExperimentOutlined />} onClick={actions.openDemo} data-testid="open-demo">
          {t('empty.openDemo')}
        </Button>
      </Space>
      <Typography.Paragraph type="secondary" className="gwz-empty-demo">
        <Trans i18nKey="empty.demo" components={{ code: <Typography.Text code /> }} />
      </Typography.Paragraph>
    </div>
  );
}
