import { Input, Modal, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * Asks the reason (调整原因) for one boundary change. Pre-filled with the last reason of the session,
 * so a run of edits for one cause costs one Enter each; an empty reason cannot be confirmed.
 */
export function ReasonDialog({
  open,
  initial,
  onOk,
  onCancel,
}: {
  open: boolean;
  initial: string;
  onOk(reason: string): void;
  onCancel(): void;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState(initial);
  const input = useRef<HTMLTextAreaElement | null>(null);
  useEffect(() => {
    if (open) setText(initial);
  }, [open, initial]);
  const ok = (): void => {
    if (text.trim().length > 0) onOk(text.trim());
  };
  return (
    <Modal
      open={open}
      title={t('editing.reasonTitle')}
      okText={t('editing.ok')}
      cancelText={t('editing.cancel')}
      okButtonProps={{ disabled: text.trim().length === 0, 'data-testid': 'reason-ok' } as never}
      onOk={ok}
      onCancel={onCancel}
      afterOpenChange={(visible) => {
        if (visible) input.current?.focus();
      }}
      destroyOnHidden
      data-testid="reason-dialog"
    >
      <Typography.Paragraph>{t('editing.reasonPrompt')}</Typography.Paragraph>
      <Input.TextArea
        ref={(el) => {
          input.current = el?.resizableTextArea?.textArea ?? null;
        }}
        data-testid="reason-input"
        value={text}
        autoSize={{ minRows: 2, maxRows: 5 }}
        placeholder={t('editing.reasonPlaceholder')}
        onChange={(e) => setText(e.target.value)}
        onPressEnter={(e) => {
          if (!e.shiftKey) {
            e.preventDefault();
            ok();
          }
        }}
      />
      {text.trim().length === 0 && <Typography.Text type="danger">{t('editing.reasonRequired')}</Typography.Text>}
    </Modal>
  );
}
