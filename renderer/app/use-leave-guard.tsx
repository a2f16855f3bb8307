import { App as AntApp, Button, Space, Typography } from 'antd';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { guardLeave, unsavedWork, type LeaveChoice } from './unsaved';

/**
 * The in-page prompt before closing or switching projects (New Project, Open, a recent project, the
 * demo): 保存 / 不保存 / 取消 over everything unsaved. Resolves true when the caller may go on. A save
 * that fails shows its error and keeps the user where they are.
 */
export function useLeaveGuard(onError: (err: unknown) => void): () => Promise<boolean> {
  const { modal } = AntApp.useApp();
  const { t } = useTranslation();
  const ask = useCallback(
    (lines: string[]) =>
      new Promise<LeaveChoice>((resolve) => {
        let answered = false;
        const answer = (choice: LeaveChoice) => {
          if (answered) return;
          answered = true;
          dialog.destroy();
          resolve(choice);
        };
        const dialog = modal.confirm({
          title: t('unsaved.title'),
          width: 480,
          content: (
            <div data-testid="unsaved-prompt">
              <Typography.Paragraph style={{ marginBottom: 4 }}>{t('unsaved.intro')}</Typography.Paragraph>
              <ul className="gwz-warnings">
                {lines.map((line, i) => (
                  <li key={i}>{line}</li>
                ))}
              </ul>
              <Typography.Text type="secondary">{t('unsaved.discardNote')}</Typography.Text>
            </div>
          ),
          onCancel: () => answer('cancel'),
          footer: (
            <Space style={{ marginTop: 12, width: '100%', justifyContent: 'flex-end' }}>
              <Button danger onClick={() => answer('discard')} data-testid="unsaved-discard">
                {t('unsaved.discard')}
              </Button>
              <Button onClick={() => answer('cancel')} data-testid="unsaved-cancel">
                {t('unsaved.cancel')}
              </Button>
              <Button type="primary" onClick={() => answer('save')} data-testid="unsaved-save">
                {t('unsaved.save')}
              </Button>
            </Space>
          ),
        });
      }),
    [modal, t],
  );
  return useCallback(async () => {
    try {
      return await guardLeave(unsavedWork, ask);
    } catch (err) {
      onError(err);
      return false;
    }
  }, [ask, onError]);
}
