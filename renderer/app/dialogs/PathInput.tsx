import { Button, Input, Space } from 'antd';
import { useTranslation } from 'react-i18next';

interface PathInputProps {
  value?: string;
  onChange?: (value: string) => void;
  placeholder?: string;
  /** Native file dialog, Electron only; without it the user types a path. */
  browse?: (() => Promise<string | null>) | null;
  testId?: string;
}

/** A path field; in the desktop app a 浏览… button fills it from the native dialog. */
export function PathInput({ value, onChange, placeholder, browse, testId }: PathInputProps) {
  const { t } = useTranslation();
  const input = (
    <Input
      value={value}
      onChange={(e) => onChange?.(e.target.value)}
      placeholder={placeholder}
      data-testid={testId}
      autoComplete="off"
      spellCheck={false}
    />
  );
  if (!browse) return input;
  return (
    <Space.Compact style={{ width: '100%' }}>
      {input}
      <Button
        onClick={() => {
          void browse().then((path) => path && onChange?.(path));
        }}
      >
        {t('dialog.browse')}
      </Button>
    </Space.Compact>
  );
}
