import type { ButtonProps } from 'antd';

/** antd's okButtonProps has no data-* in its type, though the DOM button receives them. */
export function buttonTestId(id: string): ButtonProps {
  const props: Record<string, string> = { 'data-testid': id };
  return props as ButtonProps;
}
