import type { BoreholeTableKind } from '../../shared/api/boreholes';

/** What menus, toolbar and empty states can ask the workbench to do. */
export interface Actions {
  newProject(): void;
  openProject(): void;
  /** Build (or rebuild) the Fuzhou demo project and open it. */
  openDemo(): void;
  closeProject(): void;
  checkProject(): void;
  importVector(): void;
  /** Borehole / monitoring tables (collars, lithology, levels, tests, water quality). */
  importBoreholes(kind: BoreholeTableKind): void;
  zoomFull(): void;
  /** The processing panel: every analysis operation with its schema-built form. */
  processing(): void;
  about(): void;
}
