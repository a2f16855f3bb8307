import { AutoComplete, Checkbox, Form, Input, Modal, Select, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Client } from '../../../shared/api/client';
import type { CalcResult, FieldInfo, NewFieldType } from '../../../shared/api/features';
import { FUNCTIONS } from '../../../shared/expr/parse';

interface Props {
  open: boolean;
  client: Client;
  layerId: number;
  fields: FieldInfo[];
  /** The table's current filter: offered as "only the filtered rows". */
  filter: string;
  onClose(): void;
  onDone(result: CalcResult): void;
  onError(err: unknown): void;
}

/** The field calculator: a new or existing field, an expression over the other fields, one undoable step. */
export function FieldCalcDialog({ open, client, layerId, fields, filter, onClose, onDone, onError }: Props) {
  const { t } = useTranslation();
  const [field, setField] = useState('');
  const [expression, setExpression] = useState('');
  const [type, setType] = useState<NewFieldType | 'auto'>('auto');
  const [onlyFiltered, setOnlyFiltered] = useState(false);
  const [running, setRunning] = useState(false);

  useEffect(() => {
    if (open) {
      setOnlyFiltered(Boolean(filter.trim()));
      setRunning(false);
    }
  }, [open, filter]);

  const existing = fields.find((f) => f.name === field);
  const submit = () => {
    if (!field.trim() || !expression.trim()) return;
    setRunning(true);
    client
      .runJob('features.calc', {
        layerId,
        field: field.trim(),
        expression,
        ...(onlyFiltered && filter.trim() ? { filter } : {}),
        ...(type !== 'auto' && !existing ? { type } : {}),
      })
      .then(({ result }) => onDone(result), onError)
      .finally(() => setRunning(false));
  };

  return (
    <Modal
      open={open}
      title={t('attributes.calcTitle')}
      onCancel={onClose}
      onOk={submit}
      okText={t('attributes.calcRun')}
      // data-* attributes pass through to the button; spread, since ButtonProps does not declare them
      okButtonProps={{ loading: running, disabled: !field.trim() || !expression.trim(), ...{ 'data-testid': 'calc-run' } }}
      width={560}
      destroyOnHidden
    >
      <Form layout="vertical" size="small">
        <Form.Item label={t('attributes.calcField')} help={existing ? t('attributes.calcExisting', { type: existing.type || existing.kind }) : t('attributes.calcNew')}>
          <AutoComplete
            data-testid="calc-field"
            value={field}
            onChange={setField}
            options={fields.map((f) => ({ value: f.name }))}
            placeholder={t('attributes.calcFieldPlaceholder')}
          />
        </Form.Item>
        {!existing && (
          <Form.Item label={t('attributes.calcType')}>
            <Select
              value={type}
              onChange={setType}
              options={[
                { value: 'auto', label: t('attributes.typeAuto') },
                { value: 'real', label: t('attributes.typeReal') },
                { value: 'integer', label: t('attributes.typeInteger') },
                { value: 'text', label: t('attributes.typeText') },
              ]}
            />
          </Form.Item>
        )}
        <Form.Item label={t('attributes.calcExpression')} extra={<Typography.Text type="secondary">{t('attributes.calcHelp', { fns: Object.keys(FUNCTIONS).join(', ') })}</Typography.Text>}>
          <Input.TextArea
            data-testid="calc-expression"
            rows={3}
            value={expression}
            onChange={(e) => setExpression(e.target.value)}
            placeholder={t('attributes.calcExpressionPlaceholder')}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) submit();
            }}
          />
        </Form.Item>
        <div className="gwz-calc-fields">
          {fields.map((f) => (
            <Typography.Link key={f.name} onClick={() => setExpression((x) => `${x}"${f.name}"`)}>
              "{f.name}"
            </Typography.Link>
          ))}
        </div>
        {filter.trim() && (
          <Checkbox checked={onlyFiltered} onChange={(e) => setOnlyFiltered(e.target.checked)}>
            {t('attributes.calcOnlyFiltered', { filter })}
          </Checkbox>
        )}
      </Form>
    </Modal>
  );
}
