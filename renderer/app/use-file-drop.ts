import { useEffect, useState } from 'react';

/** What is dropped: every file of the drop (a shapefile comes with its .shx, .dbf, .prj…). */
export type DropHandler = (files: File[]) => void;

/**
 * Files dragged from Explorer onto the window: highlights the window while they hover, hands every
 * dropped file over, and keeps the browser from opening the file itself (it would leave the app).
 * Answers whether files are hovering, for the overlay.
 */
export function useFileDrop(onDrop: DropHandler, enabled: boolean): boolean {
  const [hovering, setHovering] = useState(false);
  useEffect(() => {
    let depth = 0; // dragenter/leave fire for every child element crossed
    const hasFiles = (e: DragEvent) => [...(e.dataTransfer?.types ?? [])].includes('Files');
    const enter = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth++;
      setHovering(true);
    };
    const over = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = enabled ? 'copy' : 'none';
    };
    const leave = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setHovering(false);
    };
    const drop = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth = 0;
      setHovering(false);
      const files = [...(e.dataTransfer?.files ?? [])];
      if (enabled && files.length > 0) onDrop(files);
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragover', over);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  }, [onDrop, enabled]);
  return hovering;
}

const SIDECARS = /\.(shx|dbf|prj|cpg|qpj|sbn|sbx|xml|aux)$/i;

/** Of a drop's files, the ones to import: a shapefile's sidecars travel with its .shp, not on their own. */
export function importableFiles(paths: string[]): string[] {
  return paths.filter((p) => !SIDECARS.test(p));
}
