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
  /** 输出: a layer to another format, a map layout, the technical report. */
  exportLayer(): void;
  exportLayout(): void;
  exportReport(): void;
  /** All layers, the figure and the report in one folder + ZIP. */
  exportPackage(): void;
  about(): void;
}
