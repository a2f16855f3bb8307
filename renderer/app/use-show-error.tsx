import { App as AntApp } from 'antd';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText, type ErrorText } from '../i18n/error-text';
import { currentLang } from '../i18n';

function ErrorBody({ text, detailsLabel, codeLabel }: { text: ErrorText; detailsLabel: string; codeLabel: string }) {
  return (
    <div className="gwz-error" data-testid="error-message">
      <div>{text.message}</div>
      {(text.details || text.code) && (
        <details className="gwz-error-details">
          <summary>{detailsLabel}</summary>
          {text.code && (
            <div>
              {codeLabel}: <code>{text.code}</code>
            </div>
          )}
          {text.details && <pre>{text.details}</pre>}
        </details>
      )}
    </div>
  );
}

/** Errors in the user's language with the details one click away (docs/ux.md), never a bare stack. */
export function useShowError(): (err: unknown) => void {
  const { notification } = AntApp.useApp();
  const { t } = useTranslation();
  return useCallback(
    (err: unknown) => {
      const text = errorText(err, currentLang(), (message) => t('error.unexpected', { message }));
      notification.error({
        title: t('error.title'),
        description: <ErrorBody text={text} detailsLabel={t('error.details')} codeLabel={t('error.code')} />,
        duration: 10,
        placement: 'bottomRight',
      });
    },
    [notification, t],
  );
}
