import { useEffect, useRef } from 'react';
import { unsavedWork, type UnsavedSource } from './unsaved';

/**
 * Registers a component's unsaved work for as long as it is mounted. The source is read through a
 * ref, so it always sees the latest state without registering again on every render.
 */
export function useUnsavedSource(source: UnsavedSource): void {
  const ref = useRef(source);
  ref.current = source;
  useEffect(
    () =>
      unsavedWork.register({
        describe: () => ref.current.describe(),
        save: () => ref.current.save(),
        discard: () => ref.current.discard(),
      }),
    [],
  );
}
