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
  /** Show the key-zone wizard (工作流 tab). */
  keyZones?(): void;
  /** The attribute table of the selected layer (F6). */
  openAttributes(): void;
  /** The identify tool: click the map to see what every visible layer holds there. */
  toggleIdentify(): void;
  /** 输出: a layer to another format, a map layout, the technical report. */
  exportLayer(): void;
  exportLayout(): void;
  exportReport(): void;
  /** All layers, the figure and the report in one folder + ZIP. */
  exportPackage(): void;
  /** The protection-zone / recharge-area wizard (补给区划分). */
  openRecharge(): void;
  about(): void;
  /** Boundary editing mode on the map (renderer/app/editing), on or off. */
  toggleEditing(): void;
  /** Undo / redo the latest boundary edit (Ctrl+Z / Ctrl+Y in the editing mode). */
  undo(): void;
  redo(): void;
  /** Save all unsaved work (an edit session, a cell being edited, wizard progress): renderer/app/unsaved.ts. */
  saveAll(): void;
  /** Open a project of the recent list (after asking about unsaved work). */
  openRecent(path: string): void;
  clearRecent(): void;
  /** Map navigation tools (renderer/app/map-tools): measure, previous/next extent, zoom to selection, basemap. */
  measureLine?(): void;
  measureArea?(): void;
  previousExtent?(): void;
  nextExtent?(): void;
  zoomSelection?(): void;
  basemap?(): void;
}
